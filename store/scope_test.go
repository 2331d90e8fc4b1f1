package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// TestAccessScopeMatrix drives every role against every account by id, by list,
// by search and in totals, and checks reads and writes.
func TestAccessScopeMatrix(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		all := []*kam.Account{o.a1, o.a2, o.a3, o.a4}
		cases := []struct {
			user      *kam.User
			sees      []*kam.Account
			edits     []*kam.Account
			readsOnly []*kam.Account // seen, but a change is forbidden
		}{
			{o.admin, all, all, nil},
			// dir-uk: the UK subtree holds a1 (uk) and a3 (uk), and am1's accounts.
			{o.director, []*kam.Account{o.a1, o.a3}, []*kam.Account{o.a1, o.a3}, nil},
			// am1: own a1, team read on a3, team edit on a4.
			{o.am1, []*kam.Account{o.a1, o.a3, o.a4}, []*kam.Account{o.a1, o.a4}, []*kam.Account{o.a3}},
			{o.am2, []*kam.Account{o.a2, o.a3}, []*kam.Account{o.a2, o.a3}, nil},
			{o.kam, []*kam.Account{o.a4}, []*kam.Account{o.a4}, nil},
			// viewer in de: a2 and a4 sit in de, a3 is owned by am2 of de;
			// nothing may be changed.
			{o.view, []*kam.Account{o.a2, o.a3, o.a4}, nil, []*kam.Account{o.a2, o.a3, o.a4}},
		}
		for _, c := range cases {
			t.Run(c.user.Username, func(t *testing.T) {
				p := principal(t, s, c.user)
				page, err := s.FindAccounts(ctx, p, kam.AccountFilter{Limit: 500})
				if err != nil {
					t.Fatal(err)
				}
				if got, want := names(page.Accounts), names(c.sees); !slices.Equal(got, want) {
					t.Errorf("list: %v, want %v", got, want)
				}
				for _, a := range all {
					visible := slices.Contains(c.sees, a)
					_, err := s.FindAccountByID(ctx, p, a.ID)
					if visible && err != nil {
						t.Errorf("get %s: %v, want it visible", a.Name, err)
					}
					if !visible {
						wantCode(t, err, kam.ENOTFOUND)
						// Search and external-id lookups must not reveal it either.
						pg, _ := s.FindAccounts(ctx, p, kam.AccountFilter{Query: a.Name})
						if len(pg.Accounts) != 0 {
							t.Errorf("search %q found an out-of-scope account", a.Name)
						}
						if _, err := s.Summarize(ctx, p, a.ID, kam.DateOf(s.Now())); kam.ErrorCode(err) != kam.ENOTFOUND {
							t.Errorf("summary of out-of-scope %s: %v", a.Name, err)
						}
						if _, err := s.FindContacts(ctx, p, a.ID); kam.ErrorCode(err) != kam.ENOTFOUND {
							t.Errorf("contacts of out-of-scope %s: %v", a.Name, err)
						}
					}
					fresh, err := s.FindAccountByID(ctx, kam.System(), a.ID)
					if err != nil {
						t.Fatal(err)
					}
					seg := "segment by " + c.user.Username
					_, err = s.UpdateAccount(ctx, p, a.ID, kam.AccountUpdate{Version: fresh.Version, Segment: &seg})
					switch {
					case slices.Contains(c.edits, a):
						if err != nil {
							t.Errorf("edit %s: %v, want allowed", a.Name, err)
						}
					case slices.Contains(c.readsOnly, a):
						wantCode(t, err, kam.EFORBIDDEN)
					default:
						wantCode(t, err, kam.ENOTFOUND)
					}
				}
			})
		}
	})
}

// Team access "read" stops a director from editing too, and what anyone
// creates sits where its owner works.
func TestReadTeamAccessAndCreationScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		err := s.Load(ctx, kam.System(), func(l *store.Loader) error {
			return l.TeamMember(o.a2.ID, o.director.ID, "observer", "read")
		})
		if err != nil {
			t.Fatal(err)
		}
		dir := principal(t, s, o.director)
		if _, err := s.FindAccountByID(ctx, dir, o.a2.ID); err != nil {
			t.Fatalf("team member cannot read: %v", err)
		}
		name := "Renamed by a reader"
		_, err = s.UpdateAccount(ctx, dir, o.a2.ID, kam.AccountUpdate{Version: 1, Name: &name})
		wantCode(t, err, kam.EFORBIDDEN)

		// An AM in the UK naming Germany still creates the account in the UK.
		a := &kam.Account{Name: "Elsewhere Ltd", Currency: "EUR", OrgUnitID: o.de.ID}
		if err := s.CreateAccount(ctx, principal(t, s, o.am1), a); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.FindAccountByID(ctx, kam.System(), a.ID); got.OrgUnitID != o.uk.ID {
			t.Fatalf("AM's account sits in unit %d, want the UK %d", got.OrgUnitID, o.uk.ID)
		}
		// A UK director cannot create an account for a German AM.
		err = s.CreateAccount(ctx, dir, &kam.Account{Name: "Foreign GmbH", Currency: "EUR", OwnerID: o.am2.ID})
		if kam.ErrorField(err) != "owner_id" {
			t.Fatalf("director created an account outside their organisation: %v", err)
		}
		// A child may only be hung under an account one may change.
		err = s.CreateAccount(ctx, principal(t, s, o.am1), &kam.Account{Name: "Child", Currency: "EUR", ParentID: o.a3.ID})
		if kam.ErrorField(err) != "parent_id" {
			t.Fatalf("a read-only team member attached a child: %v", err)
		}
	})
}

func TestReadOnlyTokenPrincipalCannotWrite(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		p := principal(t, s, o.am1)
		p.ReadOnly = true
		if _, err := s.FindAccountByID(ctx, p, o.a1.ID); err != nil {
			t.Fatalf("read-only read: %v", err)
		}
		name := "Renamed"
		_, err := s.UpdateAccount(ctx, p, o.a1.ID, kam.AccountUpdate{Version: 1, Name: &name})
		wantCode(t, err, kam.EFORBIDDEN)
		err = s.CreateAccount(ctx, p, &kam.Account{Name: "New Co", Currency: "EUR"})
		wantCode(t, err, kam.EFORBIDDEN)
	})
}

func TestNilPrincipalSeesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		o := newOrg(t, s)
		page, err := s.FindAccounts(context.Background(), nil, kam.AccountFilter{})
		if err != nil || len(page.Accounts) != 0 {
			t.Fatalf("nil principal listed %d accounts (err %v)", len(page.Accounts), err)
		}
		_, err = s.FindAccountByID(context.Background(), nil, o.a1.ID)
		wantCode(t, err, kam.ENOTFOUND)
	})
}

func names(as []*kam.Account) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.Name
	}
	slices.Sort(out)
	return out
}
