package web

import (
	"context"

	"github.com/kamhq/kam"
)

// onboardingPanel is what the account page shows of onboarding checklists and campaigns.
type onboardingPanel struct{}

// onboardingPanel loads the account page's panel of onboarding checklists and campaigns; nil shows nothing.
func (a *App) onboardingPanel(ctx context.Context, p *kam.Principal, acc *kam.Account, today kam.Date) (*onboardingPanel, error) {
	return nil, nil
}
