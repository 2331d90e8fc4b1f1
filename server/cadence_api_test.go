package server_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// TestCadenceAPI: an account's own cadence, the tiers' cadence, the call
// plan, marking lost and reactivating, the attrition report and a cold-call
// list, each with its bad input refused and nothing changed.
func TestCadenceAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		write, admin := f.writeTokens(t)
		cadence := fmt.Sprintf("/api/v1/accounts/%d/cadence", f.group.ID)

		// The account's cadence: key tier, 14 days.
		got := f.call(t, "GET", cadence, write, "")
		if got.status != 200 || !strings.Contains(got.raw, `"tier_days":14`) || !strings.Contains(got.raw, `"days":null`) || got.header.Get("ETag") != `"1"` {
			t.Fatalf("get the cadence: %d %s", got.status, got.raw)
		}
		wantError(t, "no version", f.call(t, "PUT", cadence, write, `{"days": 21}`), 428, kam.EPRECONDITION, "")
		wantError(t, "no days", f.call(t, "PUT", cadence, write, `{"days": 0}`, "If-Match", `"1"`), 400, kam.EINVALID, "days")
		wantError(t, "a year and more", f.call(t, "PUT", cadence, write, `{"days": 400}`, "If-Match", `"1"`), 400, kam.EINVALID, "days")
		wantError(t, "read-only token", f.call(t, "PUT", cadence, f.readToken, `{"days": 21}`, "If-Match", `"1"`), 403, kam.EFORBIDDEN, "")
		wantError(t, "another's account", f.call(t, "PUT", fmt.Sprintf("/api/v1/accounts/%d/cadence", f.other.ID), write, `{"days": 21}`, "If-Match", `"1"`),
			404, kam.ENOTFOUND, "")
		set := f.call(t, "PUT", cadence, write, `{"days": 21}`, "If-Match", `"1"`)
		if set.status != 200 || !strings.Contains(set.raw, `"days":21`) || !strings.Contains(set.raw, `"effective_days":21`) || set.header.Get("ETag") != `"2"` {
			t.Fatalf("set the cadence: %d %s", set.status, set.raw)
		}
		stale := f.call(t, "PUT", cadence, write, `{"days": null}`, "If-Match", `"1"`)
		wantError(t, "stale", stale, 412, kam.ESTALE, "")
		if !strings.Contains(stale.raw, `"days":21`) || stale.header.Get("ETag") != `"2"` {
			t.Errorf("a stale change shows the cadence as it is: %s", stale.raw)
		}

		// The tiers' cadence is the administrator's.
		wantError(t, "not an admin", f.call(t, "PUT", "/api/v1/cadence", write, `{"key": 7}`), 403, kam.EFORBIDDEN, "")
		wantError(t, "no days", f.call(t, "PUT", "/api/v1/cadence", admin, `{"key": 0}`), 400, kam.EINVALID, "key")
		if put := f.call(t, "PUT", "/api/v1/cadence", admin, `{"core": 45}`); put.status != 200 || !strings.Contains(put.raw, `"core":45`) {
			t.Errorf("set the tiers' cadence: %d %s", put.status, put.raw)
		}

		// The call plan holds am1's accounts, not am2's.
		plan := f.call(t, "GET", "/api/v1/call-plan?weeks=4", write, "")
		if plan.status != 200 || !strings.Contains(plan.raw, "Nordic Foods Group") || strings.Contains(plan.raw, "Zeta") {
			t.Errorf("the call plan: %d %s", plan.status, plan.raw)
		}
		wantError(t, "too many weeks", f.call(t, "GET", "/api/v1/call-plan?weeks=13", write, ""), 400, kam.EINVALID, "weeks")

		// Marking lost: a reason is required, the version too; then the loss is on record.
		attrition := fmt.Sprintf("/api/v1/accounts/%d/attrition", f.group.ID)
		wantError(t, "no reason", f.call(t, "PUT", attrition, write, `{"competitor": "Acme"}`, "If-Match", `"2"`), 400, kam.EINVALID, "reason")
		wantError(t, "no version", f.call(t, "PUT", attrition, write, `{"reason": "Price"}`), 428, kam.EPRECONDITION, "")
		wantError(t, "stale loss", f.call(t, "PUT", attrition, write, `{"reason": "Price"}`, "If-Match", `"1"`), 412, kam.ESTALE, "")
		if a := f.call(t, "GET", fmt.Sprintf("/api/v1/accounts/%d", f.group.ID), write, ""); !strings.Contains(a.raw, `"status":"active"`) {
			t.Fatalf("a refused loss changed the account: %s", a.raw)
		}
		winBack := kam.DateOf(time.Now()).AddDays(90)
		lost := f.call(t, "PUT", attrition, write, `{"reason": "Price", "competitor": "Acme <b>Supplies</b>", "winback_on": "`+winBack.String()+`"}`, "If-Match", `"2"`)
		var body struct {
			Lost   bool        `json:"lost"`
			Losses []*kam.Loss `json:"losses"`
		}
		if lost.status != 200 || json.Unmarshal(lost.body.Data, &body) != nil || !body.Lost || len(body.Losses) != 1 ||
			body.Losses[0].Competitor != "Acme <b>Supplies</b>" || body.Losses[0].WinBackTaskID == 0 || lost.header.Get("ETag") != `"3"` {
			t.Fatalf("mark lost: %d %s", lost.status, lost.raw)
		}
		report := f.call(t, "GET", "/api/v1/attrition?period=month", write, "")
		if report.status != 200 || !strings.Contains(report.raw, "Nordic Foods Group") || !strings.Contains(report.raw, `"key":"Price","accounts":1`) {
			t.Errorf("the attrition report: %d %s", report.status, report.raw)
		}
		back := f.call(t, "POST", fmt.Sprintf("/api/v1/accounts/%d/reactivate", f.group.ID), write, `{"status": "onboarding"}`, "If-Match", `"3"`)
		if back.status != 200 || !strings.Contains(back.raw, `"status":"onboarding"`) {
			t.Errorf("reactivate: %d %s", back.status, back.raw)
		}
		wantError(t, "come back lost", f.call(t, "POST", fmt.Sprintf("/api/v1/accounts/%d/reactivate", f.group.ID), write, `{"status": "lost"}`, "If-Match", `"4"`),
			400, kam.EINVALID, "status")
		wantError(t, "another's losses", f.call(t, "GET", fmt.Sprintf("/api/v1/accounts/%d/attrition", f.other.ID), write, ""), 404, kam.ENOTFOUND, "")
		if reasons := f.call(t, "GET", "/api/v1/attrition/reasons", write, ""); reasons.status != 200 || !strings.Contains(reasons.raw, "Service quality") {
			t.Errorf("the reasons: %d %s", reasons.status, reasons.raw)
		}

		// A cold-call list of am1's prospects (the one named with markup).
		made := f.call(t, "POST", "/api/v1/call-lists", write, `{"name": "Prospects", "filter": {}}`)
		var l store.CallList
		if made.status != 201 || json.Unmarshal(made.body.Data, &l) != nil || l.Entries != 1 {
			t.Fatalf("make a list: %d %s", made.status, made.raw)
		}
		wantError(t, "none match", f.call(t, "POST", "/api/v1/call-lists", write, `{"name": "None", "filter": {"country": "JP"}}`), 400, kam.EINVALID, "filter")
		entry := fmt.Sprintf("/api/v1/call-lists/%d/entries/%d", l.ID, f.markup.ID)
		wantError(t, "no version", f.call(t, "PATCH", entry, write, `{"outcome": "no_answer"}`), 428, kam.EPRECONDITION, "")
		if rec := f.call(t, "PATCH", entry, write, `{"outcome": "interested", "convert": "opportunity"}`, "If-Match", `"1"`); rec.status != 200 ||
			!strings.Contains(rec.raw, `"opportunity_id":`) || rec.header.Get("ETag") != `"2"` {
			t.Errorf("record the call: %d %s", rec.status, rec.raw)
		}
		wantError(t, "stale call", f.call(t, "PATCH", entry, write, `{"outcome": "no_answer"}`, "If-Match", `"1"`), 412, kam.ESTALE, "")
		if got := f.call(t, "GET", fmt.Sprintf("/api/v1/call-lists/%d", l.ID), write, ""); got.status != 200 || !strings.Contains(got.raw, `"outcome":"interested"`) {
			t.Errorf("the list: %d %s", got.status, got.raw)
		}
	})
}
