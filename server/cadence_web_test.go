package server_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// TestCadencePages: the call plan, compliance and attrition pages; an
// account's cadence and its loss set through their forms, with bad input
// and a stale form refused; a cold-call list made and worked; another
// user's account and list not found; the settings for administrators.
func TestCadencePages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		must(t, s.CreateUser(context.Background(), kam.System(), &kam.User{Username: "root", DisplayName: "Ada Admin", Role: kam.RoleAdmin}, testPassword))
		am1, am2, root := f.login(t, "am1"), f.login(t, "am2"), f.login(t, "root")
		wantPage(t, f.do(t, "GET", "/calls", cookie(am1)), 200, "Call plan", "Nordic Foods Group", "Log the call", `href="/capture?account_id=`)
		if body := wantPage(t, f.do(t, "GET", "/calls", cookie(am2)), 200, "Zeta Secret Holdings"); strings.Contains(body, "Nordic Foods") {
			t.Errorf("am2's call plan shows am1's accounts")
		}
		wantPage(t, f.do(t, "GET", "/calls/compliance?period=last-month", cookie(am1)), 200, "Alex Morgan", "Within cadence")
		wantPage(t, f.do(t, "GET", "/attrition?period=month", cookie(am1)), 200, "Attrition", "No account lost")

		// An account's cadence: bad input and a stale form change nothing.
		page := fmt.Sprintf("/accounts/%d/cadence", f.group.ID)
		wantPage(t, f.do(t, "GET", page, cookie(am1)), 200, "Days between contacts", `name="version" value="1"`)
		wantPage(t, f.do(t, "POST", page, cookie(am1), form(url.Values{"version": {"1"}, "days": {"0"}})), 400, "A cadence is a whole number of days from 1 to 366")
		wantPage(t, f.do(t, "POST", page, cookie(am1), form(url.Values{"version": {"1"}, "days": {"many"}})), 400, "whole number of days")
		wantPage(t, f.do(t, "POST", page, cookie(am2), form(url.Values{"version": {"1"}, "days": {"21"}})), 404)
		wantPage(t, f.do(t, "GET", page, cookie(am2)), 404)
		if w := f.do(t, "POST", page, cookie(am1), form(url.Values{"version": {"1"}, "days": {"21"}})); w.Code != 303 || w.Header().Get("Location") != fmt.Sprintf("/accounts/%d?saved=cadence#cadence", f.group.ID) {
			t.Fatalf("save the cadence: %d %s", w.Code, w.Header().Get("Location"))
		}
		wantPage(t, f.do(t, "GET", fmt.Sprintf("/accounts/%d?saved=cadence", f.group.ID), cookie(am1)), 200, "Cadence saved.", "every 3 weeks", "(its own; Key tier: 14 days)")
		wantPage(t, f.do(t, "POST", page, cookie(am1), form(url.Values{"version": {"1"}, "days": {"30"}})), 409, "Someone else changed this account")

		// Marking lost: a reason is required; the loss shows on the account.
		lost := fmt.Sprintf("/accounts/%d/attrition", f.group.ID)
		wantPage(t, f.do(t, "GET", lost, cookie(am1)), 200, "Mark lost", "Choose a reason", "Service quality")
		wantPage(t, f.do(t, "POST", lost, cookie(am1), form(url.Values{"version": {"2"}, "competitor": {"Acme"}})), 400, "Say why the account was lost", `value="Acme"`)
		wantPage(t, f.do(t, "POST", lost, cookie(am1), form(url.Values{"version": {"1"}, "reason": {"Price"}})), 409, "Someone else changed this account")
		wantPage(t, f.do(t, "POST", lost, cookie(am2), form(url.Values{"version": {"2"}, "reason": {"Price"}})), 404)
		if w := f.do(t, "POST", lost, cookie(am1), form(url.Values{"version": {"2"}, "reason": {"Price"}, "competitor": {"<i>Acme</i>"}, "detail": {"Cheaper offer"}})); w.Code != 303 {
			t.Fatalf("mark lost: %d %s", w.Code, w.Body)
		}
		wantPage(t, f.do(t, "GET", fmt.Sprintf("/accounts/%d", f.group.ID), cookie(am1)), 200, "Lost on", "&lt;i&gt;Acme&lt;/i&gt;", "Plan the win-back or reactivate")
		wantPage(t, f.do(t, "GET", "/attrition?period=month", cookie(am1)), 200, "Nordic Foods Group", "&lt;i&gt;Acme&lt;/i&gt;", "Price")
		if w := f.do(t, "POST", fmt.Sprintf("/accounts/%d/reactivate", f.group.ID), cookie(am1), form(url.Values{"version": {"3"}, "status": {"active"}})); w.Code != 303 {
			t.Fatalf("reactivate: %d %s", w.Code, w.Body)
		}
		wantPage(t, f.do(t, "GET", lost+"?saved=1", cookie(am1)), 200, "Saved.", "<h1>Mark lost</h1>", "Cheaper offer", kam.DateOf(time.Now()).String())

		// A cold-call list of am1's prospects: the one named with markup shows as text.
		w := f.do(t, "POST", "/calls/lists", cookie(am1), form(url.Values{"name": {"All my prospects"}}))
		if w.Code != 303 || !strings.HasPrefix(w.Header().Get("Location"), "/calls/lists/") {
			t.Fatalf("make a list: %d %s", w.Code, w.Body)
		}
		list := w.Header().Get("Location")
		if body := wantPage(t, f.do(t, "GET", list, cookie(am1)), 200, "All my prospects", "&lt;script&gt;alert(1)&lt;/script&gt;"); strings.Contains(body, "<script>alert(1)") {
			t.Errorf("a prospect's markup is not text on the list")
		}
		wantPage(t, f.do(t, "POST", "/calls/lists", cookie(am1), form(url.Values{"name": {"Japan"}, "country": {"JP"}})), 400, "No prospect")
		wantPage(t, f.do(t, "GET", list, cookie(am2)), 404)
		call := url.Values{"account_id": {fmt.Sprint(f.markup.ID)}, "version": {"1"}, "outcome": {"no_answer"}, "note": {"Try Tuesday"}}
		if w := f.do(t, "POST", list, cookie(am1), form(call)); w.Code != 303 {
			t.Fatalf("record a call: %d %s", w.Code, w.Body)
		}
		wantPage(t, f.do(t, "POST", list, cookie(am1), form(call)), 409, "Someone else recorded this call")
		call.Set("version", "2")
		call.Set("outcome", "not_interested")
		call.Set("convert", "opportunity")
		wantPage(t, f.do(t, "POST", list, cookie(am1), form(call)), 400, "Only an interested prospect")
		wantPage(t, f.do(t, "GET", list+"?saved=1", cookie(am1)), 200, "Call recorded.", "No answer", "Try Tuesday")

		// Settings are the administrator's.
		wantPage(t, f.do(t, "GET", "/calls/settings", cookie(am1)), 403)
		settings := url.Values{"days_key": {"7"}, "days_strategic": {"30"}, "days_core": {"0"}, "days_standard": {"90"}, "reasons": {"Price\nService"}}
		wantPage(t, f.do(t, "POST", "/calls/settings", cookie(root), form(settings)), 400, "A cadence is a whole number")
		settings.Set("days_core", "45")
		if w := f.do(t, "POST", "/calls/settings", cookie(root), form(settings)); w.Code != 303 {
			t.Fatalf("save the settings: %d %s", w.Code, w.Body)
		}
		wantPage(t, f.do(t, "GET", "/calls/settings?saved=1", cookie(root)), 200, "Saved.", `value="45"`, "Price\nService")
	})
}

// TestCadenceCompliancePages: the compliance report lists its accounts 50
// at a time, each account once, with the account managers' summary whole
// on every page; a cursor of another period is refused.
func TestCadenceCompliancePages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		for i := range 52 {
			must(t, s.CreateAccount(context.Background(), kam.System(), &kam.Account{Name: fmt.Sprintf("Paged %02d", i), Tier: "core",
				Currency: "EUR", OwnerID: f.am1.ID}))
		}
		am1 := f.login(t, "am1")
		// am1's 5 customers and the 52, by name as none is late: 50 then 7.
		first := wantPage(t, f.do(t, "GET", "/calls/compliance?period=month", cookie(am1)), 200, "Baltic Logistics", "Paged 45", "Next page", `<span class="count">57</span>`)
		next := nextLink(first)
		if !strings.HasPrefix(next, "/calls/compliance?") || !strings.Contains(next, "period=month") || strings.Contains(first, "Paged 46") {
			t.Fatalf("first page: next %q", next)
		}
		second := wantPage(t, f.do(t, "GET", next, cookie(am1)), 200, "Paged 46", "Paged 51", "Île Distribution", "First page", "Alex Morgan")
		if strings.Contains(second, "Paged 45") || strings.Contains(second, "Baltic Logistics") || nextLink(second) != "" {
			t.Errorf("second page repeats the first or goes on")
		}
		wantPage(t, f.do(t, "GET", strings.Replace(next, "period=month", "period=last-month", 1), cookie(am1)), 400, "The page cursor is invalid")
	})
}
