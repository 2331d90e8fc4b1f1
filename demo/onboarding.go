package demo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
)

// streamOnboarding numbers the random stream of the onboardings and the
// campaign.
const streamOnboarding = 0x6b616d2d6f6e626f

// demoChecklists are the demo's checklist templates (copied before saving).
var demoChecklists = []*kam.ChecklistTemplate{
	{Name: "Key account onboarding", Description: "From the signature to the first quarterly review of a new key account.",
		Steps: []kam.ChecklistStep{
			{Title: "Kick-off meeting with the buying centre", Owner: kam.StepOwnerAccount},
			{Title: "Set up customer master data and price list", Owner: kam.StepOwnerTeam, TeamRole: "Service coordination", OffsetDays: 3,
				DependsOn: []string{"Kick-off meeting with the buying centre"}},
			{Title: "Agree delivery schedule with logistics", Owner: kam.StepOwnerTeam, TeamRole: "Regional support", OffsetDays: 7,
				DependsOn: []string{"Set up customer master data and price list"}},
			{Title: "Introduce the account team", Owner: kam.StepOwnerKAM, OffsetDays: 10, DependsOn: []string{"Kick-off meeting with the buying centre"}},
			{Title: "First order delivered and checked", Owner: kam.StepOwnerAccount, OffsetDays: 21,
				DependsOn: []string{"Agree delivery schedule with logistics"}},
			{Title: "Write the first account plan", Owner: kam.StepOwnerKAM, OffsetDays: 30, DependsOn: []string{"Introduce the account team"}},
			{Title: "First quarterly review", Owner: kam.StepOwnerManager, OffsetDays: 90,
				DependsOn: []string{"Write the first account plan", "First order delivered and checked"}},
		}},
	{Name: "Implementation", Description: "Installing and commissioning equipment at a customer's site.",
		Steps: []kam.ChecklistStep{
			{Title: "Site survey", Owner: kam.StepOwnerTeam, TeamRole: "Applications engineering", OffsetDays: 2},
			{Title: "Installation plan signed off", Owner: kam.StepOwnerAccount, OffsetDays: 7, DependsOn: []string{"Site survey"}},
			{Title: "Installation and commissioning", Owner: kam.StepOwnerTeam, TeamRole: "Technical sales", OffsetDays: 21,
				DependsOn: []string{"Installation plan signed off"}},
			{Title: "Operator training", Owner: kam.StepOwnerTeam, TeamRole: "Applications engineering", OffsetDays: 25,
				DependsOn: []string{"Installation and commissioning"}},
			{Title: "Acceptance test with the customer", Owner: kam.StepOwnerAccount, OffsetDays: 28, DependsOn: []string{"Operator training"}},
		}},
}

// demoOnboardingAges are how many days ago the demo's onboardings started,
// the most recently won account first, which keeps a late step.
var demoOnboardingAges = []int{4, 12, 20, 35}

// onboarding loads the checklist templates, starts them on the most
// recently won accounts (every step due before today done, but one late
// step left on the first), and runs a campaign over the key and strategic
// accounts with mixed progress.
func (w *world) onboarding(ctx context.Context, st *store.Store) error {
	// The demo's own clock, so that the same seed gives the same tasks.
	clock := st.Now
	defer func() { st.Now = clock }()
	st.Now = func() time.Time { return w.today.Time().Add(9 * time.Hour) }
	sys := kam.System()
	templates := make([]int64, len(demoChecklists))
	for i, t := range demoChecklists {
		copied := *t
		copied.Steps = slices.Clone(t.Steps)
		if err := st.CreateChecklistTemplate(ctx, sys, &copied); err != nil {
			return fmt.Errorf("demo checklist %s: %w", t.Name, err)
		}
		templates[i] = copied.ID
	}
	var won []*profile
	for _, p := range w.profiles {
		if p.status == kam.StatusOnboarding && p.id != 0 && p.owner != nil {
			won = append(won, p)
		}
	}
	slices.SortStableFunc(won, func(a, b *profile) int { return b.since.Time().Compare(a.since.Time()) })
	started := 0
	for i, p := range won[:min(len(won), len(demoOnboardingAges))] {
		o, err := st.StartOnboarding(ctx, sys, p.id, templates[i%len(templates)], w.today.AddDays(-demoOnboardingAges[i]))
		if err != nil {
			return fmt.Errorf("demo onboarding of %s: %w", p.display, err)
		}
		// The most recent keeps its latest step due before today undone:
		// the late step the demo shows (nothing due before it waits for it).
		late := -1
		for j, step := range o.Steps {
			if step.Due.Before(w.today) && i == 0 && (late < 0 || !step.Due.Before(o.Steps[late].Due)) {
				late = j
			}
		}
		for j, step := range o.Steps {
			if !step.Due.Before(w.today) || j == late {
				continue
			}
			if err := st.CompleteTask(ctx, sys, step.TaskID); err != nil {
				return fmt.Errorf("demo onboarding of %s: %w", p.display, err)
			}
		}
		started++
	}
	n, err := w.campaign(ctx, st)
	if err != nil {
		return err
	}
	w.progress("%d checklists, %d onboardings, a campaign on %d accounts", len(demoChecklists), started, n)
	return nil
}

// campaign presents the newest product to the key and strategic accounts:
// some presented, some interested, a few won or not relevant.
func (w *world) campaign(ctx context.Context, st *store.Store) (int, error) {
	sys := kam.System()
	var newest *product
	for _, p := range w.products {
		if p.launchedAfter && (newest == nil || newest.first.Before(p.first)) {
			newest = p
		}
	}
	c := &kam.Campaign{Name: "Present the newest product to key accounts", Starts: w.today.AddDays(-30), Ends: w.today.AddDays(60),
		Description: "Every key account hears about it from its account manager this quarter.", Scope: kam.CampaignScope{Tier: "key"}}
	if newest != nil {
		c.ProductID = newest.ID
		c.Name = "Present the " + newest.Name + " to key accounts"
	}
	n, err := st.CreateCampaign(ctx, sys, c)
	if kam.ErrorCode(err) == kam.EINVALID && kam.ErrorField(err) == "scope" {
		return 0, nil // a demo too small for key accounts
	} else if err != nil {
		return 0, fmt.Errorf("demo campaign: %w", err)
	}
	page, err := st.FindCampaignItems(ctx, sys, c.ID, store.CampaignItemFilter{Limit: 500})
	if err != nil {
		return 0, fmt.Errorf("demo campaign: %w", err)
	}
	r := newRNG(w.seed, streamOnboarding)
	notes := map[string]string{"presented": "Presented at the last visit.", "interested": "Wants a trial; send a quote.",
		"not_relevant": "No use for it at this site.", "won": "Ordered a first batch."}
	for _, it := range page.Items {
		status := kam.CampaignItemStatuses[r.weighted([]float64{35, 25, 15, 15, 10})]
		if status == kam.CampaignItemStatuses[0] {
			continue
		}
		note := notes[status]
		if _, err := st.UpdateCampaignItem(ctx, sys, it.ID, kam.CampaignItemUpdate{Version: it.Version, Status: &status, Note: &note}); err != nil {
			return 0, fmt.Errorf("demo campaign item: %w", err)
		}
	}
	return n, nil
}
