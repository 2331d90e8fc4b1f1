package store

import (
	"context"
	"fmt"
	"strconv"
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
	match, margs, err := s.searchMatch(ctx, opportunitiesSearch, "o.id", key)
	if err != nil {
		return nil, err
	}
	pred, args := accountListScope(p, "a")
	from, where := "opportunities o JOIN accounts a ON a.id = o.account_id", []string{pred}
	if match != "" {
		where, args = append(where, match), append(args, margs...)
	} else if big, err := s.largeBook(ctx, p); err != nil {
		return nil, err
	} else if big {
		// A common text in a large book: walk the deals in the list's
		// order (index opportunities_search_order) and test each one's
		// name and account, rather than read and sort every match.
		pred, args = accountScope(p, "a")
		where[0] = pred
		from, where = "opportunities o CROSS JOIN accounts a", append(where, "a.id = o.account_id")
	}
	args = append(args, "%"+escapeLike(key)+"%")
	// The limit is a literal, as in FindPortfolio, for PostgreSQL's plan.
	rows, err := s.reader().query(ctx, `SELECT o.id, a.id, a.name, o.name, o.stage, o.amount, o.currency, o.close_date
		FROM `+from+` WHERE `+strings.Join(where, " AND ")+`
		AND o.deleted_at IS NULL AND a.deleted_at IS NULL AND LOWER(o.name) LIKE ? ESCAPE '\'
		ORDER BY CASE WHEN o.stage IN ('won', 'lost') THEN 1 ELSE 0 END, o.close_date, o.id LIMIT `+strconv.Itoa(limit), args...)
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
