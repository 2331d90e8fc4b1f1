package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/kamhq/kam"
)

// opportunityCloseDays is how far ahead a new deal's close date is when none
// is given.
const opportunityCloseDays = 90

// CreateOpportunity adds a deal to an account p may change, at version 1.
// Unset fields default: stage prospecting, kind new, the stage's
// probability, the account's currency, a close date 90 days ahead and p's
// user as owner. Another owner must be an active seller p may hand work to.
// A deal created in kam has no source or external id and no products yet.
// The deal is in the account's audit log, and the account's roll-up (its
// pipeline) is refreshed.
func (s *Store) CreateOpportunity(ctx context.Context, p *kam.Principal, o *kam.Opportunity) error {
	o.Name = strings.TrimSpace(o.Name)
	if o.Stage == "" {
		o.Stage = kam.Stages[0]
	}
	if o.Kind == "" {
		o.Kind = kam.OppNew
	}
	if o.Probability == 0 {
		o.Probability = kam.DefaultProbability[o.Stage]
	}
	if o.OwnerID == 0 {
		o.OwnerID = p.UserID
	}
	o.Currency = strings.ToUpper(strings.TrimSpace(o.Currency))
	now := s.Now()
	if o.CloseDate.IsZero() {
		o.CloseDate = kam.DateOf(now).AddDays(opportunityCloseDays)
	}
	if err := o.Validate(); err != nil {
		return err
	}
	if o.Currency != "" && !currencyCode(o.Currency) {
		return kam.FieldError("currency", "Currency must be a three-letter ISO code such as EUR.")
	}
	if err := requireWrite(p); err != nil {
		return err
	}
	o.Source, o.ExternalID, o.ProductIDs = "", "", nil
	o.Version, o.CreatedAt, o.UpdatedAt = 1, now, now
	err := s.inTx(ctx, func(c conn) error {
		if err := checkAccountWrite(ctx, c, p, o.AccountID); err != nil {
			return err
		}
		if o.Currency == "" {
			if err := c.queryRow(ctx, "SELECT currency FROM accounts WHERE id = ?", o.AccountID).Scan(&o.Currency); err != nil {
				return fmt.Errorf("read account %d currency: %w", o.AccountID, err)
			}
		}
		if o.OwnerID != 0 && o.OwnerID != p.UserID {
			if _, err := s.checkOwner(ctx, c, p, o.OwnerID); err != nil {
				return err
			}
		}
		var closed any
		if o.IsClosed() {
			closed = now
		}
		id, err := c.insert(ctx, `INSERT INTO opportunities (account_id, name, kind, stage, amount, currency, probability, close_date, first_close_date,
			owner_id, competitor, lost_reason, source, external_id, version, created_at, updated_at, closed_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
			o.AccountID, o.Name, string(o.Kind), o.Stage, int64(o.Amount), o.Currency, o.Probability, o.CloseDate, o.CloseDate,
			nullID(o.OwnerID), o.Competitor, o.LostReason, o.Source, o.ExternalID, o.Version, o.CreatedAt, o.UpdatedAt, closed)
		if err != nil {
			return fmt.Errorf("create opportunity: %w", err)
		}
		o.ID = id
		if err := s.audit(ctx, c, p, "account", o.AccountID, "add_opportunity",
			change{field: fmt.Sprintf("opportunity %d", id), new: o.Name}); err != nil {
			return err
		}
		// The deal's own history starts with its creation.
		if err := s.audit(ctx, c, p, "opportunity", id, "create", change{field: "name", new: o.Name},
			change{field: "stage", new: o.Stage}, change{field: "amount", new: o.Amount.String() + " " + o.Currency}); err != nil {
			return err
		}
		return queueRollups(ctx, c, map[int64]bool{o.AccountID: true}, now)
	})
	if err != nil {
		return err
	}
	s.refreshQueued(ctx, o.AccountID)
	return nil
}

// currencyCode reports whether c is three capital letters.
func currencyCode(c string) bool {
	if len(c) != 3 {
		return false
	}
	for _, r := range c {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}
