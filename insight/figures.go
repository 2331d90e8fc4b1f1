package insight

import "github.com/kamhq/kam"

// Figures are an account's roll-up: its buying (Rollup) and where it stands
// with us — weighted open pipeline, open cases, overdue invoices, the latest
// contact by channel. A hierarchy node's figures sum its own and its
// subsidiaries' (Add).
type Figures struct {
	Rollup
	WeightedPipeline kam.Money `json:"weighted_pipeline"`
	OpenCases        int       `json:"open_cases"`
	OverdueCases     int       `json:"overdue_cases"`
	OverdueInvoices  int       `json:"overdue_invoices"`
	OverdueAmount    kam.Money `json:"overdue_amount"`
	// LastContact is the latest call, visit, meeting and email by channel.
	LastContact map[string]kam.Date `json:"last_contact"`
	// Accounts counts the accounts summed: 1 for an account's own figures.
	Accounts int `json:"accounts"`
}

// Summarise computes an account's own figures as of a day.
func Summarise(h *History, asOf kam.Date) Figures {
	f := Figures{Rollup: Roll(h.Sales, asOf), WeightedPipeline: h.WeightedPipeline(),
		OpenCases: h.OpenCases, OverdueCases: h.OverdueCases, Accounts: 1, LastContact: map[string]kam.Date{}}
	f.Rollup.Products = countProducts(h.Lines, asOf)
	f.OverdueInvoices, f.OverdueAmount = h.OverdueInvoices(asOf)
	for channel, d := range h.Contacted {
		if !asOf.Before(d) {
			f.LastContact[channel] = d
		}
	}
	return f
}

// countProducts counts the distinct products bought in the 365 days to a
// day.
func countProducts(lines []Line, asOf kam.Date) int {
	yearAgo := asOf.AddDays(-365)
	seen := map[string]bool{}
	for _, l := range lines {
		if l.Product != "" && yearAgo.Before(l.Date) && !asOf.Before(l.Date) && l.Quantity > 0 {
			seen[l.Product] = true
		}
	}
	return len(seen)
}

// Add sums a subsidiary's figures (its own, or its whole subtree's) into a
// hierarchy node's: revenues, orders, months, pipeline, cases, overdue
// invoices and accounts add up; first and last orders and contacts span
// both; growth is recomputed. The usual interval and product breadth stay
// the node's own: they do not add up.
func (f *Figures) Add(o Figures) {
	f.Revenue12M += o.Revenue12M
	f.RevenuePrev12M += o.RevenuePrev12M
	f.Orders12M += o.Orders12M
	if !o.FirstOrder.IsZero() && (f.FirstOrder.IsZero() || o.FirstOrder.Before(f.FirstOrder)) {
		f.FirstOrder = o.FirstOrder
	}
	if f.LastOrder.Before(o.LastOrder) {
		f.LastOrder = o.LastOrder
		f.DaysSinceLast = o.DaysSinceLast
	}
	if len(f.Monthly) == 0 {
		f.Monthly = append([]MonthRevenue(nil), o.Monthly...)
	} else if len(f.Monthly) == len(o.Monthly) {
		for i := range f.Monthly {
			f.Monthly[i].Revenue += o.Monthly[i].Revenue
		}
	}
	f.Growth, f.HasGrowth = 0, f.RevenuePrev12M > 0
	if f.HasGrowth {
		f.Growth = float64(f.Revenue12M-f.RevenuePrev12M) / float64(f.RevenuePrev12M)
	}
	f.WeightedPipeline += o.WeightedPipeline
	f.OpenCases += o.OpenCases
	f.OverdueCases += o.OverdueCases
	f.OverdueInvoices += o.OverdueInvoices
	f.OverdueAmount += o.OverdueAmount
	if f.LastContact == nil {
		f.LastContact = map[string]kam.Date{}
	}
	for ch, d := range o.LastContact {
		if f.LastContact[ch].Before(d) {
			f.LastContact[ch] = d
		}
	}
	f.Accounts += o.Accounts
}

// Clone copies figures so that adding to the copy leaves the original.
func (f Figures) Clone() Figures {
	f.Monthly = append([]MonthRevenue(nil), f.Monthly...)
	contacts := make(map[string]kam.Date, len(f.LastContact))
	for k, v := range f.LastContact {
		contacts[k] = v
	}
	f.LastContact = contacts
	return f
}
