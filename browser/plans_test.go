package browser_test

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
)

// TestPlanEdit: a key account manager finds a plan of theirs on the list
// of plans, opens it, edits a strategy in place and sees it saved; an edit
// made while someone else changed another part of the plan is saved too,
// and one made while someone else changed that strategy is refused with
// what was typed kept beside what the strategy says now.
func TestPlanEdit(t *testing.T) {
	ctx := newPage(t)
	bg, sys := context.Background(), kam.System()
	hit, owner := activePlan(t)
	login(t, ctx, owner.Username)
	open(t, ctx, "/plans")
	planPath := "/plans/" + strconv.FormatInt(hit.ID, 10)
	if status := follow(t, ctx, `.plan-list a[href="`+planPath+`"]`); status != 200 {
		t.Fatalf("opening the plan: status %d", status)
	}
	if got := text(t, ctx, "h1"); got != hit.Title {
		t.Fatalf("the plan's page is %q, want %q", got, hit.Title)
	}

	// Edit the first strategy in place.
	plan, err := env.st.FindPlan(bg, sys, hit.ID)
	if err != nil {
		t.Fatal(err)
	}
	strategy := plan.Section(kam.PlanStrategy)[0]
	id := strconv.FormatInt(strategy.ID, 10)
	item, field := "#item-"+id, "#edit-"+id+"-title"
	title := "Offer a <b>three-year</b> service bundle at renewal"
	click(t, ctx, `#sec-strategy li`+item+` details.plan-item-edit summary`)
	if status := typeAndEnter(t, ctx, field, title); status != 200 {
		t.Fatalf("saving the strategy: status %d: %.300s", status, text(t, ctx, "body"))
	}
	if got := text(t, ctx, "p.notice"); got != "Plan saved." {
		t.Errorf("notice %q", got)
	}
	if got := text(t, ctx, item+" .plan-item-title"); got != title {
		t.Errorf("the strategy shows %q, want %q", got, title)
	}
	if got := text(t, ctx, "#plan-version"); got != strconv.FormatInt(plan.Version+1, 10) {
		t.Errorf("version %s after one save from %d", got, plan.Version)
	}
	if os.Getenv("KAM_BROWSER_SHOTS") != "" {
		keepEvidence(t, ctx)
	}

	// Someone else changes the budget while the form is open: the edit is saved all the same.
	click(t, ctx, `#sec-strategy li`+item+` details.plan-item-edit summary`)
	now, err := env.st.FindPlan(bg, sys, hit.ID)
	if err != nil {
		t.Fatal(err)
	}
	budget := now.CompanyBudget + kam.MustMoney("1000")
	if _, err := env.st.UpdatePlan(bg, sys, hit.ID, kam.PlanUpdate{Version: now.Version, CompanyBudget: &budget}); err != nil {
		t.Fatal(err)
	}
	title += " (signed)"
	if status := typeAndEnter(t, ctx, field, title); status != 200 {
		t.Fatalf("an edit while the budget changed: status %d: %.300s", status, text(t, ctx, "body"))
	}
	if got := text(t, ctx, item+" .plan-item-title"); got != title {
		t.Errorf("the strategy shows %q, want %q", got, title)
	}

	// Someone else changes the same strategy while the form is open: refused, the typed title kept.
	click(t, ctx, `#sec-strategy li`+item+` details.plan-item-edit summary`)
	now, err = env.st.FindPlan(bg, sys, hit.ID)
	if err != nil {
		t.Fatal(err)
	}
	theirs := "Their strategy"
	if _, err := env.st.UpdatePlanItem(bg, sys, strategy.ID, now.Version, kam.PlanItemUpdate{Title: &theirs}); err != nil {
		t.Fatal(err)
	}
	expectProblem(ctx, "status of 409")
	if status := typeAndEnter(t, ctx, field, "A stale title"); status != 409 {
		t.Fatalf("a stale save: status %d", status)
	}
	if got := text(t, ctx, "#plan-error"); !strings.Contains(got, "This plan changed since you opened it") {
		t.Errorf("the stale save says %q", got)
	}
	if got := eval[string](t, ctx, `document.querySelector(`+jsString(field)+`).value`); got != "A stale title" {
		t.Errorf("the form lost what was typed: %q", got)
	}
	if got := text(t, ctx, item+" .field-now"); got != "Now: "+theirs {
		t.Errorf("beside the typed title: %q", got)
	}
	if got := text(t, ctx, item+" .plan-item-title"); got != theirs {
		t.Errorf("after the stale save the strategy shows %q, want %q", got, theirs)
	}
}

// activePlan is the demo's first active plan, by next review, and the
// owner of its account.
func activePlan(t *testing.T) (store.PlanHit, *kam.User) {
	t.Helper()
	bg, sys := context.Background(), kam.System()
	page, err := env.st.FindPlanList(bg, sys, store.PlanFilter{Status: "active", Limit: 1})
	if err != nil || len(page.Plans) == 0 {
		t.Fatalf("the demo has no active plan: %v", err)
	}
	acc, err := env.st.FindAccountByID(bg, sys, page.Plans[0].AccountID)
	if err != nil {
		t.Fatal(err)
	}
	owner, err := env.st.FindUserByID(bg, acc.OwnerID)
	if err != nil {
		t.Fatal(err)
	}
	return page.Plans[0], owner
}
