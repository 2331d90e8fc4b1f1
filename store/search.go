package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/kamhq/kam"
)

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
