package store

import (
	"context"
	"fmt"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
)

// QueueInputs reads what the contact queue needs of every account p may
// see, from the stored roll-ups and open flags (as of the last recompute
// or refresh): two indexed reads, so that a user's queue is ready at once.
// Lost accounts are left out.
func (s *Store) QueueInputs(ctx context.Context, p *kam.Principal) ([]insight.QueueInput, error) {
	pred, args := accountListScope(p, "a")
	rows, err := s.reader().query(ctx, `SELECT a.id, a.name, a.tier, a.currency, COALESCE(r.revenue_12m, 0), r.last_contact
		FROM accounts a LEFT JOIN account_rollups r ON r.account_id = a.id
		WHERE a.deleted_at IS NULL AND a.status <> 'lost' AND `+pred+` ORDER BY a.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("read queue: %w", err)
	}
	var out []insight.QueueInput
	at := map[int64]int{}
	err = eachRow(rows, func() error {
		in := insight.QueueInput{Stored: true}
		if err := rows.Scan(&in.AccountID, &in.Name, &in.Tier, &in.Currency, &in.Revenue12M, &in.LastContact); err != nil {
			return err
		}
		at[in.AccountID] = len(out)
		out = append(out, in)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read queue: %w", err)
	}
	rows, err = s.reader().query(ctx, `SELECT f.account_id, f.kind, f.severity, f.evidence FROM flags f JOIN accounts a ON a.id = f.account_id
		WHERE f.state = 'open' AND a.deleted_at IS NULL AND a.status <> 'lost' AND `+pred+` ORDER BY f.account_id, f.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("read queue flags: %w", err)
	}
	err = eachRow(rows, func() error {
		var id int64
		var f insight.Flag
		if err := rows.Scan(&id, &f.Kind, &f.Severity, &f.Evidence); err != nil {
			return err
		}
		if i, ok := at[id]; ok {
			out[i].Flags = append(out[i].Flags, f)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read queue flags: %w", err)
	}
	return out, nil
}
