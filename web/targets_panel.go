package web

import (
	"context"

	"github.com/kamhq/kam"
)

// objectivePanel is what the account page shows of targets: quotas per user, team and org unit, and objectives per account.
type objectivePanel struct{}

// objectivePanel loads the account page's panel of targets: quotas per user, team and org unit, and objectives per account; nil shows nothing.
func (a *App) objectivePanel(ctx context.Context, p *kam.Principal, acc *kam.Account, today kam.Date) (*objectivePanel, error) {
	return nil, nil
}
