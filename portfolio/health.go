package portfolio

import (
	"slices"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
	"github.com/kamhq/kam/insight/score"
)

// HealthInput gathers what the health score reads of an account's history
// as of a day: its buying, its paying over the last 12 months and the 12
// before, its cases, how long since it was contacted against its tier's
// cadence (its own or its tier's), and which buying roles its active contacts cover.
func HealthInput(h *insight.History, asOf kam.Date) score.HealthInput {
	in := score.HealthInput{Rollup: insight.Roll(h.Sales, asOf), Currency: h.Currency,
		OpenCases: h.OpenCases, OverdueCases: h.OverdueCases, CadenceDays: h.Cadence(), DaysSinceContact: -1}
	yearAgo, twoYearsAgo := asOf.AddDays(-365), asOf.AddDays(-730)
	var late12, latePrev float64
	for _, inv := range h.Invoices {
		if inv.Paid.IsZero() || asOf.Before(inv.Paid) {
			continue
		}
		late := float64(max(0, inv.Due.DaysUntil(inv.Paid)))
		switch {
		case yearAgo.Before(inv.Paid):
			in.PaidInvoices12M++
			late12 += late
		case twoYearsAgo.Before(inv.Paid):
			in.PaidInvoicesPrev12M++
			latePrev += late
		}
	}
	if in.PaidInvoices12M > 0 {
		in.DaysLate12M = late12 / float64(in.PaidInvoices12M)
	}
	if in.PaidInvoicesPrev12M > 0 {
		in.DaysLatePrev12M = latePrev / float64(in.PaidInvoicesPrev12M)
	}
	in.OverdueInvoices, _ = h.OverdueInvoices(asOf)
	var last kam.Date
	for _, d := range h.Contacted {
		if last.Before(d) && !asOf.Before(d) {
			last = d
		}
	}
	if !last.IsZero() {
		in.DaysSinceContact = last.DaysUntil(asOf)
	}
	for _, p := range h.Contacts {
		if p.Left {
			continue
		}
		in.ActiveContacts++
		if p.Role != "" && !slices.Contains(in.RolesCovered, p.Role) {
			in.RolesCovered = append(in.RolesCovered, p.Role)
		}
	}
	return in
}
