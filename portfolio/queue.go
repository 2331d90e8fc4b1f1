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
// the first limit. Today (stored) it reads the scores stored with the
// roll-ups, which is quick for any portfolio; for another day it computes
// them from each account's history as of that day. Lost accounts are left
// out, and so are accounts with no reason to call.
func Queue(ctx context.Context, st *store.Store, p *kam.Principal, asOf kam.Date, stored bool, limit int) ([]QueueRow, error) {
	if stored {
		top, err := st.QueueTop(ctx, p, max(0, limit))
		if err != nil {
			return nil, err
		}
		rows := make([]QueueRow, len(top))
		for i, e := range top {
			rows[i] = QueueRow{QueueItem: e.QueueItem, ExternalIDs: orEmptyIDs(e.ExternalIDs), AsOf: asOf}
		}
		return rows, nil
	}
	var inputs []insight.QueueInput
	err := st.EachHistory(ctx, p, asOf, func(a *kam.Account, h *insight.History) error {
		if a.Status != kam.StatusLost {
			inputs = append(inputs, insight.QueueInput{AccountID: a.ID, Name: a.Name, Tier: a.Tier, Currency: a.Currency,
				Sales: h.Sales, LastContact: h.LastContact(), CadenceDays: h.CadenceDays, OwnCadence: h.OwnCadence})
		}
		return nil
	})
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
		rows[i] = QueueRow{QueueItem: it, ExternalIDs: orEmptyIDs(a.ExternalIDs), AsOf: asOf}
	}
	return rows, nil
}

// orEmptyIDs writes no ids as [] in JSON, not null.
func orEmptyIDs(ids []kam.ExternalID) []kam.ExternalID {
	if ids == nil {
		return []kam.ExternalID{}
	}
	return ids
}
