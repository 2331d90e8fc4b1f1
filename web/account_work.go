package web

import (
	"context"

	"github.com/kamhq/kam"
)

// accountWork is the running of an account shown on its page, one panel per
// area: its plan, discount approvals, objectives, cadence and onboarding.
// A nil panel shows nothing.
type accountWork struct {
	Plan       *planPanel
	Approvals  *approvalPanel
	Objectives *objectivePanel
	Cadence    *cadencePanel
	Onboarding *onboardingPanel
}

// accountWork loads every panel of the account's work.
func (a *App) accountWork(ctx context.Context, p *kam.Principal, acc *kam.Account, today kam.Date) (*accountWork, error) {
	w := &accountWork{}
	var err error
	if w.Plan, err = a.planPanel(ctx, p, acc, today); err != nil {
		return nil, err
	}
	if w.Approvals, err = a.approvalPanel(ctx, p, acc, today); err != nil {
		return nil, err
	}
	if w.Objectives, err = a.objectivePanel(ctx, p, acc, today); err != nil {
		return nil, err
	}
	if w.Cadence, err = a.cadencePanel(ctx, p, acc, today); err != nil {
		return nil, err
	}
	if w.Onboarding, err = a.onboardingPanel(ctx, p, acc, today); err != nil {
		return nil, err
	}
	return w, nil
}
