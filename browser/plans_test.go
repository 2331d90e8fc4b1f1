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
// made from the form of a version someone else has saved since is refused
// with what was saved meanwhile, and nothing of it is saved.
func TestPlanEdit(t *testing.T) {
	ctx := newPage(t)
	bg, sys := context.Background(), kam.System()
	page, err := env.st.FindPlanList(bg, sys, store.PlanFilter{Status: "active", Limit: 1})
	if err != nil || len(page.Plans) == 0 {
		t.Fatalf("the demo has no active plan: %v", err)
	}
	hit := page.Plans[0]
	acc, err := env.st.FindAccountByID(bg, sys, hit.AccountID)
	if err != nil {
		t.Fatal(err)
	}
	owner, err := env.st.FindUserByID(bg, acc.OwnerID)
	if err != nil {
		t.Fatal(err)
	}
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
	key := "item-" + strconv.FormatInt(strategy.ID, 10)
	title := "Offer a <b>three-year</b> service bundle at renewal"
	click(t, ctx, `#sec-strategy li#`+key+` details.plan-item-edit summary`)
	if status := typeAndEnter(t, ctx, "#"+key+"-title", title); status != 200 {
		t.Fatalf("saving the strategy: status %d: %.300s", status, text(t, ctx, "body"))
	}
	if got := text(t, ctx, "p.notice"); got != "Plan saved." {
		t.Errorf("notice %q", got)
	}
	if got := text(t, ctx, "#"+key+" .plan-item-title"); got != title {
		t.Errorf("the strategy shows %q, want %q", got, title)
	}
	if got := text(t, ctx, "#plan-version"); got != strconv.FormatInt(plan.Version+1, 10) {
		t.Errorf("version %s after one save from %d", got, plan.Version)
	}
	if os.Getenv("KAM_BROWSER_SHOTS") != "" {
		keepEvidence(t, ctx)
	}

	// Someone else saves the plan while the form is open: the edit is refused.
	click(t, ctx, `#sec-strategy li#`+key+` details.plan-item-edit summary`)
	now, err := env.st.FindPlan(bg, sys, hit.ID)
	if err != nil {
		t.Fatal(err)
	}
	budget := now.CompanyBudget + kam.MustMoney("1000")
	if _, err := env.st.UpdatePlan(bg, sys, hit.ID, kam.PlanUpdate{Version: now.Version, CompanyBudget: &budget}); err != nil {
		t.Fatal(err)
	}
	expectProblem(ctx, "status of 409")
	if status := typeAndEnter(t, ctx, "#"+key+"-title", "A stale title"); status != 409 {
		t.Fatalf("a stale save: status %d", status)
	}
	if got := text(t, ctx, "#plan-error"); !strings.Contains(got, "Someone else saved this plan") {
		t.Errorf("the stale save says %q", got)
	}
	if got := text(t, ctx, "#conflict-h"); !strings.Contains(got, "now version") {
		t.Errorf("the conflict shows %q", got)
	}
	if got := text(t, ctx, "#"+key+" .plan-item-title"); got != title {
		t.Errorf("after the stale save the strategy shows %q, want %q", got, title)
	}
}
