package server_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

func TestUserAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		write, admin := f.writeTokens(t)

		me := f.call(t, "GET", "/api/v1/me", f.readToken, "")
		if me.status != 200 || !strings.Contains(me.raw, `"username":"am1"`) || strings.Contains(me.raw, "argon2") || me.header.Get("ETag") != `"1"` {
			t.Errorf("me: %d %s", me.status, me.raw)
		}
		wantError(t, "me without a token", f.call(t, "GET", "/api/v1/me", "", ""), 401, kam.EUNAUTHORIZED, "")
		if list := f.call(t, "GET", "/api/v1/users", write, ""); list.status != 200 || strings.Contains(list.raw, "am2") || !strings.Contains(list.raw, "am1") {
			t.Errorf("an account manager lists only themselves: %s", list.raw)
		}
		wantError(t, "another user", f.call(t, "GET", fmt.Sprintf("/api/v1/users/%d", f.am2.ID), write, ""), 404, kam.ENOTFOUND, "")
		if list := f.call(t, "GET", "/api/v1/users?role=am&active=true&limit=1", admin, ""); list.status != 200 || !strings.Contains(list.raw, "am1") ||
			!strings.Contains(list.raw, "next_cursor") {
			t.Errorf("the administrator's first page: %s", list.raw)
		}
		wantError(t, "bad role", f.call(t, "GET", "/api/v1/users?role=boss", admin, ""), 400, kam.EINVALID, "role")

		// Adding users: administrators; the password is never answered or logged.
		const secret = "a long enough secret phrase"
		body := `{"username": "jv", "display_name": "Jonna Virtanen", "email": "jonna@example.com", "role": "kam", "password": "` + secret + `"}`
		wantError(t, "an AM adds a user", f.call(t, "POST", "/api/v1/users", write, body), 403, kam.EFORBIDDEN, "")
		created := f.call(t, "POST", "/api/v1/users", admin, body)
		var u kam.User
		if created.status != 201 || json.Unmarshal(created.body.Data, &u) != nil || u.ID == 0 || strings.Contains(created.raw, secret) {
			t.Fatalf("create: %d %s", created.status, created.raw)
		}
		if strings.Contains(f.log.String(), secret) {
			t.Error("the password was logged")
		}
		wantError(t, "taken", f.call(t, "POST", "/api/v1/users", admin, body), 409, kam.ECONFLICT, "")
		wantError(t, "short password", f.call(t, "POST", "/api/v1/users", admin, `{"username": "x", "role": "am", "password": "short"}`),
			400, kam.EINVALID, "password")
		wantError(t, "bad email", f.call(t, "POST", "/api/v1/users", admin, `{"username": "x", "role": "am", "email": "nope"}`), 400, kam.EINVALID, "email")
		if bare := f.call(t, "POST", "/api/v1/users", admin, `{"username": "nopass", "role": "viewer"}`); bare.status != 201 {
			t.Errorf("a user without a password: %d %s", bare.status, bare.raw)
		}

		// Changes name the version; administrators keep their own role.
		path := fmt.Sprintf("/api/v1/users/%d", u.ID)
		wantError(t, "no If-Match", f.call(t, "PATCH", path, admin, `{"role": "director"}`), 428, kam.EPRECONDITION, "")
		wantError(t, "an AM patches", f.call(t, "PATCH", path, write, `{"role": "director"}`, "If-Match", `"1"`), 403, kam.EFORBIDDEN, "")
		wantError(t, "password in a patch", f.call(t, "PATCH", path, admin, `{"password": "x"}`, "If-Match", `"1"`), 400, kam.EINVALID, "password")
		if ok := f.call(t, "PATCH", path, admin, `{"role": "director"}`, "If-Match", `"1"`); ok.status != 200 || ok.header.Get("ETag") != `"2"` {
			t.Errorf("patch: %d %s", ok.status, ok.raw)
		}
		stale := f.call(t, "PATCH", path, admin, `{"active": false}`, "If-Match", `"1"`)
		if wantError(t, "stale", stale, 412, kam.ESTALE, ""); !strings.Contains(stale.raw, `"role":"director"`) {
			t.Errorf("a stale change shows the user as it is now: %s", stale.raw)
		}
		root := f.call(t, "GET", "/api/v1/me", admin, "")
		var self kam.User
		must(t, json.Unmarshal(root.body.Data, &self))
		wantError(t, "self-demotion", f.call(t, "PATCH", fmt.Sprintf("/api/v1/users/%d", self.ID), admin, `{"role": "am"}`, "If-Match", root.header.Get("ETag")),
			400, kam.EINVALID, "role")
	})
}

func TestOrgUnitAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		write, admin := f.writeTokens(t)
		wantError(t, "an AM adds a unit", f.call(t, "POST", "/api/v1/org-units", write, `{"kind": "region", "name": "Europe"}`), 403, kam.EFORBIDDEN, "")
		europe := f.call(t, "POST", "/api/v1/org-units", admin, `{"kind": "region", "name": "Europe"}`)
		var eu kam.OrgUnit
		if europe.status != 201 || json.Unmarshal(europe.body.Data, &eu) != nil || eu.ID == 0 {
			t.Fatalf("create: %d %s", europe.status, europe.raw)
		}
		finland := f.call(t, "POST", "/api/v1/org-units", admin, fmt.Sprintf(`{"kind": "country", "name": "Finland", "parent_id": %d}`, eu.ID))
		var fi kam.OrgUnit
		if finland.status != 201 || json.Unmarshal(finland.body.Data, &fi) != nil {
			t.Fatalf("create: %d %s", finland.status, finland.raw)
		}
		wantError(t, "bad kind", f.call(t, "POST", "/api/v1/org-units", admin, `{"kind": "planet", "name": "Mars"}`), 400, kam.EINVALID, "kind")
		if list := f.call(t, "GET", "/api/v1/org-units", f.readToken, ""); list.status != 200 || !strings.Contains(list.raw, fmt.Sprintf(`"parent_id":%d`, eu.ID)) {
			t.Errorf("everyone reads the tree: %d %s", list.status, list.raw)
		}
		wantError(t, "unknown parameter", f.call(t, "GET", "/api/v1/org-units?kind=region", f.readToken, ""), 400, kam.EINVALID, "kind")
		path := fmt.Sprintf("/api/v1/org-units/%d", eu.ID)
		wantError(t, "no If-Match", f.call(t, "PATCH", path, admin, `{"name": "EMEA"}`), 428, kam.EPRECONDITION, "")
		wantError(t, "an AM renames", f.call(t, "PATCH", path, write, `{"name": "EMEA"}`, "If-Match", `"1"`), 403, kam.EFORBIDDEN, "")
		wantError(t, "a cycle", f.call(t, "PATCH", path, admin, fmt.Sprintf(`{"parent_id": %d}`, fi.ID), "If-Match", `"1"`), 400, kam.EINVALID, "parent_id")
		if ok := f.call(t, "PATCH", path, admin, `{"name": "EMEA"}`, "If-Match", `"1"`); ok.status != 200 || ok.header.Get("ETag") != `"2"` {
			t.Errorf("rename: %d %s", ok.status, ok.raw)
		}
		wantError(t, "stale", f.call(t, "PATCH", path, admin, `{"name": "Europe"}`, "If-Match", `"1"`), 412, kam.ESTALE, "")
		wantError(t, "missing", f.call(t, "GET", "/api/v1/org-units/999999", f.readToken, ""), 404, kam.ENOTFOUND, "")
		wantError(t, "no delete", f.call(t, "DELETE", path, admin, ""), 405, "method_not_allowed", "")
	})
}
