package web

import (
	"context"
	"strconv"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
)

// onboardingPanel is what the account page shows of onboarding checklists
// and campaigns: the account's onboardings with their progress, late and
// next steps; the form that starts a checklist when the user may change
// the account; and the account's items in campaigns not yet ended, each
// with its form when the user may change it.
type onboardingPanel struct {
	AccountID   int64
	Onboardings []onboardingView
	CanEdit     bool
	Templates   []option
	Start       string
	Items       []campaignItemRow
	// Error is a refused start, shown by its form.
	Error string
}

// onboardingView is an onboarding with its next and late steps spelled out.
type onboardingView struct {
	*kam.Onboarding
	Next []kam.OnboardingStep
	Late []kam.OnboardingStep
	// Percent is the share of steps done.
	Percent int
}

// newOnboardingView spells out an onboarding's next and late steps.
func newOnboardingView(o *kam.Onboarding) onboardingView {
	v := onboardingView{Onboarding: o}
	byPos := map[int]kam.OnboardingStep{}
	for _, s := range o.Steps {
		byPos[s.Position] = s
		if s.State == kam.StepLate {
			v.Late = append(v.Late, s)
		}
	}
	for _, n := range o.Progress.Next {
		v.Next = append(v.Next, byPos[n])
	}
	if o.Progress.Total > 0 {
		v.Percent = o.Progress.Done * 100 / o.Progress.Total
	}
	return v
}

// campaignItemRow is a campaign item with its form's choices, the page to
// come back to after saving, and a refused save's reason.
type campaignItemRow struct {
	store.AccountCampaignItem
	Statuses []option
	CanEdit  bool
	Back     string
	Error    string
}

// newCampaignItemRow is an item's row with its form set to the item.
func newCampaignItemRow(it store.AccountCampaignItem, canEdit bool, back string) campaignItemRow {
	return campaignItemRow{AccountCampaignItem: it, Statuses: options(kam.CampaignItemStatuses, it.Status), CanEdit: canEdit, Back: back}
}

// accountOnboardings is how many onboardings the panel lists.
const accountOnboardings = 10

// onboardingPanel loads the account page's panel of onboarding checklists and campaigns; nil shows nothing.
func (a *App) onboardingPanel(ctx context.Context, p *kam.Principal, acc *kam.Account, today kam.Date) (*onboardingPanel, error) {
	list, err := a.st.FindOnboardings(ctx, p, store.OnboardingFilter{AccountID: acc.ID, Limit: accountOnboardings})
	if err != nil {
		return nil, err
	}
	items, err := a.st.FindAccountCampaignItems(ctx, p, acc.ID, today)
	if err != nil {
		return nil, err
	}
	editable, err := a.st.CanEditAccount(ctx, p, acc.ID)
	if err != nil {
		return nil, err
	}
	panel := &onboardingPanel{AccountID: acc.ID, CanEdit: editable, Start: today.String()}
	for _, o := range list {
		panel.Onboardings = append(panel.Onboardings, newOnboardingView(o))
	}
	back := "/accounts/" + strconv.FormatInt(acc.ID, 10) + "#onboarding"
	for _, it := range items {
		panel.Items = append(panel.Items, newCampaignItemRow(it, editable, back))
	}
	if editable {
		templates, err := a.st.FindChecklistTemplates(ctx, p)
		if err != nil {
			return nil, err
		}
		for _, t := range templates {
			panel.Templates = append(panel.Templates, option{Value: strconv.FormatInt(t.ID, 10), Label: t.Name})
		}
	}
	if len(panel.Onboardings) == 0 && len(panel.Items) == 0 && len(panel.Templates) == 0 {
		return nil, nil
	}
	return panel, nil
}
