package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
)

// QueueEntry is one account of a user's contact queue as stored by the
// last recompute or refresh: its score, reasons and external ids.
type QueueEntry struct {
	insight.QueueItem
	ExternalIDs []kam.ExternalID
}

// QueueTop returns the limit accounts p may see that are most worth a
// contact, by the score stored with their roll-up (the open flags, the
// contact cadence and the account's worth as of that computation), best
// first. Accounts with no reason to call, and lost accounts, are left out.
// It walks the scores from the top and stops at limit, so that a queue is
// quick whatever the size of the portfolio.
func (s *Store) QueueTop(ctx context.Context, p *kam.Principal, limit int) ([]QueueEntry, error) {
	// The plan must walk the scores from the top and test each account's
	// scope, not gather a whole portfolio and sort it: CROSS JOIN keeps
	// the roll-ups outermost in SQLite, and the row-wise scope builds no
	// list of the book's accounts (PostgreSQL plans either way well).
	pred, args := accountScope(p, "a")
	rows, err := s.reader().query(ctx, `SELECT a.id, a.name, r.queue_score, r.queue_reasons, a.external_ids
		FROM account_rollups r CROSS JOIN accounts a
		WHERE a.id = r.account_id AND r.queue_reasons <> '[]' AND a.deleted_at IS NULL AND a.status <> 'lost' AND `+pred+`
		ORDER BY r.queue_score DESC, r.account_id DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("read queue: %w", err)
	}
	out := []QueueEntry{}
	err = eachRow(rows, func() error {
		var e QueueEntry
		var reasons, ext string
		if err := rows.Scan(&e.AccountID, &e.Name, &e.Score, &reasons, &ext); err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(reasons), &e.Reasons); err != nil {
			return fmt.Errorf("queue reasons of account %d: %w", e.AccountID, err)
		}
		e.ExternalIDs = splitExternalIDs(ext)
		out = append(out, e)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read queue: %w", err)
	}
	return out, nil
}
