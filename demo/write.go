package demo

import (
	"fmt"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
)

// writeBundle loads one account and its records, turning the links between
// them (positions in the bundle) into the ids the loader assigns.
func writeBundle(l *store.Loader, b *bundle, res *Result) error {
	a := b.account
	if b.p.parent != nil {
		a.ParentID = b.p.parent.id
	}
	if err := l.Account(a); err != nil {
		return err
	}
	b.p.id = a.ID
	res.Accounts++
	for _, t := range b.team {
		if err := l.TeamMember(a.ID, t.user.ID, t.role, t.access); err != nil {
			return err
		}
	}
	for _, cr := range b.contacts {
		cr.c.AccountID = a.ID
		if cr.boss >= 0 {
			cr.c.ReportsTo = b.contacts[cr.boss].c.ID
		}
		if err := l.Contact(cr.c); err != nil {
			return err
		}
	}
	res.Contacts += len(b.contacts)
	for _, ar := range b.activities {
		ar.a.AccountID = a.ID
		for _, i := range ar.with {
			ar.a.ContactIDs = append(ar.a.ContactIDs, b.contacts[i].c.ID)
		}
		if err := l.Activity(ar.a); err != nil {
			return err
		}
	}
	res.Activities += len(b.activities)
	if err := writeSales(l, b, res); err != nil {
		return err
	}
	return writeService(l, b, res)
}

// writeSales loads the account's orders, invoices and payments.
func writeSales(l *store.Loader, b *bundle, res *Result) error {
	id := b.account.ID
	for _, o := range b.orders {
		o.AccountID = id
		if err := l.Order(o); err != nil {
			return err
		}
		res.OrderLines += len(o.Lines)
	}
	res.Orders += len(b.orders)
	for _, ir := range b.invoices {
		ir.inv.AccountID, ir.inv.OrderID = id, b.orders[ir.order].ID
		if err := l.Invoice(ir.inv); err != nil {
			return err
		}
		for _, pay := range ir.pays {
			pay.AccountID, pay.InvoiceID = id, ir.inv.ID
			if err := l.Payment(pay); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeService loads the account's opportunities, contracts, cases and tasks.
func writeService(l *store.Loader, b *bundle, res *Result) error {
	id := b.account.ID
	for _, o := range b.opps {
		o.AccountID = id
		if err := l.Opportunity(o); err != nil {
			return err
		}
	}
	res.Opportunities += len(b.opps)
	for _, c := range b.contracts {
		c.AccountID = id
		if err := l.Contract(c); err != nil {
			return err
		}
	}
	res.Contracts += len(b.contracts)
	for _, cr := range b.cases {
		cr.c.AccountID = id
		if cr.contact >= 0 {
			cr.c.ContactID = b.contacts[cr.contact].c.ID
		}
		if err := l.Case(cr.c); err != nil {
			return err
		}
	}
	res.Cases += len(b.cases)
	for _, t := range b.tasks {
		t.AccountID = id
		if err := l.Task(t); err != nil {
			return err
		}
	}
	return nil
}

// targets sets every seller quarterly revenue quotas for the fiscal year of
// today (the calendar year): last twelve months' revenue of their accounts
// plus 5–12%, spread over the quarters by the season.
func (w *world) targets() []*kam.Target {
	r := newRNG(w.seed, streamTargets)
	year := w.today.Time().Year()
	var out []*kam.Target
	for _, s := range append(append([]*seller{}, w.org.kams...), w.org.ams...) {
		annual := max(50_000, float64(s.revenue)/kam.MoneyScale) * r.uniform(1.05, 1.12)
		for q := range 4 {
			weight := (season[3*q] + season[3*q+1] + season[3*q+2]) / 12
			out = append(out, &kam.Target{UserID: s.user.ID, Kind: "revenue", Currency: currency,
				PeriodStart: kam.NewDate(year, time.Month(3*q+1), 1), PeriodEnd: kam.NewDate(year, time.Month(3*q+4), 1).AddDays(-1),
				Amount: moneyOf(annual*weight, 1000*kam.MoneyScale), Description: fmt.Sprintf("Revenue quota Q%d %d", q+1, year)})
		}
	}
	return out
}
