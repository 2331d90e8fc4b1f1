package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/kamhq/kam"
)

// MatrixPoint is an account's place in the key-account selection matrix, as
// its latest classification put it.
type MatrixPoint struct {
	AccountID      int64     `json:"account_id"`
	Name           string    `json:"account_name"`
	Quadrant       string    `json:"quadrant"`
	Attractiveness float64   `json:"attractiveness"`
	Strength       float64   `json:"strength"`
	Revenue12M     kam.Money `json:"revenue_12m"`
	Currency       string    `json:"currency"`
}

// Matrix is the selection matrix of the accounts a user may see: how many
// sit in each quadrant, and the largest of them to plot.
type Matrix struct {
	Counts map[string]int `json:"counts"`
	Total  int            `json:"total"`
	// Points are the accounts with the most revenue over the last 12
	// months, at most as many as asked for, largest first.
	Points []MatrixPoint `json:"points"`
}

// FindMatrix returns the selection matrix of the accounts p may see that
// have been classified, with up to limit accounts to plot.
func (s *Store) FindMatrix(ctx context.Context, p *kam.Principal, limit int) (*Matrix, error) {
	pred, args := accountListScope(p, "a")
	rows, err := s.reader().query(ctx, `SELECT a.id, a.name, c.quadrant, c.attractiveness, c.strength, COALESCE(r.revenue_12m, 0), a.currency
		FROM accounts a JOIN account_classifications c ON c.account_id = a.id
		LEFT JOIN account_rollups r ON r.account_id = a.id
		WHERE a.deleted_at IS NULL AND c.id = (SELECT MAX(l.id) FROM account_classifications l WHERE l.account_id = a.id) AND `+pred, args...)
	if err != nil {
		return nil, fmt.Errorf("read matrix: %w", err)
	}
	m := &Matrix{Counts: map[string]int{}, Points: []MatrixPoint{}}
	err = eachRow(rows, func() error {
		var pt MatrixPoint
		if err := rows.Scan(&pt.AccountID, &pt.Name, &pt.Quadrant, &pt.Attractiveness, &pt.Strength, &pt.Revenue12M, &pt.Currency); err != nil {
			return err
		}
		m.Counts[pt.Quadrant]++
		m.Total++
		m.Points = append(m.Points, pt)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read matrix: %w", err)
	}
	slices.SortFunc(m.Points, func(x, y MatrixPoint) int {
		return cmp.Or(cmp.Compare(y.Revenue12M, x.Revenue12M), cmp.Compare(x.AccountID, y.AccountID))
	})
	if len(m.Points) > limit {
		m.Points = m.Points[:limit]
	}
	return m, nil
}

// PortfolioTotals are the headline figures of the accounts a user may see.
type PortfolioTotals struct {
	Accounts int `json:"accounts"`
	AtRisk   int `json:"at_risk"`
	// Revenue12M is the last 12 months' revenue per currency, largest first.
	Revenue12M []kam.CurrencyAmount `json:"revenue_12m"`
	OpenFlags  int                  `json:"open_flags"`
}

// FindPortfolioTotals sums the accounts p may see: how many, how many at
// risk, their revenue over the last 12 months by currency, and their change
// flags still open or acknowledged (as the flags page lists them).
func (s *Store) FindPortfolioTotals(ctx context.Context, p *kam.Principal) (*PortfolioTotals, error) {
	pred, args := accountListScope(p, "a")
	rows, err := s.reader().query(ctx, `SELECT a.currency, COUNT(*), SUM(CASE WHEN a.status = 'at_risk' THEN 1 ELSE 0 END), COALESCE(SUM(r.revenue_12m), 0)
		FROM accounts a LEFT JOIN account_rollups r ON r.account_id = a.id
		WHERE a.deleted_at IS NULL AND `+pred+` GROUP BY a.currency`, args...)
	if err != nil {
		return nil, fmt.Errorf("read portfolio totals: %w", err)
	}
	t := &PortfolioTotals{Revenue12M: []kam.CurrencyAmount{}}
	err = eachRow(rows, func() error {
		var c kam.CurrencyAmount
		var n, risk int
		if err := rows.Scan(&c.Currency, &n, &risk, &c.Amount); err != nil {
			return err
		}
		t.Accounts += n
		t.AtRisk += risk
		if c.Amount != 0 {
			t.Revenue12M = append(t.Revenue12M, c)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read portfolio totals: %w", err)
	}
	slices.SortFunc(t.Revenue12M, func(x, y kam.CurrencyAmount) int { return cmp.Compare(y.Amount, x.Amount) })
	err = s.reader().queryRow(ctx, `SELECT COUNT(*) FROM flags f JOIN accounts a ON a.id = f.account_id
		WHERE f.state IN ('open', 'acknowledged') AND a.deleted_at IS NULL AND `+pred, args...).Scan(&t.OpenFlags)
	if err != nil {
		return nil, fmt.Errorf("read portfolio totals: %w", err)
	}
	return t, nil
}
