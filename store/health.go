package store

import (
	"context"
	"fmt"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight/score"
)

// HealthHistory lists an account's health scores as computed on each day a
// recompute or refresh ran, oldest first, from since on, if p may see the
// account: the series its trend is read from.
func (s *Store) HealthHistory(ctx context.Context, p *kam.Principal, accountID int64, since kam.Date) ([]score.Point, error) {
	if _, err := s.FindAccountByID(ctx, p, accountID); err != nil {
		return nil, err
	}
	rows, err := s.reader().query(ctx, "SELECT as_of, score FROM account_health WHERE account_id = ? AND as_of >= ? ORDER BY as_of", accountID, since)
	if err != nil {
		return nil, fmt.Errorf("read health history: %w", err)
	}
	out := []score.Point{}
	err = eachRow(rows, func() error {
		var pt score.Point
		if err := rows.Scan(&pt.Date, &pt.Score); err != nil {
			return err
		}
		out = append(out, pt)
		return nil
	})
	return out, err
}

// HealthSince returns the health scores of every account p may see
// computed on or after a day, by account, oldest first: the trends of a
// whole portfolio in one read.
func (s *Store) HealthSince(ctx context.Context, p *kam.Principal, since kam.Date) (map[int64][]score.Point, error) {
	pred, args := accountListScope(p, "a")
	rows, err := s.reader().query(ctx, `SELECT h.account_id, h.as_of, h.score FROM account_health h JOIN accounts a ON a.id = h.account_id
		WHERE h.as_of >= ? AND a.deleted_at IS NULL AND `+pred+` ORDER BY h.account_id, h.as_of`, append([]any{since}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("read health history: %w", err)
	}
	out := map[int64][]score.Point{}
	err = eachRow(rows, func() error {
		var id int64
		var pt score.Point
		if err := rows.Scan(&id, &pt.Date, &pt.Score); err != nil {
			return err
		}
		out[id] = append(out[id], pt)
		return nil
	})
	return out, err
}
