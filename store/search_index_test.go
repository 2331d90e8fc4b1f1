package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// searchAccounts searches accounts as p, a few to a page, and returns the
// names found on all the pages, in order.
func searchAccounts(t *testing.T, s *store.Store, p *kam.Principal, q string) []string {
	t.Helper()
	names := []string{}
	f := kam.AccountFilter{Query: q, Limit: 7}
	for {
		page, err := s.FindAccounts(context.Background(), p, f)
		if err != nil {
			t.Fatalf("search accounts %q: %v", q, err)
		}
		for _, a := range page.Accounts {
			names = append(names, a.Name)
		}
		if f.After = page.Next; f.After == "" {
			return names
		}
	}
}

// searchContacts searches contacts as p and returns the names found, by name.
func searchContacts(t *testing.T, s *store.Store, p *kam.Principal, q string) []string {
	t.Helper()
	page, err := s.FindContactList(context.Background(), p, store.ContactFilter{Query: q, Limit: 500})
	if err != nil {
		t.Fatalf("search contacts %q: %v", q, err)
	}
	names := []string{}
	for _, c := range page.Contacts {
		names = append(names, c.Name)
	}
	return names
}

// searchDeals searches opportunities as p and returns the names found.
func searchDeals(t *testing.T, s *store.Store, p *kam.Principal, q string) []string {
	t.Helper()
	hits, err := s.SearchOpportunities(context.Background(), p, q, 500)
	if err != nil {
		t.Fatalf("search deals %q: %v", q, err)
	}
	names := []string{}
	for _, h := range hits {
		names = append(names, h.Name)
	}
	return names
}

func wantFound(t *testing.T, what, q string, got []string, want ...string) {
	t.Helper()
	if want == nil {
		want = []string{}
	}
	if !slices.Equal(got, want) {
		t.Errorf("%s %q found %q, want %q", what, q, got, want)
	}
}

func TestSearchFollowsRenamesDeletesAndMerges(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		sys := kam.System()
		a, err := s.UpdateAccount(ctx, sys, o.a2.ID, kam.AccountUpdate{Version: 1, Name: new("Harbourside Logistics GmbH")})
		if err != nil {
			t.Fatal(err)
		}
		wantFound(t, "accounts", "bravo", searchAccounts(t, s, sys, "bravo"))
		wantFound(t, "accounts", "SIDE LOG", searchAccounts(t, s, sys, "SIDE LOG"), "Harbourside Logistics GmbH")

		ct := &kam.Contact{AccountID: a.ID, FirstName: "Margaret", LastName: "Thompson", Email: "m.thompson@harbourside.example"}
		if err := s.CreateContact(ctx, sys, ct); err != nil {
			t.Fatal(err)
		}
		wantFound(t, "contacts", "GARET THO", searchContacts(t, s, sys, "GARET THO"), "Margaret Thompson")
		wantFound(t, "contacts", "@harbourside", searchContacts(t, s, sys, "@harbourside"), "Margaret Thompson")
		email := "peggy@northwind.example"
		if _, err := s.UpdateContact(ctx, sys, ct.ID, kam.ContactUpdate{Version: 1, Email: &email}); err != nil {
			t.Fatal(err)
		}
		wantFound(t, "contacts", "@harbourside", searchContacts(t, s, sys, "@harbourside"))
		wantFound(t, "contacts", "northw", searchContacts(t, s, sys, "northw"), "Margaret Thompson")

		deal := &kam.Opportunity{AccountID: o.a1.ID, Name: "Pilot: Predictive Maintenance", Kind: kam.OppNew, Stage: "qualification", Currency: "EUR"}
		if err := s.CreateOpportunity(ctx, sys, deal); err != nil {
			t.Fatal(err)
		}
		wantFound(t, "deals", "DICTIVE main", searchDeals(t, s, sys, "DICTIVE main"), "Pilot: Predictive Maintenance")

		// A merged account is gone from search; its contacts are found
		// under the account that survives.
		if _, err := s.MergeAccounts(ctx, sys, o.a1.ID, a.ID); err != nil {
			t.Fatal(err)
		}
		wantFound(t, "accounts", "harbourside", searchAccounts(t, s, sys, "harbourside"))
		page, err := s.FindContactList(ctx, sys, store.ContactFilter{Query: "thompson"})
		if err != nil || len(page.Contacts) != 1 || page.Contacts[0].AccountName != o.a1.Name {
			t.Errorf("contact after merge: %+v, %v; want Margaret Thompson of %s", page, err, o.a1.Name)
		}
		ct2, err := s.FindContact(ctx, sys, ct.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteContact(ctx, sys, ct.ID, ct2.Version); err != nil {
			t.Fatal(err)
		}
		wantFound(t, "contacts", "thompson", searchContacts(t, s, sys, "thompson"))
	})
}

func TestSearchShortAndLiteralText(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		sys := kam.System()
		err := s.Load(ctx, sys, func(l *store.Loader) error {
			for _, name := range []string{"100% Pure_Oils <b>Ltd</b>", "1000 Pure Oils", "Zeta AB"} {
				a := &kam.Account{Name: name, Currency: "EUR"}
				if err := l.Account(a); err != nil {
					return err
				}
				if err := l.Opportunity(&kam.Opportunity{AccountID: a.ID, Name: name + " 2027", Kind: kam.OppRenewal,
					Stage: "qualification", Currency: "EUR"}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for q, want := range map[string][]string{
			"ze":          {"Zeta AB"},
			"A":           {"Zeta AB"},
			"0%":          {"100% Pure_Oils <b>Ltd</b>"},
			"0% pure":     {"100% Pure_Oils <b>Ltd</b>"},
			"e_o":         {"100% Pure_Oils <b>Ltd</b>"},
			"e o":         {"1000 Pure Oils"},
			"<b>ltd</b>":  {"100% Pure_Oils <b>Ltd</b>"},
			`"ltd"`:       nil,
			"%":           {"100% Pure_Oils <b>Ltd</b>"},
			"pure_":       {"100% Pure_Oils <b>Ltd</b>"},
			"1_0":         nil,
			"oils AND ze": nil,
		} {
			wantFound(t, "accounts", q, searchAccounts(t, s, sys, q), want...)
			var deals []string
			for _, n := range want {
				deals = append(deals, n+" 2027")
			}
			slices.Sort(deals)
			got := searchDeals(t, s, sys, q)
			slices.Sort(got)
			wantFound(t, "deals", q, got, deals...)
		}
	})
}

// TestSearchPlansAgree finds the same rows, in the same order and pages,
// whether the index gives few candidates (read by id) or many (the list
// walked in its order), for a principal who sees everything and one who
// sees a few accounts. "stonebridge" and "le.com" match more rows than
// the square root rule lets a list read by id (25 of 64 accounts, 110 of
// 120 contacts); "kestrel rare" and "ann kes" fewer.
func TestSearchPlansAgree(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		sys := kam.System()
		o := newOrg(t, s)
		err := s.Load(ctx, sys, func(l *store.Loader) error {
			for i := range 60 {
				owner := []int64{o.am1.ID, o.am2.ID, o.kam.ID}[i%3]
				name := fmt.Sprintf("Stonebridge %02d", 59-i)
				if i%20 == 0 {
					name = fmt.Sprintf("Kestrel Rare %02d", i)
				}
				a := &kam.Account{Name: name, Currency: "EUR", OwnerID: owner}
				if err := l.Account(a); err != nil {
					return err
				}
				for _, first := range []string{"Ann", "Bob"} {
					c := &kam.Contact{AccountID: a.ID, FirstName: first, LastName: name, Email: fmt.Sprintf("%s%d@example.com", first, i)}
					if err := l.Contact(c); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		am1 := principal(t, s, o.am1)
		for _, tc := range []struct {
			p    *kam.Principal
			find func(*testing.T, *store.Store, *kam.Principal, string) []string
			q    string
			want int
		}{
			{sys, searchAccounts, "stonebridge", 57}, {sys, searchAccounts, "kestrel rare", 3},
			{am1, searchAccounts, "onebri", 19}, {am1, searchAccounts, "REL RA", 1},
			{sys, searchContacts, "le.com", 120}, {sys, searchContacts, "ann kes", 3}, {am1, searchContacts, "le.com", 40},
		} {
			names := tc.find(t, s, tc.p, tc.q)
			if len(names) != tc.want || !slices.IsSorted(names) {
				t.Errorf("%q as %s: %d names %q, want %d by name", tc.q, tc.p.Username, len(names), names, tc.want)
			}
		}
	})
}
