package store

import (
	"context"
	"fmt"

	"github.com/kamhq/kam"
)

// FindContacts returns the contacts of an account p may see: current contacts
// first, then those who left, each by name.
func (s *Store) FindContacts(ctx context.Context, p *kam.Principal, accountID int64) ([]*kam.Contact, error) {
	if _, err := s.FindAccountByID(ctx, p, accountID); err != nil {
		return nil, err
	}
	rows, err := s.reader().query(ctx, `SELECT `+contactColumns+`
		FROM contacts WHERE account_id = ? AND deleted_at IS NULL ORDER BY left_company, last_name, first_name, id`, accountID)
	if err != nil {
		return nil, fmt.Errorf("find contacts: %w", err)
	}
	defer rows.Close()
	out := []*kam.Contact{}
	for rows.Next() {
		c, err := scanContact(rows.Scan)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// FindRecentOrders returns up to limit orders of an account p may see, newest
// first, without their lines.
func (s *Store) FindRecentOrders(ctx context.Context, p *kam.Principal, accountID int64, limit int) ([]*kam.Order, error) {
	if _, err := s.FindAccountByID(ctx, p, accountID); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 500 {
		limit = 20
	}
	rows, err := s.reader().query(ctx, `SELECT id, account_id, source, external_id, kind, order_date, currency, total, delivery_status, created_at
		FROM orders WHERE account_id = ? ORDER BY order_date DESC, id DESC LIMIT ?`, accountID, limit)
	if err != nil {
		return nil, fmt.Errorf("find orders: %w", err)
	}
	defer rows.Close()
	out := []*kam.Order{}
	for rows.Next() {
		var o kam.Order
		if err := rows.Scan(&o.ID, &o.AccountID, &o.Source, &o.ExternalID, &o.Kind, &o.OrderDate, &o.Currency, &o.Total,
			&o.DeliveryStatus, &o.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, &o)
	}
	return out, rows.Err()
}

// AccountSummary holds the headline figures of one account.
type AccountSummary struct {
	Revenue12M    kam.Money // net of credit notes, last 365 days to asOf
	RevenuePrev   kam.Money // the 365 days before that
	Orders12M     int
	LastOrder     kam.Date
	OpenPipeline  kam.Money // sum of open opportunity amounts
	OpenCases     int
	ContactsCount int
}

// Summarize computes an account's headline figures as of a day.
func (s *Store) Summarize(ctx context.Context, p *kam.Principal, accountID int64, asOf kam.Date) (*AccountSummary, error) {
	acct, err := s.FindAccountByID(ctx, p, accountID)
	if err != nil {
		return nil, err
	}
	// Figures are in the account's currency; documents in another currency
	// are left out rather than added up as if they were the same money.
	cur := acct.Currency
	from, prev := asOf.AddDays(-365), asOf.AddDays(-730)
	var sum AccountSummary
	var last kam.Date
	err = s.reader().queryRow(ctx, `SELECT
		COALESCE(SUM(CASE WHEN order_date > ? THEN total ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN order_date <= ? AND order_date > ? THEN total ELSE 0 END), 0),
		COUNT(CASE WHEN order_date > ? AND kind = 'order' THEN 1 END),
		MAX(order_date)
		FROM orders WHERE account_id = ? AND currency = ? AND order_date <= ? AND order_date > ?`,
		from, from, prev, from, accountID, cur, asOf, prev).Scan(&sum.Revenue12M, &sum.RevenuePrev, &sum.Orders12M, &last)
	if err != nil {
		return nil, fmt.Errorf("summarize orders: %w", err)
	}
	sum.LastOrder = last
	err = s.reader().queryRow(ctx, `SELECT
		(SELECT COALESCE(SUM(amount), 0) FROM opportunities WHERE account_id = ? AND currency = ? AND stage NOT IN ('won', 'lost') AND deleted_at IS NULL),
		(SELECT COUNT(*) FROM cases WHERE account_id = ? AND status NOT IN ('resolved', 'closed') AND deleted_at IS NULL),
		(SELECT COUNT(*) FROM contacts WHERE account_id = ? AND NOT left_company AND deleted_at IS NULL)`,
		accountID, cur, accountID, accountID).Scan(&sum.OpenPipeline, &sum.OpenCases, &sum.ContactsCount)
	if err != nil {
		return nil, fmt.Errorf("summarize account: %w", err)
	}
	return &sum, nil
}
