package store

import (
	"context"
	"fmt"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
)

// EachAccountSales calls fn for every account p may see, with its orders and
// credit notes up to asOf as net sales, oldest first: the history the
// insights are computed from. Orders stream by account, so that memory holds
// one account's history at a time; accounts without orders come last, with
// none.
func (s *Store) EachAccountSales(ctx context.Context, p *kam.Principal, asOf kam.Date, fn func(*kam.Account, []insight.Sale) error) error {
	accounts := map[int64]*kam.Account{}
	var ids []int64
	err := s.EachAccount(ctx, p, kam.AccountFilter{}, func(a *kam.Account) error {
		accounts[a.ID] = a
		ids = append(ids, a.ID)
		return nil
	})
	if err != nil {
		return err
	}
	pred, args := accountListScope(p, "a")
	rows, err := s.reader().query(ctx, `SELECT o.account_id, o.order_date, o.total FROM orders o JOIN accounts a ON a.id = o.account_id
		WHERE a.deleted_at IS NULL AND o.order_date <= ? AND `+pred+` ORDER BY o.account_id, o.order_date, o.id`,
		append([]any{asOf}, args...)...)
	if err != nil {
		return fmt.Errorf("read sales: %w", err)
	}
	done := map[int64]bool{}
	var cur int64
	var sales []insight.Sale
	flush := func() error {
		if cur == 0 || accounts[cur] == nil {
			return nil
		}
		done[cur] = true
		return fn(accounts[cur], sales)
	}
	err = eachRow(rows, func() error {
		var id int64
		var sale insight.Sale
		if err := rows.Scan(&id, &sale.Date, &sale.Amount); err != nil {
			return err
		}
		if id != cur {
			if err := flush(); err != nil {
				return err
			}
			cur, sales = id, nil
		}
		sales = append(sales, sale)
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return fmt.Errorf("read sales: %w", err)
	}
	for _, id := range ids {
		if !done[id] {
			if err := fn(accounts[id], nil); err != nil {
				return err
			}
		}
	}
	return nil
}

// LastContacts returns, per account p may see, the day of its latest call,
// visit, meeting or email on or before asOf (a note is no contact).
func (s *Store) LastContacts(ctx context.Context, p *kam.Principal, asOf kam.Date) (map[int64]kam.Date, error) {
	pred, args := accountListScope(p, "a")
	rows, err := s.reader().query(ctx, `SELECT t.account_id, MAX(t.occurred_at) FROM activities t JOIN accounts a ON a.id = t.account_id
		WHERE t.deleted_at IS NULL AND t.kind <> 'note' AND t.occurred_at < ? AND a.deleted_at IS NULL AND `+pred+`
		GROUP BY t.account_id`, append([]any{asOf.AddDays(1).Time()}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("read last contacts: %w", err)
	}
	out := map[int64]kam.Date{}
	err = eachRow(rows, func() error {
		var id int64
		var last kam.Date
		if err := rows.Scan(&id, &last); err != nil {
			return err
		}
		out[id] = last
		return nil
	})
	return out, err
}
