package store_test

import (
	"context"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
)

// org is a small organisation for scope tests: a global unit with two
// countries, a director over one country, two AMs, a KAM, a viewer and an admin.
type org struct {
	global, uk, de                       *kam.OrgUnit
	admin, director, am1, am2, kam, view *kam.User
	// Accounts: am1 owns a1; am2 owns a2 (in de) and a3 (in uk, with am1 on its
	// team with read access); kam owns a4 (in de) with am1 on its team with edit.
	a1, a2, a3, a4 *kam.Account
}

const testPassword = "correct horse battery"

func newOrg(t *testing.T, s *store.Store) *org {
	t.Helper()
	ctx := context.Background()
	sys := kam.System()
	o := &org{}
	unit := func(parent int64, kind kam.OrgUnitKind, name string) *kam.OrgUnit {
		u := &kam.OrgUnit{ParentID: parent, Kind: kind, Name: name}
		if err := s.CreateOrgUnit(ctx, sys, u); err != nil {
			t.Fatal(err)
		}
		return u
	}
	o.global = unit(0, kam.OrgGlobal, "Global")
	o.uk = unit(o.global.ID, kam.OrgCountry, "United Kingdom")
	o.de = unit(o.global.ID, kam.OrgCountry, "Germany")
	user := func(name string, role kam.Role, unit *kam.OrgUnit) *kam.User {
		u := &kam.User{Username: name, DisplayName: name, Role: role, OrgUnitID: unit.ID}
		if err := s.CreateUser(ctx, sys, u, testPassword); err != nil {
			t.Fatal(err)
		}
		return u
	}
	o.admin = user("admin", kam.RoleAdmin, o.global)
	o.director = user("dir-uk", kam.RoleDirector, o.uk)
	o.am1 = user("am1", kam.RoleAM, o.uk)
	o.am2 = user("am2", kam.RoleAM, o.de)
	o.kam = user("kam1", kam.RoleKAM, o.de)
	o.view = user("viewer-de", kam.RoleViewer, o.de)
	account := func(name string, owner *kam.User, unit *kam.OrgUnit) *kam.Account {
		a := &kam.Account{Name: name, Currency: "EUR", OwnerID: owner.ID, OrgUnitID: unit.ID, Tier: "core"}
		if err := s.CreateAccount(ctx, sys, a); err != nil {
			t.Fatal(err)
		}
		return a
	}
	o.a1 = account("Alpha Industries Ltd", o.am1, o.uk)
	o.a2 = account("Bravo GmbH", o.am2, o.de)
	o.a3 = account("Charlie plc", o.am2, o.uk)
	o.a4 = account("Delta AG", o.kam, o.de)
	err := s.Load(ctx, sys, func(l *store.Loader) error {
		if err := l.TeamMember(o.a3.ID, o.am1.ID, "support", "read"); err != nil {
			return err
		}
		return l.TeamMember(o.a4.ID, o.am1.ID, "service manager", "edit")
	})
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// principal loads the principal of u as the web and API would.
func principal(t *testing.T, s *store.Store, u *kam.User) *kam.Principal {
	t.Helper()
	p, err := s.PrincipalFor(context.Background(), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := kam.ErrorCode(err); got != code {
		t.Fatalf("error %v: code %q, want %q", err, got, code)
	}
}
