package store_test

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
	"github.com/kamhq/kam/portfolio"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// figureBook adds twelve accounts to the org (am1 owns eight, am2 four),
// computes figures for ten of them with ties in every figure, a credit
// balance, missing health and no orders or contacts, and raises a flag on
// three; the two others and the org's four accounts are never computed.
func figureBook(t *testing.T, s *store.Store, o *org) {
	t.Helper()
	ctx := context.Background()
	day := func(d int) kam.Date {
		if d == 0 {
			return kam.Date{}
		}
		return kam.NewDate(2026, time.May, d)
	}
	type figs struct {
		revenue, health  int64 // health -1: none
		order, contact   int   // days of May; 0: none
		flag, uncomputed bool
		owner            *kam.User
		tier             string
	}
	book := []figs{
		{revenue: 500, health: 70, order: 3, contact: 9, owner: o.am1, tier: "key", flag: true},
		{revenue: 500, health: 70, order: 3, contact: 9, owner: o.am1, tier: "core"},
		{revenue: -120, health: 0, order: 1, contact: 0, owner: o.am1, tier: "key"},
		{revenue: 0, health: -1, order: 0, contact: 2, owner: o.am1, tier: "core", flag: true},
		{revenue: 900, health: 70, order: 20, contact: 20, owner: o.am1, tier: "key"},
		{uncomputed: true, owner: o.am1, tier: "key"},
		{revenue: 40, health: 95, order: 3, contact: 2, owner: o.am1, tier: "core"},
		{revenue: 500, health: -1, order: 0, contact: 0, owner: o.am1, tier: "key"},
		{revenue: 10, health: 5, order: 7, contact: 9, owner: o.am2, tier: "key", flag: true},
		{revenue: 500, health: 20, order: 20, contact: 1, owner: o.am2, tier: "core"},
		{uncomputed: true, owner: o.am2, tier: "core"},
		{revenue: 0, health: 50, order: 1, contact: 30, owner: o.am2, tier: "key"},
	}
	byID := map[int64]figs{}
	var ids []int64
	for i, f := range book {
		a := &kam.Account{Name: fmt.Sprintf("Figure %02d", i), Currency: "EUR", OwnerID: f.owner.ID, OrgUnitID: o.uk.ID, Tier: f.tier}
		if f.owner == o.am2 {
			a.OrgUnitID = o.de.ID
		}
		if err := s.CreateAccount(ctx, kam.System(), a); err != nil {
			t.Fatal(err)
		}
		if !f.uncomputed {
			byID[a.ID] = f
			ids = append(ids, a.ID)
		}
	}
	compute := func(a *kam.Account, _ *insight.History, asOf kam.Date) store.Computed {
		f := byID[a.ID]
		c := store.Computed{Own: insight.Figures{Rollup: insight.Rollup{AsOf: asOf, Revenue12M: eur(f.revenue), LastOrder: day(f.order)},
			LastContact: map[string]kam.Date{}, Accounts: 1}}
		if f.contact != 0 {
			c.Own.LastContact["call"] = day(f.contact)
		}
		if f.health >= 0 {
			c.Health, c.HasHealth, c.HealthBody = int(f.health), true, []byte("{}")
		}
		if f.flag {
			c.Flags = []insight.Flag{{Kind: insight.VolumeDrop, Severity: insight.SeverityHigh, Evidence: "less"}}
		}
		// The contact queue scores the missing and the late contacts.
		c.Queue = &insight.QueueInput{AccountID: a.ID, Name: a.Name, Tier: a.Tier, Currency: "EUR", LastContact: day(f.contact),
			Revenue12M: eur(f.revenue)}
		return c
	}
	if err := s.Refresh(ctx, ids, kam.NewDate(2026, time.June, 30), compute); err != nil {
		t.Fatal(err)
	}
}

// figureKey is the figure a sort orders by, as the list shows it: zero,
// or -1 for health, when the account has none.
func figureKey(sort kam.AccountSort, r *store.PortfolioRow) float64 {
	switch sort {
	case kam.SortByRevenue:
		return float64(r.Revenue12M)
	case kam.SortByHealth:
		if !r.HasHealth {
			return -1
		}
		return float64(r.Health)
	case kam.SortByPriority:
		return r.Priority
	case kam.SortByLastOrder: // a day as days before 2100; none is the earliest
		return -float64(r.LastOrder.DaysUntil(kam.NewDate(2100, time.January, 1)))
	case kam.SortByLastContact:
		return -float64(r.LastContact.DaysUntil(kam.NewDate(2100, time.January, 1)))
	}
	panic(sort)
}

// pageAll reads every page of a list of three accounts a page and returns
// the rows in the order read, checking them against the list's total.
func pageAll(t *testing.T, s *store.Store, p *kam.Principal, f kam.AccountFilter) []*store.PortfolioRow {
	t.Helper()
	f.Limit, f.Total = 3, true
	var out []*store.PortfolioRow
	for range 100 {
		page, err := s.FindPortfolio(context.Background(), p, f)
		if err != nil {
			t.Fatalf("%+v: %v", f, err)
		}
		out = append(out, page.Rows...)
		if page.Next == "" {
			if page.Total == nil || *page.Total != len(out) {
				t.Errorf("%+v: %d accounts on the pages, total %v", f, len(out), page.Total)
			}
			return out
		}
		f.After = page.Next
	}
	t.Fatalf("%+v: more than 100 pages", f)
	return nil
}

func TestPortfolioSortedByFigurePagesThroughEveryAccountOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		figureBook(t, s, o)
		// An account never computed has no roll-up to show, whatever row
		// the list reads for it.
		if _, err := s.FindRollup(ctx, kam.System(), o.a1.ID); kam.ErrorCode(err) != kam.ENOTFOUND {
			t.Errorf("roll-up of an account never computed: %v, want not found", err)
		}
		filters := []struct {
			name string
			f    kam.AccountFilter
			keep func(*store.PortfolioRow) bool
		}{
			{"all", kam.AccountFilter{}, func(*store.PortfolioRow) bool { return true }},
			{"tier", kam.AccountFilter{Tier: "key"}, func(r *store.PortfolioRow) bool { return r.Tier == "key" }},
			{"flag", kam.AccountFilter{Flag: kam.FlagAny}, func(r *store.PortfolioRow) bool { return r.OpenFlags > 0 }},
			{"owner", kam.AccountFilter{OwnerID: o.am2.ID}, func(r *store.PortfolioRow) bool { return r.OwnerID == o.am2.ID }},
		}
		users := map[string]*kam.Principal{"admin": principal(t, s, o.admin), "director": principal(t, s, o.director),
			"am1": principal(t, s, o.am1)}
		for who, p := range users {
			// What p sees, by name: the list the sorted ones must reorder.
			all := pageAll(t, s, p, kam.AccountFilter{})
			if who == "admin" && len(all) != 16 {
				t.Fatalf("admin sees %d accounts, want 16", len(all))
			}
			for _, sort := range []kam.AccountSort{kam.SortByRevenue, kam.SortByHealth, kam.SortByPriority, kam.SortByLastOrder, kam.SortByLastContact} {
				for _, fl := range filters {
					want := slices.DeleteFunc(slices.Clone(all), func(r *store.PortfolioRow) bool { return !fl.keep(r) })
					slices.SortFunc(want, func(x, y *store.PortfolioRow) int {
						return cmp.Or(cmp.Compare(figureKey(sort, x), figureKey(sort, y)), cmp.Compare(x.ID, y.ID))
					})
					for _, desc := range []bool{false, true} {
						if desc {
							slices.Reverse(want)
						}
						f := fl.f
						f.Sort, f.Desc = sort, desc
						got := pageAll(t, s, p, f)
						if g, w := rowIDs(got), rowIDs(want); !slices.Equal(g, w) {
							t.Errorf("%s, %s desc=%v, %s: pages give %v, want %v", who, sort, desc, fl.name, g, w)
						}
					}
				}
			}
		}
		// The accounts never computed sort as zero revenue: between the
		// smallest sale and the credit balance.
		got := pageAll(t, s, kam.System(), kam.AccountFilter{Sort: kam.SortByRevenue, Desc: true})
		if last := got[len(got)-1]; last.Revenue12M != eur(-120) || got[len(got)-2].Revenue12M != 0 || got[len(got)-3].Revenue12M != 0 {
			t.Errorf("revenue, largest first, ends %s, %s, %s; want 0, 0, -120",
				got[len(got)-3].Revenue12M, got[len(got)-2].Revenue12M, last.Revenue12M)
		}
	})
}

// rowIDs lists the ids of rows in order.
func rowIDs(rows []*store.PortfolioRow) []int64 {
	out := make([]int64, len(rows))
	for i, r := range rows {
		out[i] = r.ID
	}
	return out
}

func TestRefreshBesideAccountsNeverComputed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		group, sub, subsub := hierarchy(t, s, o)
		// Only the sub-subsidiary is computed: its parent and group keep
		// the empty rows every new account has.
		if err := s.Refresh(ctx, []int64{subsub.ID}, kam.NewDate(2026, time.June, 30), portfolio.Compute(portfolio.Options{})); err != nil {
			t.Fatalf("refresh under accounts never computed: %v", err)
		}
		if r, err := s.FindRollup(ctx, kam.System(), subsub.ID); err != nil || r.Own.Revenue12M != eur(1200) {
			t.Errorf("sub-subsidiary's roll-up %+v, %v; want 1,200", r, err)
		}
		for _, a := range []*kam.Account{group, sub} {
			if _, err := s.FindRollup(ctx, kam.System(), a.ID); kam.ErrorCode(err) != kam.ENOTFOUND {
				t.Errorf("roll-up of %s, never computed: %v, want not found", a.Name, err)
			}
		}
		page, err := s.FindPortfolio(ctx, kam.System(), kam.AccountFilter{Sort: kam.SortByRevenue, Desc: true, Limit: 1})
		if err != nil || len(page.Rows) != 1 || page.Rows[0].ID != subsub.ID {
			t.Errorf("largest revenue first: %+v, %v; want the sub-subsidiary", page, err)
		}
	})
}
