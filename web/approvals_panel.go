package web

import (
	"context"

	"github.com/kamhq/kam"
)

// approvalPanel is what the account page shows of discount and price approvals.
type approvalPanel struct{}

// approvalPanel loads the account page's panel of discount and price approvals; nil shows nothing.
func (a *App) approvalPanel(ctx context.Context, p *kam.Principal, acc *kam.Account, today kam.Date) (*approvalPanel, error) {
	return nil, nil
}
