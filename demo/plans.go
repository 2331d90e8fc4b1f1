package demo

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
)

// streamPlans numbers the random stream of the account plans.
const streamPlans = 0x6b616d2d706c616e

// plansPerKAM is how many of their largest key accounts each key account
// manager has a plan for.
const plansPerKAM = 3

// What account plans of an industrial automation supplier say.
var (
	planStrategies = []string{"Position predictive-maintenance service in every renewal",
		"Build relationships beyond procurement: plant managers and engineering",
		"Standardise the customer's new lines on our controller platform",
		"Bundle drives and safety for the retrofit programme"}
	planMessages = []struct{ title, rating string }{
		{"Lowest total cost of ownership over ten years", "strong"},
		{"One partner for drives, controls and service across all sites", "strong"},
		{"Engineers on site within four hours", "weak"},
		{"Proven in food and beverage hygiene areas", "strong"},
		{"Open software, no lock-in", "weak"},
	}
	planStandings = []string{"Incumbent on the packaging lines, about 40% of spend", "Pushing a low-price bundle to procurement",
		"Strong with the plant engineers at the main site", "Niche supplier of safety relays, small share"}
	planActions = []string{"Quarterly business review with the COO", "Send the retrofit proposal", "Site visit with applications engineering",
		"Update the reference case deck", "Workshop on energy savings with plant managers", "Agree the service level for next year"}
)

// makePlans writes an active account plan for the largest key accounts of
// every key account manager, as the KAM wrote it a hundred days ago: the
// objectives, strategies, messages, reference cases, competitors and
// actions; most are reviewed since and changed again after, a few are past
// their review. One action of the first plan whose account has a team
// member who may only read it is that member's: the owner of an action
// who may not change the plan. The store's clock is set back while the
// plans are written, so that their history has realistic days.
func (w *world) makePlans(ctx context.Context, st *store.Store) error {
	now := st.Now
	defer func() { st.Now = now }()
	r := newRNG(w.seed, streamPlans)
	n, readerGiven := 0, false
	for _, s := range w.org.kams {
		p, err := st.PrincipalFor(ctx, s.user.ID)
		if err != nil {
			return fmt.Errorf("demo plans: %w", err)
		}
		for _, prof := range w.planAccounts(s) {
			var reader int64
			if !readerGiven {
				if reader, err = readOnlyMember(ctx, st, p, prof.id); err != nil {
					return fmt.Errorf("demo plan of %s: %w", prof.display, err)
				}
				readerGiven = reader != 0
			}
			if err := w.writePlan(ctx, st, p, prof, r, reader); err != nil {
				return fmt.Errorf("demo plan of %s: %w", prof.display, err)
			}
			n++
		}
	}
	w.progress("%d account plans", n)
	return nil
}

// planAccounts are a KAM's largest live key accounts.
func (w *world) planAccounts(s *seller) []*profile {
	var out []*profile
	for _, p := range w.profiles {
		if p.owner == s && p.id != 0 && (p.tier == "key" || p.tier == "strategic") && p.status != kam.StatusLost && p.status != kam.StatusProspect {
			out = append(out, p)
		}
	}
	slices.SortFunc(out, func(a, b *profile) int { return a.rank - b.rank })
	return out[:min(len(out), plansPerKAM)]
}

// readOnlyMember is the first member of an account's team who may only
// read it; 0 when there is none.
func readOnlyMember(ctx context.Context, st *store.Store, p *kam.Principal, accountID int64) (int64, error) {
	team, err := st.FindAccountTeam(ctx, p, accountID)
	if err != nil {
		return 0, err
	}
	for _, seat := range team {
		if !seat.Owner && seat.Access == "read" {
			return seat.UserID, nil
		}
	}
	return 0, nil
}

// writePlan writes one account's plan and its history; reader, if not 0,
// owns its site visit.
func (w *world) writePlan(ctx context.Context, st *store.Store, p *kam.Principal, prof *profile, r rng, reader int64) error {
	at := func(days int) { st.Now = func() time.Time { return w.today.AddDays(days).Time().Add(9 * time.Hour) } }
	at(-100)
	year := w.today.Time().Year()
	budget := kam.Money(math.Round(prof.size*1.08/1000) * 1000 * kam.MoneyScale)
	plan := &kam.AccountPlan{AccountID: prof.id, Title: fmt.Sprintf("Account plan %d", year), Status: "active",
		PeriodStart: kam.NewDate(year, 1, 1), PeriodEnd: kam.NewDate(year, 12, 31), Budget: budget,
		CompanyBudget: budget + budget/20, ReviewEvery: 90,
		Items: []*kam.PlanItem{
			{Kind: kam.PlanObjective, Title: "Grow revenue with the account", Measure: "+8% on last year", Due: kam.NewDate(year, 12, 31)},
			{Kind: kam.PlanObjective, Title: "Win the line retrofit programme", Measure: "Framework agreement signed", Due: kam.NewDate(year, 6, 30)},
			{Kind: kam.PlanObjective, Title: "Raise our share of wallet in drives", Measure: "From 30% to 40%", Due: kam.NewDate(year, 12, 31)},
			{Kind: kam.PlanStrategy, Title: planStrategies[r.IntN(2)]},
			{Kind: kam.PlanStrategy, Title: planStrategies[2+r.IntN(2)]},
		}}
	for i, c := range r.Perm(len(competitors))[:2] {
		plan.Items = append(plan.Items, &kam.PlanItem{Kind: kam.PlanCompetitor, Title: competitors[c], Standing: planStandings[2*i+r.IntN(2)]})
	}
	for _, i := range r.Perm(len(planMessages))[:3] {
		m := planMessages[i]
		plan.Items = append(plan.Items, &kam.PlanItem{Kind: kam.PlanKeyMessage, Title: m.title, Rating: m.rating})
	}
	for i, title := range planActions[:4] {
		owner := p.UserID
		if i == 2 && reader != 0 {
			owner = reader
		}
		plan.Items = append(plan.Items, &kam.PlanItem{Kind: kam.PlanAction, Title: title, OwnerID: owner, Due: w.today.AddDays(-60 + 30*i)})
	}
	overdue := r.chance(0.3) // never reviewed: the review is past
	plan.NextReview = w.today.AddDays(-10)
	if err := st.CreatePlan(ctx, p, plan); err != nil {
		return err
	}
	objectives := plan.Section(kam.PlanObjective)
	v, err := st.AddPlanItem(ctx, p, plan.ID, plan.Version, &kam.PlanItem{Kind: kam.PlanReferenceCase, Title: "Bottling line retrofit: 18% less downtime",
		Rating: "strong", LinkedIDs: []int64{objectives[1].ID}})
	if err == nil {
		v, err = st.AddPlanItem(ctx, p, plan.ID, v.Version, &kam.PlanItem{Kind: kam.PlanReferenceCase, Title: "Energy savings at a dairy plant",
			Rating: "weak", LinkedIDs: []int64{objectives[0].ID, objectives[2].ID}})
	}
	if err != nil || overdue {
		return err
	}
	actions := v.Section(kam.PlanAction)
	at(-55)
	done := true
	if v, err = st.UpdatePlanItem(ctx, p, actions[0].ID, v.Version, kam.PlanItemUpdate{Done: &done}); err != nil {
		return err
	}
	at(-12)
	if _, v, err = st.ReviewPlan(ctx, p, plan.ID, v.Version, "Quarterly review with the account team: retrofit on track, drives share behind plan."); err != nil {
		return err
	}
	at(-4)
	measure := "From 30% to 38%"
	if v, err = st.UpdatePlanItem(ctx, p, objectives[2].ID, v.Version, kam.PlanItemUpdate{Measure: &measure}); err != nil {
		return err
	}
	_, err = st.AddPlanItem(ctx, p, plan.ID, v.Version, &kam.PlanItem{Kind: kam.PlanAction, Title: planActions[4+r.IntN(2)],
		OwnerID: p.UserID, Due: w.today.AddDays(20)})
	return err
}
