// Package insight computes what kam tells account managers about their
// accounts — roll-ups of their buying, and flags when it changes — as pure
// functions of an account's history and an as-of date, so that every figure
// can be recomputed for any day and checked by hand. Nothing here reads the
// database: the store gives the history, and keeps the results.
package insight

import (
	"slices"
	"sort"

	"github.com/kamhq/kam"
)

// Sale is one order or credit note of an account, net: credit notes are
// negative.
type Sale struct {
	Date   kam.Date
	Amount kam.Money
	// Products are the SKUs on the document (optional).
	Products []string
}

// Rollup summarises an account's buying up to an as-of date. Only sales on
// or before AsOf count.
type Rollup struct {
	AsOf kam.Date `json:"as_of"`
	// Revenue12M is net revenue of the 365 days to AsOf; RevenuePrev12M of
	// the 365 days before those.
	Revenue12M     kam.Money `json:"revenue_12m"`
	RevenuePrev12M kam.Money `json:"revenue_prev_12m"`
	// Growth is Revenue12M against RevenuePrev12M (0.25 = +25%); HasGrowth
	// is false when the earlier year had no revenue to compare with.
	Growth    float64 `json:"growth"`
	HasGrowth bool    `json:"has_growth"`
	// Orders12M counts orders (not credit notes) of the 365 days to AsOf.
	Orders12M int `json:"orders_12m"`
	// FirstOrder and LastOrder are the first and latest orders ever to AsOf.
	FirstOrder kam.Date `json:"first_order"`
	LastOrder  kam.Date `json:"last_order"`
	// DaysSinceLast is AsOf minus LastOrder; -1 without orders.
	DaysSinceLast int `json:"days_since_last"`
	// Interval is the median days between consecutive order days and
	// Spread the median absolute deviation around it; both 0 with fewer
	// than three order days (HasInterval false).
	Interval    float64 `json:"interval_days"`
	Spread      float64 `json:"spread_days"`
	HasInterval bool    `json:"has_interval"`
	// Monthly is net revenue per calendar month, the 24 months to AsOf's
	// month, oldest first.
	Monthly []MonthRevenue `json:"monthly"`
	// Products counts the distinct products bought in the 365 days to AsOf.
	Products int `json:"products_12m"`
}

// MonthRevenue is one calendar month's net revenue.
type MonthRevenue struct {
	Year    int       `json:"year"`
	Month   int       `json:"month"`
	Revenue kam.Money `json:"revenue"`
}

// Roll computes the roll-up of sales as of a day.
func Roll(sales []Sale, asOf kam.Date) Rollup {
	r := Rollup{AsOf: asOf, DaysSinceLast: -1}
	yearAgo, twoYearsAgo := asOf.AddDays(-365), asOf.AddDays(-730)
	products := map[string]bool{}
	var orderDays []kam.Date
	months := map[[2]int]kam.Money{}
	for _, s := range sales {
		if asOf.Before(s.Date) {
			continue
		}
		inYear := yearAgo.Before(s.Date)
		switch {
		case inYear:
			r.Revenue12M += s.Amount
			for _, p := range s.Products {
				products[p] = true
			}
		case twoYearsAgo.Before(s.Date):
			r.RevenuePrev12M += s.Amount
		}
		if s.Amount > 0 {
			if inYear {
				r.Orders12M++
			}
			orderDays = append(orderDays, s.Date)
		}
		t := s.Date.Time()
		months[[2]int{t.Year(), int(t.Month())}] += s.Amount
	}
	r.Products = len(products)
	if r.RevenuePrev12M > 0 {
		r.Growth = float64(r.Revenue12M-r.RevenuePrev12M) / float64(r.RevenuePrev12M)
		r.HasGrowth = true
	}
	r.Monthly = lastMonths(months, asOf, 24)
	if len(orderDays) == 0 {
		return r
	}
	sort.Slice(orderDays, func(i, j int) bool { return orderDays[i].Before(orderDays[j]) })
	orderDays = slices.Compact(orderDays)
	r.FirstOrder, r.LastOrder = orderDays[0], orderDays[len(orderDays)-1]
	r.DaysSinceLast = r.LastOrder.DaysUntil(asOf)
	if len(orderDays) >= 3 {
		gaps := make([]float64, len(orderDays)-1)
		for i := 1; i < len(orderDays); i++ {
			gaps[i-1] = float64(orderDays[i-1].DaysUntil(orderDays[i]))
		}
		r.Interval = Median(gaps)
		dev := make([]float64, len(gaps))
		for i, g := range gaps {
			dev[i] = abs(g - r.Interval)
		}
		r.Spread = Median(dev)
		r.HasInterval = true
	}
	return r
}

// lastMonths lists n calendar months to asOf's, oldest first.
func lastMonths(rev map[[2]int]kam.Money, asOf kam.Date, n int) []MonthRevenue {
	t := asOf.Time()
	y, m := t.Year(), int(t.Month())
	out := make([]MonthRevenue, n)
	for i := n - 1; i >= 0; i-- {
		out[i] = MonthRevenue{Year: y, Month: m, Revenue: rev[[2]int{y, m}]}
		if m--; m == 0 {
			y, m = y-1, 12
		}
	}
	return out
}

// Median of xs (which it sorts); 0 for none.
func Median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	sort.Float64s(xs)
	mid := len(xs) / 2
	if len(xs)%2 == 1 {
		return xs[mid]
	}
	return (xs[mid-1] + xs[mid]) / 2
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
