package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

func TestCaseAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		write, admin := f.writeTokens(t)
		ctx := context.Background()
		opened := time.Date(2026, time.December, 1, 10, 0, 0, 0, time.UTC)
		s.Now = func() time.Time { return opened }

		// Open a case: due by the service level (high: 48 hours).
		created := f.call(t, "POST", "/api/v1/cases", write, fmt.Sprintf(`{"account_id": %d, "kind": "complaint", "severity": "high",
			"subject": "Leaking valve", "description": "Valve V-12 leaks at the bottling line."}`, f.group.ID))
		var c kam.Case
		if created.status != 201 || json.Unmarshal(created.body.Data, &c) != nil || c.ID == 0 || c.OwnerID != f.am1.ID ||
			c.Due.String() != "2026-12-03" || c.Status != "open" || created.header.Get("ETag") != `"1"` ||
			created.header.Get("Location") != fmt.Sprintf("/api/v1/cases/%d", c.ID) {
			t.Fatalf("create: %d %v %s", created.status, created.header, created.raw)
		}
		path := fmt.Sprintf("/api/v1/cases/%d", c.ID)
		// An administrator shortens the level of medium cases to a day.
		if put := f.call(t, "PUT", "/api/v1/settings/case_sla", admin, `{"medium": 24}`); put.status != 200 {
			t.Fatalf("set the service level: %d %s", put.status, put.raw)
		}
		wantError(t, "bad level", f.call(t, "PUT", "/api/v1/settings/case_sla", admin, `{"urgent": 2}`), 400, kam.EINVALID, "case_sla")
		medium := f.call(t, "POST", "/api/v1/cases", write, fmt.Sprintf(`{"account_id": %d, "kind": "question", "subject": "Pallet sizes"}`, f.group.ID))
		if medium.status != 201 || !strings.Contains(medium.raw, `"due":"2026-12-02"`) || !strings.Contains(medium.raw, `"severity":"medium"`) {
			t.Errorf("a medium case with a 24-hour level: %d %s", medium.status, medium.raw)
		}
		wantError(t, "no subject", f.call(t, "POST", "/api/v1/cases", write, fmt.Sprintf(`{"account_id": %d, "kind": "question", "subject": " "}`, f.group.ID)),
			400, kam.EINVALID, "subject")
		wantError(t, "bad kind", f.call(t, "POST", "/api/v1/cases", write, fmt.Sprintf(`{"account_id": %d, "kind": "praise", "subject": "X"}`, f.group.ID)),
			400, kam.EINVALID, "kind")
		wantError(t, "another's account", f.call(t, "POST", "/api/v1/cases", write, fmt.Sprintf(`{"account_id": %d, "kind": "question", "subject": "X"}`, f.other.ID)),
			400, kam.EINVALID, "account_id")
		wantError(t, "read-only token", f.call(t, "POST", "/api/v1/cases", f.readToken, fmt.Sprintf(`{"account_id": %d, "kind": "question", "subject": "X"}`, f.group.ID)),
			403, kam.EFORBIDDEN, "")

		// Another user's case is not there.
		theirs := &kam.Case{AccountID: f.other.ID, Kind: kam.CaseConflict, Subject: "Secret dispute"}
		am2, err := s.PrincipalFor(ctx, f.am2.ID)
		must(t, err)
		must(t, s.CreateCase(ctx, am2, theirs))
		wantError(t, "get another's case", f.call(t, "GET", fmt.Sprintf("/api/v1/cases/%d", theirs.ID), write, ""), 404, kam.ENOTFOUND, "")
		wantError(t, "patch another's case", f.call(t, "PATCH", fmt.Sprintf("/api/v1/cases/%d", theirs.ID), write, `{"severity": "low"}`, "If-Match", `"1"`),
			404, kam.ENOTFOUND, "")
		list := f.call(t, "GET", "/api/v1/cases", write, "")
		if list.status != 200 || strings.Contains(list.raw, "Secret dispute") || !strings.Contains(list.raw, "Leaking valve") ||
			strings.Index(list.raw, "Pallet sizes") > strings.Index(list.raw, "Leaking valve") {
			t.Errorf("list (earliest due first, own cases only): %d %s", list.status, list.raw)
		}

		// PATCH needs the version; stale is 412 with the case as it is.
		wantError(t, "no If-Match", f.call(t, "PATCH", path, write, `{"status": "in_progress"}`), 428, kam.EPRECONDITION, "")
		wantError(t, "read-only patch", f.call(t, "PATCH", path, f.readToken, `{"status": "in_progress"}`, "If-Match", `"1"`), 403, kam.EFORBIDDEN, "")
		moved := f.call(t, "PATCH", path, write, `{"status": "in_progress"}`, "If-Match", `"1"`)
		if moved.status != 200 || moved.header.Get("ETag") != `"2"` || !strings.Contains(moved.raw, `"status":"in_progress"`) {
			t.Fatalf("patch: %d %s", moved.status, moved.raw)
		}
		stale := f.call(t, "PATCH", path, write, `{"status": "waiting"}`, "If-Match", `"1"`)
		wantError(t, "stale If-Match", stale, 412, kam.ESTALE, "")
		if !strings.Contains(stale.raw, `"status":"in_progress"`) || stale.header.Get("ETag") != `"2"` {
			t.Errorf("a stale change shows the case as it is now: %s", stale.raw)
		}
		wantError(t, "resolve without satisfaction", f.call(t, "PATCH", path, write, `{"status": "resolved"}`, "If-Match", `"2"`),
			400, kam.EINVALID, "satisfaction")
		wantError(t, "close an open case", f.call(t, "PATCH", path, write, `{"status": "closed", "satisfaction": 3}`, "If-Match", `"2"`),
			400, kam.EINVALID, "status")
		resolved := f.call(t, "PATCH", path, write, `{"status": "resolved", "satisfaction": 5}`, "If-Match", `"2"`)
		if resolved.status != 200 || !strings.Contains(resolved.raw, `"satisfaction":5`) || !strings.Contains(resolved.raw, `"resolved_at"`) {
			t.Fatalf("resolve: %d %s", resolved.status, resolved.raw)
		}
		if list := f.call(t, "GET", "/api/v1/cases", write, ""); strings.Contains(list.raw, "Leaking valve") {
			t.Errorf("a resolved case is still listed as unresolved: %s", list.raw)
		}
		if list := f.call(t, "GET", "/api/v1/cases?status=resolved", write, ""); !strings.Contains(list.raw, "Leaking valve") {
			t.Errorf("the resolved case is not listed as resolved: %s", list.raw)
		}
		wantError(t, "bad filter", f.call(t, "GET", "/api/v1/cases?severity=urgent", write, ""), 400, kam.EINVALID, "severity")

		// Delete is soft; only an administrator restores.
		wantError(t, "delete stale", f.call(t, "DELETE", path, write, "", "If-Match", `"1"`), 412, kam.ESTALE, "")
		wantError(t, "read-only delete", f.call(t, "DELETE", path, f.readToken, ""), 403, kam.EFORBIDDEN, "")
		if d := f.call(t, "DELETE", path, write, "", "If-Match", `"3"`); d.status != 204 {
			t.Fatalf("delete: %d %s", d.status, d.raw)
		}
		wantError(t, "get deleted", f.call(t, "GET", path, write, ""), 404, kam.ENOTFOUND, "")
		wantError(t, "AM restores", f.call(t, "POST", path+"/restore", write, ""), 403, kam.EFORBIDDEN, "")
		if r := f.call(t, "POST", path+"/restore", admin, ""); r.status != 200 || f.call(t, "GET", path, write, "").status != 200 {
			t.Errorf("restore: %d %s", r.status, r.raw)
		}
		history, err := s.FindAuditEntries(ctx, kam.System(), "case", c.ID)
		must(t, err)
		var actions []string
		for _, e := range history {
			actions = append(actions, e.Action+"/"+e.Channel)
		}
		got := strings.Join(actions, " ")
		for _, want := range []string{"create/api", "update/api", "delete/api", "restore/api"} {
			if !strings.Contains(got, want) {
				t.Errorf("audit trail of the case lacks %s: %s", want, got)
			}
		}
	})
}
