package portfolio

import (
	"context"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
	"github.com/kamhq/kam/store"
)

// QueueRow is one account of a user's contact queue: its score and reasons,
// and the ids other systems know it by.
type QueueRow struct {
	insight.QueueItem
	ExternalIDs []kam.ExternalID `json:"external_ids"`
	AsOf        kam.Date         `json:"as_of"`
}

// Queue ranks the accounts p may see by the value of a contact and returns
// the first limit. Today (stored) it reads the stored roll-ups and open
// flags, which is quick; for another day it computes them from each
// account's history as of that day. Lost accounts are left out, and so are
// accounts with no reason to call.
func Queue(ctx context.Context, st *store.Store, p *kam.Principal, asOf kam.Date, stored bool, limit int) ([]QueueRow, error) {
	var inputs []insight.QueueInput
	var err error
	if stored {
		inputs, err = st.QueueInputs(ctx, p)
	} else {
		err = st.EachHistory(ctx, p, asOf, func(a *kam.Account, h *insight.History) error {
			if a.Status != kam.StatusLost {
				inputs = append(inputs, insight.QueueInput{AccountID: a.ID, Name: a.Name, Tier: a.Tier, Currency: a.Currency,
					Sales: h.Sales, LastContact: h.LastContact()})
			}
			return nil
		})
	}
	if err != nil {
		return nil, err
	}
	items := insight.Queue(inputs, asOf)
	items = items[:min(len(items), max(0, limit))]
	rows := make([]QueueRow, len(items))
	for i, it := range items {
		a, err := st.FindAccountByID(ctx, p, it.AccountID)
		if err != nil {
			return nil, err
		}
		ids := a.ExternalIDs
		if ids == nil {
			ids = []kam.ExternalID{}
		}
		rows[i] = QueueRow{QueueItem: it, ExternalIDs: ids, AsOf: asOf}
	}
	return rows, nil
}
