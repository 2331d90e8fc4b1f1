package store

import (
	"context"
	"fmt"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
)

// EachHistory calls fn for every account p may see, in id order, with its
// whole history up to asOf: orders and their lines, invoices, contacts,
// latest contact by channel, opportunities, contracts and open cases. Orders
// and lines stream by account, so that memory holds one account's buying at
// a time; the smaller records are read first, by account.
func (s *Store) EachHistory(ctx context.Context, p *kam.Principal, asOf kam.Date, fn func(*kam.Account, *insight.History) error) error {
	pred, args := accountListScope(p, "a")
	return s.eachHistory(ctx, pred, args, asOf, fn)
}

// AccountHistory returns one account's history up to asOf, or ENOTFOUND if p
// may not see it.
func (s *Store) AccountHistory(ctx context.Context, p *kam.Principal, id int64, asOf kam.Date) (*kam.Account, *insight.History, error) {
	if _, err := s.FindAccountByID(ctx, p, id); err != nil {
		return nil, nil, err
	}
	var acc *kam.Account
	var hist *insight.History
	err := s.eachHistory(ctx, "a.id = ?", []any{id}, asOf, func(a *kam.Account, h *insight.History) error {
		acc, hist = a, h
		return nil
	})
	if err == nil && acc == nil {
		err = kam.Errorf(kam.ENOTFOUND, "Account %d was not found.", id)
	}
	return acc, hist, err
}

func (s *Store) eachHistory(ctx context.Context, pred string, args []any, asOf kam.Date, fn func(*kam.Account, *insight.History) error) error {
	side, err := s.readSideHistory(ctx, pred, args, asOf)
	if err != nil {
		return fmt.Errorf("read history: %w", err)
	}
	c := s.reader()
	accounts, err := c.query(ctx, "SELECT "+accountColumns+accountFrom+"WHERE a.deleted_at IS NULL AND "+pred+" ORDER BY a.id", args...)
	if err != nil {
		return fmt.Errorf("read history: %w", err)
	}
	defer accounts.Close()
	orders, err := c.query(ctx, `SELECT o.account_id, o.order_date, o.total FROM orders o JOIN accounts a ON a.id = o.account_id
		WHERE a.deleted_at IS NULL AND o.order_date <= ? AND `+pred+` ORDER BY o.account_id, o.order_date, o.id`, append([]any{asOf}, args...)...)
	if err != nil {
		return fmt.Errorf("read history: %w", err)
	}
	defer orders.Close()
	lines, err := c.query(ctx, `SELECT o.account_id, o.order_date, COALESCE(p.sku, ''), COALESCE(p.name, l.description), COALESCE(p.family, ''),
		l.quantity, l.amount, COALESCE(p.list_price, 0)
		FROM orders o JOIN accounts a ON a.id = o.account_id JOIN order_lines l ON l.order_id = o.id LEFT JOIN products p ON p.id = l.product_id
		WHERE a.deleted_at IS NULL AND o.order_date <= ? AND `+pred+` ORDER BY o.account_id, o.order_date, o.id`, append([]any{asOf}, args...)...)
	if err != nil {
		return fmt.Errorf("read history: %w", err)
	}
	defer lines.Close()
	saleStream := &stream[insight.Sale]{rows: orders, scan: func(id *int64, v *insight.Sale) error {
		return orders.Scan(id, &v.Date, &v.Amount)
	}}
	lineStream := &stream[insight.Line]{rows: lines, scan: func(id *int64, v *insight.Line) error {
		return lines.Scan(id, &v.Date, &v.Product, &v.Name, &v.Family, &v.Quantity, &v.Amount, &v.ListPrice)
	}}
	err = eachRow(accounts, func() error {
		a, err := scanAccount(accounts)
		if err != nil {
			return err
		}
		h := side.take(a)
		if h.Sales, err = saleStream.take(a.ID); err != nil {
			return err
		}
		if h.Lines, err = lineStream.take(a.ID); err != nil {
			return err
		}
		return fn(a, h)
	})
	if err != nil {
		return fmt.Errorf("read history: %w", err)
	}
	return nil
}

// stream reads rows ordered by account id, one account's at a time.
type stream[T any] struct {
	rows interface {
		Next() bool
		Err() error
	}
	scan    func(id *int64, v *T) error
	next    T
	nextID  int64
	started bool
	done    bool
}

// take returns the rows of account id, skipping those of accounts before it.
func (s *stream[T]) take(id int64) ([]T, error) {
	var out []T
	for {
		if !s.started || (s.nextID < id && !s.done) {
			s.started = true
			if !s.rows.Next() {
				s.done = true
				return out, s.rows.Err()
			}
			var v T
			if err := s.scan(&s.nextID, &v); err != nil {
				return nil, err
			}
			s.next = v
			continue
		}
		if s.done || s.nextID != id {
			return out, nil
		}
		out = append(out, s.next)
		s.started = false
	}
}
