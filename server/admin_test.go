package server_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// adminFixture is the server fixture with an administrator.
type adminFixture struct {
	*fixture
	admin *kam.User
	unit  int64 // the org unit of am1 and am2
}

func newAdminFixture(t *testing.T, s *store.Store) *adminFixture {
	t.Helper()
	f := &adminFixture{fixture: newFixture(t, s)}
	f.admin = &kam.User{Username: "admin", DisplayName: "Ada Admin", Role: kam.RoleAdmin}
	must(t, s.CreateUser(context.Background(), kam.System(), f.admin, testPassword))
	f.unit = f.am1.OrgUnitID
	return f
}

// editForm reads a user's page and returns the values its form would post.
func (f *adminFixture) editForm(t *testing.T, sess string, id int64) url.Values {
	t.Helper()
	body := wantPage(t, f.do(t, "GET", userPath(id), cookie(sess)), 200)
	m := updatedAtField.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("the user's page has no updated_at:\n%s", body)
	}
	u, err := f.st.FindUserByID(context.Background(), id)
	must(t, err)
	v := url.Values{"updated_at": {html.UnescapeString(m[1])}, "display_name": {u.DisplayName}, "email": {u.Email},
		"role": {string(u.Role)}, "org_unit_id": {idOrEmpty(u.OrgUnitID)}, "manager_id": {idOrEmpty(u.ManagerID)}}
	if u.Active {
		v.Set("active", "1")
	}
	return v
}

var updatedAtField = regexp.MustCompile(`name="updated_at" value="([^"]+)"`)

func userPath(id int64) string { return "/admin/users/" + strconv.FormatInt(id, 10) }

func idOrEmpty(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

// signedOut fails the test unless the session no longer opens a page.
func signedOut(t *testing.T, f *fixture, sess, who string) {
	t.Helper()
	w := f.do(t, "GET", "/", cookie(sess))
	if w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/login") {
		t.Errorf("%s's session still works: status %d", who, w.Code)
	}
}

func TestAdminUsers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newAdminFixture(t, s)
		ctx := context.Background()
		admin := f.login(t, "admin")

		t.Run("the list", func(t *testing.T) {
			wantPage(t, f.do(t, "GET", "/admin/users", cookie(admin)), 200,
				`<a href="/admin/users" aria-current="page">Admin</a>`, "Alex Morgan", "<code>am1</code>", "Billie Chen", "Ada Admin",
				"Account manager", "Nordics", `action="/admin/users"`, `name="password"`, `autocomplete="new-password"`, "3 of 3 users")
			body := wantPage(t, f.do(t, "GET", "/admin/users?role=admin&active=yes", cookie(admin)), 200, "Ada Admin", "1 of 3 users")
			if strings.Contains(body, "Alex Morgan") {
				t.Error("the role filter lets an account manager through")
			}
			wantPage(t, f.do(t, "GET", "/admin/users?active=no", cookie(admin)), 200, "No users match.")
			wantPage(t, f.do(t, "GET", "/admin/users?unit="+strconv.FormatInt(f.unit, 10), cookie(admin)), 200, "Alex Morgan", "2 of 3 users")
			wantPage(t, f.do(t, "GET", "/admin/users?role=boss", cookie(admin)), 400, "There is no role &#34;boss&#34;.")
			wantPage(t, f.do(t, "GET", "/admin/users?unit=x", cookie(admin)), 400, "There is no org unit")
			wantPage(t, f.do(t, "GET", "/admin/users/999999", cookie(admin)), 404)
			wantPage(t, f.do(t, "GET", "/admin/users/abc", cookie(admin)), 404)
		})

		t.Run("add a user who then signs in", func(t *testing.T) {
			w := f.do(t, "POST", "/admin/users", cookie(admin), form(url.Values{"username": {"nina"}, "display_name": {"<b>Nina</b> New"},
				"email": {"nina@example.com"}, "role": {"kam"}, "org_unit_id": {strconv.FormatInt(f.unit, 10)}, "password": {"a long enough secret"}}))
			if w.Code != http.StatusSeeOther {
				t.Fatalf("add: status %d\n%s", w.Code, w.Body)
			}
			u, err := s.FindUserByUsername(ctx, "nina")
			must(t, err)
			if u.Role != kam.RoleKAM || u.OrgUnitID != f.unit || u.Email != "nina@example.com" || !u.Active {
				t.Errorf("added: %+v", u)
			}
			next := w.Header().Get("Location")
			if next != "/admin/users?done=created&user="+strconv.FormatInt(u.ID, 10) {
				t.Errorf("redirect to %s", next)
			}
			body := wantPage(t, f.do(t, "GET", next, cookie(admin)), 200, "Added &lt;b&gt;Nina&lt;/b&gt; New (nina).",
				`<a href="/admin/users/`+strconv.FormatInt(u.ID, 10)+`">&lt;b&gt;Nina&lt;/b&gt; New</a>`)
			if strings.Contains(body, "<b>Nina") {
				t.Error("a display name's markup is rendered")
			}
			w = f.do(t, "POST", "/login", form(url.Values{"username": {"nina"}, "password": {"a long enough secret"}}))
			if w.Code != http.StatusSeeOther || sessionCookie(w) == nil {
				t.Errorf("the new user cannot sign in: status %d", w.Code)
			}
		})

		t.Run("a refused user keeps what was typed but the password", func(t *testing.T) {
			typed := url.Values{"username": {"omar"}, "display_name": {"Omar Typed"}, "email": {"omar@example.com"},
				"role": {"director"}, "org_unit_id": {strconv.FormatInt(f.unit, 10)}, "password": {"Sh0rt!pw"}}
			body := wantPage(t, f.do(t, "POST", "/admin/users", cookie(admin), form(typed)), 400,
				"The password must be at least 10 characters.", `value="omar"`, `value="Omar Typed"`, `value="omar@example.com"`,
				`<option value="director" selected>`, `<option value="`+strconv.FormatInt(f.unit, 10)+`" selected>`,
				`id="u-password" name="password"`, `aria-invalid="true"`)
			if strings.Contains(body, "Sh0rt!pw") {
				t.Error("the password is written back into the page")
			}
			if _, err := s.FindUserByUsername(ctx, "omar"); kam.ErrorCode(err) != kam.ENOTFOUND {
				t.Errorf("a refused user was added: %v", err)
			}
			typed.Set("password", "long enough now")
			typed.Set("email", "not an address")
			wantPage(t, f.do(t, "POST", "/admin/users", cookie(admin), form(typed)), 400, "is not an email address", `value="not an address"`)
			typed.Set("email", "")
			typed.Set("username", "am1")
			wantPage(t, f.do(t, "POST", "/admin/users", cookie(admin), form(typed)), 409, "The username &#34;am1&#34; is taken.", `value="Omar Typed"`)
		})

		t.Run("a new role ends the user's sessions", func(t *testing.T) {
			am2 := f.login(t, "am2")
			v := f.editForm(t, admin, f.am2.ID)
			v.Set("role", "director")
			w := f.do(t, "POST", userPath(f.am2.ID), cookie(admin), form(v))
			if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/admin/users?done=updated&user="+strconv.FormatInt(f.am2.ID, 10) {
				t.Fatalf("change role: status %d to %s\n%s", w.Code, w.Header().Get("Location"), w.Body)
			}
			wantPage(t, f.do(t, "GET", w.Header().Get("Location"), cookie(admin)), 200, "Saved Billie Chen.", "Account director")
			if u, _ := s.FindUserByID(ctx, f.am2.ID); u.Role != kam.RoleDirector {
				t.Errorf("role now %s", u.Role)
			}
			signedOut(t, f.fixture, am2, "am2")
		})

		t.Run("a stale form is refused and keeps what was typed", func(t *testing.T) {
			stale := f.editForm(t, admin, f.am2.ID)
			fresh := f.editForm(t, admin, f.am2.ID)
			fresh.Set("email", "billie@example.com")
			if w := f.do(t, "POST", userPath(f.am2.ID), cookie(admin), form(fresh)); w.Code != http.StatusSeeOther {
				t.Fatalf("save: status %d\n%s", w.Code, w.Body)
			}
			stale.Set("display_name", "Billie Stale")
			body := wantPage(t, f.do(t, "POST", userPath(f.am2.ID), cookie(admin), form(stale)), 409,
				"Someone else changed this user", `value="Billie Stale"`, "billie@example.com", "Saved now")
			if u, _ := s.FindUserByID(ctx, f.am2.ID); u.DisplayName != "Billie Chen" || u.Email != "billie@example.com" {
				t.Errorf("a stale form was saved: %+v", u)
			}
			// The page now carries the stored updated_at: saving again keeps the typed values.
			again := stale
			again.Set("updated_at", html.UnescapeString(updatedAtField.FindStringSubmatch(body)[1]))
			again.Set("email", "billie@example.com")
			if w := f.do(t, "POST", userPath(f.am2.ID), cookie(admin), form(again)); w.Code != http.StatusSeeOther {
				t.Fatalf("save again: status %d\n%s", w.Code, w.Body)
			}
			if u, _ := s.FindUserByID(ctx, f.am2.ID); u.DisplayName != "Billie Stale" {
				t.Errorf("saving again: %+v", u)
			}
			noStamp := f.editForm(t, admin, f.am2.ID)
			noStamp.Del("updated_at")
			wantPage(t, f.do(t, "POST", userPath(f.am2.ID), cookie(admin), form(noStamp)), 400, "The form is incomplete")
		})

		t.Run("an administrator cannot demote themselves", func(t *testing.T) {
			v := f.editForm(t, admin, f.admin.ID)
			v.Set("role", "am")
			v.Set("display_name", "Ada Typed")
			wantPage(t, f.do(t, "POST", userPath(f.admin.ID), cookie(admin), form(v)), 400,
				"You cannot take away your own administrator role", `value="Ada Typed"`, `<option value="am" selected>`, "This is you.")
			v = f.editForm(t, admin, f.admin.ID)
			v.Del("active")
			wantPage(t, f.do(t, "POST", userPath(f.admin.ID), cookie(admin), form(v)), 400, "You cannot deactivate yourself")
			if u, _ := s.FindUserByID(ctx, f.admin.ID); u.Role != kam.RoleAdmin || !u.Active || u.DisplayName != "Ada Admin" {
				t.Errorf("the administrator is now %+v", u)
			}
		})

		t.Run("deactivation signs the user out", func(t *testing.T) {
			am1 := f.login(t, "am1")
			v := f.editForm(t, admin, f.am1.ID)
			v.Del("active")
			if w := f.do(t, "POST", userPath(f.am1.ID), cookie(admin), form(v)); w.Code != http.StatusSeeOther {
				t.Fatalf("deactivate: status %d\n%s", w.Code, w.Body)
			}
			signedOut(t, f.fixture, am1, "am1")
			w := f.do(t, "POST", "/login", form(url.Values{"username": {"am1"}, "password": {testPassword}}))
			if sessionCookie(w) != nil {
				t.Error("a deactivated user signs in")
			}
			wantPage(t, f.do(t, "GET", "/admin/users?active=no", cookie(admin)), 200, "Alex Morgan", "Deactivated")
		})
	})
}

func TestAdminOrg(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newAdminFixture(t, s)
		admin := f.login(t, "admin")
		unit := strconv.FormatInt(f.unit, 10)
		wantPage(t, f.do(t, "GET", "/admin/org", cookie(admin)), 200, `<a href="/admin/users" aria-current="page">Admin</a>`,
			"Nordics", `unit-country">Country`, `<a href="/admin/users?unit=`+unit+`">2 users</a> · 7 accounts`, `action="/admin/org"`)

		w := f.do(t, "POST", "/admin/org", cookie(admin), form(url.Values{"name": {" <i>Baltics</i> "}, "kind": {"territory"}, "parent_id": {unit}}))
		if w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/admin/org?done=created&unit=") {
			t.Fatalf("add unit: status %d to %s\n%s", w.Code, w.Header().Get("Location"), w.Body)
		}
		body := wantPage(t, f.do(t, "GET", w.Header().Get("Location"), cookie(admin)), 200, "Added &lt;i&gt;Baltics&lt;/i&gt;.",
			`unit-territory">Territory`, "0 users</a> · 0 accounts")
		if strings.Contains(body, "<i>Baltics") {
			t.Error("a unit name's markup is rendered")
		}
		units, err := s.FindOrgUnits(context.Background())
		must(t, err)
		if last := units[len(units)-1]; last.Name != "<i>Baltics</i>" || last.ParentID != f.unit || last.Kind != kam.OrgTerritory {
			t.Errorf("added unit: %+v", last)
		}

		wantPage(t, f.do(t, "POST", "/admin/org", cookie(admin), form(url.Values{"name": {"Finland"}, "kind": {""}, "parent_id": {unit}})), 400,
			"Kind must be one of", `value="Finland"`, `<option value="`+unit+`" selected>`)
		wantPage(t, f.do(t, "POST", "/admin/org", cookie(admin), form(url.Values{"name": {"Finland"}, "kind": {"country"}, "parent_id": {"999999"}})), 400,
			"Parent org unit 999999 not found.", `value="Finland"`, `<option value="country" selected>`)
		wantPage(t, f.do(t, "POST", "/admin/org", cookie(admin), form(url.Values{"name": {""}, "kind": {"country"}})), 400, "An org unit needs a name.")
		if after, _ := s.FindOrgUnits(context.Background()); len(after) != len(units) {
			t.Errorf("refused units were added: %d units, want %d", len(after), len(units))
		}
	})
}

// TestAdminPagesHiddenFromOthers: for anyone but an administrator, every
// admin address is a page that does not exist, and nothing changes.
func TestAdminPagesHiddenFromOthers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newAdminFixture(t, s)
		ctx := context.Background()
		director := &kam.User{Username: "dir", DisplayName: "Dana Director", Role: kam.RoleDirector, OrgUnitID: f.unit}
		must(t, s.CreateUser(ctx, kam.System(), director, testPassword))
		usersBefore, _ := s.FindUsers(ctx, kam.System())
		unitsBefore, _ := s.FindOrgUnits(ctx)
		am1, dir := f.login(t, "am1"), f.login(t, "dir")
		if body := f.do(t, "GET", "/", cookie(am1)).Body.String(); strings.Contains(body, `href="/admin/users"`) {
			t.Error("an account manager's top bar links the admin pages")
		}
		edit := url.Values{"display_name": {"Pwned"}, "role": {"admin"}, "active": {"1"}, "org_unit_id": {""}, "manager_id": {""},
			"updated_at": {"2000-01-01T00:00:00Z"}}
		for _, sess := range []string{am1, dir} {
			for _, tc := range []struct {
				method, path string
				body         url.Values
			}{
				{"GET", "/admin/users", nil},
				{"GET", "/admin/users?role=admin", nil},
				{"GET", userPath(f.am1.ID), nil},
				{"GET", "/admin/org", nil},
				{"POST", "/admin/users", url.Values{"username": {"sneaky"}, "role": {"admin"}, "password": {"a long enough secret"}}},
				{"POST", userPath(f.am1.ID), edit},
				{"POST", userPath(f.admin.ID), url.Values{"role": {"viewer"}}},
				{"POST", "/admin/org", url.Values{"name": {"Shadow"}, "kind": {"region"}}},
			} {
				body := wantPage(t, f.do(t, tc.method, tc.path, cookie(sess), form(tc.body)), 404, "There is no page at this address.")
				if strings.Contains(body, "Pwned") || strings.Contains(body, "Ada Admin") {
					t.Errorf("%s %s shows admin data", tc.method, tc.path)
				}
			}
		}
		usersAfter, _ := s.FindUsers(ctx, kam.System())
		unitsAfter, _ := s.FindOrgUnits(ctx)
		if len(usersAfter) != len(usersBefore) || len(unitsAfter) != len(unitsBefore) {
			t.Errorf("users %d → %d, units %d → %d", len(usersBefore), len(usersAfter), len(unitsBefore), len(unitsAfter))
		}
		for _, u := range usersAfter {
			if u.DisplayName == "Pwned" || (u.Username == "am1" && u.Role != kam.RoleAM) || (u.Username == "admin" && u.Role != kam.RoleAdmin) {
				t.Errorf("a refused change was written: %+v", u)
			}
		}
	})
}

// TestAdminPagesOnAnEmptyOrg: before any org unit exists, the pages say so
// and the first unit and user can be added.
func TestAdminPagesOnAnEmptyOrg(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := &fixture{st: s, h: server.New(server.Config{}, s, nil)}
		must(t, s.CreateUser(context.Background(), kam.System(), &kam.User{Username: "root", Role: kam.RoleAdmin}, testPassword))
		root := f.login(t, "root")
		wantPage(t, f.do(t, "GET", "/admin/org", cookie(root)), 200, "No org units yet.", `<option value="">Nothing: a top unit</option>`)
		wantPage(t, f.do(t, "GET", "/admin/users", cookie(root)), 200, "root", "1 of 1 users", `<option value="">None</option>`)
		w := f.do(t, "POST", "/admin/org", cookie(root), form(url.Values{"name": {"Worldwide"}, "kind": {"global"}}))
		if w.Code != http.StatusSeeOther {
			t.Fatalf("add the first unit: status %d\n%s", w.Code, w.Body)
		}
		wantPage(t, f.do(t, "GET", w.Header().Get("Location"), cookie(root)), 200, "Added Worldwide.", "0 users</a> · 0 accounts")
	})
}
