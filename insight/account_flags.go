package insight

import "github.com/kamhq/kam"

// AccountOptions tune the flags of AccountFlags; the zero value takes the
// defaults.
type AccountOptions struct {
	// Volume tunes the volume flags (its Currency is set from the account).
	Volume FlagOptions
	// LargeDeal is the least amount of an opportunity whose slipping is
	// flagged (default 10,000); a quarter of the account's yearly revenue
	// counts when that is more.
	LargeDeal kam.Money
}

// AccountFlags returns every flag an account's history raises as of a day:
// its buying (volume, overdue order, stopped products, price erosion, a new
// product family), its paying, its people, its contact rhythm, its deals,
// its contracts and its service cases. A lost account raises none: its change is known.
func AccountFlags(h *History, asOf kam.Date, opt AccountOptions) []Flag {
	if h.Status == kam.StatusLost {
		return nil
	}
	if opt.LargeDeal == 0 {
		opt.LargeDeal = 10000 * kam.MoneyScale
	}
	opt.Volume.Currency = h.Currency
	out := Flags(h.Sales, asOf, opt.Volume)
	out = append(out, Stopped(h.Lines, h.Sales, asOf, h.Currency)...)
	out = append(out, ErosionAllowing(h.Lines, h.Discounts, asOf, h.Currency)...)
	out = append(out, FirstFamily(h.Lines, asOf)...)
	if f := PaymentDelay(h.Invoices, asOf); f != nil {
		out = append(out, *f)
	}
	out = append(out, ContactsLeft(h.Contacts, asOf)...)
	last := h.lastContactBy(asOf)
	// An account with neither orders nor contacts by the day judged was not
	// yet a customer then: its silence says nothing.
	if h.Status != kam.StatusProspect && (!last.IsZero() || h.boughtBy(asOf)) {
		if f := NoContact(h.Tier, h.CadenceDays, h.OwnCadence, last, asOf); f != nil {
			out = append(out, *f)
		}
	}
	out = append(out, Slipping(h.Opportunities, Roll(h.Sales, asOf).Revenue12M, opt.LargeDeal, asOf, h.Currency)...)
	out = append(out, Notice(h.Contracts, asOf, h.Currency)...)
	out = append(out, CasesOverdue(h.Cases, asOf)...)
	out = append(out, StepsLate(h.Steps, asOf)...)
	return out
}

// CauseOf is the flag's cause: one open flag per cause and account.
func (f Flag) CauseOf() string {
	if f.Cause == "" {
		return string(f.Kind)
	}
	return f.Cause
}

// lastContactBy is the latest contact on or before a day.
func (h *History) lastContactBy(asOf kam.Date) kam.Date {
	var last kam.Date
	for _, d := range h.Contacted {
		if last.Before(d) && !asOf.Before(d) {
			last = d
		}
	}
	return last
}

// boughtBy reports whether the account ordered anything on or before a day.
func (h *History) boughtBy(asOf kam.Date) bool {
	for _, s := range h.Sales {
		if !asOf.Before(s.Date) {
			return true
		}
	}
	return false
}
