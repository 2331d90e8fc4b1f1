package store_test

import (
	"cmp"
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// current reads a user as stored, for the updated_at a form would carry.
func current(t *testing.T, s *store.Store, id int64) *kam.User {
	t.Helper()
	u, err := s.FindUserByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// userAudit returns the audited changes of a user as "field:old>new".
func userAudit(t *testing.T, s *store.Store, id int64) []string {
	t.Helper()
	rows, err := s.DB().Query(rebind(s, "SELECT field, old_value, new_value FROM audit_log WHERE entity = 'user' AND entity_id = ? AND action = 'update' ORDER BY id"), id)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var f, o, n string
		if err := rows.Scan(&f, &o, &n); err != nil {
			t.Fatal(err)
		}
		out = append(out, f+":"+o+">"+n)
	}
	return out
}

// rebind numbers the placeholders of q for PostgreSQL.
func rebind(s *store.Store, q string) string {
	if s.Dialect() == "postgres" {
		return strings.Replace(q, "?", "$1", 1)
	}
	return q
}

func TestUpdateUser(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		admin := principal(t, s, o.admin)
		str := func(v string) *string { return &v }
		role := func(r kam.Role) *kam.Role { return &r }
		yes, no := true, false

		t.Run("only administrators", func(t *testing.T) {
			for _, p := range []*kam.Principal{principal(t, s, o.director), principal(t, s, o.am1), {UserID: o.admin.ID, Role: kam.RoleAdmin, ReadOnly: true}} {
				_, err := s.UpdateUser(ctx, p, o.am2.ID, kam.UserUpdate{DisplayName: str("Hacked")})
				wantCode(t, err, kam.EFORBIDDEN)
			}
			if got := current(t, s, o.am2.ID).DisplayName; got != "am2" {
				t.Errorf("a refused change was written: %q", got)
			}
		})

		t.Run("every field, audited, names reloaded", func(t *testing.T) {
			if a, err := s.FindAccountByID(ctx, admin, o.a1.ID); err != nil || a.OwnerName != "am1" {
				t.Fatalf("owner name before: %v %v", a, err)
			}
			before := current(t, s, o.am1.ID)
			u, err := s.UpdateUser(ctx, admin, o.am1.ID, kam.UserUpdate{UpdatedAt: before.UpdatedAt,
				DisplayName: str("  Ann Major "), Email: str("ann@example.com"), Role: role(kam.RoleKAM),
				OrgUnitID: &o.de.ID, ManagerID: &o.director.ID, Active: &yes})
			if err != nil {
				t.Fatal(err)
			}
			if u.DisplayName != "Ann Major" || u.Email != "ann@example.com" || u.Role != kam.RoleKAM || u.OrgUnitID != o.de.ID ||
				u.ManagerID != o.director.ID || !u.Active || !u.UpdatedAt.After(before.UpdatedAt) {
				t.Errorf("updated user: %+v", u)
			}
			want := []string{"display_name:am1>Ann Major", "email:>ann@example.com", "role:am>kam",
				"org_unit_id:" + strconv.FormatInt(o.uk.ID, 10) + ">" + strconv.FormatInt(o.de.ID, 10), "manager_id:>" + strconv.FormatInt(o.director.ID, 10)}
			if got := userAudit(t, s, o.am1.ID); strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("audit:\n got %q\nwant %q", got, want)
			}
			if a, _ := s.FindAccountByID(ctx, admin, o.a1.ID); a.OwnerName != "Ann Major" {
				t.Errorf("owner name after the rename: %q", a.OwnerName)
			}
			// The same values again change nothing and audit nothing.
			again, err := s.UpdateUser(ctx, admin, o.am1.ID, kam.UserUpdate{UpdatedAt: u.UpdatedAt, DisplayName: str("Ann Major"), Role: role(kam.RoleKAM)})
			if err != nil || !again.UpdatedAt.Equal(u.UpdatedAt) || len(userAudit(t, s, o.am1.ID)) != len(want) {
				t.Errorf("an empty change: %v, updated_at %v → %v", err, u.UpdatedAt, again.UpdatedAt)
			}
		})

		t.Run("bad values", func(t *testing.T) {
			at := current(t, s, o.am2.ID).UpdatedAt
			for _, tc := range []struct {
				name  string
				upd   kam.UserUpdate
				field string
			}{
				{"unknown role", kam.UserUpdate{Role: role("boss")}, "role"},
				{"unknown org unit", kam.UserUpdate{OrgUnitID: new(int64(999999))}, "org_unit_id"},
				{"unknown manager", kam.UserUpdate{ManagerID: new(int64(999999))}, "manager_id"},
				{"own manager", kam.UserUpdate{ManagerID: &o.am2.ID}, "manager_id"},
				{"bad email", kam.UserUpdate{Email: str("am2 at example")}, "email"},
				{"long name", kam.UserUpdate{DisplayName: str(strings.Repeat("x", 201))}, "display_name"},
			} {
				tc.upd.UpdatedAt = at
				_, err := s.UpdateUser(ctx, admin, o.am2.ID, tc.upd)
				if kam.ErrorCode(err) != kam.EINVALID || kam.ErrorField(err) != tc.field {
					t.Errorf("%s: %v, want a field error on %s", tc.name, err, tc.field)
				}
			}
			_, err := s.UpdateUser(ctx, admin, 999999, kam.UserUpdate{DisplayName: str("Nobody")})
			wantCode(t, err, kam.ENOTFOUND)
			if got := userAudit(t, s, o.am2.ID); len(got) != 0 {
				t.Errorf("refused changes were audited: %q", got)
			}
		})

		t.Run("a stale form changes nothing", func(t *testing.T) {
			opened := current(t, s, o.am2.ID)
			if _, err := s.UpdateUser(ctx, admin, o.am2.ID, kam.UserUpdate{UpdatedAt: opened.UpdatedAt, Email: str("first@example.com")}); err != nil {
				t.Fatal(err)
			}
			saved := current(t, s, o.am2.ID)
			_, err := s.UpdateUser(ctx, admin, o.am2.ID, kam.UserUpdate{UpdatedAt: opened.UpdatedAt, Email: str("second@example.com"), Role: role(kam.RoleViewer)})
			wantCode(t, err, kam.ECONFLICT)
			if !strings.Contains(kam.ErrorMessage(err), "changed by someone else") {
				t.Errorf("message: %s", kam.ErrorMessage(err))
			}
			if after := current(t, s, o.am2.ID); after.Email != "first@example.com" || after.Role != kam.RoleAM || !after.UpdatedAt.Equal(saved.UpdatedAt) {
				t.Errorf("a stale change was written: %+v", after)
			}
		})

		t.Run("deactivation and a new role end sessions", func(t *testing.T) {
			pol := store.DefaultSessionPolicy
			kamTok, err := s.CreateSession(ctx, o.kam.ID, pol)
			if err != nil {
				t.Fatal(err)
			}
			viewTok, _ := s.CreateSession(ctx, o.view.ID, pol)
			dirTok, _ := s.CreateSession(ctx, o.director.ID, pol)
			if _, err := s.UpdateUser(ctx, admin, o.kam.ID, kam.UserUpdate{Active: &no}); err != nil {
				t.Fatal(err)
			}
			if _, err := s.UpdateUser(ctx, admin, o.view.ID, kam.UserUpdate{Role: role(kam.RoleDirector)}); err != nil {
				t.Fatal(err)
			}
			if _, err := s.UpdateUser(ctx, admin, o.director.ID, kam.UserUpdate{Email: str("dir@example.com")}); err != nil {
				t.Fatal(err)
			}
			for name, tok := range map[string]string{"deactivated": kamTok, "new role": viewTok} {
				_, err := s.SessionPrincipal(ctx, tok, pol)
				if kam.ErrorCode(err) != kam.EUNAUTHORIZED {
					t.Errorf("%s: the session still works: %v", name, err)
				}
			}
			if _, err := s.SessionPrincipal(ctx, dirTok, pol); err != nil {
				t.Errorf("a new email ended the session: %v", err)
			}
			if _, err := s.Authenticate(ctx, "kam1", testPassword); err == nil {
				t.Error("a deactivated user signs in")
			}
			if _, err := s.UpdateUser(ctx, admin, o.kam.ID, kam.UserUpdate{Active: &yes}); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Authenticate(ctx, "kam1", testPassword); err != nil {
				t.Errorf("a reactivated user cannot sign in: %v", err)
			}
			if got := userAudit(t, s, o.kam.ID); strings.Join(got, "|") != "active:true>false|active:false>true" {
				t.Errorf("audit: %q", got)
			}
		})

		t.Run("administrators keep their rights and one stays", func(t *testing.T) {
			_, err := s.UpdateUser(ctx, admin, o.admin.ID, kam.UserUpdate{Role: role(kam.RoleDirector)})
			if kam.ErrorField(err) != "role" || !strings.Contains(kam.ErrorMessage(err), "your own administrator role") {
				t.Errorf("self-demotion: %v", err)
			}
			_, err = s.UpdateUser(ctx, admin, o.admin.ID, kam.UserUpdate{Active: &no})
			if kam.ErrorField(err) != "active" || !strings.Contains(kam.ErrorMessage(err), "deactivate yourself") {
				t.Errorf("self-deactivation: %v", err)
			}
			// An administrator may still rename themselves.
			if _, err := s.UpdateUser(ctx, admin, o.admin.ID, kam.UserUpdate{DisplayName: str("Ada Admin")}); err != nil {
				t.Errorf("self-rename: %v", err)
			}
			// kam's own work acts as no user: the last administrator is kept.
			_, err = s.UpdateUser(ctx, kam.System(), o.admin.ID, kam.UserUpdate{Active: &no})
			if kam.ErrorField(err) != "active" || !strings.Contains(kam.ErrorMessage(err), "last active administrator") {
				t.Errorf("last administrator deactivated: %v", err)
			}
			// A second administrator may demote the first, but then not
			// be demoted themselves.
			second := &kam.User{Username: "admin2", Role: kam.RoleAdmin}
			if err := s.CreateUser(ctx, admin, second, testPassword); err != nil {
				t.Fatal(err)
			}
			if _, err := s.UpdateUser(ctx, principal(t, s, second), o.admin.ID, kam.UserUpdate{Role: role(kam.RoleViewer)}); err != nil {
				t.Fatal(err)
			}
			_, err = s.UpdateUser(ctx, kam.System(), second.ID, kam.UserUpdate{Role: role(kam.RoleAM)})
			if kam.ErrorField(err) != "role" || !strings.Contains(kam.ErrorMessage(err), "last active administrator") {
				t.Errorf("last administrator demoted: %v", err)
			}
			if u := current(t, s, second.ID); u.Role != kam.RoleAdmin || !u.Active {
				t.Errorf("the last administrator is now %+v", u)
			}
		})

		t.Run("counts per org unit", func(t *testing.T) {
			_, err := s.CountOrgUnits(ctx, principal(t, s, o.director))
			wantCode(t, err, kam.EFORBIDDEN)
			counts, err := s.CountOrgUnits(ctx, kam.System())
			if err != nil {
				t.Fatal(err)
			}
			// After the changes above: uk has dir-uk (am1 moved to de);
			// de has am1, am2, kam1, viewer-de. Accounts stay where they were.
			if got, want := counts[o.uk.ID], (store.OrgUnitCount{Users: 1, Accounts: 2}); got != want {
				t.Errorf("uk: %+v, want %+v", got, want)
			}
			if got, want := counts[o.de.ID], (store.OrgUnitCount{Users: 4, Accounts: 2}); got != want {
				t.Errorf("de: %+v, want %+v", got, want)
			}
		})
	})
}

// Two administrators who demote each other at the same moment: one wins,
// and kam keeps an administrator.
func TestUpdateUserKeepsAnAdministratorUnderRaces(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		second := &kam.User{Username: "admin2", Role: kam.RoleAdmin}
		if err := s.CreateUser(ctx, kam.System(), second, testPassword); err != nil {
			t.Fatal(err)
		}
		a, b := principal(t, s, o.admin), principal(t, s, second)
		viewer := kam.RoleViewer
		errs := make(chan error, 2)
		for _, pair := range [][2]*kam.Principal{{a, b}, {b, a}} {
			go func() {
				_, err := s.UpdateUser(ctx, pair[0], pair[1].UserID, kam.UserUpdate{Role: &viewer})
				errs <- err
			}()
		}
		e1, e2 := <-errs, <-errs
		if (e1 == nil) == (e2 == nil) {
			t.Fatalf("both or neither demotion went through: %v; %v", e1, e2)
		}
		if err := cmp.Or(e1, e2); kam.ErrorField(err) != "role" {
			t.Errorf("the losing demotion: %v", err)
		}
		admins := 0
		for _, id := range []int64{o.admin.ID, second.ID} {
			if current(t, s, id).Role == kam.RoleAdmin {
				admins++
			}
		}
		if admins != 1 {
			t.Errorf("%d administrators left, want 1", admins)
		}
	})
}
