package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// TestPlanAPI: a plan written with its first objective, changed field by
// field and item by item from its version (428 without one, 412 with the
// plan as it is now when stale), reviewed, compared and read at an earlier
// version; another user's plan is not there.
func TestPlanAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		write, admin := f.writeTokens(t)
		created := f.call(t, "POST", "/api/v1/plans", write, fmt.Sprintf(`{"account_id": %d, "title": "Nordic plan 2027",
			"period_start": "2027-01-01", "period_end": "2027-12-31", "budget": "250000",
			"items": [{"kind": "objective", "title": "Grow share of wallet", "measure": "35%% by Q4"}]}`, f.group.ID))
		var plan kam.AccountPlan
		if created.status != 201 || json.Unmarshal(created.body.Data, &plan) != nil || plan.Version != 1 || len(plan.Items) != 1 ||
			created.header.Get("ETag") != `"1"` || created.header.Get("Location") != fmt.Sprintf("/api/v1/plans/%d", plan.ID) {
			t.Fatalf("create: %d %s", created.status, created.raw)
		}
		path := fmt.Sprintf("/api/v1/plans/%d", plan.ID)
		objective := plan.Items[0].ID
		wantError(t, "no title", f.call(t, "POST", "/api/v1/plans", write, fmt.Sprintf(`{"account_id": %d, "title": " ",
			"period_start": "2027-01-01", "period_end": "2027-12-31"}`, f.group.ID)), 400, kam.EINVALID, "title")
		wantError(t, "read-only token", f.call(t, "PATCH", path, f.readToken, `{"title": "X"}`, "If-Match", `"1"`), 403, kam.EFORBIDDEN, "")

		// Saves need the version; a stale one is 412 with the plan as it is now.
		wantError(t, "no version", f.call(t, "PATCH", path, write, `{"status": "active"}`), 428, kam.EPRECONDITION, "")
		if c := f.call(t, "PATCH", path, write, `{"status": "active", "company_budget": 180000}`, "If-Match", `"1"`); c.status != 200 ||
			c.header.Get("ETag") != `"2"` || !strings.Contains(c.raw, `"company_budget":180000.00`) {
			t.Fatalf("patch: %d %s", c.status, c.raw)
		}
		stale := f.call(t, "PATCH", path, write, `{"title": "Old"}`, "If-Match", `"1"`)
		if stale.status != 412 || stale.body.Error == nil || stale.body.Error.Code != kam.ESTALE || !strings.Contains(stale.raw, `"version":2`) {
			t.Errorf("stale patch: %d %s", stale.status, stale.raw)
		}

		// Items: added (201, Location), changed, removed, each a save.
		added := f.call(t, "POST", path+"/items", write, fmt.Sprintf(`{"kind": "reference_case", "title": "Baltic retrofit", "rating": "strong",
			"linked_ids": [%d]}`, objective), "If-Match", `"2"`)
		if added.status != 201 || !strings.HasPrefix(added.header.Get("Location"), "/api/v1/plan-items/") || added.header.Get("ETag") != `"3"` {
			t.Fatalf("add an item: %d %s", added.status, added.raw)
		}
		item := added.header.Get("Location")
		if got := f.call(t, "GET", item, write, ""); got.status != 200 || got.header.Get("ETag") != `"3"` || !strings.Contains(got.raw, "Baltic retrofit") {
			t.Errorf("get the item: %d %s", got.status, got.raw)
		}
		wantError(t, "stale item", f.call(t, "PATCH", item, write, `{"rating": "weak"}`, "If-Match", `"2"`), 412, kam.ESTALE, "")
		wantError(t, "bad rating", f.call(t, "PATCH", item, write, `{"rating": "great"}`, "If-Match", `"3"`), 400, kam.EINVALID, "rating")
		if c := f.call(t, "PATCH", item, write, `{"rating": "weak", "version": 3}`); c.status != 200 || c.header.Get("ETag") != `"4"` {
			t.Errorf("patch the item: %d %s", c.status, c.raw)
		}
		wantError(t, "remove without version", f.call(t, "DELETE", item, write, ""), 428, kam.EPRECONDITION, "")

		// A review: what changed since the plan was written.
		review := f.call(t, "POST", path+"/reviews", write, `{"note": "Q1 review"}`, "If-Match", `"4"`)
		if review.status != 201 || review.header.Get("ETag") != `"5"` || !strings.Contains(review.raw, `"action":"added"`) ||
			!strings.Contains(review.raw, `"field":"company_budget"`) {
			t.Fatalf("review: %d %s", review.status, review.raw)
		}
		if c := f.call(t, "DELETE", item, write, "", "If-Match", `"5"`); c.status != 200 || c.header.Get("ETag") != `"6"` {
			t.Errorf("remove the item: %d %s", c.status, c.raw)
		}
		changes := f.call(t, "GET", path+"/changes", write, "")
		if changes.status != 200 || !strings.Contains(changes.raw, `"from":5`) || !strings.Contains(changes.raw, `"action":"removed"`) {
			t.Errorf("changes since the review: %d %s", changes.status, changes.raw)
		}
		if c := f.call(t, "GET", path+"?version=1", write, ""); c.status != 200 || !strings.Contains(c.raw, `"status":"draft"`) {
			t.Errorf("version 1: %d %s", c.status, c.raw)
		}
		wantError(t, "no such version", f.call(t, "GET", path+"?version=99", write, ""), 400, kam.EINVALID, "version")
		if c := f.call(t, "GET", path+"/revisions", write, ""); c.status != 200 || !strings.Contains(c.raw, `"version":6`) {
			t.Errorf("revisions: %d %s", c.status, c.raw)
		}
		if c := f.call(t, "GET", path+"/reviews", write, ""); c.status != 200 || !strings.Contains(c.raw, "Q1 review") {
			t.Errorf("reviews: %d %s", c.status, c.raw)
		}
		if c := f.call(t, "GET", "/api/v1/plans?overdue=false", write, ""); c.status != 200 || !strings.Contains(c.raw, `"objectives":1`) {
			t.Errorf("list: %d %s", c.status, c.raw)
		}

		// Another user's plan is not there; deleted plans come back by an administrator.
		am2, err := s.PrincipalFor(context.Background(), f.am2.ID)
		must(t, err)
		theirs := &kam.AccountPlan{AccountID: f.other.ID, Title: "Zeta plan", PeriodStart: kam.NewDate(2027, 1, 1), PeriodEnd: kam.NewDate(2027, 12, 31)}
		must(t, s.CreatePlan(context.Background(), am2, theirs))
		wantError(t, "another's plan", f.call(t, "GET", fmt.Sprintf("/api/v1/plans/%d", theirs.ID), write, ""), 404, kam.ENOTFOUND, "")
		if c := f.call(t, "GET", "/api/v1/plans", write, ""); strings.Contains(c.raw, "Zeta plan") {
			t.Errorf("am1 lists am2's plan")
		}
		if c := f.call(t, "DELETE", path, write, "", "If-Match", `"6"`); c.status != 204 {
			t.Fatalf("delete: %d %s", c.status, c.raw)
		}
		if c := f.call(t, "POST", path+"/restore", admin, ""); c.status != 200 || !strings.Contains(c.raw, `"status":"active"`) {
			t.Errorf("restore: %d %s", c.status, c.raw)
		}
	})
}
