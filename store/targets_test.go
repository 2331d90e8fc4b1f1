package store_test

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

func TestFindTargetsByScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		q2, q2end := kam.NewDate(2026, time.April, 1), kam.NewDate(2026, time.June, 30)
		target := func(desc string, user *kam.User, unit *kam.OrgUnit, account *kam.Account, from, to kam.Date, kind string) *kam.Target {
			tg := &kam.Target{Kind: kind, PeriodStart: from, PeriodEnd: to, Amount: kam.MustMoney("1000"), Currency: "EUR", Description: desc}
			if user != nil {
				tg.UserID = user.ID
			}
			if unit != nil {
				tg.OrgUnitID = unit.ID
			}
			if account != nil {
				tg.AccountID = account.ID
			}
			return tg
		}
		all := []*kam.Target{
			target("am1 Q2", o.am1, nil, nil, q2, q2end, "revenue"),
			target("am1 year", o.am1, nil, nil, kam.NewDate(2026, time.January, 1), kam.NewDate(2026, time.December, 31), "revenue"),
			target("am1 Q3", o.am1, nil, nil, kam.NewDate(2026, time.July, 1), kam.NewDate(2026, time.September, 30), "revenue"),
			target("am1 Q1", o.am1, nil, nil, kam.NewDate(2026, time.January, 1), kam.NewDate(2026, time.March, 31), "revenue"),
			target("am1 margin", o.am1, nil, nil, q2, q2end, "margin"),
			target("am1 on a1", o.am1, nil, o.a1, q2, q2end, "revenue"),
			target("am2 Q2", o.am2, nil, nil, q2, q2end, "revenue"),
			target("kam1 Q2", o.kam, nil, nil, q2, q2end, "revenue"),
			target("uk Q2", nil, o.uk, nil, q2, q2end, "revenue"),
			target("de Q2", nil, o.de, nil, q2, q2end, "revenue"),
			target("director Q2", o.director, nil, nil, q2, q2end, "revenue"),
		}
		if err := s.Load(ctx, kam.System(), func(l *store.Loader) error {
			for _, tg := range all {
				if err := l.Target(tg); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			who  *kam.User
			want []string
		}{
			{o.am1, []string{"am1 year", "am1 Q2"}},
			{o.am2, []string{"am2 Q2"}},
			{o.kam, []string{"kam1 Q2"}},
			// The UK director: their own, their units' and their people's.
			{o.director, []string{"am1 year", "am1 Q2", "uk Q2", "director Q2"}},
			// The viewer of Germany: its unit and people, read only.
			{o.view, []string{"am2 Q2", "kam1 Q2", "de Q2"}},
			{o.admin, []string{"am1 year", "am1 Q2", "am2 Q2", "kam1 Q2", "uk Q2", "de Q2", "director Q2"}},
		} {
			t.Run(tc.who.Username, func(t *testing.T) {
				got, err := s.FindTargets(ctx, principal(t, s, tc.who), q2, q2end)
				if err != nil {
					t.Fatal(err)
				}
				var names []string
				for _, tg := range got {
					names = append(names, tg.Description)
					if tg.Kind != "revenue" || tg.AccountID != 0 || tg.Amount != kam.MustMoney("1000") || tg.Currency != "EUR" {
						t.Errorf("target %+v", tg)
					}
				}
				if !slices.Equal(names, tc.want) {
					t.Errorf("targets %q, want %q", names, tc.want)
				}
			})
		}
		// A period of one day on the edge of a quarter overlaps it.
		got, err := s.FindTargets(ctx, principal(t, s, o.am1), q2end, q2end)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[1].Description != "am1 Q2" || got[1].UserID != o.am1.ID || !got[1].PeriodStart.Time().Equal(q2.Time()) {
			t.Errorf("targets on the quarter's last day: %+v", got)
		}
		if got, err := s.FindTargets(ctx, nil, q2, q2end); err != nil || len(got) != 0 {
			t.Errorf("without a principal: %d targets, %v", len(got), err)
		}
	})
}

func TestRevenueByOwnerByScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		from, to := kam.NewDate(2026, time.April, 1), kam.NewDate(2026, time.June, 30)
		order := func(a *kam.Account, day kam.Date, amount string, currency string) *kam.Order {
			qty := int64(1)
			kind := kam.OrderSale
			m := kam.MustMoney(amount)
			if m < 0 {
				qty, m, kind = -1, -m, kam.OrderCreditNote
			}
			return &kam.Order{AccountID: a.ID, OrderDate: day, Currency: currency, Kind: kind,
				Lines: []*kam.OrderLine{{Quantity: qty, UnitPrice: m}}}
		}
		orders := []*kam.Order{
			order(o.a1, from, "10000", "EUR"),             // am1, first day
			order(o.a1, to, "-1000", "EUR"),               // am1, a credit note on the last day
			order(o.a1, from.AddDays(-1), "99999", "EUR"), // before the period
			order(o.a1, to.AddDays(1), "88888", "EUR"),    // after it
			order(o.a2, from.AddDays(10), "50000", "EUR"), // am2's own, in Germany
			order(o.a2, from.AddDays(11), "400", "USD"),   // and in dollars
			order(o.a3, from.AddDays(20), "7000", "EUR"),  // am2's in the UK, am1 on the team
			order(o.a4, from.AddDays(30), "3000", "EUR"),  // kam1's in Germany, am1 on the team
		}
		if err := s.Load(ctx, kam.System(), func(l *store.Loader) error {
			for _, od := range orders {
				if err := l.Order(od); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		type sum struct {
			owner    int64
			currency string
			amount   string
			orders   int
		}
		for _, tc := range []struct {
			who  *kam.User
			want []sum
		}{
			// am1 sees their account and the two they are on the team of,
			// each counted for its owner; never am2's own a2.
			{o.am1, []sum{{o.am1.ID, "EUR", "9000", 2}, {o.am2.ID, "EUR", "7000", 1}, {o.kam.ID, "EUR", "3000", 1}}},
			{o.am2, []sum{{o.am2.ID, "EUR", "57000", 2}, {o.am2.ID, "USD", "400", 1}}},
			// The UK director: accounts in the UK or owned by UK people.
			{o.director, []sum{{o.am1.ID, "EUR", "9000", 2}, {o.am2.ID, "EUR", "7000", 1}}},
			// The German viewer: a3 sits in the UK but its owner in Germany.
			{o.view, []sum{{o.am2.ID, "EUR", "57000", 2}, {o.am2.ID, "USD", "400", 1}, {o.kam.ID, "EUR", "3000", 1}}},
			{o.admin, []sum{{o.am1.ID, "EUR", "9000", 2}, {o.am2.ID, "EUR", "57000", 2}, {o.am2.ID, "USD", "400", 1}, {o.kam.ID, "EUR", "3000", 1}}},
		} {
			t.Run(tc.who.Username, func(t *testing.T) {
				got, err := s.RevenueByOwner(ctx, principal(t, s, tc.who), from, to)
				if err != nil {
					t.Fatal(err)
				}
				var sums []sum
				for _, r := range got {
					sums = append(sums, sum{r.OwnerID, r.Currency, r.Amount.String(), r.Orders})
				}
				slices.SortFunc(sums, func(a, b sum) int {
					return cmp.Or(cmp.Compare(a.owner, b.owner), strings.Compare(a.currency, b.currency))
				})
				want := tc.want
				for i := range want {
					want[i].amount = kam.MustMoney(want[i].amount).String()
				}
				if !slices.Equal(sums, want) {
					t.Errorf("revenue %+v, want %+v", sums, want)
				}
			})
		}
	})
}
