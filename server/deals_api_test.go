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

// matchesDocument fails the test unless a 200 answer of an operation
// matches the schema the OpenAPI document gives it.
func (f *fixture) matchesDocument(t *testing.T, method, path string, c apiCall) {
	t.Helper()
	d := f.openAPI(t)
	for _, o := range d.operations() {
		if o.method != method || o.path != path {
			continue
		}
		medium := d.response(o, 200)["content"].(map[string]any)["application/json"].(map[string]any)
		dec := json.NewDecoder(bytes.NewReader([]byte(c.raw)))
		dec.UseNumber()
		var body any
		must(t, dec.Decode(&body))
		if probs := d.validate(medium["schema"].(map[string]any), body, "body"); len(probs) > 0 {
			t.Errorf("%s %s: the answer does not match the document:\n  %s", method, path, strings.Join(probs, "\n  "))
		}
		return
	}
	t.Errorf("%s %s is not documented", method, path)
}

func TestDealWriteAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		write, admin := f.writeTokens(t)
		secret := f.addDeals(t).secret
		ctx := context.Background()
		must(t, s.CreateWebhook(ctx, kam.System(), &kam.Webhook{URL: "https://hooks.example/kam", Events: []string{kam.EventOpportunityStageChanged}}))

		// Create: 201 with Location and ETag; defaults as in the app.
		created := f.call(t, "POST", "/api/v1/opportunities", write, fmt.Sprintf(`{"account_id": %d, "name": "Baltic expansion",
			"kind": "upsell", "stage": "proposal", "amount": 40000, "close_date": "2031-06-30"}`, f.group.ID))
		var o kam.Opportunity
		if created.status != 201 || json.Unmarshal(created.body.Data, &o) != nil || o.ID == 0 || o.OwnerID != f.am1.ID ||
			o.Currency != "EUR" || o.Probability != 50 || o.Version != 1 ||
			created.header.Get("Location") != fmt.Sprintf("/api/v1/opportunities/%d", o.ID) || created.header.Get("ETag") != `"1"` {
			t.Fatalf("create: %d %v %s", created.status, created.header, created.raw)
		}
		path := fmt.Sprintf("/api/v1/opportunities/%d", o.ID)
		wantError(t, "unknown field", f.call(t, "POST", "/api/v1/opportunities", write, fmt.Sprintf(`{"account_id": %d, "name": "X", "colour": "red"}`, f.group.ID)),
			400, kam.EINVALID, "colour")
		wantError(t, "no name", f.call(t, "POST", "/api/v1/opportunities", write, fmt.Sprintf(`{"account_id": %d}`, f.group.ID)), 400, kam.EINVALID, "name")
		wantError(t, "another's account", f.call(t, "POST", "/api/v1/opportunities", write, fmt.Sprintf(`{"account_id": %d, "name": "X"}`, f.other.ID)),
			400, kam.EINVALID, "account_id")
		wantError(t, "read-only create", f.call(t, "POST", "/api/v1/opportunities", f.readToken, fmt.Sprintf(`{"account_id": %d, "name": "X"}`, f.group.ID)),
			403, kam.EFORBIDDEN, "")

		// Get: the deal with its version in ETag, as documented.
		got := f.call(t, "GET", path, f.readToken, "")
		if got.status != 200 || got.header.Get("ETag") != `"1"` || !strings.Contains(got.raw, `"name":"Baltic expansion"`) {
			t.Fatalf("get: %d %v %s", got.status, got.header, got.raw)
		}
		f.matchesDocument(t, "GET", "/api/v1/opportunities/{id}", got)
		secretPath := fmt.Sprintf("/api/v1/opportunities/%d", secret.ID)
		wantError(t, "get another's deal", f.call(t, "GET", secretPath, write, ""), 404, kam.ENOTFOUND, "")

		// Patch needs the version; a stage change moves the deal on the board
		// and emits opportunity.stage_changed.
		wantError(t, "no version", f.call(t, "PATCH", path, write, `{"amount": 45000}`), 428, kam.EPRECONDITION, "")
		wantError(t, "patch unknown field", f.call(t, "PATCH", path, write, `{"amount": 45000, "next": 1}`, "If-Match", `"1"`), 400, kam.EINVALID, "next")
		wantError(t, "read-only patch", f.call(t, "PATCH", path, f.readToken, `{"amount": 45000}`, "If-Match", `"1"`), 403, kam.EFORBIDDEN, "")
		wantError(t, "patch another's deal", f.call(t, "PATCH", secretPath, write, `{"amount": 1}`, "If-Match", `"1"`), 404, kam.ENOTFOUND, "")
		wantError(t, "an AM hands a deal over", f.call(t, "PATCH", path, write, fmt.Sprintf(`{"owner_id": %d}`, f.am2.ID), "If-Match", `"1"`),
			400, kam.EINVALID, "owner_id")
		patched := f.call(t, "PATCH", path, write, `{"version": 1, "stage": "negotiation", "amount": 45000, "close_date": "2031-07-15"}`)
		if patched.status != 200 || patched.header.Get("ETag") != `"2"` ||
			!strings.Contains(patched.raw, `"stage":"negotiation"`) || !strings.Contains(patched.raw, `"probability":75`) {
			t.Fatalf("patch: %d %s", patched.status, patched.raw)
		}
		board := f.call(t, "GET", "/api/v1/opportunities?stage=negotiation", write, "")
		if board.status != 200 || !strings.Contains(board.raw, `"name":"Baltic expansion"`) {
			t.Errorf("the changed deal is not in negotiation on the board: %s", board.raw)
		}
		var events int
		must(t, s.DB().QueryRow(s.Rebind("SELECT COUNT(*) FROM webhook_events WHERE event = ? AND entity_id = ?"),
			kam.EventOpportunityStageChanged, o.ID).Scan(&events))
		if events != 1 {
			t.Errorf("%d stage_changed events for the patch, want 1", events)
		}

		// A stale change is 412 with the deal as it is now, and writes nothing.
		stale := f.call(t, "PATCH", path, write, `{"name": "Stale"}`, "If-Match", `"1"`)
		wantError(t, "stale patch", stale, 412, kam.ESTALE, "")
		var now kam.Opportunity
		if json.Unmarshal(stale.body.Data, &now) != nil || now.Version != 2 || now.Stage != "negotiation" || stale.header.Get("ETag") != `"2"` {
			t.Errorf("a stale change shows the deal as it is now: %v %s", stale.header, stale.raw)
		}

		// Delete is soft: gone from GET and from the board; only an
		// administrator restores.
		wantError(t, "read-only delete", f.call(t, "DELETE", path, f.readToken, ""), 403, kam.EFORBIDDEN, "")
		wantError(t, "delete stale", f.call(t, "DELETE", path, write, "", "If-Match", `"1"`), 412, kam.ESTALE, "")
		wantError(t, "delete another's deal", f.call(t, "DELETE", secretPath, write, ""), 404, kam.ENOTFOUND, "")
		if c := f.call(t, "DELETE", path, write, "", "If-Match", `"2"`); c.status != 204 {
			t.Fatalf("delete: %d %s", c.status, c.raw)
		}
		wantError(t, "get deleted", f.call(t, "GET", path, write, ""), 404, kam.ENOTFOUND, "")
		if list := f.call(t, "GET", "/api/v1/opportunities", write, ""); list.status != 200 || strings.Contains(list.raw, "Baltic expansion") {
			t.Errorf("a deleted deal is listed: %d %s", list.status, list.raw)
		}
		wantError(t, "AM restores", f.call(t, "POST", path+"/restore", write, ""), 403, kam.EFORBIDDEN, "")
		restored := f.call(t, "POST", path+"/restore", admin, "")
		if restored.status != 200 || restored.header.Get("ETag") != `"4"` || f.call(t, "GET", path, write, "").status != 200 {
			t.Errorf("restore: %d %v %s", restored.status, restored.header, restored.raw)
		}
		wantError(t, "restore again", f.call(t, "POST", path+"/restore", admin, ""), 404, kam.ENOTFOUND, "")

		// Every change is in the audit log, through the API.
		rows, err := s.DB().Query(s.Rebind(`SELECT entity, action, COALESCE(field, ''), channel FROM audit_log
			WHERE (entity = 'opportunity' AND entity_id = ?) OR (entity = 'account' AND action = 'add_opportunity') ORDER BY id`), o.ID)
		must(t, err)
		var trail []string
		for rows.Next() {
			var entity, action, field, channel string
			must(t, rows.Scan(&entity, &action, &field, &channel))
			trail = append(trail, strings.TrimSpace(entity+" "+action+" "+field)+"/"+channel)
		}
		must(t, rows.Err())
		rows.Close()
		want := "account add_opportunity opportunity " + fmt.Sprint(o.ID) + "/api; opportunity create name/api; opportunity create stage/api; " +
			"opportunity create amount/api; opportunity update amount/api; opportunity update close_date/api; " +
			"opportunity update stage/api; opportunity update probability/api; opportunity delete/api; opportunity restore/api"
		if got := strings.Join(trail, "; "); got != want {
			t.Errorf("audit trail:\n got %s\nwant %s", got, want)
		}
	})
}
