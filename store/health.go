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

// HealthSince returns the health scores of every account computed on or
// after a day, by account, oldest first: the trends of a whole portfolio in
// one read. Callers keep to the accounts their user may see.
func (s *Store) HealthSince(ctx context.Context, since kam.Date) (map[int64][]score.Point, error) {
	rows, err := s.reader().query(ctx, "SELECT account_id, as_of, score FROM account_health WHERE as_of >= ? ORDER BY account_id, as_of", since)
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
