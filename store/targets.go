package store

import (
	"context"
	"fmt"

	"github.com/kamhq/kam"
)

// FindTargets returns the live revenue targets of people and org units
// that overlap the days from to to (inclusive), earliest first, that p may
// see: an account manager their own, a director or viewer also those of
// the users and units of their org subtree, an administrator all.
// Objectives set for an account are not quotas and are left out.
//
// The scope is scopePredicate's, read over targets with user_id in the
// place of owner_id: a user's target is "owned" by the user, and a unit's
// target sits in its unit.
func (s *Store) FindTargets(ctx context.Context, p *kam.Principal, from, to kam.Date) ([]*kam.Target, error) {
	pred, args := scopePredicate(p, "t", "t.owner_id = ? OR t.owner_id = ?")
	rows, err := s.reader().query(ctx, `SELECT `+targetColumns+` FROM `+targetsFrom+`
		WHERE t.kind = 'revenue' AND t.account_id IS NULL AND (t.owner_id IS NOT NULL OR t.org_unit_id IS NOT NULL)
			AND t.deleted_at IS NULL AND t.period_start <= ? AND t.period_end >= ? AND `+pred+`
		ORDER BY t.period_start, t.id`, append([]any{to, from}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("find targets: %w", err)
	}
	out := []*kam.Target{}
	err = eachRow(rows, func() error {
		t, err := scanTarget(rows.Scan)
		out = append(out, t)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find targets: %w", err)
	}
	return out, nil
}

// OwnerRevenue is the net revenue (orders less credit notes) of one
// owner's accounts in one currency over a period.
type OwnerRevenue struct {
	// OwnerID is the account's owner now, 0 for accounts without one.
	OwnerID  int64     `json:"owner_id"`
	Currency string    `json:"currency"`
	Amount   kam.Money `json:"amount"`
	Orders   int       `json:"orders"`
}

// RevenueByOwner sums the orders dated from from to to (inclusive) of the
// accounts p may see, per account owner and order currency; amounts in
// different currencies are never added. An account's revenue counts for
// its owner now, whoever owned it when the order came.
func (s *Store) RevenueByOwner(ctx context.Context, p *kam.Principal, from, to kam.Date) ([]OwnerRevenue, error) {
	pred, args := accountListScope(p, "a")
	rows, err := s.reader().query(ctx, `SELECT COALESCE(a.owner_id, 0), o.currency, COUNT(*), CAST(SUM(o.total) AS BIGINT)
		FROM orders o JOIN accounts a ON a.id = o.account_id
		WHERE a.deleted_at IS NULL AND o.order_date >= ? AND o.order_date <= ? AND `+pred+`
		GROUP BY COALESCE(a.owner_id, 0), o.currency
		ORDER BY COALESCE(a.owner_id, 0), o.currency`, append([]any{from, to}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("revenue by owner: %w", err)
	}
	out := []OwnerRevenue{}
	err = eachRow(rows, func() error {
		var r OwnerRevenue
		if err := rows.Scan(&r.OwnerID, &r.Currency, &r.Orders, &r.Amount); err != nil {
			return err
		}
		out = append(out, r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("revenue by owner: %w", err)
	}
	return out, nil
}
