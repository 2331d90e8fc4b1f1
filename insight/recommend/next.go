package recommend

import (
	"fmt"
	"math"
	"sort"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
)

// NextOptions tunes NextOrder; zero fields take the defaults.
type NextOptions struct {
	// MinOrders is the fewest order days needed to predict (default 3):
	// two give one interval, which is no pattern.
	MinOrders int
	// Recent is how many of the latest order days the likely contents are
	// read from (default 10): buying habits drift.
	Recent int
	// MinShare is the share of those orders a product must appear in to be
	// likely (default 0.5: at least half of them).
	MinShare float64
	// MaxProducts caps the likely contents (default 10).
	MaxProducts int
}

// Prediction is when an account's next order is expected and what it will
// likely hold, as of a day. Enough is false, with Note saying why, when
// there are fewer than MinOrders order days; the dates are then zero.
type Prediction struct {
	AsOf      kam.Date `json:"as_of"`
	Orders    int      `json:"orders"`
	Enough    bool     `json:"enough_history"`
	Note      string   `json:"note,omitempty"`
	LastOrder kam.Date `json:"last_order"`
	// Interval is the median number of days between consecutive order
	// days, Spread the median distance of those gaps from it.
	Interval float64 `json:"interval_days"`
	Spread   float64 `json:"spread_days"`
	// Expected is LastOrder + Interval; Earliest and Latest that ± Spread
	// (never before the day after LastOrder). Date is the prediction:
	// Expected, or the day after AsOf when no order came by AsOf; Overdue
	// is then the days from Expected to AsOf, and the range runs from Date
	// for the same width.
	Expected kam.Date `json:"expected"`
	Earliest kam.Date `json:"earliest"`
	Latest   kam.Date `json:"latest"`
	Date     kam.Date `json:"date"`
	Overdue  int      `json:"overdue_days"`
	Reason   string   `json:"reason"`
	// Contents are the products in at least MinShare of the Recent latest
	// order days, most frequent first.
	Contents []Likely `json:"contents"`
}

// Likely is a product likely on the next order: it was on In of the Of
// latest order days (Share), last on LastBought.
type Likely struct {
	Product    string   `json:"product"`
	Name       string   `json:"name"`
	In         int      `json:"in"`
	Of         int      `json:"of"`
	Share      float64  `json:"share"`
	LastBought kam.Date `json:"last_bought"`
	Reason     string   `json:"reason"`
}

// NextOrder predicts an account's next order from its orders (as Orders
// gives them) as of a day. Orders after asOf, or undated, are ignored;
// several orders on a day count as one order day.
func NextOrder(orders []Order, asOf kam.Date, cat Catalog, opt NextOptions) Prediction {
	if opt.MinOrders < 2 {
		opt.MinOrders = 3
	}
	if opt.Recent < 1 {
		opt.Recent = 10
	}
	if opt.MinShare <= 0 {
		opt.MinShare = 0.5
	}
	if opt.MaxProducts < 1 {
		opt.MaxProducts = 10
	}
	days := orderDays(orders, asOf)
	p := Prediction{AsOf: asOf, Orders: len(days)}
	if len(days) > 0 {
		p.LastOrder = days[len(days)-1].date
	}
	if len(days) < opt.MinOrders {
		p.Note = fmt.Sprintf("not enough history: %d order days to %s, %d needed", len(days), asOf, opt.MinOrders)
		return p
	}
	p.Enough = true
	gaps := make([]float64, len(days)-1)
	for i := 1; i < len(days); i++ {
		gaps[i-1] = float64(days[i-1].date.DaysUntil(days[i].date))
	}
	p.Interval = insight.Median(gaps)
	dev := make([]float64, len(gaps))
	for i, g := range gaps {
		dev[i] = math.Abs(g - p.Interval)
	}
	p.Spread = insight.Median(dev)
	p.Expected = p.LastOrder.AddDays(roundDays(p.Interval))
	p.Earliest = p.LastOrder.AddDays(max(1, roundDays(p.Interval-p.Spread)))
	p.Latest = p.LastOrder.AddDays(roundDays(p.Interval + p.Spread))
	p.Date = p.Expected
	p.Reason = fmt.Sprintf("orders every %s days (median of %d gaps, typically ±%s); last order %s, so next expected %s",
		days1(p.Interval), len(gaps), days1(p.Spread), p.LastOrder, p.Expected)
	if p.Spread > 0 {
		p.Reason += fmt.Sprintf(", between %s and %s", p.Earliest, p.Latest)
	}
	if next := asOf.AddDays(1); p.Expected.Before(next) {
		p.Date = next
		p.Overdue = p.Expected.DaysUntil(asOf)
		p.Earliest, p.Latest = next, next.AddDays(p.Earliest.DaysUntil(p.Latest))
		if p.Overdue == 0 {
			p.Reason += fmt.Sprintf("; not in by %s, so expected from %s", asOf, next)
		} else {
			p.Reason += fmt.Sprintf("; %d days overdue, so expected from %s", p.Overdue, next)
		}
	}
	p.Contents = likely(days[max(0, len(days)-opt.Recent):], cat, opt)
	return p
}

type orderDay struct {
	date     kam.Date
	products []string
}

// orderDays merges orders into distinct days on or before asOf, oldest
// first, each with its distinct products.
func orderDays(orders []Order, asOf kam.Date) []orderDay {
	byDay := map[kam.Date]map[string]bool{}
	var dates []kam.Date
	for _, o := range orders {
		if o.Date.IsZero() || asOf.Before(o.Date) {
			continue
		}
		d := kam.DateOf(o.Date.Time())
		if byDay[d] == nil {
			byDay[d] = map[string]bool{}
			dates = append(dates, d)
		}
		for _, p := range o.Products {
			if p != "" {
				byDay[d][p] = true
			}
		}
	}
	sort.Slice(dates, func(i, j int) bool { return dates[i].Before(dates[j]) })
	out := make([]orderDay, len(dates))
	for i, d := range dates {
		out[i].date = d
		for p := range byDay[d] {
			out[i].products = append(out[i].products, p)
		}
	}
	return out
}

// likely ranks the products of recent order days by how many contain them.
func likely(recent []orderDay, cat Catalog, opt NextOptions) []Likely {
	count := map[string]int{}
	last := map[string]kam.Date{}
	for _, d := range recent {
		for _, p := range d.products {
			count[p]++
			last[p] = d.date
		}
	}
	var out []Likely
	for p, n := range count {
		share := ratio(n, len(recent))
		if share < opt.MinShare {
			continue
		}
		out = append(out, Likely{Product: p, Name: cat.name(p), In: n, Of: len(recent), Share: share,
			LastBought: last[p], Reason: fmt.Sprintf("on %d of its last %d orders", n, len(recent))})
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.In != b.In {
			return a.In > b.In
		}
		if !a.LastBought.Time().Equal(b.LastBought.Time()) {
			return b.LastBought.Before(a.LastBought)
		}
		return a.Product < b.Product
	})
	if len(out) > opt.MaxProducts {
		out = out[:opt.MaxProducts]
	}
	return out
}

// roundDays rounds a number of days half up.
func roundDays(d float64) int { return int(math.Floor(d + 0.5)) }

// days1 writes a number of days with at most one decimal: 14, 10.5.
func days1(d float64) string {
	if d == math.Trunc(d) {
		return fmt.Sprintf("%.0f", d)
	}
	return fmt.Sprintf("%.1f", d)
}
