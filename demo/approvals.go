package demo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
)

// approvalPlan is one demo discount request: what is asked, why, and what
// becomes of it.
type approvalPlan struct {
	kind    string
	depthBP int64
	reason  string
	// outcome is pending, approved, rejected, countered (waiting for the
	// requester) or accepted (a counter the requester took).
	outcome   string
	counterBP int64
	comment   string
	forDeal   bool // for the account's next open deal
}

// approvalPlans are the demo's requests, one an account: some wait for the
// director (up to 10%, the account managers' manager), one for an
// administrator (deeper than the director may go), and the others decided.
var approvalPlans = []approvalPlan{
	{kind: "loyalty", depthBP: 750, reason: "Renewal of the three-year framework agreement; the client asked for a loyalty discount to sign before year end.",
		outcome: "pending"},
	{kind: "volume", depthBP: 900, reason: "Consolidated order for all plants if we match the competitor's volume price.",
		outcome: "approved", comment: "Approved for the consolidated order only.", forDeal: true},
	{kind: "promotional", depthBP: 1000, reason: "Launch offer for the new drive family to win the retrofit project.",
		outcome: "accepted", counterBP: 600, comment: "6% is what the launch budget allows.", forDeal: true},
	{kind: "loyalty", depthBP: 800, reason: "Long-standing client threatens to split the volume with a second supplier.",
		outcome: "countered", counterBP: 500, comment: "5% now, and we review after two quarters of orders."},
	{kind: "promotional", depthBP: 2000, reason: "Competitor undercut us by 20% on the spare parts tender.",
		outcome: "rejected", comment: "Too deep: it would take the margin below the floor. Offer service hours instead."},
	{kind: "volume", depthBP: 1500, reason: "Framework agreement for five years with guaranteed minimum volumes.",
		outcome: "pending"},
}

// makeApprovals asks for the planned discounts on the largest active
// accounts of account managers, one an owner while there are enough, and
// decides them through the store as their users would, so that every step
// is routed, kept and audited.
func (w *world) makeApprovals(ctx context.Context, st *store.Store) error {
	var admin *kam.User
	for _, u := range w.org.users {
		if u.Role == kam.RoleAdmin {
			admin = u
		}
	}
	used := map[*seller]bool{}
	var picked []*profile
	for _, pass := range []bool{false, true} { // distinct owners first
		for _, p := range w.profiles {
			if len(picked) == len(approvalPlans) {
				break
			}
			if p.id == 0 || p.status != kam.StatusActive || p.owner == nil || p.owner.country == nil || (used[p.owner] && !pass) || slices.Contains(picked, p) {
				continue
			}
			used[p.owner] = true
			picked = append(picked, p)
		}
	}
	principal := func(u *kam.User) (*kam.Principal, error) { return st.PrincipalFor(ctx, u.ID) }
	director, err := principal(w.org.director)
	if err != nil {
		return err
	}
	adminP, err := principal(admin)
	if err != nil {
		return err
	}
	// The store stamps every step with its clock: the demo's, so that two
	// demos of one seed are the same.
	clock := st.Now
	defer func() { st.Now = clock }()
	for i, p := range picked {
		plan := approvalPlans[i]
		asked := w.today.AddDays(-2 - i).Time().Add(9*time.Hour + time.Duration(i)*17*time.Minute)
		if err := w.makeApproval(ctx, st, p, plan, director, adminP, asked); err != nil {
			return fmt.Errorf("demo discount for %s: %w", p.display, err)
		}
	}
	w.progress("%d discount requests", len(picked))
	return nil
}

// makeApproval asks for one planned discount on an account at a time and
// takes it to its planned outcome, each step a day after the one before.
func (w *world) makeApproval(ctx context.Context, st *store.Store, p *profile, plan approvalPlan, director, admin *kam.Principal,
	asked time.Time) error {
	at := asked
	st.Now = func() time.Time { return at }
	am, err := st.PrincipalFor(ctx, p.owner.user.ID)
	if err != nil {
		return err
	}
	r := &kam.DiscountRequest{AccountID: p.id, Kind: plan.kind, DepthBP: plan.depthBP, Reason: plan.reason,
		StartsOn: w.today.AddDays(-14), EndsOn: w.today.AddDays(180)}
	if plan.forDeal {
		deals, err := st.FindOpportunities(ctx, am, store.OpportunityFilter{AccountID: p.id, OpenOnly: true, Limit: 1})
		if err != nil {
			return err
		}
		if len(deals.Deals) > 0 {
			r.OpportunityID = deals.Deals[0].ID
		}
	}
	if err := st.CreateDiscountRequest(ctx, am, r); err != nil {
		return err
	}
	decider := director
	if r.ApproverID == 0 {
		decider = admin
	}
	decide := func(action string) error {
		at = at.Add(26 * time.Hour)
		_, err := st.DecideDiscount(ctx, decider, r.ID, kam.DiscountDecision{Version: 1, Action: action, CounterBP: plan.counterBP, Comment: plan.comment})
		return err
	}
	switch plan.outcome {
	case "approved":
		return decide(kam.StepApprove)
	case "rejected":
		return decide(kam.StepReject)
	case "countered":
		return decide(kam.StepCounter)
	case "accepted":
		if err := decide(kam.StepCounter); err != nil {
			return err
		}
		at = at.Add(3 * time.Hour)
		_, err = st.AcceptCounter(ctx, am, r.ID, 2, "Agreed with the client.")
		return err
	}
	return nil
}
