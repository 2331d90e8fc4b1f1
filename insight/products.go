package insight

import (
	"sort"

	"github.com/kamhq/kam"
)

// ProductRoll is what an account bought of one product up to a day.
type ProductRoll struct {
	Product string `json:"sku"`
	Name    string `json:"name"`
	Family  string `json:"family"`
	// First and Last are the first and latest days it was bought.
	First kam.Date `json:"first_bought"`
	Last  kam.Date `json:"last_bought"`
	// Days counts the distinct days it was bought, ever to the as-of day.
	Days int `json:"order_days"`
	// Quantity12M and Revenue12M are net over the 365 days to the as-of day.
	Quantity12M int64     `json:"quantity_12m"`
	Revenue12M  kam.Money `json:"revenue_12m"`
	// AvgPrice12M is Revenue12M per unit (0 without units bought);
	// ListPrice the product's list price (0 when it has none).
	AvgPrice12M kam.Money `json:"avg_price_12m"`
	ListPrice   kam.Money `json:"list_price"`
	// Interval is the median days between the days it was bought; 0 with
	// fewer than three.
	Interval float64 `json:"interval_days"`
}

// PriceToList is the average selling price against list over the last 12
// months (0.9 = 10% below list); ok is false without a list price or units.
func (p ProductRoll) PriceToList() (ratio float64, ok bool) {
	if p.ListPrice <= 0 || p.AvgPrice12M <= 0 {
		return 0, false
	}
	return float64(p.AvgPrice12M) / float64(p.ListPrice), true
}

// RollProducts summarises an account's order lines by product as of a day,
// the most revenue first.
func RollProducts(lines []Line, asOf kam.Date) []ProductRoll {
	yearAgo := asOf.AddDays(-365)
	byProduct := map[string]*ProductRoll{}
	days := map[string][]kam.Date{}
	for _, l := range lines {
		if asOf.Before(l.Date) || l.Product == "" {
			continue
		}
		p := byProduct[l.Product]
		if p == nil {
			p = &ProductRoll{Product: l.Product, Name: l.Name, Family: l.Family, ListPrice: l.ListPrice}
			byProduct[l.Product] = p
		}
		if yearAgo.Before(l.Date) {
			p.Quantity12M += l.Quantity
			p.Revenue12M += l.Amount
		}
		if l.Quantity > 0 {
			if p.First.IsZero() || l.Date.Before(p.First) {
				p.First = l.Date
			}
			if p.Last.Before(l.Date) {
				p.Last = l.Date
			}
			d := days[l.Product]
			if len(d) == 0 || d[len(d)-1] != l.Date {
				days[l.Product] = append(d, l.Date)
			}
		}
	}
	out := make([]ProductRoll, 0, len(byProduct))
	for key, p := range byProduct {
		if p.Quantity12M > 0 && p.Revenue12M > 0 {
			p.AvgPrice12M = p.Revenue12M / kam.Money(p.Quantity12M)
		}
		d := uniqueDays(days[key])
		p.Days = len(d)
		if len(d) >= 3 {
			gaps := make([]float64, len(d)-1)
			for i := 1; i < len(d); i++ {
				gaps[i-1] = float64(d[i-1].DaysUntil(d[i]))
			}
			p.Interval = Median(gaps)
		}
		out = append(out, *p)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Revenue12M != out[j].Revenue12M {
			return out[i].Revenue12M > out[j].Revenue12M
		}
		return out[i].Product < out[j].Product
	})
	return out
}

// uniqueDays sorts days and drops repeats.
func uniqueDays(d []kam.Date) []kam.Date {
	sort.Slice(d, func(i, j int) bool { return d[i].Before(d[j]) })
	out := d[:0]
	for i, x := range d {
		if i == 0 || x != d[i-1] {
			out = append(out, x)
		}
	}
	return out
}
