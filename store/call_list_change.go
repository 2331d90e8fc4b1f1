package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/kamhq/kam"
)

// UpdateCallOutcome records what came of the call to a prospect of a list,
// if upd.Version is still the entry's version (else ESTALE, and nothing
// changes). The list's assignee records outcomes, and so does anyone who
// may change the account. An interested prospect may be converted in the
// same step: into a new deal (owned by p's user) or into onboarding.
func (s *Store) UpdateCallOutcome(ctx context.Context, p *kam.Principal, listID, accountID int64, upd CallOutcomeUpdate) (*CallListEntry, error) {
	if err := requireWrite(p); err != nil {
		return nil, err
	}
	switch {
	case !slices.Contains(CallOutcomes, upd.Outcome):
		return nil, kam.FieldError("outcome", "The outcome is one of to_call, no_answer, interested, not_interested.")
	case upd.Note != nil && utf8.RuneCountInString(*upd.Note) > maxCallNote:
		return nil, kam.FieldError("note", "A note has at most %d characters.", maxCallNote)
	case upd.Convert != "" && upd.Convert != "opportunity" && upd.Convert != "onboarding":
		return nil, kam.FieldError("convert", "Convert an interested prospect into an opportunity or onboarding.")
	case upd.Convert != "" && upd.Outcome != "interested":
		return nil, kam.FieldError("convert", "Only an interested prospect becomes an opportunity or starts onboarding.")
	}
	var out *CallListEntry
	err := s.inTx(ctx, func(c conn) error {
		l, err := s.findCallList(ctx, c, p, listID)
		if err != nil {
			return err
		}
		entries, err := s.callListEntries(ctx, c, p, listID, accountID)
		if err != nil {
			return err
		}
		if len(entries) == 0 {
			return kam.Errorf(kam.ENOTFOUND, "Account %d is not on call list %d.", accountID, listID)
		}
		e := entries[0]
		writable := checkAccountWrite(ctx, c, p, accountID)
		if l.AssigneeID != p.UserID && writable != nil {
			return writable
		}
		if upd.Version != e.Version {
			return staleError("Call list entry", accountID, upd.Version, e.Version)
		}
		var changes []change
		if upd.Outcome != e.Outcome {
			changes = append(changes, change{fmt.Sprintf("account %d outcome", accountID), e.Outcome, upd.Outcome})
		}
		if upd.Note != nil && strings.TrimSpace(*upd.Note) != e.Note {
			note := strings.TrimSpace(*upd.Note)
			changes = append(changes, change{fmt.Sprintf("account %d note", accountID), e.Note, note})
			e.Note = note
		}
		if upd.Convert != "" {
			if writable != nil {
				return writable
			}
			if err := s.convertProspect(ctx, c, p, &e, upd.Convert); err != nil {
				return err
			}
		}
		out = &e
		if len(changes) == 0 && upd.Convert == "" {
			return nil
		}
		now := s.Now()
		res, err := c.exec(ctx, `UPDATE call_list_entries SET outcome = ?, note = ?, opportunity_id = ?, called_at = ?, called_by = ?,
			version = version + 1 WHERE list_id = ? AND account_id = ? AND version = ?`, upd.Outcome, e.Note, nullID(e.OpportunityID),
			now, nullID(p.UserID), listID, accountID, e.Version)
		if err != nil {
			return fmt.Errorf("record the call to account %d: %w", accountID, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return staleError("Call list entry", accountID, e.Version, e.Version+1)
		}
		e.Outcome, e.CalledAt, e.Version = upd.Outcome, &now, e.Version+1
		return s.audit(ctx, c, p, "call_list", listID, "update", changes...)
	})
	if err != nil {
		return nil, err
	}
	if upd.Convert != "" {
		s.refreshQueued(ctx, accountID)
	}
	return out, nil
}

// convertProspect turns an interested prospect into a new deal owned by
// p's user, or starts its onboarding, in the caller's transaction.
func (s *Store) convertProspect(ctx context.Context, c conn, p *kam.Principal, e *CallListEntry, into string) error {
	var version int64
	var currency string
	if err := c.queryRow(ctx, "SELECT version, currency FROM accounts WHERE id = ?", e.AccountID).Scan(&version, &currency); err != nil {
		return fmt.Errorf("read account %d: %w", e.AccountID, err)
	}
	if into == "onboarding" {
		if e.Status != string(kam.StatusProspect) {
			return kam.FieldError("convert", "%s is %s already, not a prospect.", e.AccountName, strings.ReplaceAll(e.Status, "_", " "))
		}
		e.Status = string(kam.StatusOnboarding)
		return s.bumpAccount(ctx, c, p, e.AccountID, version, "status = ?", []any{e.Status},
			change{field: "status", old: string(kam.StatusProspect), new: e.Status})
	}
	if e.OpportunityID != 0 {
		return kam.FieldError("convert", "This call led to deal %d already.", e.OpportunityID)
	}
	now := s.Now()
	stage := kam.Stages[0]
	name := "New business: " + e.AccountName
	close := kam.DateOf(now).AddDays(opportunityCloseDays)
	id, err := c.insert(ctx, `INSERT INTO opportunities (account_id, name, kind, stage, amount, currency, probability, close_date, first_close_date,
		owner_id, source, version, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`, e.AccountID, name, string(kam.OppNew), stage,
		0, currency, kam.DefaultProbability[stage], close, close, nullID(p.UserID), "", 1, now, now)
	if err != nil {
		return fmt.Errorf("create the deal of account %d: %w", e.AccountID, err)
	}
	e.OpportunityID = id
	if err := s.audit(ctx, c, p, "account", e.AccountID, "add_opportunity", change{field: fmt.Sprintf("opportunity %d", id), new: name}); err != nil {
		return err
	}
	return queueRollups(ctx, c, map[int64]bool{e.AccountID: true}, now)
}

// DeleteCallList moves a list to the bin if version, when not 0, is still
// its version. Its author, its assignee's directors and administrators
// may; its assignee may not drop the work given.
func (s *Store) DeleteCallList(ctx context.Context, p *kam.Principal, id, version int64) error {
	if err := requireWrite(p); err != nil {
		return err
	}
	return s.inTx(ctx, func(c conn) error {
		l, err := s.findCallList(ctx, c, p, id)
		if err != nil {
			return err
		}
		if l.CreatedBy != p.UserID && !p.IsAdmin() && (p.Role != kam.RoleDirector || l.AssigneeID == p.UserID) {
			return kam.Errorf(kam.EFORBIDDEN, "Only the author of the list, a director or an administrator may delete it.")
		}
		if version == 0 {
			version = l.Version
		}
		if version != l.Version {
			return staleError("Call list", id, version, l.Version)
		}
		res, err := c.exec(ctx, "UPDATE call_lists SET deleted_at = ?, version = version + 1 WHERE id = ? AND version = ?", s.Now(), id, version)
		if err != nil {
			return fmt.Errorf("delete call list %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return staleError("Call list", id, version, version+1)
		}
		return s.audit(ctx, c, p, "call_list", id, "delete", change{field: "name", old: l.Name})
	})
}
