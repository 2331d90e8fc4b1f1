package server_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/kamhq/kam"
)

// addPlans gives every account of the access fixture an active plan named
// after the account's word, with one objective, so that the matrix drives
// the plan routes like any record of the account.
func (f *accessFixture) addPlans(t *testing.T) {
	t.Helper()
	for _, a := range f.accounts {
		a.plan = &kam.AccountPlan{AccountID: a.acc.ID, Title: a.word + " account plan", Status: "active",
			PeriodStart: kam.NewDate(2027, 1, 1), PeriodEnd: kam.NewDate(2027, 12, 31),
			Items: []*kam.PlanItem{{Kind: kam.PlanObjective, Title: a.word + " share of wallet", Measure: "40%"}}}
		must(t, f.st.CreatePlan(context.Background(), kam.System(), a.plan))
	}
}

// freshPlan adds a draft plan to an account, or an item to its plan, for a
// change in scope that must leave the fixture's records as they were.
func (f *accessFixture) freshPlan(t *testing.T, a *accessAccount, kind string, n int) int64 {
	t.Helper()
	ctx, sys := context.Background(), kam.System()
	if kind == "plan_item" {
		now, err := f.st.FindPlan(ctx, sys, a.plan.ID)
		must(t, err)
		it := &kam.PlanItem{Kind: kam.PlanStrategy, Title: fmt.Sprintf("%s spare %d", a.word, n)}
		_, err = f.st.AddPlanItem(ctx, sys, a.plan.ID, now.Version, it)
		must(t, err)
		return it.ID
	}
	plan := &kam.AccountPlan{AccountID: a.acc.ID, Title: fmt.Sprintf("%s spare plan %d", a.word, n),
		PeriodStart: kam.NewDate(2027, 1, 1), PeriodEnd: kam.NewDate(2027, 12, 31)}
	must(t, f.st.CreatePlan(ctx, sys, plan))
	return plan.ID
}
