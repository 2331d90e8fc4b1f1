package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// TestCapture logs calls, notes, tasks and opportunities through the quick
// capture form and checks what the store holds, the refusals, and that
// nothing typed is lost or run as markup.
func TestCapture(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		sess := f.login(t, "am1")
		am1, err := s.PrincipalFor(ctx, f.am1.ID)
		must(t, err)
		today := kam.DateOf(s.Now())
		group := fmt.Sprint(f.group.ID)
		post := func(v url.Values) *httptest.ResponseRecorder {
			t.Helper()
			return f.do(t, "POST", "/capture", cookie(sess), form(v))
		}
		saved := func(w *httptest.ResponseRecorder, location string) {
			t.Helper()
			if w.Code != http.StatusSeeOther || w.Header().Get("Location") != location {
				t.Fatalf("status %d to %q, want 303 to %q\n%s", w.Code, w.Header().Get("Location"), location, w.Body)
			}
		}
		activities := func(accountID int64) []*store.ActivityRow {
			t.Helper()
			list, err := s.FindActivities(ctx, kam.System(), accountID, 100)
			must(t, err)
			return list
		}

		// A call on an account of am1's, with markup in its subject: stored as
		// typed, shown escaped.
		subject := `Talked about <b>renewal</b> & "prices"`
		saved(post(url.Values{"kind": {"call"}, "subject": {subject}, "account_id": {group}, "next": {"/accounts/" + group}}),
			"/accounts/"+group+"?saved=call")
		list := activities(f.group.ID)
		if len(list) != 1 || list[0].Subject != subject || list[0].Kind != kam.ActivityCall || list[0].UserID != f.am1.ID {
			t.Fatalf("activities %+v", list)
		}
		page := f.do(t, "GET", "/capture?account_id="+group+"&saved=call", cookie(sess))
		body := page.Body.String()
		if page.Code != 200 || !strings.Contains(body, "Talked about &lt;b&gt;renewal&lt;/b&gt; &amp; &#34;prices&#34;") || strings.Contains(body, "<b>renewal") {
			t.Errorf("capture page %d does not show the subject escaped:\n%s", page.Code, body)
		}
		wantBody(t, body, "Call logged.", "Log a call, visit, note, task or opportunity", `href="/" aria-current="page"`)

		// A task with a due day shows in am1's week.
		saved(post(url.Values{"kind": {"task"}, "subject": {"Send the price list"}, "due": {today.AddDays(2).String()}, "account_id": {group}}),
			"/capture?account_id="+group+"&saved=task")
		tasks, err := s.FindTasks(ctx, am1, store.TaskFilter{AssigneeID: f.am1.ID, DueBy: today.AddDays(7)})
		must(t, err)
		if len(tasks) != 1 || tasks[0].Title != "Send the price list" || tasks[0].Due != today.AddDays(2) || tasks[0].AccountName != f.group.Name {
			t.Fatalf("am1's tasks %+v", tasks)
		}

		// A bad due day comes back with 400, keeping what was typed.
		w := post(url.Values{"kind": {"task"}, "subject": {"Call <i>Aino</i> back"}, "due": {"next friday"}, "account_id": {group}})
		if w.Code != http.StatusBadRequest {
			t.Fatalf("bad due day: status %d", w.Code)
		}
		wantBody(t, w.Body.String(), `value="Call &lt;i&gt;Aino&lt;/i&gt; back"`, `value="next friday"`, "YYYY-MM-DD",
			`<option value="task" data-placeholder="What is to be done?" selected>`, `name="account_id" value="`+group+`"`)
		if tasks, _ := s.FindTasks(ctx, am1, store.TaskFilter{AccountID: f.group.ID}); len(tasks) != 1 {
			t.Errorf("%d tasks after the refused one, want 1", len(tasks))
		}

		// Another AM's account is not found, and nothing is written.
		for _, kind := range []string{"call", "task", "opportunity"} {
			w := post(url.Values{"kind": {kind}, "subject": {"Snoop"}, "account_id": {fmt.Sprint(f.other.ID)}})
			if w.Code != http.StatusNotFound || strings.Contains(w.Body.String(), f.other.Name) {
				t.Errorf("%s on am2's account: status %d", kind, w.Code)
			}
		}
		if list := activities(f.other.ID); len(list) != 0 {
			t.Errorf("am2's account has %d activities", len(list))
		}
		if tasks, _ := s.FindTasks(ctx, kam.System(), store.TaskFilter{AccountID: f.other.ID}); len(tasks) != 0 {
			t.Errorf("am2's account has %d tasks", len(tasks))
		}
		if w := f.do(t, "GET", fmt.Sprintf("/capture?account_id=%d", f.other.ID), cookie(sess)); w.Code != http.StatusNotFound {
			t.Errorf("the form for am2's account: status %d", w.Code)
		}

		// An account typed: by exact name, by number, or picked among several.
		saved(post(url.Values{"kind": {"note"}, "subject": {"Prefers email"}, "account": {"hansa RETAIL"}, "next": {"/capture"}}), "/capture?saved=note")
		saved(post(url.Values{"kind": {"visit"}, "subject": {"Plant tour"}, "account": {fmt.Sprintf("#%d", f.sub.ID)}, "next": {"/"}}), "/?saved=visit")
		w = post(url.Values{"kind": {"call"}, "subject": {"Which one?"}, "account": {"nordic"}})
		if w.Code != http.StatusBadRequest {
			t.Fatalf("an ambiguous account: status %d", w.Code)
		}
		wantBody(t, w.Body.String(), "2 of your accounts match", `value="Which one?"`, `value="nordic"`,
			fmt.Sprintf(`type="radio" name="account_id" value="%d"`, f.group.ID), fmt.Sprintf(`type="radio" name="account_id" value="%d"`, f.sub.ID))
		for _, typed := range []string{"Zeta Secret Holdings", fmt.Sprint(f.other.ID), "no such company"} {
			w := post(url.Values{"kind": {"call"}, "subject": {"x"}, "account": {typed}})
			if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "None of your accounts") || strings.Contains(w.Body.String(), `type="radio"`) {
				t.Errorf("account %q: status %d", typed, w.Code)
			}
		}
		if n := len(activities(f.sub.ID)); n != 1 {
			t.Errorf("sub has %d activities, want the visit", n)
		}

		// An opportunity, in the account's currency; a bad amount is refused.
		saved(post(url.Values{"kind": {"opportunity"}, "subject": {"Pilot line"}, "amount": {"12,500"}, "account_id": {group}, "next": {"https://evil.example/"}}),
			"/?saved=opportunity")
		var deals []*store.OpportunityRow
		must(t, s.EachOpportunity(ctx, am1, func(o *store.OpportunityRow) error { deals = append(deals, o); return nil }))
		if len(deals) != 1 || deals[0].Name != "Pilot line" || deals[0].Amount != kam.MustMoney("12500") || deals[0].Currency != "EUR" ||
			deals[0].Stage != "prospecting" || deals[0].OwnerID != f.am1.ID || deals[0].CloseDate != today.AddDays(90) {
			t.Errorf("deals %+v", deals)
		}
		if w := post(url.Values{"kind": {"opportunity"}, "subject": {"Big one"}, "amount": {"lots"}, "account_id": {group}}); w.Code != http.StatusBadRequest ||
			!strings.Contains(w.Body.String(), `value="lots"`) {
			t.Errorf("bad amount: status %d", w.Code)
		}
		for _, v := range []url.Values{
			{"kind": {"fax"}, "subject": {"x"}, "account_id": {group}},
			{"kind": {"call"}, "subject": {"  "}, "account_id": {group}},
			{"kind": {"call"}, "subject": {"x"}},
		} {
			if w := post(v); w.Code != http.StatusBadRequest {
				t.Errorf("%v: status %d", v, w.Code)
			}
		}

		// Done: the task leaves the lists; another AM cannot.
		task := tasks[0].ID
		done := fmt.Sprintf("/tasks/%d/done", task)
		if w := f.do(t, "POST", done, cookie(f.login(t, "am2")), form(url.Values{"next": {"/capture"}})); w.Code != http.StatusNotFound {
			t.Errorf("am2 completes am1's task: status %d", w.Code)
		}
		saved(f.do(t, "POST", done, cookie(sess), form(url.Values{"next": {"/capture?account_id=" + group}})), "/capture?account_id="+group)
		saved(f.do(t, "POST", done, cookie(sess), form(url.Values{"next": {"//evil.example"}})), "/")
		if row, err := s.FindTask(ctx, am1, task); err != nil || row.DoneAt == nil {
			t.Errorf("task %+v, %v: want done", row, err)
		}
		if w := f.do(t, "POST", "/tasks/abc/done", cookie(sess)); w.Code != http.StatusNotFound {
			t.Errorf("a malformed task id: status %d", w.Code)
		}
	})
}

// TestCapturePageMarkup: every field of the capture page has a label, and
// nothing is styled inline (the CSP forbids it).
func TestCapturePageMarkup(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		sess := f.login(t, "am1")
		for _, target := range []string{"/capture", fmt.Sprintf("/capture?account_id=%d&kind=task", f.group.ID)} {
			w := f.do(t, "GET", target, cookie(sess))
			body := w.Body.String()
			if w.Code != 200 || strings.Contains(body, "style=") || strings.Contains(body, "<script>") {
				t.Fatalf("%s: status %d or inline style or script", target, w.Code)
			}
			fields := regexp.MustCompile(`<(?:input|select)[^>]* id="([^"]+)"`).FindAllStringSubmatch(body, -1)
			if len(fields) < 4 {
				t.Errorf("%s has %d fields", target, len(fields))
			}
			for _, m := range fields {
				if !strings.Contains(body, `for="`+m[1]+`"`) {
					t.Errorf("%s: field %s has no label", target, m[1])
				}
			}
		}
	})
}
