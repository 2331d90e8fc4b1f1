package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/kamhq/kam"
)

// Exports stream every record p may see, a row at a time, so that a list of
// any size leaves memory flat. Accounts reuse the keyset pages of
// FindAccounts; the other kinds read one scoped query.

// EachAccount calls fn for every account matching f that p may see, in f's
// order. f.After and f.Limit are managed here.
func (s *Store) EachAccount(ctx context.Context, p *kam.Principal, f kam.AccountFilter, fn func(*kam.Account) error) error {
	f.After, f.Limit = "", 500
	for {
		page, err := s.FindAccounts(ctx, p, f)
		if err != nil {
			return err
		}
		for _, a := range page.Accounts {
			if err := fn(a); err != nil {
				return err
			}
		}
		if page.Next == "" {
			return nil
		}
		f.After = page.Next
	}
}

// ContactRow is a contact with its account's name, as exports list it.
type ContactRow struct {
	kam.Contact
	AccountName string
}

// EachContact calls fn for every contact on accounts p may see, by account
// and name.
func (s *Store) EachContact(ctx context.Context, p *kam.Principal, fn func(*ContactRow) error) error {
	pred, args := accountListScope(p, "a")
	rows, err := s.reader().query(ctx, `SELECT c.id, c.account_id, a.name, c.first_name, c.last_name, c.email, c.phone, c.title,
		c.buying_role, c.left_company, c.source, c.external_id, c.version, c.created_at, c.updated_at
		FROM contacts c JOIN accounts a ON a.id = c.account_id
		WHERE c.deleted_at IS NULL AND a.deleted_at IS NULL AND `+pred+` ORDER BY a.search_name, a.id, c.search_name, c.id`, args...)
	if err != nil {
		return fmt.Errorf("export contacts: %w", err)
	}
	return eachRow(rows, func() error {
		var c ContactRow
		if err := rows.Scan(&c.ID, &c.AccountID, &c.AccountName, &c.FirstName, &c.LastName, &c.Email, &c.Phone, &c.Title,
			&c.BuyingRole, &c.LeftCompany, &c.Source, &c.ExternalID, &c.Version, &c.CreatedAt, &c.UpdatedAt); err != nil {
			return err
		}
		return fn(&c)
	})
}

// OpportunityRow is an opportunity with its account's and owner's names.
type OpportunityRow struct {
	kam.Opportunity
	AccountName, OwnerName string
}

// EachOpportunity calls fn for every opportunity on accounts p may see.
func (s *Store) EachOpportunity(ctx context.Context, p *kam.Principal, fn func(*OpportunityRow) error) error {
	pred, args := accountListScope(p, "a")
	rows, err := s.reader().query(ctx, `SELECT o.id, o.account_id, a.name, o.name, o.kind, o.stage, o.amount, o.currency,
		o.probability, o.close_date, COALESCE(o.owner_id, 0), o.source, o.external_id, o.version, o.created_at, o.updated_at
		FROM opportunities o JOIN accounts a ON a.id = o.account_id
		WHERE o.deleted_at IS NULL AND a.deleted_at IS NULL AND `+pred+` ORDER BY a.search_name, a.id, o.close_date, o.id`, args...)
	if err != nil {
		return fmt.Errorf("export opportunities: %w", err)
	}
	return eachRow(rows, func() error {
		var o OpportunityRow
		var closeDate sql.Null[kam.Date]
		if err := rows.Scan(&o.ID, &o.AccountID, &o.AccountName, &o.Name, &o.Kind, &o.Stage, &o.Amount, &o.Currency,
			&o.Probability, &closeDate, &o.OwnerID, &o.Source, &o.ExternalID, &o.Version, &o.CreatedAt, &o.UpdatedAt); err != nil {
			return err
		}
		o.CloseDate = closeDate.V
		name, err := s.userName(ctx, o.OwnerID)
		if err != nil {
			return err
		}
		o.OwnerName = name
		return fn(&o)
	})
}

// OrderLineRow is one line of an order, with its order and account, as an
// orders export lists them: the same shape an orders import reads.
type OrderLineRow struct {
	Order       kam.Order
	AccountName string
	Line        kam.OrderLine
	SKU         string
}

// EachOrderLine calls fn for every order line on accounts p may see, by
// order date.
func (s *Store) EachOrderLine(ctx context.Context, p *kam.Principal, fn func(*OrderLineRow) error) error {
	pred, args := accountListScope(p, "a")
	rows, err := s.reader().query(ctx, `SELECT o.id, o.account_id, a.name, o.source, o.external_id, o.kind, o.order_date, o.currency,
		l.line_no, COALESCE(pr.sku, ''), l.description, l.quantity, l.unit_price, l.discount_bp, l.amount
		FROM orders o JOIN accounts a ON a.id = o.account_id JOIN order_lines l ON l.order_id = o.id
		LEFT JOIN products pr ON pr.id = l.product_id
		WHERE a.deleted_at IS NULL AND `+pred+` ORDER BY o.order_date, o.id, l.line_no`, args...)
	if err != nil {
		return fmt.Errorf("export orders: %w", err)
	}
	return eachRow(rows, func() error {
		var r OrderLineRow
		o, l := &r.Order, &r.Line
		if err := rows.Scan(&o.ID, &o.AccountID, &r.AccountName, &o.Source, &o.ExternalID, &o.Kind, &o.OrderDate, &o.Currency,
			&l.LineNo, &r.SKU, &l.Description, &l.Quantity, &l.UnitPrice, &l.DiscountBP, &l.Amount); err != nil {
			return err
		}
		return fn(&r)
	})
}

// eachRow runs scan for each row and closes rows.
func eachRow(rows *sql.Rows, scan func() error) error {
	defer rows.Close()
	for rows.Next() {
		if err := scan(); err != nil {
			return err
		}
	}
	return rows.Err()
}
