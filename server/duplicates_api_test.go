package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// TestDuplicateAPI lists, merges, undoes, dismisses and scans through the
// API, and checks its refusals.
func TestDuplicateAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newDupFixture(t, s)
		call := func(method, path, token string, opts ...option) (*http.Response, apiBody) {
			t.Helper()
			w := f.do(t, method, path, append([]option{bearer(token)}, opts...)...)
			if w.Code == http.StatusNoContent {
				return w.Result(), apiBody{}
			}
			return w.Result(), decode(t, w)
		}
		// get fetches a list and returns its data.
		get := func(path string) string {
			t.Helper()
			res, b := call("GET", path, f.adminToken)
			if res.StatusCode != 200 {
				t.Errorf("GET %s: %d %+v", path, res.StatusCode, b.Error)
			}
			return string(b.Data)
		}
		mergePath := fmt.Sprintf("/api/v1/accounts/%d/merge", f.group.ID)
		mergeBody := fmt.Sprintf(`{"merged_id": %d}`, f.dup.ID)

		res, b := call("GET", "/api/v1/duplicates", f.adminToken)
		var pairs []kam.DuplicatePair
		if res.StatusCode != 200 || json.Unmarshal(b.Data, &pairs) != nil || len(pairs) != 2 {
			t.Fatalf("list: %d %s", res.StatusCode, b.Data)
		}
		if p := pairs[1]; p.ID != f.nordicPair || p.Status != "open" || p.Account.Name != "Nordic Food Group" ||
			p.Candidate.Name != "Nordic Foods Group" || !strings.Contains(p.Reasons, "alike") || pairs[0].Score < p.Score {
			t.Errorf("pair %+v", p)
		}

		res, b = call("POST", mergePath, f.adminToken, rawBody("application/json", mergeBody))
		var m kam.Merge
		if res.StatusCode != 200 || json.Unmarshal(b.Data, &m) != nil {
			t.Fatalf("merge: %d %+v", res.StatusCode, b.Error)
		}
		if m.SurvivorID != f.group.ID || m.MergedID != f.dup.ID || m.MergedName != "Nordic Food Group" ||
			m.Moved["contacts"] != 1 || m.Moved["orders"] != 1 || m.Moved["external ids"] != 1 || !m.UndoneAt.IsZero() {
			t.Errorf("merge %+v", m)
		}
		if res, _ := call("GET", fmt.Sprintf("/api/v1/accounts/%d", f.dup.ID), f.adminToken); res.StatusCode != 404 {
			t.Errorf("the merged account: status %d", res.StatusCode)
		}
		if data := get("/api/v1/accounts?external_id=K-77&source=crm"); !strings.Contains(data, `"name":"Nordic Foods Group"`) {
			t.Errorf("the survivor did not keep the external id: %s", data)
		}
		audit, err := s.FindAuditEntries(context.Background(), kam.System(), "account", f.group.ID)
		must(t, err)
		if len(audit) == 0 || audit[0].Action != "merge" || audit[0].Channel != "api" {
			t.Errorf("audit entry %+v", audit[0])
		}
		if data := get("/api/v1/duplicates?status=merged"); !strings.Contains(data, fmt.Sprintf(`"id":%d,`, f.nordicPair)) {
			t.Errorf("merged pairs: %s", data)
		}

		res, b = call("GET", "/api/v1/merges?limit=10", f.adminToken)
		var merges []kam.Merge
		if res.StatusCode != 200 || json.Unmarshal(b.Data, &merges) != nil || len(merges) != 1 || merges[0].ID != m.ID {
			t.Errorf("merges: %d %s", res.StatusCode, b.Data)
		}
		undo := fmt.Sprintf("/api/v1/merges/%d/undo", m.ID)
		res, b = call("POST", undo, f.adminToken)
		var undone kam.Merge
		if res.StatusCode != 200 || json.Unmarshal(b.Data, &undone) != nil || undone.UndoneAt.IsZero() {
			t.Errorf("undo: %d %s", res.StatusCode, b.Data)
		}
		if res, _ := call("GET", fmt.Sprintf("/api/v1/accounts/%d", f.dup.ID), f.adminToken); res.StatusCode != 200 {
			t.Errorf("the account is not back: status %d", res.StatusCode)
		}

		dismiss := fmt.Sprintf("/api/v1/duplicates/%d/dismiss", f.hansaPair)
		if res, _ := call("POST", dismiss, f.adminToken); res.StatusCode != 204 {
			t.Errorf("dismiss: %d", res.StatusCode)
		}
		if data := get("/api/v1/duplicates?status=dismissed&limit=500"); !strings.Contains(data, `"name":"Hansa Retails"`) {
			t.Errorf("dismissed pairs: %s", data)
		}
		// Undoing the merge reopened its pair for a new decision.
		if data := get("/api/v1/duplicates"); !strings.Contains(data, fmt.Sprintf(`"id":%d,`, f.nordicPair)) || strings.Contains(data, "Hansa Retails") {
			t.Errorf("open pairs after the undo and the dismissal: %s", data)
		}
		for i, want := range []int{1, 0} { // the account loaded in bulk, then nothing new
			w := f.do(t, "POST", "/api/v1/duplicates/scan", bearer(f.adminToken))
			var scan struct{ Queued *int }
			if w.Code != 200 || json.Unmarshal(w.Body.Bytes(), &scan) != nil || scan.Queued == nil || *scan.Queued != want {
				t.Errorf("scan %d: %d %s", i+1, w.Code, w.Body)
			}
		}

		for _, tc := range []struct {
			name, method, path, token string
			opts                      []option
			status                    int
			code, field, msg          string
		}{
			{"undo twice", "POST", undo, f.adminToken, nil, 409, "conflict", "", "undone already"},
			{"dismiss twice", "POST", dismiss, f.adminToken, nil, 404, "not_found", "", "No open duplicate pair"},
			{"unknown JSON field", "POST", mergePath, f.adminToken, []option{rawBody("application/json", `{"merged_id": 3, "force": true}`)}, 400, "invalid", "force", "Unknown field"},
			{"no merged_id", "POST", mergePath, f.adminToken, []option{rawBody("application/json", `{}`)}, 400, "invalid", "merged_id", "merged_id"},
			{"merged_id as text", "POST", mergePath, f.adminToken, []option{rawBody("application/json", `{"merged_id": "7"}`)}, 400, "invalid", "merged_id", "string"},
			{"two objects", "POST", mergePath, f.adminToken, []option{rawBody("application/json", mergeBody+mergeBody)}, 400, "invalid", "", "one JSON object"},
			{"not JSON", "POST", mergePath, f.adminToken, []option{rawBody("text/plain", mergeBody)}, 415, "unsupported_media_type", "", "application/json"},
			{"a huge body", "POST", mergePath, f.adminToken, []option{rawBody("application/json", `{"merged_id": 1`+strings.Repeat(" ", 20<<10)+`}`)}, 413, "too_large", "", "larger than"},
			{"merge into itself", "POST", mergePath, f.adminToken, []option{rawBody("application/json", fmt.Sprintf(`{"merged_id": %d}`, f.group.ID))}, 400, "invalid", "merged_id", "itself"},
			{"a bad path id", "POST", "/api/v1/merges/x/undo", f.adminToken, nil, 400, "invalid", "id", "merge id"},
			{"unknown status", "GET", "/api/v1/duplicates?status=closed", f.adminToken, nil, 400, "invalid", "status", "closed"},
			{"limit too high", "GET", "/api/v1/merges?limit=501", f.adminToken, nil, 400, "invalid", "limit", "500"},
			{"GET a POST route", "GET", undo, f.adminToken, nil, 405, "method_not_allowed", "", "POST"},
			{"an account manager lists", "GET", "/api/v1/duplicates", f.readToken, nil, 403, "forbidden", "", "administrator"},
			{"an account manager lists merges", "GET", "/api/v1/merges", f.readToken, nil, 403, "forbidden", "", "administrator"},
			{"an account manager merges", "POST", mergePath, f.readToken, []option{rawBody("application/json", mergeBody)}, 403, "forbidden", "", "administrator"},
			{"an account manager scans", "POST", "/api/v1/duplicates/scan", f.readToken, nil, 403, "forbidden", "", "administrator"},
			{"a read-only admin token merges", "POST", mergePath, f.readOnlyAdmin, []option{rawBody("application/json", mergeBody)}, 403, "forbidden", "", "read only"},
			{"a read-only admin token undoes", "POST", undo, f.readOnlyAdmin, nil, 403, "forbidden", "", "read only"},
			{"a read-only admin token dismisses", "POST", dismiss, f.readOnlyAdmin, nil, 403, "forbidden", "", "read only"},
			{"a read-only admin token scans", "POST", "/api/v1/duplicates/scan", f.readOnlyAdmin, nil, 403, "forbidden", "", "read only"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				res, b := call(tc.method, tc.path, tc.token, tc.opts...)
				if res.StatusCode != tc.status || b.Error == nil || b.Error.Code != tc.code || b.Error.Field != tc.field ||
					!strings.Contains(b.Error.Message, tc.msg) {
					t.Errorf("%d %+v", res.StatusCode, b.Error)
				}
			})
		}
		if pairs, _ := s.FindDuplicates(context.Background(), kam.System(), "open", 10); len(pairs) != 2 {
			t.Errorf("%d open pairs after the refusals, want the reopened one and the one the first scan queued", len(pairs))
		}
		if res, b := call("GET", "/api/v1/merges", f.readOnlyAdmin); res.StatusCode != 200 {
			t.Errorf("a read-only admin token lists merges: %d %+v", res.StatusCode, b.Error)
		}
	})
}
