package web

import (
	"context"

	"github.com/kamhq/kam"
)

// planPanel is what the account page shows of account plans (objectives, strategies, key messages, reference cases, competitors, budget, actions, reviews).
type planPanel struct{}

// planPanel loads the account page's panel of account plans (objectives, strategies, key messages, reference cases, competitors, budget, actions, reviews); nil shows nothing.
func (a *App) planPanel(ctx context.Context, p *kam.Principal, acc *kam.Account, today kam.Date) (*planPanel, error) {
	return nil, nil
}
