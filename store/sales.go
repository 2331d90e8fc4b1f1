package store

import (
	"context"
	"fmt"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
)

// EachAccountSales calls fn for every account p may see, with its orders and
// credit notes up to asOf as net sales, oldest first: the history the
// insights are computed from. Accounts without orders come with none.
func (s *Store) EachAccountSales(ctx context.Context, p *kam.Principal, asOf kam.Date, fn func(*kam.Account, []insight.Sale) error) error {
	accounts := map[int64]*kam.Account{}
	var order []int64
	err := s.EachAccount(ctx, p, kam.AccountFilter{}, func(a *kam.Account) error {
		accounts[a.ID] = a
		order = append(order, a.ID)
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
	sales := map[int64][]insight.Sale{}
	err = eachRow(rows, func() error {
		var id int64
		var sale insight.Sale
		if err := rows.Scan(&id, &sale.Date, &sale.Amount); err != nil {
			return err
		}
		sales[id] = append(sales[id], sale)
		return nil
	})
	if err != nil {
		return fmt.Errorf("read sales: %w", err)
	}
	for _, id := range order {
		if err := fn(accounts[id], sales[id]); err != nil {
			return err
		}
	}
	return nil
}
