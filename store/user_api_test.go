package store_test

import (
	"context"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

func TestUsersThroughTheAPIAreScopedAndVersioned(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		am1, director, viewer, admin := principal(t, s, o.am1), principal(t, s, o.director), principal(t, s, o.view), principal(t, s, o.admin)

		names := func(p *kam.Principal) []string {
			t.Helper()
			page, err := s.FindUserList(ctx, p, store.UserFilter{})
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, u := range page.Users {
				out = append(out, u.Username)
			}
			return out
		}
		if got := names(am1); len(got) != 1 || got[0] != "am1" {
			t.Errorf("an account manager sees only themselves: %v", got)
		}
		if got := names(director); len(got) != 2 || got[0] != "am1" || got[1] != "dir-uk" {
			t.Errorf("the UK director sees the UK: %v", got)
		}
		if got := names(viewer); len(got) != 3 {
			t.Errorf("the German viewer sees Germany: %v", got)
		}
		if got := names(admin); len(got) != 6 {
			t.Errorf("the administrator sees all: %v", got)
		}
		_, err := s.FindUserFor(ctx, am1, o.am2.ID)
		wantCode(t, err, kam.ENOTFOUND)
		page, err := s.FindUserList(ctx, admin, store.UserFilter{Limit: 4})
		if err != nil || len(page.Users) != 4 || page.Next == "" {
			t.Fatalf("first page: %+v, %v", page, err)
		}
		rest, err := s.FindUserList(ctx, admin, store.UserFilter{Limit: 4, After: page.Next})
		if err != nil || len(rest.Users) != 2 || rest.Next != "" {
			t.Errorf("second page: %+v, %v", rest, err)
		}

		// A user added without a password cannot sign in yet.
		u := &kam.User{Username: "newbie", DisplayName: "New Bie", Email: "newbie@example.com", Role: kam.RoleAM, OrgUnitID: o.uk.ID}
		wantCode(t, s.AddUser(ctx, am1, u, ""), kam.EFORBIDDEN)
		wantCode(t, s.AddUser(ctx, admin, &kam.User{Username: "x", Role: kam.RoleAM, Email: "not an email"}, ""), kam.EINVALID)
		wantCode(t, s.AddUser(ctx, admin, &kam.User{Username: "y", Role: kam.RoleAM}, "short"), kam.EINVALID)
		if err := s.AddUser(ctx, admin, u, ""); err != nil {
			t.Fatal(err)
		}
		if u.Version != 1 || !u.Active {
			t.Errorf("added %+v", u)
		}
		_, err = s.Authenticate(ctx, "newbie", "")
		wantCode(t, err, kam.EUNAUTHORIZED)

		// Changes name the version; a stale one is refused and writes nothing.
		changed, err := s.UpdateUser(ctx, admin, u.ID, kam.UserUpdate{Version: 1, DisplayName: ptr("Newbie Jones")})
		if err != nil || changed.Version != 2 {
			t.Fatalf("update: %+v, %v", changed, err)
		}
		_, err = s.UpdateUser(ctx, admin, u.ID, kam.UserUpdate{Version: 1, Role: ptr(kam.RoleKAM)})
		wantCode(t, err, kam.ESTALE)
		if now, _ := s.FindUserByID(ctx, u.ID); now.Role != kam.RoleAM {
			t.Errorf("a stale change was applied: %+v", now)
		}
	})
}

func TestOrgUnitsMoveWithoutCycles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		admin, director := principal(t, s, o.admin), principal(t, s, o.director)
		london := &kam.OrgUnit{ParentID: o.uk.ID, Kind: kam.OrgTerritory, Name: "London"}
		if err := s.CreateOrgUnit(ctx, admin, london); err != nil {
			t.Fatal(err)
		}
		_, err := s.UpdateOrgUnit(ctx, director, o.uk.ID, kam.OrgUnitUpdate{Version: 1, Name: ptr("UK")})
		wantCode(t, err, kam.EFORBIDDEN)
		for _, parent := range []int64{o.uk.ID, london.ID} {
			_, err = s.UpdateOrgUnit(ctx, admin, o.uk.ID, kam.OrgUnitUpdate{Version: 1, ParentID: ptr(parent)})
			if kam.ErrorField(err) != "parent_id" {
				t.Errorf("moving the UK under %d: %v", parent, err)
			}
		}
		_, err = s.UpdateOrgUnit(ctx, admin, o.uk.ID, kam.OrgUnitUpdate{Version: 1, ParentID: ptr(int64(99999))})
		wantCode(t, err, kam.EINVALID)
		moved, err := s.UpdateOrgUnit(ctx, admin, london.ID, kam.OrgUnitUpdate{Version: 1, ParentID: ptr(o.de.ID), Name: ptr(" London office ")})
		if err != nil || moved.Version != 2 || moved.ParentID != o.de.ID || moved.Name != "London office" {
			t.Fatalf("move: %+v, %v", moved, err)
		}
		_, err = s.UpdateOrgUnit(ctx, admin, london.ID, kam.OrgUnitUpdate{Version: 1, Name: ptr("X")})
		wantCode(t, err, kam.ESTALE)
		top, err := s.UpdateOrgUnit(ctx, admin, london.ID, kam.OrgUnitUpdate{Version: 2, ParentID: ptr(int64(0))})
		if err != nil || top.ParentID != 0 {
			t.Errorf("to the top: %+v, %v", top, err)
		}
	})
}
