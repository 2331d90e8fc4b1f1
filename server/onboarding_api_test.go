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

// checklistBody is a template with two steps, the second a week after the
// first.
const checklistBody = `{"name": "Key account onboarding", "steps": [{"title": "Kick-off", "owner": "owner"},
	{"title": "Data load", "owner": "team", "team_role": "Technical sales", "offset_days": 7, "depends_on": ["Kick-off"]}]}`

// TestOnboardingAPI: templates are made by administrators, a cycle is
// refused with the cycle named, a stale change is 412 with the template as
// it is; an onboarding started through the API makes its tasks, a step is
// completed, and another user's onboarding is not there.
func TestOnboardingAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		write, admin := f.writeTokens(t)
		s.Now = func() time.Time { return time.Date(2026, time.December, 1, 9, 0, 0, 0, time.UTC) }

		wantError(t, "an account manager makes a template", f.call(t, "POST", "/api/v1/checklists", write, checklistBody), 403, kam.EFORBIDDEN, "")
		cyclic := f.call(t, "POST", "/api/v1/checklists", admin, `{"name": "Loop", "steps": [{"title": "Kick-off", "depends_on": ["Data load"]},
			{"title": "Data load", "depends_on": ["Kick-off"]}]}`)
		wantError(t, "a cycle", cyclic, 400, kam.EINVALID, "steps")
		if !strings.Contains(cyclic.raw, "Kick-off → Data load → Kick-off") {
			t.Errorf("the cycle is not named: %s", cyclic.raw)
		}
		wantError(t, "an unknown field", f.call(t, "POST", "/api/v1/checklists", admin, `{"name": "X", "stepz": []}`), 400, kam.EINVALID, "stepz")
		created := f.call(t, "POST", "/api/v1/checklists", admin, checklistBody)
		var tpl kam.ChecklistTemplate
		if created.status != 201 || json.Unmarshal(created.body.Data, &tpl) != nil || tpl.ID == 0 || created.header.Get("ETag") != `"1"` ||
			created.header.Get("Location") != fmt.Sprintf("/api/v1/checklists/%d", tpl.ID) {
			t.Fatalf("create: %d %v %s", created.status, created.header, created.raw)
		}
		path := fmt.Sprintf("/api/v1/checklists/%d", tpl.ID)
		wantError(t, "no If-Match", f.call(t, "PATCH", path, admin, `{"name": "New"}`), 428, kam.EPRECONDITION, "")
		if c := f.call(t, "PATCH", path, admin, `{"name": "Key account onboarding 2027"}`, "If-Match", `"1"`); c.status != 200 || c.header.Get("ETag") != `"2"` {
			t.Fatalf("rename: %d %s", c.status, c.raw)
		}
		stale := f.call(t, "PATCH", path, admin, `{"name": "Other"}`, "If-Match", `"1"`)
		wantError(t, "stale", stale, 412, kam.ESTALE, "")
		if !strings.Contains(stale.raw, "Key account onboarding 2027") || stale.header.Get("ETag") != `"2"` {
			t.Errorf("a stale change shows the template as it is: %s", stale.raw)
		}
		if list := f.call(t, "GET", "/api/v1/checklists", write, ""); list.status != 200 || !strings.Contains(list.raw, "Data load") {
			t.Errorf("everyone reads the templates: %d %s", list.status, list.raw)
		}

		// Start on am1's account: two tasks, the second due a week on.
		body := fmt.Sprintf(`{"account_id": %d, "template_id": %d, "start": "2026-12-01"}`, f.group.ID, tpl.ID)
		wantError(t, "another's account", f.call(t, "POST", "/api/v1/onboardings", write,
			fmt.Sprintf(`{"account_id": %d, "template_id": %d}`, f.other.ID, tpl.ID)), 400, kam.EINVALID, "account_id")
		wantError(t, "read-only token", f.call(t, "POST", "/api/v1/onboardings", f.readToken, body), 403, kam.EFORBIDDEN, "")
		started := f.call(t, "POST", "/api/v1/onboardings", write, body)
		var ob kam.Onboarding
		if started.status != 201 || json.Unmarshal(started.body.Data, &ob) != nil || len(ob.Steps) != 2 ||
			ob.Steps[1].Due.String() != "2026-12-08" || ob.Steps[1].AssigneeID != f.am1.ID || ob.Progress.Total != 2 {
			t.Fatalf("start: %d %s", started.status, started.raw)
		}
		wantError(t, "twice", f.call(t, "POST", "/api/v1/onboardings", write, body), 409, kam.ECONFLICT, "")
		done := f.call(t, "POST", fmt.Sprintf("/api/v1/onboarding-steps/%d/done", ob.Steps[0].ID), write, "")
		if done.status != 200 || !strings.Contains(done.raw, `"done":1`) {
			t.Errorf("complete the kick-off: %d %s", done.status, done.raw)
		}
		if list := f.call(t, "GET", "/api/v1/onboardings?running=true", write, ""); list.status != 200 || !strings.Contains(list.raw, "Nordic Foods Group") {
			t.Errorf("running onboardings: %d %s", list.status, list.raw)
		}

		// am2's onboarding is not there for am1, nor its steps.
		am2, err := s.PrincipalFor(context.Background(), f.am2.ID)
		must(t, err)
		theirs, err := s.StartOnboarding(context.Background(), am2, f.other.ID, tpl.ID, kam.Date{})
		must(t, err)
		wantError(t, "get another's", f.call(t, "GET", fmt.Sprintf("/api/v1/onboardings/%d", theirs.ID), write, ""), 404, kam.ENOTFOUND, "")
		wantError(t, "complete another's step", f.call(t, "POST", fmt.Sprintf("/api/v1/onboarding-steps/%d/done", theirs.Steps[0].ID), write, ""),
			404, kam.ENOTFOUND, "")
		wantError(t, "cancel another's", f.call(t, "DELETE", fmt.Sprintf("/api/v1/onboardings/%d", theirs.ID), write, ""), 404, kam.ENOTFOUND, "")
		if list := f.call(t, "GET", "/api/v1/onboardings", write, ""); strings.Contains(list.raw, "Zeta") {
			t.Errorf("am1 lists am2's onboarding: %s", list.raw)
		}
		// Cancelled: gone, with its open task.
		if c := f.call(t, "DELETE", fmt.Sprintf("/api/v1/onboardings/%d", ob.ID), write, "", "If-Match", `"1"`); c.status != 204 {
			t.Fatalf("cancel: %d %s", c.status, c.raw)
		}
		wantError(t, "cancelled", f.call(t, "GET", fmt.Sprintf("/api/v1/onboardings/%d", ob.ID), write, ""), 404, kam.ENOTFOUND, "")
		if c := f.call(t, "DELETE", path, admin, "", "If-Match", `"2"`); c.status != 204 {
			t.Errorf("delete the template: %d %s", c.status, c.raw)
		}
	})
}
