package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/kamhq/kam"
)

// ContactHit is a contact found by a search, with its account.
type ContactHit struct {
	ID          int64  `json:"id"`
	AccountID   int64  `json:"account_id"`
	AccountName string `json:"account_name"`
	Name        string `json:"name"`
	Title       string `json:"title,omitempty"`
	Email       string `json:"email,omitempty"`
	Left        bool   `json:"left_company,omitempty"`
}

// OpportunityHit is an opportunity found by a search, with its account.
type OpportunityHit struct {
	ID          int64     `json:"id"`
	AccountID   int64     `json:"account_id"`
	AccountName string    `json:"account_name"`
	Name        string    `json:"name"`
	Stage       string    `json:"stage"`
	Amount      kam.Money `json:"amount"`
	Currency    string    `json:"currency"`
	CloseDate   kam.Date  `json:"close_date"`
}

// SearchContacts returns up to limit contacts of the accounts p may see
// whose name or email address holds text, ignoring case and accents, those
// still at their company first, then by name.
func (s *Store) SearchContacts(ctx context.Context, p *kam.Principal, text string, limit int) ([]ContactHit, error) {
	key := kam.SearchKey(text)
	if key == "" {
		return []ContactHit{}, nil
	}
	pred, args := accountListScope(p, "a")
	like := "%" + escapeLike(key) + "%"
	rows, err := s.reader().query(ctx, `SELECT c.id, a.id, a.name, c.first_name, c.last_name, c.title, c.email, c.left_company
		FROM contacts c JOIN accounts a ON a.id = c.account_id
		WHERE c.deleted_at IS NULL AND a.deleted_at IS NULL
		AND (c.search_name LIKE ? ESCAPE '\' OR LOWER(c.email) LIKE ? ESCAPE '\') AND `+pred+`
		ORDER BY c.left_company, c.search_name, c.id LIMIT ?`,
		append(append([]any{like, "%" + escapeLike(strings.ToLower(strings.TrimSpace(text))) + "%"}, args...), limit)...)
	if err != nil {
		return nil, fmt.Errorf("search contacts: %w", err)
	}
	out := []ContactHit{}
	err = eachRow(rows, func() error {
		var h ContactHit
		var first, last string
		if err := rows.Scan(&h.ID, &h.AccountID, &h.AccountName, &first, &last, &h.Title, &h.Email, &h.Left); err != nil {
			return err
		}
		h.Name = strings.TrimSpace(first + " " + last)
		out = append(out, h)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("search contacts: %w", err)
	}
	return out, nil
}

// SearchOpportunities returns up to limit opportunities of the accounts p
// may see whose name holds text, ignoring case, open ones first, then by
// close date.
func (s *Store) SearchOpportunities(ctx context.Context, p *kam.Principal, text string, limit int) ([]OpportunityHit, error) {
	key := strings.ToLower(strings.TrimSpace(text))
	if key == "" {
		return []OpportunityHit{}, nil
	}
	pred, args := accountListScope(p, "a")
	rows, err := s.reader().query(ctx, `SELECT o.id, a.id, a.name, o.name, o.stage, o.amount, o.currency, o.close_date
		FROM opportunities o JOIN accounts a ON a.id = o.account_id
		WHERE o.deleted_at IS NULL AND a.deleted_at IS NULL AND LOWER(o.name) LIKE ? ESCAPE '\' AND `+pred+`
		ORDER BY CASE WHEN o.stage IN ('won', 'lost') THEN 1 ELSE 0 END, o.close_date, o.id LIMIT ?`,
		append(append([]any{"%" + escapeLike(key) + "%"}, args...), limit)...)
	if err != nil {
		return nil, fmt.Errorf("search opportunities: %w", err)
	}
	out := []OpportunityHit{}
	err = eachRow(rows, func() error {
		var h OpportunityHit
		if err := rows.Scan(&h.ID, &h.AccountID, &h.AccountName, &h.Name, &h.Stage, &h.Amount, &h.Currency, &h.CloseDate); err != nil {
			return err
		}
		out = append(out, h)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("search opportunities: %w", err)
	}
	return out, nil
}
