package web

import (
	"context"

	"github.com/kamhq/kam"
)

// cadencePanel is what the account page shows of visit and call cadence, the call plan, and attrition (lost accounts, win-back, prospect lists).
type cadencePanel struct{}

// cadencePanel loads the account page's panel of visit and call cadence, the call plan, and attrition (lost accounts, win-back, prospect lists); nil shows nothing.
func (a *App) cadencePanel(ctx context.Context, p *kam.Principal, acc *kam.Account, today kam.Date) (*cadencePanel, error) {
	return nil, nil
}
