package browser_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/kamhq/kam"
)

// TestMarkupStaysTextInTheWorkOnAccounts: markup in a plan and its items, a
// discount request's reason, an objective, a checklist and its steps, and
// a campaign's name shows as text on every page that lists or shows them,
// and on the account page's panels; nothing of it runs.
func TestMarkupStaysTextInTheWorkOnAccounts(t *testing.T) {
	bg := context.Background()
	am1, err := env.st.FindUserByUsername(bg, "am1")
	if err != nil {
		t.Fatal(err)
	}
	p, err := env.st.PrincipalFor(bg, am1.ID)
	if err != nil {
		t.Fatal(err)
	}
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	today := kam.DateOf(env.st.Now())
	acc := env.markup.ID
	plan := &kam.AccountPlan{AccountID: acc, Title: markup, Status: "draft", PeriodStart: today, PeriodEnd: today.AddDays(364),
		Items: []*kam.PlanItem{{Kind: kam.PlanObjective, Title: markup, Detail: markup, Measure: markup},
			{Kind: kam.PlanCompetitor, Title: markup, Detail: markup}}}
	must("plan", env.st.CreatePlan(bg, p, plan))
	discount := &kam.DiscountRequest{AccountID: acc, Kind: "loyalty", DepthBP: 500, StartsOn: today, EndsOn: today.AddDays(90), Reason: markup}
	must("discount", env.st.CreateDiscountRequest(bg, p, discount))
	quarter := kam.DefaultFiscalCalendar().At(kam.PeriodQuarter, today)
	must("objective", env.st.CreateTarget(bg, p, &kam.Target{AccountID: acc, Kind: kam.TargetObjective, Basis: "orders",
		PeriodStart: quarter.First, PeriodEnd: quarter.Last, Currency: env.markup.Currency, Description: markup}))
	template := &kam.ChecklistTemplate{Name: markup, Description: markup, Steps: []kam.ChecklistStep{
		{Title: markup, Owner: kam.StepOwnerAccount}, {Title: markup + " 2", Owner: kam.StepOwnerAccount, OffsetDays: 3, DependsOn: []string{markup}}}}
	must("template", env.st.CreateChecklistTemplate(bg, kam.System(), template))
	onboarding, err := env.st.StartOnboarding(bg, p, acc, template.ID, today)
	must("onboarding", err)
	campaign := &kam.Campaign{Name: markup, Description: markup, Starts: today, Ends: today.AddDays(30), Scope: kam.CampaignScope{OwnerID: am1.ID}}
	_, err = env.st.CreateCampaign(bg, p, campaign)
	must("campaign", err)

	ctx := newPage(t)
	login(t, ctx, "am1")
	for _, path := range []string{"/plans", fmt.Sprintf("/plans/%d", plan.ID), fmt.Sprintf("/plans/%d/print", plan.ID),
		"/approvals?view=mine", fmt.Sprintf("/approvals/%d", discount.ID), "/onboarding", fmt.Sprintf("/onboarding/%d", onboarding.ID),
		"/campaigns", fmt.Sprintf("/campaigns/%d", campaign.ID)} {
		open(t, ctx, path)
		noMarkupRan(t, ctx)
		if !strings.Contains(text(t, ctx, "main"), markup) {
			t.Errorf("%s does not show the markup as text", path)
		}
	}
	// The account's name is markup too, so each panel is read on its own.
	open(t, ctx, fmt.Sprintf("/accounts/%d", acc))
	noMarkupRan(t, ctx)
	for _, panel := range []string{"#plan", "#onboarding", "#approvals", "#objectives"} {
		if !strings.Contains(text(t, ctx, panel), markup) {
			t.Errorf("the account page's %s panel does not show the markup as text: %q", panel, text(t, ctx, panel))
		}
	}
	ctx = newPage(t)
	login(t, ctx, "admin")
	for _, path := range []string{"/checklists", fmt.Sprintf("/checklists/%d", template.ID)} {
		open(t, ctx, path)
		noMarkupRan(t, ctx)
		if !strings.Contains(text(t, ctx, "main"), markup) {
			t.Errorf("%s does not show the markup as text", path)
		}
	}
}
