package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// figuresLine writes a row of attainment as "name cur target(source)
// members actual won pipeline attainment".
func figuresLine(f *store.TargetFigures) string {
	pct := "-"
	if f.Attainment != nil {
		pct = fmt.Sprintf("%d%%", *f.Attainment)
	}
	line := fmt.Sprintf("%s %s target %s(%s) actual %s won %s pipeline %s %s", f.Name, f.Currency, f.Target, f.TargetSource,
		f.Actual, f.Won, f.Pipeline, pct)
	if f.OrgUnitID != 0 {
		line += " members " + f.MembersTarget.String()
	}
	return line
}

func TestAttainmentRollsUpTheOrgTreeAndTheAccountHierarchy(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		sys := kam.System()
		s.Now = func() time.Time { return time.Date(2026, time.May, 10, 9, 0, 0, 0, time.UTC) }
		cal := kam.DefaultFiscalCalendar()
		q2 := cal.Quarter(2026, 2)
		// a5 is a subsidiary of a1, in the UK, owned by am1.
		a5 := &kam.Account{Name: "Alpha Leeds", Currency: "EUR", OwnerID: o.am1.ID, OrgUnitID: o.uk.ID, ParentID: o.a1.ID}
		if err := s.CreateAccount(ctx, sys, a5); err != nil {
			t.Fatal(err)
		}
		order := func(a *kam.Account, day kam.Date, amount, currency string) *kam.Order {
			qty, kind, m := int64(1), kam.OrderSale, kam.MustMoney(amount)
			if m < 0 {
				qty, m, kind = -1, -m, kam.OrderCreditNote
			}
			return &kam.Order{AccountID: a.ID, OrderDate: day, Currency: currency, Kind: kind, Lines: []*kam.OrderLine{{Quantity: qty, UnitPrice: m}}}
		}
		day := func(m time.Month, d int) kam.Date { return kam.NewDate(2026, m, d) }
		target := func(user, unit, account int64, p kam.Period, amount, basis string) *kam.Target {
			return &kam.Target{UserID: user, OrgUnitID: unit, AccountID: account, PeriodStart: p.First, PeriodEnd: p.Last,
				Amount: kam.MustMoney(amount), Currency: "EUR", Kind: map[bool]string{true: "objective", false: "revenue"}[account != 0], Basis: basis}
		}
		err := s.Load(ctx, sys, func(l *store.Loader) error {
			for _, od := range []*kam.Order{
				order(o.a1, day(time.April, 5), "10000", "EUR"),
				order(o.a1, day(time.May, 1), "-1000", "EUR"),   // a credit note
				order(o.a1, day(time.June, 20), "9999", "EUR"),  // after today: not yet actual
				order(o.a1, day(time.March, 31), "8888", "EUR"), // before the quarter
				order(a5, day(time.April, 10), "2000", "EUR"),
				order(o.a2, day(time.April, 11), "50000", "EUR"),
				order(o.a2, day(time.April, 12), "400", "USD"),
				order(o.a3, day(time.May, 2), "7000", "EUR"),
				order(o.a4, day(time.May, 3), "3000", "EUR"),
			} {
				if err := l.Order(od); err != nil {
					return err
				}
			}
			for _, op := range []*kam.Opportunity{
				{AccountID: o.a1.ID, Name: "Won", Kind: kam.OppUpsell, Stage: "won", Amount: kam.MustMoney("20000"), Currency: "EUR", Probability: 100, CloseDate: day(time.May, 2)},
				{AccountID: o.a1.ID, Name: "Open", Kind: kam.OppUpsell, Stage: "negotiation", Amount: kam.MustMoney("10000"), Currency: "EUR", Probability: 50, CloseDate: day(time.June, 15)},
				{AccountID: o.a1.ID, Name: "Overdue", Kind: kam.OppUpsell, Stage: "proposal", Amount: kam.MustMoney("70000"), Currency: "EUR", Probability: 50, CloseDate: day(time.May, 1)},
			} {
				if err := l.Opportunity(op); err != nil {
					return err
				}
			}
			// Set as they were before the quarter began, closed months too.
			for _, tg := range []*kam.Target{
				target(o.am1.ID, 0, 0, q2, "20000", "orders"),
				target(o.am2.ID, 0, 0, cal.Month(2026, time.April), "15000", "orders"),
				target(o.am2.ID, 0, 0, cal.Month(2026, time.May), "15000", "orders"),
				target(o.kam.ID, 0, 0, cal.Year(2026), "120000", "orders"),
				target(0, o.uk.ID, 0, q2, "40000", "orders"),
				target(0, 0, o.a1.ID, q2, "10000", "orders"),
			} {
				if err := l.Target(tg); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.CreateTarget(ctx, sys, target(0, 0, o.a1.ID, cal.Year(2026), "100000", "won")); err != nil {
			t.Fatal(err)
		}
		lines := func(rows []*store.TargetFigures) string {
			var out []string
			for _, f := range rows {
				out = append(out, figuresLine(f))
			}
			return strings.Join(out, "\n")
		}
		for _, tc := range []struct {
			who                   *kam.User
			users, units, objects string
		}{
			{o.admin,
				"am1 EUR target 20000.00(set) actual 11000.00 won 20000.00 pipeline 5000.00 55%\n" +
					"am2 EUR target 30000.00(sum) actual 57000.00 won 0.00 pipeline 0.00 190%\n" +
					"am2 USD target 0.00() actual 400.00 won 0.00 pipeline 0.00 -\n" +
					// 120,000 × 91 / 365 days.
					"kam1 EUR target 29917.8082(pro_rata) actual 3000.00 won 0.00 pipeline 0.00 10%",
				"Global EUR target 0.00() actual 71000.00 won 20000.00 pipeline 5000.00 - members 79917.8082\n" +
					"Global USD target 0.00() actual 400.00 won 0.00 pipeline 0.00 - members 0.00\n" +
					"United Kingdom EUR target 40000.00(set) actual 18000.00 won 20000.00 pipeline 5000.00 45% members 20000.00\n" +
					"Germany EUR target 0.00() actual 53000.00 won 0.00 pipeline 0.00 - members 59917.8082\n" +
					"Germany USD target 0.00() actual 400.00 won 0.00 pipeline 0.00 - members 0.00",
				// The objective on a1 counts its subsidiary a5.
				"Alpha Industries Ltd EUR target 10000.00(set) actual 11000.00 won 20000.00 pipeline 5000.00 110%"},
			{o.am1, "am1 EUR target 20000.00(set) actual 11000.00 won 20000.00 pipeline 5000.00 55%", "",
				"Alpha Industries Ltd EUR target 10000.00(set) actual 11000.00 won 20000.00 pipeline 5000.00 110%"},
			{o.director,
				"am1 EUR target 20000.00(set) actual 11000.00 won 20000.00 pipeline 5000.00 55%\n" +
					"am2 EUR target 0.00() actual 7000.00 won 0.00 pipeline 0.00 -",
				"United Kingdom EUR target 40000.00(set) actual 18000.00 won 20000.00 pipeline 5000.00 45% members 20000.00",
				"Alpha Industries Ltd EUR target 10000.00(set) actual 11000.00 won 20000.00 pipeline 5000.00 110%"},
			{o.am2, "am2 EUR target 30000.00(sum) actual 57000.00 won 0.00 pipeline 0.00 190%\n" +
				"am2 USD target 0.00() actual 400.00 won 0.00 pipeline 0.00 -", "", ""},
		} {
			t.Run(tc.who.Username, func(t *testing.T) {
				a, err := s.Attainment(ctx, principal(t, s, tc.who), store.AttainmentQuery{Period: q2})
				if err != nil {
					t.Fatal(err)
				}
				if a.When != "current" {
					t.Errorf("when %q", a.When)
				}
				for name, pair := range map[string][2]string{"users": {lines(a.Users), tc.users}, "units": {lines(a.Units), tc.units},
					"objectives": {lines(a.Accounts), tc.objects}} {
					if pair[0] != pair[1] {
						t.Errorf("%s:\n%s\nwant\n%s", name, pair[0], pair[1])
					}
				}
			})
		}
		// The account's panel: both objectives, each over its own period
		// (the year's orders include March's); the year's counts won deals.
		objs, err := s.AccountObjectives(ctx, principal(t, s, o.am1), o.a1.ID, store.AttainmentQuery{})
		if err != nil {
			t.Fatal(err)
		}
		if got := lines(objs); got != "Alpha Industries Ltd EUR target 100000.00(set) actual 19888.00 won 20000.00 pipeline 5000.00 20%\n"+
			"Alpha Industries Ltd EUR target 10000.00(set) actual 11000.00 won 20000.00 pipeline 5000.00 110%" {
			t.Errorf("a1's objectives:\n%s", got)
		}
		if objs[0].Projected != kam.MustMoney("25000") || *objs[0].ProjectedAttainment != 25 {
			t.Errorf("won basis projected %s %d", objs[0].Projected, *objs[0].ProjectedAttainment)
		}
		_, err = s.AccountObjectives(ctx, principal(t, s, o.am1), o.a2.ID, store.AttainmentQuery{})
		wantCode(t, err, kam.ENOTFOUND)
	})
}

func TestForecastWindow(t *testing.T) {
	q2 := kam.DefaultFiscalCalendar().Quarter(2026, 2)
	w := store.NewForecastWindow(q2.First, q2.Last, kam.NewDate(2026, time.May, 10), 6)
	if !w.Has || w.Cut || w.From != w.Partial || w.To != w.From+1 || w.Share != 21.0/31 {
		t.Errorf("Q2 on 10 May: %+v", w)
	}
	if w := store.NewForecastWindow(q2.First, q2.Last, kam.NewDate(2026, time.July, 1), 6); w.Has {
		t.Errorf("a past quarter: %+v", w)
	}
	year := kam.DefaultFiscalCalendar().Year(2026)
	if w := store.NewForecastWindow(year.First, year.Last, kam.NewDate(2026, time.February, 28), 3); !w.Has || !w.Cut || w.To != w.From+2 || w.Share != 1 {
		t.Errorf("the year on the last day of February: %+v", w)
	}
}
