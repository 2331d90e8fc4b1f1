package server_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// TestCasePages: a case opened on the account page, moved on and resolved
// on its page; a stale form, a resolution without satisfaction and another
// user's case are refused; overdue cases show on My day and lead the list.
func TestCasePages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		am1, am2 := f.login(t, "am1"), f.login(t, "am2")
		account := fmt.Sprintf("/accounts/%d", f.group.ID)
		wantPage(t, f.do(t, "GET", account, cookie(am1)), 200, "New case", `action="/cases"`)
		if body := wantPage(t, f.do(t, "GET", "/", cookie(am1)), 200); strings.Contains(body, "Overdue cases") {
			t.Errorf("My day shows overdue cases before there are any")
		}

		// Open a case from the account page; a missing subject is refused.
		wantPage(t, f.do(t, "POST", "/cases", cookie(am1), form(url.Values{"account_id": {fmt.Sprint(f.group.ID)},
			"kind": {"complaint"}, "severity": {"high"}, "subject": {" "}})), 400, "A case needs a subject")
		wantPage(t, f.do(t, "POST", "/cases", cookie(am2), form(url.Values{"account_id": {fmt.Sprint(f.group.ID)},
			"kind": {"complaint"}, "subject": {"Sneaky"}})), 404)
		w := f.do(t, "POST", "/cases", cookie(am1), form(url.Values{"account_id": {fmt.Sprint(f.group.ID)},
			"kind": {"complaint"}, "severity": {"high"}, "subject": {"Leaking valve"}, "due": {"2020-01-06"}}))
		if w.Code != 303 || !strings.HasPrefix(w.Header().Get("Location"), "/cases/") {
			t.Fatalf("open a case: %d %s", w.Code, w.Body)
		}
		page := strings.TrimSuffix(w.Header().Get("Location"), "?saved=created")
		wantPage(t, f.do(t, "GET", page+"?saved=created", cookie(am1)), 200, "Case opened.", "Leaking valve", "Nordic Foods Group", "Move it on")
		wantPage(t, f.do(t, "GET", page, cookie(am2)), 404)

		// Overdue (due in 2020): first on the list, and on My day.
		wantPage(t, f.do(t, "GET", "/", cookie(am1)), 200, "Overdue cases", "Leaking valve", "days late")
		wantPage(t, f.do(t, "GET", "/cases?overdue=1", cookie(am1)), 200, "Leaking valve", `<tr id="case-`, `class="late"`, `class="nowrap overdue"`)
		if body := wantPage(t, f.do(t, "GET", "/cases", cookie(am2)), 200); strings.Contains(body, "Leaking valve") {
			t.Errorf("am2 sees am1's case on the list")
		}
		wantPage(t, f.do(t, "GET", "/cases?severity=urgent", cookie(am1)), 400, "Severity must be")

		move := func(version, status, satisfaction string) url.Values {
			return url.Values{"version": {version}, "status": {status}, "severity": {"high"}, "satisfaction": {satisfaction},
				"owner_id": {fmt.Sprint(f.am1.ID)}, "due": {"2020-01-06"}, "was_due": {"2020-01-06"}}
		}
		if w := f.do(t, "POST", page, cookie(am1), form(move("1", "in_progress", ""))); w.Code != 303 {
			t.Fatalf("move on: %d %s", w.Code, w.Body)
		}
		wantPage(t, f.do(t, "POST", page, cookie(am1), form(move("1", "waiting", ""))), 409, "Someone else changed this case")
		wantPage(t, f.do(t, "POST", page, cookie(am1), form(move("2", "resolved", ""))), 400, "Record the client&#39;s satisfaction")
		wantPage(t, f.do(t, "POST", page, cookie(am2), form(move("2", "resolved", "4"))), 404)
		if w := f.do(t, "POST", page, cookie(am1), form(move("2", "resolved", "4"))); w.Code != 303 {
			t.Fatalf("resolve: %d %s", w.Code, w.Body)
		}
		wantPage(t, f.do(t, "GET", page, cookie(am1)), 200, "4 of 5", "Resolved")
		if body := wantPage(t, f.do(t, "GET", "/cases", cookie(am1)), 200); strings.Contains(body, "Leaking valve") {
			t.Errorf("a resolved case is still on the list of unresolved cases")
		}
		wantPage(t, f.do(t, "GET", "/cases?status=resolved", cookie(am1)), 200, "Leaking valve")
		if body := wantPage(t, f.do(t, "GET", "/", cookie(am1)), 200); strings.Contains(body, "Leaking valve") {
			t.Errorf("My day still shows the resolved case")
		}
	})
}
