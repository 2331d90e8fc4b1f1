package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
)

// historyRange is how many account ids one slice of a portfolio pass
// covers: the smaller records of a slice's accounts are held in memory
// while its orders and lines stream.
const historyRange = 20_000

// EachHistory calls fn for every account p may see, in id order, with its
// whole history up to asOf: orders and their lines, invoices, contacts,
// latest contact by channel, opportunities, contracts and open cases. Orders
// and lines stream by account, so that memory holds one account's buying at
// a time; the smaller records are read first, a slice of historyRange
// account ids at a time, so that memory stays bounded whatever the size of
// the portfolio.
func (s *Store) EachHistory(ctx context.Context, p *kam.Principal, asOf kam.Date, fn func(*kam.Account, *insight.History) error) error {
	pred, args := accountListScope(p, "a")
	var lo, hi sql.NullInt64
	if err := s.reader().queryRow(ctx, "SELECT MIN(id), MAX(id) FROM accounts").Scan(&lo, &hi); err != nil {
		return fmt.Errorf("read history: %w", err)
	}
	for from := lo.Int64; lo.Valid && from <= hi.Int64; from += historyRange {
		ranged := append(append([]any{}, args...), from, from+historyRange)
		if err := s.eachHistory(ctx, pred+" AND a.id >= ? AND a.id < ?", ranged, false, asOf, fn); err != nil {
			return err
		}
	}
	return nil
}

// AccountHistory returns one account's history up to asOf, or ENOTFOUND if p
// may not see it.
func (s *Store) AccountHistory(ctx context.Context, p *kam.Principal, id int64, asOf kam.Date) (*kam.Account, *insight.History, error) {
	if _, err := s.FindAccountByID(ctx, p, id); err != nil {
		return nil, nil, err
	}
	var acc *kam.Account
	var hist *insight.History
	err := s.eachHistory(ctx, "a.id = ?", []any{id}, true, asOf, func(a *kam.Account, h *insight.History) error {
		acc, hist = a, h
		return nil
	})
	if err == nil && acc == nil {
		err = kam.Errorf(kam.ENOTFOUND, "Account %d was not found.", id)
	}
	return acc, hist, err
}

// eachHistory reads the histories of the accounts pred selects; few says
// they are a handful (a refresh, one account's page), not a portfolio.
//
// A portfolio streams its orders and lines beside its accounts: three
// cursors, three connections of the read pool, held for the whole pass. So
// that passes running together cannot hold the whole pool between them and
// wait on each other for ever, one portfolio pass runs at a time (the
// others wait their turn), and a few accounts read their orders, then their
// lines, then themselves, one connection at a time.
func (s *Store) eachHistory(ctx context.Context, pred string, args []any, few bool, asOf kam.Date, fn func(*kam.Account, *insight.History) error) error {
	if !few {
		select {
		case s.portfolioPass <- struct{}{}:
			defer func() { <-s.portfolioPass }()
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	side, err := s.readSideHistory(ctx, pred, args, asOf)
	if err != nil {
		return fmt.Errorf("read history: %w", err)
	}
	c := s.reader()
	// Days are read as text (CAST): parsed by kam.Date's own reader, they
	// cost a fraction of the driver's time parsing.
	orders, err := c.query(ctx, `SELECT o.account_id, CAST(o.order_date AS TEXT), o.total FROM orders o JOIN accounts a ON a.id = o.account_id
		WHERE a.deleted_at IS NULL AND o.order_date <= ? AND `+pred+` ORDER BY o.account_id, o.order_date, o.id`, append([]any{asOf}, args...)...)
	if err != nil {
		return fmt.Errorf("read history: %w", err)
	}
	defer orders.Close()
	var sales accountRows[insight.Sale] = &stream[insight.Sale]{rows: orders, scan: func(id *int64, v *insight.Sale) error {
		return orders.Scan(id, &v.Date, &v.Amount)
	}}
	if few {
		if sales, err = drain(sales, orders); err != nil {
			return fmt.Errorf("read history: %w", err)
		}
	}
	// Lines carry their product's id only; its SKU, name, family and list
	// price come from the catalogue, so that ten million lines share a few
	// thousand strings. A line without a product keeps its description. A
	// few accounts read only the products their lines name.
	productScope, productArgs := "", []any(nil)
	if few {
		productArgs = args
		productScope = ` WHERE id IN (SELECT l.product_id FROM orders o JOIN accounts a ON a.id = o.account_id
			JOIN order_lines l ON l.order_id = o.id WHERE ` + pred + `)`
	}
	products, err := s.productCatalog(ctx, productScope, productArgs)
	if err != nil {
		return fmt.Errorf("read history: %w", err)
	}
	lineRows, err := c.query(ctx, `SELECT o.account_id, CAST(o.order_date AS TEXT), COALESCE(l.product_id, 0),
		CASE WHEN l.product_id IS NULL THEN l.description ELSE '' END, l.quantity, l.amount
		FROM orders o JOIN accounts a ON a.id = o.account_id JOIN order_lines l ON l.order_id = o.id
		WHERE a.deleted_at IS NULL AND o.order_date <= ? AND `+pred+` ORDER BY o.account_id, o.order_date, o.id`, append([]any{asOf}, args...)...)
	if err != nil {
		return fmt.Errorf("read history: %w", err)
	}
	defer lineRows.Close()
	var productID int64
	var lines accountRows[insight.Line] = &stream[insight.Line]{rows: lineRows, scan: func(id *int64, v *insight.Line) error {
		if err := lineRows.Scan(id, &v.Date, &productID, &v.Name, &v.Quantity, &v.Amount); err != nil {
			return err
		}
		if p, ok := products[productID]; ok {
			v.Product, v.Name, v.Family, v.ListPrice = p.SKU, p.Name, p.Family, p.ListPrice
		}
		return nil
	}}
	if few {
		if lines, err = drain(lines, lineRows); err != nil {
			return fmt.Errorf("read history: %w", err)
		}
	}
	accounts, err := c.query(ctx, "SELECT "+accountColumns+accountFrom+"WHERE a.deleted_at IS NULL AND "+pred+" ORDER BY a.id", args...)
	if err != nil {
		return fmt.Errorf("read history: %w", err)
	}
	defer accounts.Close()
	err = eachRow(accounts, func() error {
		a, err := scanAccount(accounts)
		if err != nil {
			return err
		}
		h := side.take(a)
		if h.Sales, err = sales.take(a.ID); err != nil {
			return err
		}
		if h.Lines, err = lines.take(a.ID); err != nil {
			return err
		}
		return fn(a, h)
	})
	if err != nil {
		return fmt.Errorf("read history: %w", err)
	}
	return nil
}

// accountRows gives the rows of one account after another, in id order.
type accountRows[T any] interface {
	take(id int64) ([]T, error)
}

// drained holds every row of a few accounts, read before the next query.
type drained[T any] map[int64][]T

func (d drained[T]) take(id int64) ([]T, error) { return d[id], nil }

// drain reads a stream to its end into memory and closes its rows.
func drain[T any](from accountRows[T], rows *sql.Rows) (accountRows[T], error) {
	st := from.(*stream[T])
	out := drained[T]{}
	for {
		if !rows.Next() {
			return out, errors.Join(rows.Err(), rows.Close())
		}
		var id int64
		var v T
		if err := st.scan(&id, &v); err != nil {
			rows.Close()
			return nil, err
		}
		out[id] = append(out[id], v)
	}
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

// productCatalog reads the products by id, all of them or those where
// selects.
func (s *Store) productCatalog(ctx context.Context, where string, args []any) (map[int64]*kam.Product, error) {
	rows, err := s.reader().query(ctx, "SELECT id, sku, name, family, list_price FROM products"+where, args...)
	if err != nil {
		return nil, err
	}
	out := map[int64]*kam.Product{}
	err = eachRow(rows, func() error {
		p := &kam.Product{}
		if err := rows.Scan(&p.ID, &p.SKU, &p.Name, &p.Family, &p.ListPrice); err != nil {
			return err
		}
		out[p.ID] = p
		return nil
	})
	return out, err
}
