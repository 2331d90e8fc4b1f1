package web

import (
	"context"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
)

// planPanel is what the account page shows of account plans: the active
// plan's summary (objectives, next review, open and late actions) and the
// drafts, or a link to start a plan when the account has none.
type planPanel struct {
	Active *planRow
	Drafts []planRow
}

// planPanel loads the account page's panel of account plans.
func (a *App) planPanel(ctx context.Context, p *kam.Principal, acc *kam.Account, today kam.Date) (*planPanel, error) {
	page, err := a.st.FindPlanList(ctx, p, store.PlanFilter{AccountID: acc.ID, Today: today, Limit: 20})
	if err != nil {
		return nil, err
	}
	d := &planPanel{}
	for _, h := range page.Plans {
		row := newPlanRow(h, today)
		if h.Status == "active" {
			d.Active = &row
		} else {
			d.Drafts = append(d.Drafts, row)
		}
	}
	return d, nil
}
