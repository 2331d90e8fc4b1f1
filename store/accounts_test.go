package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

func TestCreateAccountValidatesAndNormalises(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		p := principal(t, s, o.am1)
		for _, bad := range []struct {
			a     kam.Account
			field string
		}{
			{kam.Account{Currency: "EUR"}, "name"},
			{kam.Account{Name: "X", Currency: "euro"}, "currency"},
			{kam.Account{Name: "X", Currency: "EUR", Tier: "gold"}, "tier"},
			{kam.Account{Name: "X", Currency: "EUR", Status: "dormant"}, "status"},
			{kam.Account{Name: "X", Currency: "EUR", ParentID: o.a2.ID}, "parent_id"}, // out of am1's scope
			{kam.Account{Name: "X", Currency: "EUR", OwnerID: o.am2.ID}, "owner_id"},  // an AM cannot create for others
		} {
			err := s.CreateAccount(ctx, p, &bad.a)
			if kam.ErrorCode(err) != kam.EINVALID || kam.ErrorField(err) != bad.field {
				t.Errorf("create %+v: %v, want invalid %s", bad.a, err, bad.field)
			}
		}
		a := &kam.Account{Name: "Société Générale S.A.", Currency: "EUR", ParentID: o.a1.ID,
			ExternalIDs: []kam.ExternalID{{Source: "erp", ID: "C100"}}, Domains: []string{"socgen.example"}}
		if err := s.CreateAccount(ctx, p, a); err != nil {
			t.Fatal(err)
		}
		got, err := s.FindAccountByID(ctx, p, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.NormalizedName != "societe generale" || got.OwnerID != o.am1.ID || got.OrgUnitID != o.uk.ID ||
			got.Status != kam.StatusActive || got.ParentID != o.a1.ID || got.Version != 1 {
			t.Errorf("stored %+v", got)
		}
		if len(got.ExternalIDs) != 1 || got.ExternalIDs[0] != (kam.ExternalID{Source: "erp", ID: "C100"}) ||
			len(got.Domains) != 1 || got.Domains[0] != "socgen.example" {
			t.Errorf("external ids %v, domains %v", got.ExternalIDs, got.Domains)
		}
		dup := &kam.Account{Name: "Other", Currency: "EUR", ExternalIDs: []kam.ExternalID{{Source: "erp", ID: "C100"}}}
		wantCode(t, s.CreateAccount(ctx, p, dup), kam.ECONFLICT)
		// The failed create left nothing behind.
		page, _ := s.FindAccounts(ctx, kam.System(), kam.AccountFilter{Query: "Other"})
		if len(page.Accounts) != 0 {
			t.Errorf("a rejected create left %d accounts", len(page.Accounts))
		}
	})
}

func TestUpdateAccountRefusesStaleVersion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		p := principal(t, s, o.am1)
		first, second := "Alpha One", "Alpha Two"
		a, err := s.UpdateAccount(ctx, p, o.a1.ID, kam.AccountUpdate{Version: 1, Name: &first})
		if err != nil {
			t.Fatal(err)
		}
		if a.Version != 2 || a.Name != first {
			t.Fatalf("after update: version %d name %q", a.Version, a.Name)
		}
		// A second editor who loaded version 1 must not overwrite the first.
		_, err = s.UpdateAccount(ctx, p, o.a1.ID, kam.AccountUpdate{Version: 1, Name: &second})
		wantCode(t, err, kam.ECONFLICT)
		now, _ := s.FindAccountByID(ctx, p, o.a1.ID)
		if now.Name != first {
			t.Fatalf("stale edit applied: name %q", now.Name)
		}
		hist, err := s.FindAuditEntries(ctx, p, "account", o.a1.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(hist) < 2 || hist[0].Field != "name" || hist[0].OldValue != "Alpha Industries Ltd" || hist[0].NewValue != first || hist[0].ActorID != o.am1.ID {
			t.Fatalf("audit trail %+v", hist[0])
		}
	})
}

func TestReassignKeepsTenureAndHierarchyCannotLoop(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		dir := principal(t, s, o.director)
		am := principal(t, s, o.am1)
		owner := o.am2.ID
		_, err := s.UpdateAccount(ctx, am, o.a1.ID, kam.AccountUpdate{Version: 1, OwnerID: &owner})
		if kam.ErrorField(err) != "owner_id" {
			t.Fatalf("an AM re-assigned an account: %v", err)
		}
		// The UK director may not hand a UK account to someone in Germany...
		_, err = s.UpdateAccount(ctx, dir, o.a1.ID, kam.AccountUpdate{Version: 1, OwnerID: &owner})
		if kam.ErrorField(err) != "owner_id" {
			t.Fatalf("a director re-assigned outside their organisation: %v", err)
		}
		// ...nor to a viewer.
		viewer := o.view.ID
		if _, err := s.UpdateAccount(ctx, kam.System(), o.a1.ID, kam.AccountUpdate{Version: 1, OwnerID: &viewer}); kam.ErrorField(err) != "owner_id" {
			t.Fatalf("a viewer became an owner: %v", err)
		}
		// An administrator may; the account moves to the new owner's unit and
		// out of the UK director's sight.
		moved, err := s.UpdateAccount(ctx, kam.System(), o.a1.ID, kam.AccountUpdate{Version: 1, OwnerID: &owner})
		if err != nil {
			t.Fatal(err)
		}
		if moved.OrgUnitID != o.de.ID {
			t.Fatalf("after re-assignment the account sits in unit %d, want Germany %d", moved.OrgUnitID, o.de.ID)
		}
		if _, err := s.FindAccountByID(ctx, dir, o.a1.ID); kam.ErrorCode(err) != kam.ENOTFOUND {
			t.Fatalf("the old director still sees the handed-over account: %v", err)
		}
		var n, open int
		s.DB().QueryRow(fmt.Sprintf("SELECT COUNT(*), COUNT(CASE WHEN ended_at IS NULL THEN 1 END) FROM account_assignments WHERE account_id = %d", o.a1.ID)).Scan(&n, &open)
		if n != 2 || open != 1 {
			t.Fatalf("tenure rows %d (open %d), want 2 (1)", n, open)
		}
		// Unassigning ends the tenure and leaves none open.
		none := int64(0)
		if _, err := s.UpdateAccount(ctx, kam.System(), o.a1.ID, kam.AccountUpdate{Version: moved.Version, OwnerID: &none}); err != nil {
			t.Fatalf("unassign: %v", err)
		}
		s.DB().QueryRow(fmt.Sprintf("SELECT COUNT(CASE WHEN ended_at IS NULL THEN 1 END) FROM account_assignments WHERE account_id = %d", o.a1.ID)).Scan(&open)
		if open != 0 {
			t.Fatalf("%d open tenures after unassigning", open)
		}
		// a3 under a1, then a1 under a3 would loop.
		admin := kam.System()
		parent := o.a1.ID
		if _, err := s.UpdateAccount(ctx, admin, o.a3.ID, kam.AccountUpdate{Version: 1, ParentID: &parent}); err != nil {
			t.Fatal(err)
		}
		a1, _ := s.FindAccountByID(ctx, admin, o.a1.ID)
		loop := o.a3.ID
		_, err = s.UpdateAccount(ctx, admin, o.a1.ID, kam.AccountUpdate{Version: a1.Version, ParentID: &loop})
		if kam.ErrorField(err) != "parent_id" {
			t.Fatalf("hierarchy loop accepted: %v", err)
		}
	})
}

func TestAccountListKeysetPagingAndSearch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		sys := kam.System()
		err := s.Load(ctx, sys, func(l *store.Loader) error {
			for i := range 25 {
				a := &kam.Account{Name: fmt.Sprintf("Company %02d", i), Currency: "EUR", Country: []string{"DE", "FR"}[i%2],
					ExternalIDs: []kam.ExternalID{{Source: "erp", ID: fmt.Sprintf("E%d", i)}}}
				if err := l.Account(a); err != nil {
					return err
				}
			}
			return l.Account(&kam.Account{Name: "Ålborg Ærø Möbel", Currency: "EUR"})
		})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		f := kam.AccountFilter{Query: "company", Limit: 10}
		for pages := 0; ; pages++ {
			page, err := s.FindAccounts(ctx, sys, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range page.Accounts {
				if seen[a.Name] {
					t.Fatalf("%s listed twice", a.Name)
				}
				seen[a.Name] = true
			}
			if pages == 0 {
				// A row added before the cursor's position must not shift the next page.
				if err := s.CreateAccount(ctx, sys, &kam.Account{Name: "Company 00a", Currency: "EUR"}); err != nil {
					t.Fatal(err)
				}
			}
			if page.Next == "" {
				break
			}
			f.After = page.Next
		}
		if len(seen) != 25 {
			t.Fatalf("paged through %d accounts, want the 25 that existed", len(seen))
		}
		// Descending order, other sorts, and a cursor from another list.
		page, err := s.FindAccounts(ctx, sys, kam.AccountFilter{Query: "company", Desc: true, Limit: 1})
		if err != nil || page.Accounts[0].Name != "Company 24" {
			t.Fatalf("desc first: %v %v", page, err)
		}
		_, err = s.FindAccounts(ctx, sys, kam.AccountFilter{Query: "other", After: page.Next})
		if kam.ErrorField(err) != "after" {
			t.Fatalf("foreign cursor accepted: %v", err)
		}
		for _, sort := range []kam.AccountSort{kam.SortByCreated, kam.SortByUpdated} {
			n := 0
			g := kam.AccountFilter{Sort: sort, Limit: 7}
			for {
				pg, err := s.FindAccounts(ctx, sys, g)
				if err != nil {
					t.Fatalf("sort %s: %v", sort, err)
				}
				n += len(pg.Accounts)
				if pg.Next == "" {
					break
				}
				g.After = pg.Next
			}
			if n != 27 {
				t.Errorf("sort %s paged %d accounts, want 27", sort, n)
			}
		}
		// Case- and accent-insensitive search; wildcards are literal.
		for q, want := range map[string]int{"ALBORG AERØ": 0, "alborg ærø": 1, "ÅLBORG": 1, "möbel": 1, "MOBEL": 1, "%": 0, "_": 0} {
			pg, err := s.FindAccounts(ctx, sys, kam.AccountFilter{Query: q})
			if err != nil || len(pg.Accounts) != want {
				t.Errorf("search %q: %d results (err %v), want %d", q, len(pg.Accounts), err, want)
			}
		}
		pg, _ := s.FindAccounts(ctx, sys, kam.AccountFilter{ExternalID: "E7", Source: "erp"})
		if len(pg.Accounts) != 1 || pg.Accounts[0].Name != "Company 07" {
			t.Errorf("external id E7: %v", names(pg.Accounts))
		}
		pg, _ = s.FindAccounts(ctx, sys, kam.AccountFilter{Country: "FR", Limit: 500})
		if len(pg.Accounts) != 12 {
			t.Errorf("country FR: %d accounts, want 12", len(pg.Accounts))
		}
		_, err = s.FindAccounts(ctx, sys, kam.AccountFilter{Sort: "revenue'; DROP TABLE accounts; --"})
		if kam.ErrorField(err) != "sort" {
			t.Errorf("bad sort: %v", err)
		}
	})
}

func TestSummarizeNetsCreditNotes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		today := kam.NewDate(2026, time.June, 30)
		err := s.Load(ctx, kam.System(), func(l *store.Loader) error {
			orders := []*kam.Order{
				{AccountID: o.a1.ID, OrderDate: kam.NewDate(2026, time.March, 1), Currency: "EUR",
					Lines: []*kam.OrderLine{{Quantity: 3, UnitPrice: kam.MustMoney("19.995")}, {Quantity: 1, UnitPrice: kam.MustMoney("100"), DiscountBP: 1000}}},
				{AccountID: o.a1.ID, OrderDate: kam.NewDate(2026, time.April, 1), Currency: "EUR", Kind: kam.OrderCreditNote,
					Lines: []*kam.OrderLine{{Quantity: -1, UnitPrice: kam.MustMoney("19.995")}}},
				{AccountID: o.a1.ID, OrderDate: kam.NewDate(2025, time.March, 1), Currency: "EUR",
					Lines: []*kam.OrderLine{{Quantity: 2, UnitPrice: kam.MustMoney("10.5")}}},
				// Another currency is not added to euros.
				{AccountID: o.a1.ID, OrderDate: kam.NewDate(2026, time.May, 1), Currency: "USD",
					Lines: []*kam.OrderLine{{Quantity: 1, UnitPrice: kam.MustMoney("999")}}},
			}
			for _, ord := range orders {
				if err := l.Order(ord); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		sum, err := s.Summarize(ctx, principal(t, s, o.am1), o.a1.ID, today)
		if err != nil {
			t.Fatal(err)
		}
		// 3 × 19.995 + 100 − 10% − 19.995 = 129.99; a year earlier 21.00.
		if sum.Revenue12M != kam.MustMoney("129.99") || sum.RevenuePrev != kam.MustMoney("21") || sum.Orders12M != 1 ||
			sum.LastOrder != kam.NewDate(2026, time.April, 1) {
			// (the USD order of 1 May is neither revenue nor the last EUR order)
			t.Fatalf("summary %+v", sum)
		}
	})
}
