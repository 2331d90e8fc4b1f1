package browser_test

import (
	"strings"
	"testing"
)

// TestDayPlanActions: a key account manager finds the late actions of
// their account plans on My day, marks one done from there and is brought
// back to My day without it.
func TestDayPlanActions(t *testing.T) {
	ctx := newPage(t)
	_, owner := activePlan(t)
	login(t, ctx, owner.Username)
	open(t, ctx, "/")
	rows := `.day-plans li.task-row:has(form.task-done)`
	if count(t, ctx, rows) == 0 {
		t.Fatalf("My day shows no plan action of %s: %.400s", owner.Username, text(t, ctx, "main"))
	}
	if count(t, ctx, `.day-plans li.task-row.plan-late`) == 0 {
		t.Errorf("no plan action is marked late")
	}
	href := eval[string](t, ctx, `document.querySelector(`+jsString(rows+" a.task-title")+`).getAttribute("href")`)
	if status := follow(t, ctx, rows+" form.task-done button"); status != 200 {
		t.Fatalf("done: status %d", status)
	}
	if got := currentPath(t, ctx); !strings.HasPrefix(got, "/?plan=done") {
		t.Errorf("after marking done, the browser is at %s, want back on My day", got)
	}
	if got := text(t, ctx, ".notice"); got != "Plan action marked done." {
		t.Errorf("the notice says %q", got)
	}
	if count(t, ctx, `.day-plans a[href="`+href+`"]`) != 0 {
		t.Errorf("the done action %s is still on My day", href)
	}
}
