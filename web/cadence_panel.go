package web

import (
	"context"

	"github.com/kamhq/kam"
)

// cadencePanel is what the account page shows of visit and call cadence, the call plan, and attrition (lost accounts, win-back, prospect lists).
type cadencePanel struct {
	// Cadence is the account's rhythm; nil for a prospect or a lost
	// account, which are not called on periodically.
	Cadence *kam.AccountCadence
	// Words says the cadence ("every 2 weeks").
	Words string
	// Loss is the current loss of a lost account; Losses counts all of them.
	Loss   *kam.Loss
	Losses int
}

// cadencePanel loads the account page's panel of visit and call cadence, the call plan, and attrition (lost accounts, win-back, prospect lists); nil shows nothing.
func (a *App) cadencePanel(ctx context.Context, p *kam.Principal, acc *kam.Account, today kam.Date) (*cadencePanel, error) {
	d := &cadencePanel{}
	losses, err := a.st.AccountLosses(ctx, p, acc.ID)
	if err != nil {
		return nil, err
	}
	d.Losses = len(losses)
	switch acc.Status {
	case kam.StatusLost:
		if len(losses) > 0 && losses[0].WonBackOn.IsZero() {
			d.Loss = losses[0]
		}
		return d, nil
	case kam.StatusProspect:
		return d, nil
	}
	if d.Cadence, err = a.st.AccountCadence(ctx, p, acc.ID, today); err != nil {
		return nil, err
	}
	d.Words = kam.CadenceWords(d.Cadence.EffectiveDays)
	return d, nil
}
