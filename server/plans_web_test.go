package server_test

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// planItemID finds the id of an item on a plan's page by its title.
func planItemID(t *testing.T, body, title string) string {
	t.Helper()
	m := regexp.MustCompile(`id="item-(\d+)">\s*<div class="plan-item-head">\s*<span class="plan-item-title">` + regexp.QuoteMeta(title) + `<`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no item %q on the page", title)
	}
	return m[1]
}

// TestPlanPages: a plan started from the account page, written item by
// item, reviewed, printed, compared and exported; bad input, a stale form
// and another user's plan are refused, and markup in an item stays text.
func TestPlanPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		am1, am2 := f.login(t, "am1"), f.login(t, "am2")
		account := fmt.Sprintf("/accounts/%d", f.group.ID)
		wantPage(t, f.do(t, "GET", account, cookie(am1)), 200, "No plan yet.", "Start a plan", fmt.Sprintf(`/plans/new?account_id=%d`, f.group.ID))
		wantPage(t, f.do(t, "GET", fmt.Sprintf("/plans/new?account_id=%d", f.group.ID), cookie(am1)), 200, "New plan for Nordic Foods Group")
		wantPage(t, f.do(t, "GET", fmt.Sprintf("/plans/new?account_id=%d", f.group.ID), cookie(am2)), 404)

		details := func(title string) url.Values {
			return url.Values{"account_id": {fmt.Sprint(f.group.ID)}, "title": {title}, "status": {"draft"}, "period_start": {"2027-01-01"},
				"period_end": {"2027-12-31"}, "budget": {"250,000"}, "company_budget": {"180000"}, "review_every_days": {"90"},
				"next_review": {"2020-03-31"}}
		}
		wantPage(t, f.do(t, "POST", "/plans", cookie(am1), form(details(" "))), 400, "A plan needs a title")
		w := f.do(t, "POST", "/plans", cookie(am1), form(details("Nordic plan 2027")))
		if w.Code != 303 || !strings.HasPrefix(w.Header().Get("Location"), "/plans/") {
			t.Fatalf("write a plan: %d %s", w.Code, w.Body)
		}
		plan := strings.TrimSuffix(w.Header().Get("Location"), "?saved=created")
		wantPage(t, f.do(t, "GET", plan+"?saved=created", cookie(am1)), 200, "Plan written.", "Nordic plan 2027", "250,000 EUR",
			"180,000 EUR", "overdue", "Add an objective", "Add a key message", "Add an action")
		wantPage(t, f.do(t, "GET", plan, cookie(am2)), 404)

		add := func(version string, v url.Values) url.Values {
			v.Set("version", version)
			return v
		}
		post := func(target string, v url.Values) string {
			t.Helper()
			w := f.do(t, "POST", target, cookie(am1), form(v))
			if w.Code != 303 {
				t.Fatalf("POST %s: %d %s", target, w.Code, w.Body)
			}
			return w.Header().Get("Location")
		}
		post(plan+"/items", add("1", url.Values{"kind": {"objective"}, "title": {"Grow share of wallet"}, "measure": {"35% by Q4"}, "due": {"2027-12-31"}}))
		// An unrated key message is refused, the form shown again with what was typed.
		wantPage(t, f.do(t, "POST", plan+"/items", cookie(am1), form(add("2", url.Values{"kind": {"key_message"}, "title": {"Lowest total cost"}}))),
			400, "Rate the key message strong or weak", `value="Lowest total cost"`)
		body := wantPage(t, f.do(t, "GET", plan, cookie(am1)), 200, "Grow share of wallet", "35% by Q4")
		objective := planItemID(t, body, "Grow share of wallet")
		post(plan+"/items", add("2", url.Values{"kind": {"reference_case"}, "title": {"Baltic line retrofit"}, "rating": {"strong"},
			"linked_ids": {objective}}))
		post(plan+"/items", add("3", url.Values{"kind": {"action"}, "title": {"Book the QBR"}, "owner_id": {fmt.Sprint(f.am1.ID)}, "due": {"2020-02-01"}}))
		post(plan+"/items", add("4", url.Values{"kind": {"strategy"}, "title": {"<b>Bundle</b> service"}}))
		body = wantPage(t, f.do(t, "GET", plan, cookie(am1)), 200, "Backed by", "Baltic line retrofit", "Alex Morgan", "late",
			"&lt;b&gt;Bundle&lt;/b&gt; service")
		if strings.Contains(body, "<b>Bundle</b>") {
			t.Errorf("markup in an item's title is not text")
		}
		action := planItemID(t, body, "Book the QBR")

		// A form from an older version: nothing saved, both versions and what changed shown.
		wantPage(t, f.do(t, "POST", plan+"/items/"+action, cookie(am1), form(add("2", url.Values{"title": {"Book the QBR early"}}))),
			409, "This plan changed since you opened it", "your version 2, now version 5", "Reference case “Baltic line retrofit”", "Added")
		wantPage(t, f.do(t, "POST", plan+"/items/"+action, cookie(am2), form(add("5", url.Values{"title": {"X"}}))), 404)
		post(plan+"/items/"+action, add("5", url.Values{"title": {"Book the QBR early"}, "owner_id": {fmt.Sprint(f.am1.ID)}, "due": {"2020-02-01"}}))
		post(plan+"/items/"+action+"/done", add("6", url.Values{"done": {"1"}}))
		wantPage(t, f.do(t, "GET", plan+"?saved=saved", cookie(am1)), 200, "Plan saved.", "Book the QBR early", "Reopen")

		// The plan's own fields: active now; a period backwards is refused.
		bad := details("Nordic plan 2027")
		bad.Set("period_end", "2026-01-01")
		wantPage(t, f.do(t, "POST", plan, cookie(am1), form(add("7", bad))), 400, "before it starts")
		active := details("Nordic plan 2027")
		active.Set("status", "active")
		post(plan, add("7", active))
		wantPage(t, f.do(t, "GET", account, cookie(am1)), 200, "Nordic plan 2027", "Objectives", "Open actions")

		// A review: what changed since the plan was written, then nothing.
		wantPage(t, f.do(t, "GET", plan, cookie(am1)), 200, "Changes since the plan was written", "Book the QBR early")
		post(plan+"/review", add("8", url.Values{"note": {"First review with the team"}}))
		wantPage(t, f.do(t, "GET", plan+"?saved=reviewed", cookie(am1)), 200, "Review recorded", "Nothing changed.", "First review with the team")

		// The list, the print view, the history and the exports.
		wantPage(t, f.do(t, "GET", "/plans", cookie(am1)), 200, "Nordic plan 2027", "Nordic Foods Group")
		if body := wantPage(t, f.do(t, "GET", "/plans", cookie(am2)), 200); strings.Contains(body, "Nordic plan 2027") {
			t.Errorf("am2 lists am1's plan")
		}
		if body := wantPage(t, f.do(t, "GET", plan+"/print", cookie(am1)), 200, "Nordic plan 2027", "Grow share of wallet", "Supports"); strings.Contains(body, `action="/plans`) {
			t.Errorf("the print view has forms")
		}
		wantPage(t, f.do(t, "GET", plan+"/changes?from=1&to=3", cookie(am1)), 200, "From version 1 to version 3", "Added", "First review with the team")
		wantPage(t, f.do(t, "GET", plan+"/changes?from=9&to=2", cookie(am1)), 400, "Compare versions")
		csv := f.do(t, "GET", plan+"/export?format=csv", cookie(am1))
		if csv.Code != 200 || !strings.HasPrefix(csv.Header().Get("Content-Type"), "text/csv") || !strings.Contains(csv.Body.String(), "Grow share of wallet") {
			t.Errorf("CSV export: %d %s %s", csv.Code, csv.Header().Get("Content-Type"), csv.Body)
		}
		if xlsx := f.do(t, "GET", plan+"/export?format=xlsx", cookie(am1)); xlsx.Code != 200 || !strings.HasPrefix(xlsx.Body.String(), "PK") {
			t.Errorf("XLSX export: %d", xlsx.Code)
		}
		wantPage(t, f.do(t, "GET", plan+"/export?format=csv", cookie(am2)), 404)

		// Removing an item, then deleting the plan.
		post(plan+"/items/"+objective+"/remove", add("9", url.Values{}))
		if body := wantPage(t, f.do(t, "GET", plan+"?saved=removed", cookie(am1)), 200, "Removed from the plan."); strings.Contains(body, "Backed by") {
			t.Errorf("a removed objective still backs items")
		}
		if where := post(plan+"/delete", add("10", url.Values{})); where != account+"#plan" {
			t.Errorf("after a delete: %s", where)
		}
		wantPage(t, f.do(t, "GET", plan, cookie(am1)), 404)
	})
}
