package server_test

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// TestTargetPages: an administrator moves the fiscal year to April, a
// director sets and changes an account manager's quota on the targets page
// (a closed period, a zero amount, a second quota and a stale change are
// refused with their reason), the account manager sees it but may not set
// one, and adds an objective on an account's page, where markup stays text.
func TestTargetPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		ctx, sys := context.Background(), kam.System()
		var nordics int64
		units, err := s.FindOrgUnits(ctx)
		must(t, err)
		nordics = units[0].ID
		for _, u := range []*kam.User{{Username: "boss", DisplayName: "Dana Director", Role: kam.RoleDirector, OrgUnitID: nordics},
			{Username: "root", DisplayName: "Ada Admin", Role: kam.RoleAdmin, OrgUnitID: nordics}} {
			must(t, s.CreateUser(ctx, sys, u, testPassword))
		}
		director, admin, am1, am2 := f.login(t, "boss"), f.login(t, "root"), f.login(t, "am1"), f.login(t, "am2")

		// The fiscal year starts in April; only an administrator moves it.
		wantPage(t, f.do(t, "POST", "/fiscal-year", cookie(director), form(url.Values{"start_month": {"4"}})), 403)
		if w := f.do(t, "POST", "/fiscal-year", cookie(admin), form(url.Values{"start_month": {"4"}})); w.Code != 303 {
			t.Fatalf("fiscal year: %d %s", w.Code, w.Body)
		}
		cal := kam.FiscalCalendar{StartMonth: time.April}
		today := kam.DateOf(time.Now())
		q := cal.At(kam.PeriodQuarter, today)
		wantPage(t, f.do(t, "GET", "/targets?saved=fiscal-year", cookie(admin)), 200, "Fiscal year saved.", q.Label(), "Now April")
		wantPage(t, f.do(t, "GET", "/forecasts", cookie(am1)), 200, `href="/targets"`)

		// The director sets am1's quota for this quarter.
		set := func(who, period, amount string) url.Values {
			return url.Values{"for": {who}, "period": {period}, "amount": {amount}, "currency": {"EUR"}, "basis": {"orders"}}
		}
		am1For := fmt.Sprintf("user:%d", f.am1.ID)
		body := wantPage(t, f.do(t, "GET", "/targets", cookie(director)), 200, "Set a quota for "+q.Label(), "Alex Morgan · Nordics")
		if strings.Contains(body, "Dana Director ·") {
			t.Errorf("the director is offered their own quota")
		}
		w := f.do(t, "POST", "/targets", cookie(director), form(set(am1For, q.Key(), "50,000")))
		if w.Code != 303 || w.Header().Get("Location") != "/targets?period="+url.QueryEscape(q.Key())+"&saved=created" {
			t.Fatalf("set a quota: %d %s %s", w.Code, w.Header().Get("Location"), w.Body)
		}
		wantPage(t, f.do(t, "GET", w.Header().Get("Location"), cookie(director)), 200, "Target set.", "Alex Morgan", "50,000 EUR",
			"Unit: Nordics")
		// Refused, each with its reason by the form.
		prev := cal.Shift(q, -1)
		wantPage(t, f.do(t, "POST", "/targets", cookie(director), form(set(am1For, prev.Key(), "1"))), 400,
			prev.Label()+" ended on", "before today")
		wantPage(t, f.do(t, "POST", "/targets", cookie(director), form(set(am1For, q.Key(), "0"))), 400,
			"A target&#39;s amount is above zero.", `aria-invalid="true"`)
		wantPage(t, f.do(t, "POST", "/targets", cookie(director), form(set(am1For, q.Key(), "5"))), 409, "There is already a quota")
		wantPage(t, f.do(t, "POST", "/targets", cookie(director), form(set("user:"+fmt.Sprint(f.am1.ID), "2026-13", "5"))), 400, "There is no period")
		wantPage(t, f.do(t, "POST", "/targets", cookie(am1), form(set(am1For, q.Key(), "5"))), 403, "Quotas are set by directors")
		wantPage(t, f.do(t, "GET", "/targets?period=FY20x", cookie(am1)), 400, "There is no period")

		// A change from the version read; a second from the same is stale.
		page, err := s.FindTargetList(ctx, sys, store.TargetFilter{UserID: f.am1.ID})
		must(t, err)
		id := page.Targets[0].ID
		change := url.Values{"version": {"1"}, "amount": {"60000"}, "period": {q.Key()}, "action": {"save"}}
		if w := f.do(t, "POST", fmt.Sprintf("/targets/%d", id), cookie(director), form(change)); w.Code != 303 {
			t.Fatalf("change: %d %s", w.Code, w.Body)
		}
		wantPage(t, f.do(t, "POST", fmt.Sprintf("/targets/%d", id), cookie(director), form(change)), 409, "Someone else changed this target")
		wantPage(t, f.do(t, "POST", fmt.Sprintf("/targets/%d", id), cookie(am2), form(change)), 404)
		// am1 sees their quota and what they achieved, without the forms.
		body = wantPage(t, f.do(t, "GET", "/targets", cookie(am1)), 200, "Alex Morgan", "60,000 EUR")
		if strings.Contains(body, "Set a quota") || strings.Contains(body, fmt.Sprintf(`action="/targets/%d"`, id)) {
			t.Errorf("am1 is offered the quota forms")
		}

		// An objective on an account's page; markup stays text.
		account := fmt.Sprintf("/accounts/%d", f.group.ID)
		objective := url.Values{"period": {q.Key()}, "description": {"Win the <b>Lyon</b> site"}, "amount": {"10000"}, "currency": {"EUR"}, "basis": {"won"}}
		wantPage(t, f.do(t, "POST", account+"/objectives", cookie(am2), form(objective)), 404)
		wantPage(t, f.do(t, "POST", account+"/objectives", cookie(am1), form(url.Values{"period": {q.Key()}, "currency": {"EUR"}})), 400,
			"An objective needs an amount above zero, a description, or both.")
		if w := f.do(t, "POST", account+"/objectives", cookie(am1), form(objective)); w.Code != 303 || w.Header().Get("Location") != account+"?saved=objective#objectives" {
			t.Fatalf("add an objective: %d %s", w.Code, w.Body)
		}
		body = wantPage(t, f.do(t, "GET", account+"?saved=objective", cookie(am1)), 200, "Objectives saved.",
			"Win the &lt;b&gt;Lyon&lt;/b&gt; site", q.Label(), "won deals")
		if strings.Contains(body, "<b>Lyon") {
			t.Errorf("the objective's markup is live")
		}
		objectives, err := s.FindTargetList(ctx, sys, store.TargetFilter{AccountID: f.group.ID})
		must(t, err)
		del := url.Values{"version": {"1"}, "action": {"delete"}, "back_account": {fmt.Sprint(f.group.ID)}}
		if w := f.do(t, "POST", fmt.Sprintf("/targets/%d", objectives.Targets[0].ID), cookie(am1), form(del)); w.Code != 303 {
			t.Fatalf("delete the objective: %d %s", w.Code, w.Body)
		}
		wantPage(t, f.do(t, "GET", account, cookie(am1)), 200, "No objectives set for this account.")

		// A unit or person without a quota has a "Set" link to the form,
		// which it prefills.
		am2For := fmt.Sprintf("user:%d", f.am2.ID)
		wantPage(t, f.do(t, "GET", "/targets?period="+url.QueryEscape(q.Key())+"&for="+am2For, cookie(director)), 200,
			`#tg-set" aria-label="Set a quota for Nordics">Set</a>`, `<option value="`+am2For+`" selected>`)
		// The fiscal year cannot move from under am1's open quota: the refusal
		// names it, and offers to delete it while moving the year.
		body = wantPage(t, f.do(t, "POST", "/fiscal-year", cookie(admin), form(url.Values{"start_month": {"2"}})), 409,
			"1 open target would no longer be a whole quarter or year: Alex Morgan for "+q.Label(),
			"Delete this open target and start the year in February", `name="delete_targets" value="1"`)
		if strings.Contains(body, "(target") {
			t.Errorf("the refusal shows a target's id")
		}
		// The form carries the targets shown; without them nothing moves.
		shown := regexp.MustCompile(`name="target" value="(\d+)"`).FindAllStringSubmatch(body, -1)
		if len(shown) != 1 {
			t.Fatalf("the confirmation lists %d targets, want am1's one", len(shown))
		}
		move := url.Values{"start_month": {"2"}, "delete_targets": {"1"}}
		wantPage(t, f.do(t, "POST", "/fiscal-year", cookie(admin), form(move)), 409, "changed since you looked")
		move["target"] = []string{shown[0][1]}
		wantPage(t, f.do(t, "POST", "/fiscal-year", cookie(director), form(move)), 403)
		if w := f.do(t, "POST", "/fiscal-year", cookie(admin), form(move)); w.Code != 303 {
			t.Fatalf("delete and move: %d %s", w.Code, w.Body)
		}
		wantPage(t, f.do(t, "GET", "/targets", cookie(admin)), 200, "Now February")
	})
}
