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

// TestPlanActionsOnMyDay: an action given to someone who may only read the
// account shows on their My day, late, and they mark it done from there
// (but may not edit it); a plan due for review shows on the account
// owner's My day.
func TestPlanActionsOnMyDay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		ctx, sys := context.Background(), kam.System()
		today := kam.DateOf(time.Now())
		must(t, s.Load(ctx, sys, func(l *store.Loader) error { return l.TeamMember(f.other.ID, f.am1.ID, "support", "read") }))
		am2 := principalOf(t, s, f.am2)
		plan := &kam.AccountPlan{AccountID: f.other.ID, Title: "Zeta plan <i>2027</i>", PeriodStart: today.AddDays(-30), PeriodEnd: today.AddDays(300),
			NextReview: today.AddDays(3)}
		must(t, s.CreatePlan(ctx, am2, plan))
		v, err := s.AddPlanItem(ctx, am2, plan.ID, 1, &kam.PlanItem{Kind: kam.PlanAction, Title: "Send the <b>audit</b> report",
			OwnerID: f.am1.ID, Due: today.AddDays(-2)})
		must(t, err)
		action := v.Section(kam.PlanAction)[0]

		am1 := f.login(t, "am1")
		body := wantPage(t, f.do(t, "GET", "/", cookie(am1)), 200, "Plan actions and reviews", "Send the &lt;b&gt;audit&lt;/b&gt; report",
			"Zeta Secret Holdings", "2 days late", store.PlanItemState(action))
		if strings.Contains(body, "Review Zeta plan") {
			t.Errorf("am1 does not own the account: no review on their day")
		}
		wantPage(t, f.do(t, "GET", "/", cookie(f.login(t, "am2"))), 200, "Review Zeta plan &lt;i&gt;2027&lt;/i&gt;", "in 3 days")

		// On the plan's page am1 may mark the action done, not edit it.
		planPath := fmt.Sprintf("/plans/%d", plan.ID)
		body = wantPage(t, f.do(t, "GET", planPath, cookie(am1)), 200, "Mark done")
		if strings.Contains(body, "Edit<span") || strings.Contains(body, "/remove") {
			t.Errorf("a reader who owns an action gets forms to edit the plan")
		}
		item := fmt.Sprintf("%s/items/%d", planPath, action.ID)
		wantPage(t, f.do(t, "POST", item, cookie(am1), form(url.Values{"version": {"2"}, "state": {store.PlanItemState(action)},
			"title": {"X"}})), 403)
		w := f.do(t, "POST", item+"/done", cookie(am1), form(url.Values{"version": {"0"}, "state": {store.PlanItemState(action)},
			"done": {"1"}, "next": {"/"}}))
		if w.Code != 303 || w.Header().Get("Location") != "/?plan=done" {
			t.Fatalf("done from My day: %d %s %s", w.Code, w.Header().Get("Location"), w.Body)
		}
		if body := wantPage(t, f.do(t, "GET", "/?plan=done", cookie(am1)), 200, "Plan action marked done."); strings.Contains(body, "audit") {
			t.Errorf("a done action stays on the day")
		}
		if now, _ := s.FindPlan(ctx, sys, plan.ID); !now.Item(action.ID).Done() {
			t.Errorf("the action is not done: %+v", now.Item(action.ID))
		}
		// Another user's state, an unknown next: no redirect off the site.
		w = f.do(t, "POST", item+"/done", cookie(am1), form(url.Values{"version": {"0"}, "state": {"x"}, "done": {"0"}, "next": {"//evil.example"}}))
		wantPage(t, w, 409, "This plan changed since you opened it")
	})
}

// TestPlanItemEditFromAnOlderPlan: an item edit made while another part of
// the plan changed is saved; one made while that item changed is refused,
// with what the user typed kept beside what the item says now.
func TestPlanItemEditFromAnOlderPlan(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		ctx := context.Background()
		am1p := principalOf(t, s, f.am1)
		plan := &kam.AccountPlan{AccountID: f.group.ID, Title: "Nordic plan", PeriodStart: kam.NewDate(2027, 1, 1), PeriodEnd: kam.NewDate(2027, 12, 31),
			Items: []*kam.PlanItem{{Kind: kam.PlanStrategy, Title: "Bundle service"}, {Kind: kam.PlanKeyMessage, Title: "Lowest cost", Rating: "strong"}}}
		must(t, s.CreatePlan(ctx, am1p, plan))
		strategy := plan.Section(kam.PlanStrategy)[0]
		state := store.PlanItemState(strategy)
		am1 := f.login(t, "am1")
		planPath := fmt.Sprintf("/plans/%d", plan.ID)
		body := wantPage(t, f.do(t, "GET", planPath, cookie(am1)), 200, fmt.Sprintf(`id="edit-%d"`, strategy.ID))
		if strings.Count(body, fmt.Sprintf(`id="item-%d"`, strategy.ID)) != 1 {
			t.Errorf("the item's id is not unique")
		}

		// Someone else changes the plan's title: the strategy's edit still applies.
		title := "Nordic plan (agreed)"
		_, err := s.UpdatePlan(ctx, am1p, plan.ID, kam.PlanUpdate{Version: 1, Title: &title})
		must(t, err)
		item := fmt.Sprintf("%s/items/%d", planPath, strategy.ID)
		w := f.do(t, "POST", item, cookie(am1), form(url.Values{"version": {"1"}, "state": {state}, "title": {"Bundle service and spares"}}))
		if w.Code != 303 {
			t.Fatalf("an edit of an unchanged item: %d %s", w.Code, w.Body)
		}
		// The same form again: now the strategy itself changed, so it is refused, the typed value kept.
		wantPage(t, f.do(t, "POST", item, cookie(am1), form(url.Values{"version": {"1"}, "state": {state}, "title": {"My <b>own</b> title"}})),
			409, "This plan changed since you opened it", "what you typed is kept", `value="My &lt;b&gt;own&lt;/b&gt; title"`,
			"Now: Bundle service and spares", "your version 1, now version 3")

		// Added items show their values since the last review; the export rates in words, and a CSV holds items only.
		wantPage(t, f.do(t, "GET", planPath, cookie(am1)), 200, "Bundle service and spares")
		csv := f.do(t, "GET", planPath+"/export?format=csv", cookie(am1)).Body.String()
		if strings.Contains(csv, "Account: Nordic Foods Group") || !strings.Contains(csv, "Lowest cost,,,Strong") {
			t.Errorf("the export: %s", csv)
		}
		wantPage(t, f.do(t, "GET", planPath+"/changes?from=1&to=2", cookie(am1)), 200, "UTC")
	})
}

// principalOf is the principal of a fixture's user.
func principalOf(t *testing.T, s *store.Store, u *kam.User) *kam.Principal {
	t.Helper()
	p, err := s.PrincipalFor(context.Background(), u.ID)
	must(t, err)
	return p
}
