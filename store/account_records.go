package store

import (
	"context"
	"fmt"

	"github.com/kamhq/kam"
)

// An account's own records as its page lists them: the people who look
// after it, its contracts, its service cases and its invoices. Each reader
// checks first that the principal may see the account.

// TeamSeat is a person on an account's team: its owner, or a member with
// their role and access.
type TeamSeat struct {
	UserID int64  `json:"user_id"`
	Name   string `json:"name"`
	Role   string `json:"role"`   // "Owner", or the member's role on the team
	Access string `json:"access"` // "edit" or "read"
	Owner  bool   `json:"owner"`
}

// FindAccountTeam returns the account's owner and team members, owner first.
func (s *Store) FindAccountTeam(ctx context.Context, p *kam.Principal, id int64) ([]TeamSeat, error) {
	a, err := s.FindAccountByID(ctx, p, id)
	if err != nil {
		return nil, err
	}
	out := []TeamSeat{}
	if a.OwnerID != 0 {
		out = append(out, TeamSeat{UserID: a.OwnerID, Name: a.OwnerName, Role: "Owner", Access: "edit", Owner: true})
	}
	rows, err := s.reader().query(ctx, `SELECT t.user_id, t.role, t.access FROM account_team_members t
		WHERE t.account_id = ? ORDER BY t.added_at, t.user_id`, id)
	if err != nil {
		return nil, fmt.Errorf("read account team: %w", err)
	}
	var seats []TeamSeat
	err = eachRow(rows, func() error {
		var t TeamSeat
		if err := rows.Scan(&t.UserID, &t.Role, &t.Access); err != nil {
			return err
		}
		seats = append(seats, t)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read account team: %w", err)
	}
	for _, t := range seats {
		if t.Name, err = s.userName(ctx, t.UserID); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// FindContracts returns the account's contracts, the latest ending first.
func (s *Store) FindContracts(ctx context.Context, p *kam.Principal, id int64) ([]*kam.Contract, error) {
	if _, err := s.FindAccountByID(ctx, p, id); err != nil {
		return nil, err
	}
	rows, err := s.reader().query(ctx, `SELECT k.id, k.account_id, k.name, k.start_date, k.end_date, k.value, k.currency, k.auto_renew,
		k.renewal_terms, k.notice_days, k.status, k.version, k.created_at FROM contracts k
		WHERE k.account_id = ? AND k.deleted_at IS NULL ORDER BY k.end_date DESC, k.id DESC`, id)
	if err != nil {
		return nil, fmt.Errorf("read contracts: %w", err)
	}
	out := []*kam.Contract{}
	err = eachRow(rows, func() error {
		var k kam.Contract
		if err := rows.Scan(&k.ID, &k.AccountID, &k.Name, &k.StartDate, &k.EndDate, &k.Value, &k.Currency, &k.AutoRenew,
			&k.RenewalTerms, &k.NoticeDays, &k.Status, &k.Version, &k.CreatedAt); err != nil {
			return err
		}
		out = append(out, &k)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read contracts: %w", err)
	}
	return out, nil
}

// FindCases returns up to limit of the account's service cases: those still
// open first, then the latest opened.
func (s *Store) FindCases(ctx context.Context, p *kam.Principal, id int64, limit int) ([]*kam.Case, error) {
	if _, err := s.FindAccountByID(ctx, p, id); err != nil {
		return nil, err
	}
	rows, err := s.reader().query(ctx, `SELECT c.id, c.account_id, COALESCE(c.contact_id, 0), c.kind, c.severity, c.status, c.subject,
		COALESCE(c.owner_id, 0), c.opened_at, c.due, c.resolved_at, COALESCE(c.satisfaction, 0), c.version FROM cases c
		WHERE c.account_id = ? AND c.deleted_at IS NULL
		ORDER BY CASE WHEN c.status IN ('resolved', 'closed') THEN 1 ELSE 0 END, c.opened_at DESC, c.id DESC LIMIT ?`, id, limit)
	if err != nil {
		return nil, fmt.Errorf("read cases: %w", err)
	}
	out := []*kam.Case{}
	err = eachRow(rows, func() error {
		var c kam.Case
		if err := rows.Scan(&c.ID, &c.AccountID, &c.ContactID, &c.Kind, &c.Severity, &c.Status, &c.Subject,
			&c.OwnerID, &c.OpenedAt, &c.Due, &c.ResolvedAt, &c.Satisfaction, &c.Version); err != nil {
			return err
		}
		out = append(out, &c)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read cases: %w", err)
	}
	return out, nil
}

// FindInvoices returns up to limit of the account's invoices: those unpaid
// first, the oldest due first, then the latest issued.
func (s *Store) FindInvoices(ctx context.Context, p *kam.Principal, id int64, limit int) ([]*kam.Invoice, error) {
	if _, err := s.FindAccountByID(ctx, p, id); err != nil {
		return nil, err
	}
	rows, err := s.reader().query(ctx, `SELECT i.id, i.account_id, COALESCE(i.order_id, 0), i.number, i.source, i.external_id, i.issued_on,
		i.due_on, i.amount, i.currency, i.paid_on, i.created_at FROM invoices i WHERE i.account_id = ?
		ORDER BY CASE WHEN i.paid_on IS NULL THEN 0 ELSE 1 END, CASE WHEN i.paid_on IS NULL THEN i.due_on END, i.issued_on DESC, i.id DESC
		LIMIT ?`, id, limit)
	if err != nil {
		return nil, fmt.Errorf("read invoices: %w", err)
	}
	out := []*kam.Invoice{}
	err = eachRow(rows, func() error {
		var v kam.Invoice
		if err := rows.Scan(&v.ID, &v.AccountID, &v.OrderID, &v.Number, &v.Source, &v.ExternalID, &v.IssuedOn,
			&v.DueOn, &v.Amount, &v.Currency, &v.PaidOn, &v.CreatedAt); err != nil {
			return err
		}
		out = append(out, &v)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read invoices: %w", err)
	}
	return out, nil
}
