package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// TestActivitiesAndTasksAPI logs activities and adds, lists and completes
// tasks through the API, and checks its refusals.
func TestActivitiesAndTasksAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		_, write, err := s.CreateToken(context.Background(), kam.System(), "am1", "capture", false, nil)
		must(t, err)
		today := kam.DateOf(s.Now())
		call := func(method, path, token, body string) (int, apiBody) {
			t.Helper()
			opts := []option{bearer(token)}
			if body != "" {
				opts = append(opts, rawBody("application/json", body))
			}
			w := f.do(t, method, path, opts...)
			return w.Code, decode(t, w)
		}
		refused := func(method, path, token, body string, status int, code, field string) {
			t.Helper()
			got, b := call(method, path, token, body)
			if got != status || b.Error == nil || b.Error.Code != code || b.Error.Field != field {
				t.Errorf("%s %s %s: %d %+v, want %d %s field %q", method, path, body, got, b.Error, status, code, field)
			}
		}
		activities := fmt.Sprintf("/api/v1/accounts/%d/activities", f.group.ID)

		status, b := call("POST", activities, write, `{"kind": "call", "subject": "Quarterly <review>", "notes": "Went well."}`)
		var a kam.Activity
		if status != http.StatusCreated || json.Unmarshal(b.Data, &a) != nil || a.ID == 0 || a.UserID != f.am1.ID ||
			a.AccountID != f.group.ID || a.Subject != "Quarterly <review>" || a.OccurredAt.IsZero() {
			t.Fatalf("log a call: %d %s", status, b.Data)
		}
		status, b = call("POST", activities, write, `{"kind": "visit", "subject": "Plant tour", "occurred_at": "2026-01-15T10:00:00Z"}`)
		if status != http.StatusCreated {
			t.Fatalf("log a visit: %d %+v", status, b.Error)
		}
		status, b = call("GET", activities+"?limit=10", f.readToken, "")
		var rows []store.ActivityRow
		if status != 200 || json.Unmarshal(b.Data, &rows) != nil || len(rows) != 2 || rows[0].ID != a.ID ||
			rows[0].AccountName != f.group.Name || rows[0].UserName != "Alex Morgan" || rows[1].Subject != "Plant tour" {
			t.Errorf("list activities: %d %s", status, b.Data)
		}
		refused("POST", activities, f.readToken, `{"kind": "call", "subject": "x"}`, 403, kam.EFORBIDDEN, "")
		refused("POST", fmt.Sprintf("/api/v1/accounts/%d/activities", f.other.ID), write, `{"kind": "call", "subject": "x"}`, 404, kam.ENOTFOUND, "")
		refused("GET", fmt.Sprintf("/api/v1/accounts/%d/activities", f.other.ID), write, "", 404, kam.ENOTFOUND, "")
		refused("POST", activities, write, `{"id": 5, "kind": "call", "subject": "x"}`, 400, kam.EINVALID, "id")
		refused("POST", activities, write, `{"subject": "x"}`, 400, kam.EINVALID, "kind")
		refused("POST", activities, write, `{"kind": "call"}`, 400, kam.EINVALID, "subject")
		refused("POST", activities+"?x=1", write, `{"kind": "call", "subject": "x"}`, 400, kam.EINVALID, "x")
		refused("GET", activities+"?limit=0", write, "", 400, kam.EINVALID, "limit")
		refused("GET", "/api/v1/accounts/abc/activities", write, "", 400, kam.EINVALID, "id")

		status, b = call("POST", "/api/v1/tasks", write, fmt.Sprintf(`{"title": "Send the offer", "due": %q, "account_id": %d}`, today, f.group.ID))
		var task kam.Task
		if status != http.StatusCreated || json.Unmarshal(b.Data, &task) != nil || task.ID == 0 || task.AssigneeID != f.am1.ID || task.Due != today {
			t.Fatalf("add a task: %d %s", status, b.Data)
		}
		if status, _ := call("POST", "/api/v1/tasks", write, fmt.Sprintf(`{"title": "Next month", "due": %q}`, today.AddDays(30))); status != http.StatusCreated {
			t.Fatalf("add an own task: %d", status)
		}
		status, b = call("GET", "/api/v1/tasks?due_before="+today.String(), f.readToken, "")
		var tasks []store.TaskRow
		if status != 200 || json.Unmarshal(b.Data, &tasks) != nil || len(tasks) != 1 || tasks[0].ID != task.ID || tasks[0].AccountName != f.group.Name {
			t.Errorf("tasks due today: %d %s", status, b.Data)
		}
		status, b = call("GET", "/api/v1/tasks", f.readToken, "")
		if status != 200 || json.Unmarshal(b.Data, &tasks) != nil || len(tasks) != 2 {
			t.Errorf("all open tasks: %d %s", status, b.Data)
		}
		refused("POST", "/api/v1/tasks", write, `{"title": " "}`, 400, kam.EINVALID, "title")
		refused("POST", "/api/v1/tasks", write, `{"title": "x", "due": "friday"}`, 400, kam.EINVALID, "")
		refused("POST", "/api/v1/tasks", f.readToken, `{"title": "x"}`, 403, kam.EFORBIDDEN, "")
		refused("POST", "/api/v1/tasks", write, fmt.Sprintf(`{"title": "x", "account_id": %d}`, f.other.ID), 404, kam.ENOTFOUND, "")
		refused("GET", "/api/v1/tasks?due_before=tomorrow", write, "", 400, kam.EINVALID, "due_before")
		refused("GET", fmt.Sprintf("/api/v1/tasks?account_id=%d", f.other.ID), write, "", 404, kam.ENOTFOUND, "")
		refused("GET", "/api/v1/tasks?assignee=me", write, "", 400, kam.EINVALID, "assignee")

		done := fmt.Sprintf("/api/v1/tasks/%d/done", task.ID)
		refused("POST", done, f.readToken, "", 403, kam.EFORBIDDEN, "")
		for range 2 {
			status, b = call("POST", done, write, "")
			var row store.TaskRow
			if status != 200 || json.Unmarshal(b.Data, &row) != nil || row.DoneAt == nil {
				t.Errorf("complete: %d %s", status, b.Data)
			}
		}
		refused("POST", "/api/v1/tasks/999999/done", write, "", 404, kam.ENOTFOUND, "")
		refused("POST", "/api/v1/tasks/x/done", write, "", 400, kam.EINVALID, "id")
		refused("DELETE", "/api/v1/tasks", write, "", 405, "method_not_allowed", "")
		if status, b := call("GET", "/api/v1/tasks?due_before="+today.String(), write, ""); status != 200 || string(b.Data) != "[]" {
			t.Errorf("tasks due today once done: %d %s", status, b.Data)
		}
	})
}
