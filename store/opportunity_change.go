package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kamhq/kam"
)

// Changing, deleting and restoring deals. A change names the version it was
// made from and is refused (ESTALE) when the deal changed meanwhile; a
// stage changed by it follows the same rules as a move on the board
// (MoveOpportunity), and emits the same event. Every change is in the
// deal's audit log, and queues its account's roll-up, which counts the
// weighted pipeline.

// UpdateOpportunity applies upd to a deal on an account p may change if
// upd.Version is still the deal's version; a newer one is ESTALE and
// nothing is written. A deal p cannot see is ENOTFOUND, one p sees but may
// not change EFORBIDDEN. A new stage sets the probability as a move does,
// unless upd gives its own (a won deal's is 100, a lost one's 0). Only
// directors and administrators hand a deal to another owner. A change that
// changes nothing writes nothing and keeps the version.
func (s *Store) UpdateOpportunity(ctx context.Context, p *kam.Principal, id int64, upd kam.OpportunityUpdate) (*kam.Opportunity, error) {
	if upd.Stage != nil {
		if err := checkStage(*upd.Stage); err != nil {
			return nil, err
		}
	}
	var out *kam.Opportunity
	changed := false
	err := s.inTx(ctx, func(c conn) error {
		o, err := s.writableDeal(ctx, c, p, id)
		if err != nil {
			return err
		}
		if upd.Version != o.Version {
			return staleError("Opportunity", id, upd.Version, o.Version)
		}
		now, oldStage := s.Now(), o.Stage
		changes, closedAt, err := s.applyDealUpdate(ctx, c, p, o, upd, now)
		if err != nil {
			return err
		}
		out = o
		if len(changes) == 0 {
			return nil
		}
		setClosed, args := "", []any{o.Name, string(o.Kind), o.Stage, int64(o.Amount), o.Currency, o.Probability, o.CloseDate,
			nullID(o.OwnerID), o.Competitor, o.LostReason, now}
		if o.Stage != oldStage {
			setClosed, args = ", closed_at = ?", append(args, closedAt)
		}
		res, err := c.exec(ctx, `UPDATE opportunities SET name = ?, kind = ?, stage = ?, amount = ?, currency = ?, probability = ?,
			close_date = ?, owner_id = ?, competitor = ?, lost_reason = ?, version = version + 1, updated_at = ?`+setClosed+`
			WHERE id = ? AND version = ? AND deleted_at IS NULL`, append(args, id, o.Version)...)
		if err != nil {
			return fmt.Errorf("update opportunity %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n != 1 { // changed by a transaction that committed while this one waited
			return staleError("Opportunity", id, upd.Version, upd.Version+1)
		}
		o.Version, o.UpdatedAt = o.Version+1, now
		if err := s.audit(ctx, c, p, "opportunity", id, "update", changes...); err != nil {
			return err
		}
		if o.Stage != oldStage {
			if err := s.emitStageChanged(ctx, c, o, oldStage); err != nil {
				return err
			}
		}
		changed = true
		return queueRollups(ctx, c, map[int64]bool{o.AccountID: true}, now)
	})
	if err != nil {
		return nil, err
	}
	if changed {
		s.refreshQueued(ctx, out.AccountID)
	}
	return out, nil
}

// applyDealUpdate applies upd to o in memory and checks the result. It
// returns the changes for the audit log and, when the stage changed, the
// closed_at to store (see moveStage).
func (s *Store) applyDealUpdate(ctx context.Context, c conn, p *kam.Principal, o *kam.Opportunity, upd kam.OpportunityUpdate, now time.Time) ([]change, any, error) {
	var pt patch
	str := pt.str
	if upd.Name != nil {
		name := strings.TrimSpace(*upd.Name)
		str("name", &o.Name, &name)
	}
	patchText(&pt, "kind", &o.Kind, upd.Kind)
	if upd.Amount != nil && *upd.Amount != o.Amount {
		pt.changes = append(pt.changes, change{"amount", o.Amount.String(), upd.Amount.String()})
		o.Amount = *upd.Amount
	}
	if upd.Currency != nil {
		cur := strings.ToUpper(strings.TrimSpace(*upd.Currency))
		if !currencyCode(cur) {
			return nil, nil, kam.FieldError("currency", "Currency must be a three-letter ISO code such as EUR.")
		}
		str("currency", &o.Currency, &cur)
	}
	if upd.CloseDate != nil && upd.CloseDate.String() != o.CloseDate.String() {
		if upd.CloseDate.IsZero() {
			return nil, nil, kam.FieldError("close_date", "A deal needs a close date.")
		}
		pt.changes = append(pt.changes, change{"close_date", o.CloseDate.String(), upd.CloseDate.String()})
		o.CloseDate = *upd.CloseDate
	}
	str("competitor", &o.Competitor, upd.Competitor)
	str("lost_reason", &o.LostReason, upd.LostReason)
	pct := o.Probability
	var closedAt any
	if upd.Stage != nil && *upd.Stage != o.Stage {
		var moved []change
		moved, closedAt = moveStage(o, *upd.Stage, now)
		pt.changes = append(pt.changes, moved[0]) // the probability's change is recorded below, once
	}
	if upd.Probability != nil && *upd.Probability != o.Probability {
		if o.IsClosed() {
			return nil, nil, kam.FieldError("probability", "A won deal's probability is 100 and a lost one's 0.")
		}
		o.Probability = *upd.Probability
	}
	if o.Probability != pct {
		pt.changes = append(pt.changes, change{"probability", strconv.Itoa(pct), strconv.Itoa(o.Probability)})
	}
	if upd.OwnerID != nil && *upd.OwnerID != o.OwnerID {
		switch {
		case !p.IsAdmin() && p.Role != kam.RoleDirector:
			return nil, nil, kam.FieldError("owner_id", "Only a director or an administrator may hand a deal to someone else.")
		case *upd.OwnerID <= 0:
			return nil, nil, kam.FieldError("owner_id", "Give the user id of the deal's new owner.")
		}
		if _, err := s.checkOwner(ctx, c, p, *upd.OwnerID); err != nil {
			return nil, nil, err
		}
		pt.changes = append(pt.changes, change{"owner_id", idText(o.OwnerID), idText(*upd.OwnerID)})
		o.OwnerID = *upd.OwnerID
	}
	if err := o.Validate(); err != nil {
		return nil, nil, err
	}
	return pt.changes, closedAt, nil
}

// DeleteOpportunity moves a deal on an account p may change to the bin: it
// leaves the board, its totals and the account's pipeline, and an
// administrator can restore it. version, if not 0, must still be the deal's
// version (ESTALE otherwise).
func (s *Store) DeleteOpportunity(ctx context.Context, p *kam.Principal, id, version int64) error {
	var accountID int64
	err := s.inTx(ctx, func(c conn) error {
		o, err := s.writableDeal(ctx, c, p, id)
		if err != nil {
			return err
		}
		if version != 0 && version != o.Version {
			return staleError("Opportunity", id, version, o.Version)
		}
		if err := markDeleted(ctx, c, "opportunities", "Opportunity", id, o.Version, s.Now()); err != nil {
			return err
		}
		accountID = o.AccountID
		if err := s.audit(ctx, c, p, "opportunity", id, "delete"); err != nil {
			return err
		}
		return queueRollups(ctx, c, map[int64]bool{o.AccountID: true}, s.Now())
	})
	if err == nil {
		s.refreshQueued(ctx, accountID)
	}
	return err
}

// RestoreOpportunity brings a deleted deal back (administrators only). A
// deal whose account is deleted cannot come back (ECONFLICT).
func (s *Store) RestoreOpportunity(ctx context.Context, p *kam.Principal, id int64) (*kam.Opportunity, error) {
	return restoreRecord(ctx, s, p, "opportunities", "Opportunity", id,
		func(c conn) (*kam.Opportunity, error) { return s.writableDeal(ctx, c, p, id) },
		func(c conn, o *kam.Opportunity) error {
			if err := s.audit(ctx, c, p, "opportunity", id, "restore"); err != nil {
				return err
			}
			return queueRollups(ctx, c, map[int64]bool{o.AccountID: true}, s.Now())
		},
		func(o *kam.Opportunity) int64 { return o.AccountID })
}

// writableDeal reads a deal on an account p may change, in a transaction:
// a deal p cannot see is ENOTFOUND, one p sees but may not change is
// EFORBIDDEN.
func (s *Store) writableDeal(ctx context.Context, c conn, p *kam.Principal, id int64) (*kam.Opportunity, error) {
	o, err := s.storedOpportunity(ctx, c, id)
	if err != nil {
		return nil, err
	}
	if err := checkAccountWrite(ctx, c, p, o.AccountID); err != nil {
		switch kam.ErrorCode(err) {
		case kam.ENOTFOUND:
			return nil, kam.Errorf(kam.ENOTFOUND, "Opportunity %d not found.", id)
		case kam.EFORBIDDEN:
			return nil, kam.Errorf(kam.EFORBIDDEN, "You may view the deal “%s” but not change it.", o.Name)
		}
		return nil, err
	}
	return o, nil
}

// checkStage refuses a stage that is not one of kam.Stages.
func checkStage(stage string) error {
	if !slices.Contains(kam.Stages, stage) {
		return kam.FieldError("stage", "Stage must be one of %s.", strings.Join(kam.Stages, ", "))
	}
	return nil
}

// moveStage puts o in another stage. The probability follows the stage
// when it was the old stage's default (kam.DefaultProbability) and is kept
// when someone set their own; a won deal is certain and a lost one
// worthless, so closing sets 100 or 0. It returns the changes for the audit
// log, the stage's first, and the closed_at to store: now for a closing
// move, nil (cleared) otherwise.
func moveStage(o *kam.Opportunity, stage string, now time.Time) ([]change, any) {
	old, oldPct := o.Stage, o.Probability
	if isClosedStage(stage) || o.Probability == kam.DefaultProbability[old] {
		o.Probability = kam.DefaultProbability[stage]
	}
	o.Stage = stage
	changes := []change{{field: "stage", old: old, new: stage}}
	if o.Probability != oldPct {
		changes = append(changes, change{field: "probability", old: strconv.Itoa(oldPct), new: strconv.Itoa(o.Probability)})
	}
	var closedAt any
	if isClosedStage(stage) {
		closedAt = now
	}
	return changes, closedAt
}
