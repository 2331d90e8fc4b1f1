package server_test

import (
	"fmt"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

var (
	onboardingLocation = regexp.MustCompile(`^/onboarding/(\d+)\?saved=started$`)
	stepDoneAction     = regexp.MustCompile(`action="/onboarding-steps/(\d+)/done"`)
)

// checklistForm is the checklist form with steps given as title, owner,
// team role, offset and dependencies, and an empty row.
func checklistForm(name, version string, steps ...[5]string) url.Values {
	v := url.Values{"name": {name}, "version": {version}}
	for _, s := range append(steps, [5]string{"", "owner", "", "0", ""}) {
		v["step_title"] = append(v["step_title"], s[0])
		v["step_owner"] = append(v["step_owner"], s[1])
		v["step_team_role"] = append(v["step_team_role"], s[2])
		v["step_offset"] = append(v["step_offset"], s[3])
		v["step_depends"] = append(v["step_depends"], s[4])
	}
	return v
}

// TestOnboardingPages: an administrator makes a checklist on the web (a
// cycle refused with the cycle named and the steps kept); an account
// manager starts it from the account page, completes a step and cancels
// it; a late step shows; another user's onboarding is not there; markup in
// an account's name stays text.
func TestOnboardingPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		f.writeTokens(t)
		root, am1, am2 := f.login(t, "root"), f.login(t, "am1"), f.login(t, "am2")

		wantPage(t, f.do(t, "GET", "/checklists/new", cookie(root)), 200, "New checklist", `name="step_title"`)
		wantPage(t, f.do(t, "GET", "/checklists/new", cookie(am1)), 403)
		cyclic := checklistForm("Loop", "0", [5]string{"Kick-off", "owner", "", "0", "Data load"}, [5]string{"Data load", "kam", "", "7", "Kick-off"})
		wantPage(t, f.do(t, "POST", "/checklists", cookie(root), form(cyclic)), 400, "Kick-off → Data load → Kick-off", `value="Data load"`)
		good := checklistForm("Key account onboarding", "0", [5]string{"Kick-off", "owner", "", "0", ""},
			[5]string{"Data load", "team", "Technical sales", "7", "Kick-off"})
		wantPage(t, f.do(t, "POST", "/checklists", cookie(am1), form(good)), 403, "Only administrators and directors")
		w := f.do(t, "POST", "/checklists", cookie(root), form(good))
		if w.Code != 303 || !strings.HasPrefix(w.Header().Get("Location"), "/checklists/") {
			t.Fatalf("save the checklist: %d %s", w.Code, w.Body)
		}
		checklist := strings.TrimSuffix(w.Header().Get("Location"), "?saved=1")
		wantPage(t, f.do(t, "GET", checklist+"?saved=1", cookie(root)), 200, "Checklist saved.", `value="Technical sales"`)
		wantPage(t, f.do(t, "POST", checklist, cookie(root), form(checklistForm("Renamed", "7", [5]string{"Kick-off", "owner", "", "0", ""}))),
			409, "Someone else changed this checklist", "Key account onboarding")
		if body := wantPage(t, f.do(t, "GET", "/checklists", cookie(am1)), 200, "Key account onboarding"); strings.Contains(body, "/checklists/new") {
			t.Errorf("an account manager is offered to make checklists")
		}

		// Start it from the account page.
		account := fmt.Sprintf("/accounts/%d", f.group.ID)
		wantPage(t, f.do(t, "GET", account, cookie(am1)), 200, "Start a checklist", `action="/onboarding"`)
		tplID := strings.TrimPrefix(checklist, "/checklists/")
		start := func(who string, accountID int64, day string) *httptest.ResponseRecorder {
			return f.do(t, "POST", "/onboarding", cookie(who), form(url.Values{"account_id": {fmt.Sprint(accountID)}, "template_id": {tplID}, "start": {day}}))
		}
		w = start(am1, f.group.ID, "")
		m := onboardingLocation.FindStringSubmatch(w.Header().Get("Location"))
		if w.Code != 303 || m == nil {
			t.Fatalf("start: %d %v %s", w.Code, w.Header(), w.Body)
		}
		page := "/onboarding/" + m[1]
		body := wantPage(t, f.do(t, "GET", page+"?saved=started", cookie(am1)), 200, "Checklist started", "Kick-off", "Data load", "0 of 2 steps done")
		wantPage(t, start(am1, f.group.ID, ""), 409, "already running", "Start a checklist")
		wantPage(t, start(am1, f.group.ID, "soon"), 400, "YYYY-MM-DD")
		wantPage(t, start(am2, f.group.ID, ""), 404)
		wantPage(t, f.do(t, "GET", page, cookie(am2)), 404)
		steps := stepDoneAction.FindAllStringSubmatch(body, -1)
		if len(steps) != 2 {
			t.Fatalf("step buttons: %v", steps)
		}
		wantPage(t, f.do(t, "POST", "/onboarding-steps/"+steps[0][1]+"/done", cookie(am2)), 404)
		if w := f.do(t, "POST", "/onboarding-steps/"+steps[0][1]+"/done", cookie(am1)); w.Code != 303 {
			t.Fatalf("complete a step: %d %s", w.Code, w.Body)
		}
		wantPage(t, f.do(t, "GET", page+"?saved=done", cookie(am1)), 200, "Step done.", "1 of 2 steps done", "badge onb-done")
		wantPage(t, f.do(t, "GET", account, cookie(am1)), 200, "1 of 2 steps done", "Next: Data load")

		// Started long ago on the account named with markup: late, and the name stays text.
		w = start(am1, f.markup.ID, "2020-01-06")
		late := onboardingLocation.FindStringSubmatch(w.Header().Get("Location"))
		if w.Code != 303 || late == nil {
			t.Fatalf("start on the markup account: %d %s", w.Code, w.Body)
		}
		for _, target := range []string{"/onboarding/" + late[1], "/onboarding?show=late", fmt.Sprintf("/accounts/%d", f.markup.ID)} {
			body := wantPage(t, f.do(t, "GET", target, cookie(am1)), 200, "2 late")
			if strings.Contains(body, "<script>alert(1)</script>") {
				t.Errorf("%s: markup in the account name is not escaped", target)
			}
		}
		if body := wantPage(t, f.do(t, "GET", "/onboarding?show=late", cookie(am2)), 200); strings.Contains(body, "Key account onboarding") {
			t.Errorf("am2 sees am1's onboardings")
		}

		// Cancel: a stale form is refused, then it goes.
		wantPage(t, f.do(t, "POST", page+"/cancel", cookie(am1), form(url.Values{"version": {"5"}})), 409, "was not cancelled")
		wantPage(t, f.do(t, "POST", page+"/cancel", cookie(am2), form(url.Values{"version": {"1"}})), 404)
		if w := f.do(t, "POST", page+"/cancel", cookie(am1), form(url.Values{"version": {"1"}})); w.Code != 303 || w.Header().Get("Location") != account+"#onboarding" {
			t.Fatalf("cancel: %d %v", w.Code, w.Header())
		}
		wantPage(t, f.do(t, "GET", page, cookie(am1)), 404)
	})
}
