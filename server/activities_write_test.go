package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// documented fails the test unless c, the answer of the operation at method
// and path, has the body the OpenAPI document describes for its status.
func documented(t *testing.T, d openAPIDoc, method, path string, c apiCall) {
	t.Helper()
	for _, o := range d.operations() {
		if o.method != method || o.path != path {
			continue
		}
		res := d.response(o, c.status)
		medium, _ := res["content"].(map[string]any)["application/json"].(map[string]any)
		if medium == nil {
			t.Fatalf("%s: %d is not documented with a JSON body", o, c.status)
		}
		dec := json.NewDecoder(bytes.NewReader([]byte(c.raw)))
		dec.UseNumber()
		var body any
		must(t, dec.Decode(&body))
		if probs := d.validate(medium["schema"].(map[string]any), body, "body"); len(probs) > 0 {
			t.Errorf("%s: %d answer does not match the document:\n  %s", o, c.status, strings.Join(probs, "\n  "))
		}
		return
	}
	t.Fatalf("%s %s is not documented", method, path)
}

// auditTrail lists the account's audit entries as action/channel.
func auditTrail(t *testing.T, s *store.Store, accountID int64) string {
	t.Helper()
	history, err := s.FindAuditEntries(context.Background(), kam.System(), "account", accountID)
	must(t, err)
	var actions []string
	for _, e := range history {
		actions = append(actions, e.Action+"/"+e.Channel)
	}
	return strings.Join(actions, " ")
}

func TestActivityWriteAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		write, admin := f.writeTokens(t)
		d := f.openAPI(t)
		ctx := context.Background()

		created := f.call(t, "POST", fmt.Sprintf("/api/v1/accounts/%d/activities", f.group.ID), write, `{"kind": "call", "subject": "Quarterly review"}`)
		var a kam.Activity
		if created.status != 201 || json.Unmarshal(created.body.Data, &a) != nil || a.ID == 0 {
			t.Fatalf("log a call: %d %s", created.status, created.raw)
		}
		path := fmt.Sprintf("/api/v1/activities/%d", a.ID)
		got := f.call(t, "GET", path, f.readToken, "")
		if got.status != 200 || got.header.Get("ETag") != `"1"` || !strings.Contains(got.raw, `"subject":"Quarterly review"`) ||
			!strings.Contains(got.raw, `"account_name":"Nordic Foods Group"`) {
			t.Fatalf("get: %d %v %s", got.status, got.header, got.raw)
		}
		documented(t, d, "GET", "/api/v1/activities/{id}", got)

		// PATCH needs the version it started from.
		wantError(t, "no If-Match", f.call(t, "PATCH", path, write, `{"outcome": "Pilot agreed"}`), 428, kam.EPRECONDITION, "")
		patched := f.call(t, "PATCH", path, write, `{"kind": "visit", "outcome": "Pilot agreed", "next_step": "Send the offer",
			"next_step_due": "2026-05-12", "occurred_at": "2026-01-15T10:00:00Z"}`, "If-Match", `"1"`)
		if patched.status != 200 || patched.header.Get("ETag") != `"2"` || !strings.Contains(patched.raw, `"kind":"visit"`) ||
			!strings.Contains(patched.raw, `"next_step_due":"2026-05-12"`) || !strings.Contains(patched.raw, `"occurred_at":"2026-01-15T10:00:00Z"`) {
			t.Fatalf("patch: %d %v %s", patched.status, patched.header, patched.raw)
		}
		stale := f.call(t, "PATCH", path, write, `{"subject": "Older"}`, "If-Match", `"1"`)
		wantError(t, "stale If-Match", stale, 412, kam.ESTALE, "")
		var now store.ActivityRow
		if json.Unmarshal(stale.body.Data, &now) != nil || now.Version != 2 || now.Outcome != "Pilot agreed" || stale.header.Get("ETag") != `"2"` {
			t.Errorf("a stale change shows the activity as it is now: %s", stale.raw)
		}
		documented(t, d, "PATCH", "/api/v1/activities/{id}", stale)
		byBody := f.call(t, "PATCH", path, write, `{"version": 2, "next_step_due": null, "notes": "Met the plant manager."}`)
		if byBody.status != 200 || byBody.header.Get("ETag") != `"3"` || !strings.Contains(byBody.raw, `"next_step_due":null`) {
			t.Errorf("patch with the version in the body: %d %s", byBody.status, byBody.raw)
		}
		wantError(t, "unknown field", f.call(t, "PATCH", path, write, `{"colour": "red"}`, "If-Match", `"3"`), 400, kam.EINVALID, "colour")
		wantError(t, "empty subject", f.call(t, "PATCH", path, write, `{"subject": " "}`, "If-Match", `"3"`), 400, kam.EINVALID, "subject")
		wantError(t, "read-only token", f.call(t, "PATCH", path, f.readToken, `{"subject": "x"}`, "If-Match", `"3"`), 403, kam.EFORBIDDEN, "")
		wantError(t, "read-only delete", f.call(t, "DELETE", path, f.readToken, ""), 403, kam.EFORBIDDEN, "")

		// Another user's activity is not there for am1.
		am2, err := s.PrincipalFor(ctx, f.am2.ID)
		must(t, err)
		secret := &kam.Activity{AccountID: f.other.ID, Kind: kam.ActivityNote, Subject: "Secret"}
		must(t, s.CreateActivity(ctx, am2, secret))
		otherPath := fmt.Sprintf("/api/v1/activities/%d", secret.ID)
		wantError(t, "another's get", f.call(t, "GET", otherPath, write, ""), 404, kam.ENOTFOUND, "")
		wantError(t, "another's patch", f.call(t, "PATCH", otherPath, write, `{"subject": "x"}`, "If-Match", `"1"`), 404, kam.ENOTFOUND, "")
		wantError(t, "another's delete", f.call(t, "DELETE", otherPath, write, ""), 404, kam.ENOTFOUND, "")

		// Delete is soft; only an administrator restores.
		wantError(t, "delete stale", f.call(t, "DELETE", path, write, "", "If-Match", `"2"`), 412, kam.ESTALE, "")
		if c := f.call(t, "DELETE", path, write, "", "If-Match", `"3"`); c.status != 204 {
			t.Fatalf("delete: %d %s", c.status, c.raw)
		}
		wantError(t, "get deleted", f.call(t, "GET", path, write, ""), 404, kam.ENOTFOUND, "")
		if list := f.call(t, "GET", fmt.Sprintf("/api/v1/accounts/%d/activities", f.group.ID), write, ""); list.status != 200 || string(list.body.Data) != "[]" {
			t.Errorf("a deleted activity is listed: %s", list.raw)
		}
		events, err := s.FindTimeline(ctx, kam.System(), f.group.ID, 50)
		must(t, err)
		for _, e := range events {
			if e.Kind == store.TimelineActivity {
				t.Errorf("a deleted activity is on the timeline: %+v", e)
			}
		}
		wantError(t, "AM restores", f.call(t, "POST", path+"/restore", write, ""), 403, kam.EFORBIDDEN, "")
		restored := f.call(t, "POST", path+"/restore", admin, "")
		if restored.status != 200 || restored.header.Get("ETag") != `"5"` || f.call(t, "GET", path, write, "").status != 200 {
			t.Errorf("restore: %d %v %s", restored.status, restored.header, restored.raw)
		}
		documented(t, d, "POST", "/api/v1/activities/{id}/restore", restored)
		wantError(t, "restore again", f.call(t, "POST", path+"/restore", admin, ""), 404, kam.ENOTFOUND, "")
		trail := auditTrail(t, s, f.group.ID)
		for _, want := range []string{"update_activity/api", "delete_activity/api", "restore_activity/api"} {
			if !strings.Contains(trail, want) {
				t.Errorf("audit trail of the account lacks %s: %s", want, trail)
			}
		}
	})
}

func TestTaskWriteAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		write, admin := f.writeTokens(t)
		d := f.openAPI(t)
		ctx := context.Background()

		created := f.call(t, "POST", "/api/v1/tasks", write, fmt.Sprintf(`{"title": "Send the offer", "due": "2026-05-08", "account_id": %d}`, f.group.ID))
		var task kam.Task
		if created.status != 201 || json.Unmarshal(created.body.Data, &task) != nil || task.ID == 0 {
			t.Fatalf("add a task: %d %s", created.status, created.raw)
		}
		path := fmt.Sprintf("/api/v1/tasks/%d", task.ID)
		got := f.call(t, "GET", path, f.readToken, "")
		if got.status != 200 || got.header.Get("ETag") != `"1"` || !strings.Contains(got.raw, `"title":"Send the offer"`) {
			t.Fatalf("get: %d %v %s", got.status, got.header, got.raw)
		}
		documented(t, d, "GET", "/api/v1/tasks/{id}", got)

		wantError(t, "no If-Match", f.call(t, "PATCH", path, write, `{"title": "x"}`), 428, kam.EPRECONDITION, "")
		patched := f.call(t, "PATCH", path, write, `{"title": "Send the revised offer", "due": null}`, "If-Match", `"1"`)
		if patched.status != 200 || patched.header.Get("ETag") != `"2"` || !strings.Contains(patched.raw, `"title":"Send the revised offer"`) ||
			!strings.Contains(patched.raw, `"due":null`) {
			t.Fatalf("patch: %d %v %s", patched.status, patched.header, patched.raw)
		}
		documented(t, d, "PATCH", "/api/v1/tasks/{id}", patched)
		stale := f.call(t, "PATCH", path, write, `{"title": "Older"}`, "If-Match", `"1"`)
		wantError(t, "stale If-Match", stale, 412, kam.ESTALE, "")
		var now store.TaskRow
		if json.Unmarshal(stale.body.Data, &now) != nil || now.Version != 2 || now.Title != "Send the revised offer" {
			t.Errorf("a stale change shows the task as it is now: %s", stale.raw)
		}
		documented(t, d, "PATCH", "/api/v1/tasks/{id}", stale)
		wantError(t, "unknown field", f.call(t, "PATCH", path, write, `{"notes": "x"}`, "If-Match", `"2"`), 400, kam.EINVALID, "notes")
		wantError(t, "bad due day", f.call(t, "PATCH", path, write, `{"due": "friday"}`, "If-Match", `"2"`), 400, kam.EINVALID, "")
		wantError(t, "to someone who cannot see the account", f.call(t, "PATCH", path, write, fmt.Sprintf(`{"assignee_id": %d}`, f.am2.ID),
			"If-Match", `"2"`), 400, kam.EINVALID, "assignee_id")
		wantError(t, "read-only token", f.call(t, "PATCH", path, f.readToken, `{"title": "x"}`, "If-Match", `"2"`), 403, kam.EFORBIDDEN, "")

		am2, err := s.PrincipalFor(ctx, f.am2.ID)
		must(t, err)
		secret := &kam.Task{AccountID: f.other.ID, Title: "Secret"}
		must(t, s.CreateTask(ctx, am2, secret))
		otherPath := fmt.Sprintf("/api/v1/tasks/%d", secret.ID)
		wantError(t, "another's get", f.call(t, "GET", otherPath, write, ""), 404, kam.ENOTFOUND, "")
		wantError(t, "another's patch", f.call(t, "PATCH", otherPath, write, `{"title": "x"}`, "If-Match", `"1"`), 404, kam.ENOTFOUND, "")
		wantError(t, "another's delete", f.call(t, "DELETE", otherPath, write, ""), 404, kam.ENOTFOUND, "")

		if c := f.call(t, "DELETE", path, write, "", "If-Match", `"2"`); c.status != 204 {
			t.Fatalf("delete: %d %s", c.status, c.raw)
		}
		wantError(t, "get deleted", f.call(t, "GET", path, write, ""), 404, kam.ENOTFOUND, "")
		wantError(t, "complete deleted", f.call(t, "POST", path+"/done", write, ""), 404, kam.ENOTFOUND, "")
		if list := f.call(t, "GET", fmt.Sprintf("/api/v1/tasks?account_id=%d", f.group.ID), write, ""); list.status != 200 || string(list.body.Data) != "[]" {
			t.Errorf("a deleted task is listed: %s", list.raw)
		}
		wantError(t, "AM restores", f.call(t, "POST", path+"/restore", write, ""), 403, kam.EFORBIDDEN, "")
		restored := f.call(t, "POST", path+"/restore", admin, "")
		if restored.status != 200 || restored.header.Get("ETag") != `"4"` || f.call(t, "GET", path, write, "").status != 200 {
			t.Errorf("restore: %d %v %s", restored.status, restored.header, restored.raw)
		}
		documented(t, d, "POST", "/api/v1/tasks/{id}/restore", restored)
		trail := auditTrail(t, s, f.group.ID)
		for _, want := range []string{"add_task/api", "update_task/api", "delete_task/api", "restore_task/api"} {
			if !strings.Contains(trail, want) {
				t.Errorf("audit trail of the account lacks %s: %s", want, trail)
			}
		}
	})
}
