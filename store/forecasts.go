package store

import (
	"context"
	"fmt"

	"github.com/kamhq/kam"
)

// OwnerForecast is the forecast of a range of months summed over one
// owner's accounts in one currency.
type OwnerForecast struct {
	OwnerID  int64
	Currency string
	// Amount is the sum of the accounts' point forecasts, in currency
	// units; Variance the sum of their squared standard errors.
	Amount, Variance float64
	Accounts         int
}

// ForecastByOwner sums the stored forecasts (kept by recompute) of the
// months from to to, inclusive, over the accounts p may see, per account
// owner and currency. The month partial, when it is in the range, counts
// only share of its forecast (the part of the month still to come).
func (s *Store) ForecastByOwner(ctx context.Context, p *kam.Principal, from, to, partial int, share float64) ([]OwnerForecast, error) {
	pred, args := accountListScope(p, "a")
	// Each account's part and error first, then their sums: errors of
	// different accounts add as variances.
	rows, err := s.reader().query(ctx, `SELECT owner_id, currency, SUM(part), SUM(err * err), COUNT(*) FROM (
		SELECT COALESCE(a.owner_id, 0) AS owner_id, a.currency AS currency,
			SUM(f.point * CASE WHEN f.month = ? THEN CAST(? AS DOUBLE PRECISION) ELSE 1.0 END) AS part,
			SUM(f.sd * CASE WHEN f.month = ? THEN CAST(? AS DOUBLE PRECISION) ELSE 1.0 END) AS err
		FROM account_forecasts f JOIN accounts a ON a.id = f.account_id
		WHERE f.month >= ? AND f.month <= ? AND a.deleted_at IS NULL AND `+pred+`
		GROUP BY f.account_id, a.owner_id, a.currency) parts
		GROUP BY owner_id, currency ORDER BY owner_id, currency`,
		append([]any{partial, share, partial, share, from, to}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("read forecasts: %w", err)
	}
	var out []OwnerForecast
	err = eachRow(rows, func() error {
		var f OwnerForecast
		if err := rows.Scan(&f.OwnerID, &f.Currency, &f.Amount, &f.Variance, &f.Accounts); err != nil {
			return err
		}
		out = append(out, f)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read forecasts: %w", err)
	}
	return out, nil
}
