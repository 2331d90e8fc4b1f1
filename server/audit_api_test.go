package server_test

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// TestRecordHistoryAndAuditExport: a record's history lists who changed
// which field from what to what, through which channel; the whole log
// exports as CSV for administrators only.
func TestRecordHistoryAndAuditExport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		write, admin := f.writeTokens(t)
		created := f.call(t, "POST", "/api/v1/contacts", write, fmt.Sprintf(`{"account_id": %d, "first_name": "Aino", "last_name": "Kivi"}`, f.group.ID))
		var c kam.Contact
		must(t, json.Unmarshal(created.body.Data, &c))
		if p := f.call(t, "PATCH", fmt.Sprintf("/api/v1/contacts/%d", c.ID), write, `{"title": "Buyer"}`, "If-Match", `"1"`); p.status != 200 {
			t.Fatalf("patch: %d %s", p.status, p.raw)
		}
		h := f.call(t, "GET", fmt.Sprintf("/api/v1/contacts/%d/history", c.ID), f.readToken, "")
		var entries []kam.AuditEntry
		if h.status != 200 || json.Unmarshal(h.body.Data, &entries) != nil || len(entries) != 2 {
			t.Fatalf("history: %d %s", h.status, h.raw)
		}
		if e := entries[0]; e.Action != "update" || e.Field != "title" || e.OldValue != "" || e.NewValue != "Buyer" || e.Channel != "api" || e.ActorID != f.am1.ID {
			t.Errorf("the newest change: %+v", e)
		}
		wantError(t, "another's contact", f.call(t, "GET", fmt.Sprintf("/api/v1/accounts/%d/history", f.other.ID), f.readToken, ""), 404, kam.ENOTFOUND, "")

		wantError(t, "an AM exports the log", f.call(t, "GET", "/api/v1/audit", write, ""), 403, kam.EFORBIDDEN, "")
		w := f.do(t, "GET", "/api/v1/audit", bearer(admin))
		if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/csv") {
			t.Fatalf("export: %d %s", w.Code, w.Body)
		}
		rows, err := csv.NewReader(strings.NewReader(w.Body.String())).ReadAll()
		must(t, err)
		var found bool
		for _, r := range rows[1:] {
			if r[4] == "contact" && r[5] == fmt.Sprint(c.ID) && r[7] == "title" && r[9] == "Buyer" && r[3] == "api" {
				found = true
			}
		}
		if strings.Join(rows[0], ",") != "id,at,actor_id,channel,entity,entity_id,action,field,old_value,new_value" || !found {
			t.Errorf("the export: %d rows, head %v, the title change found %v", len(rows), rows[0], found)
		}
		wantError(t, "a day backwards", f.call(t, "GET", "/api/v1/audit?from=2026-12-01&to=2026-11-01", admin, ""), 400, kam.EINVALID, "to")
		if old := f.do(t, "GET", "/api/v1/audit?from=2001-01-01&to=2001-01-31", bearer(admin)); old.Code != 200 || strings.Count(old.Body.String(), "\n") != 1 {
			t.Errorf("a month with nothing: %d %q", old.Code, old.Body.String())
		}
	})
}
