package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/kamhq/kam"
)

// CreateAccount adds an account. The owner defaults to p's user and the org
// unit to the owner's. A taken (source, external id) is ECONFLICT.
func (s *Store) CreateAccount(ctx context.Context, p *kam.Principal, a *kam.Account) error {
	if err := requireWrite(p); err != nil {
		return err
	}
	if a.Status == "" {
		a.Status = kam.StatusActive
	}
	if a.OwnerID == 0 {
		a.OwnerID = p.UserID
	}
	if err := a.Validate(); err != nil {
		return err
	}
	if !p.IsAdmin() && p.Role != kam.RoleDirector && a.OwnerID != p.UserID {
		return kam.FieldError("owner_id", "Only a director or an administrator may create accounts for someone else.")
	}
	return s.inTx(ctx, func(c conn) error {
		if a.ParentID != 0 {
			if err := checkAccountWrite(ctx, c, p, a.ParentID); err != nil {
				return kam.FieldError("parent_id", "Parent account %d is not one you may change.", a.ParentID)
			}
		}
		if a.OwnerID != 0 {
			unit, err := s.checkOwner(ctx, c, p, a.OwnerID)
			if err != nil {
				return err
			}
			// Outside administration, an account sits where its owner works.
			if a.OrgUnitID == 0 || !p.IsAdmin() {
				a.OrgUnitID = unit
			}
		}
		// One company, one account: the same company under another name is
		// refused, a probable duplicate is queued for review.
		match, err := findIdentityMatch(ctx, c, a)
		if err != nil {
			return err
		}
		if match != 0 {
			if _, err := s.findAccount(ctx, c, p, match); err != nil {
				// Not one of the user's: say no more than that it exists.
				return kam.Errorf(kam.ECONFLICT, "This company already has an account (same tax id, domain, or name in the same country) that is not among yours; ask an administrator.")
			}
			return kam.Errorf(kam.ECONFLICT, "This company already has an account (%d): same tax id, domain, or name in the same country.", match)
		}
		if err := s.insertAccount(ctx, c, p, a); err != nil {
			return err
		}
		_, err = s.queueProbableDuplicates(ctx, c, a)
		return err
	})
}

// checkOwner checks that userID may own accounts handed out by p (an active
// account manager, key account manager or director; for a director, one in
// their org subtree) and returns the owner's org unit.
func (s *Store) checkOwner(ctx context.Context, c conn, p *kam.Principal, userID int64) (int64, error) {
	var active bool
	var role kam.Role
	var unit int64
	err := c.queryRow(ctx, "SELECT active, role, COALESCE(org_unit_id, 0) FROM users WHERE id = ?", userID).Scan(&active, &role, &unit)
	switch {
	case err != nil || !active:
		return 0, kam.FieldError("owner_id", "User %d is not an active user.", userID)
	case role == kam.RoleViewer:
		return 0, kam.FieldError("owner_id", "A viewer cannot own accounts; choose an account manager.")
	case p.Role == kam.RoleDirector && userID != p.UserID && !slices.Contains(p.OrgSubtree, unit):
		return 0, kam.FieldError("owner_id", "User %d works outside your organisation.", userID)
	}
	return unit, nil
}

// insertAccount writes a validated account, its external ids, domains, first
// tenure and audit entry in the caller's transaction.
func (s *Store) insertAccount(ctx context.Context, c conn, p *kam.Principal, a *kam.Account) error {
	if err := prepareAccount(a, s.Now()); err != nil {
		return err
	}
	id, err := c.insert(ctx, insertAccountSQL, accountInsertArgs(a)...)
	if err != nil {
		return fmt.Errorf("create account: %w", err)
	}
	a.ID = id
	if err := writeIdentity(ctx, c, a); err != nil {
		return err
	}
	if a.OwnerID != 0 {
		if _, err := c.exec(ctx, "INSERT INTO account_assignments (account_id, user_id, started_at, assigned_by, reason) VALUES (?, ?, ?, ?, ?)",
			id, a.OwnerID, a.CreatedAt, nullID(p.UserID), "created"); err != nil {
			return fmt.Errorf("create account assignment: %w", err)
		}
	}
	return s.audit(ctx, c, p, "account", id, "create", change{field: "name", new: a.Name})
}

// UpdateAccount applies upd if upd.Version is still the stored version; a
// newer version is ECONFLICT and nothing is written. An owner change closes
// the old tenure and opens a new one. An account is lost, and comes back,
// only through MarkLost and Reactivate, which record the loss.
func (s *Store) UpdateAccount(ctx context.Context, p *kam.Principal, id int64, upd kam.AccountUpdate) (*kam.Account, error) {
	var out *kam.Account
	var moved []int64 // the account and its old and new parents, when it moved
	err := s.inTx(ctx, func(c conn) error {
		if err := checkAccountWrite(ctx, c, p, id); err != nil {
			return err
		}
		a, err := s.findAccount(ctx, c, p, id)
		if err != nil {
			return err
		}
		if upd.Version != a.Version {
			return kam.Errorf(kam.ECONFLICT, "Account %d was changed by someone else (your version %d, now %d). Reload it and apply your change again.", id, upd.Version, a.Version)
		}
		before := *a
		var pt patch
		pt.str("name", &a.Name, upd.Name)
		pt.str("legal_name", &a.LegalName, upd.LegalName)
		pt.str("industry", &a.Industry, upd.Industry)
		pt.str("country", &a.Country, upd.Country)
		pt.str("segment", &a.Segment, upd.Segment)
		pt.str("tier", &a.Tier, upd.Tier)
		pt.str("lost_reason", &a.LostReason, upd.LostReason)
		pt.str("lost_competitor", &a.LostCompetitor, upd.LostCompetitor)
		patchText(&pt, "status", &a.Status, upd.Status)
		pt.id("parent_id", &a.ParentID, upd.ParentID)
		pt.id("owner_id", &a.OwnerID, upd.OwnerID)
		changes := pt.changes
		if err := lossByItsOwnAction(&before, a); err != nil {
			return err
		}
		if err := a.Validate(); err != nil {
			return err
		}
		if len(changes) == 0 {
			out = a
			return nil
		}
		if err := s.checkAccountRefs(ctx, c, p, a, &before); err != nil {
			return err
		}
		if err := s.writeAccountRow(ctx, c, a); err != nil {
			return err
		}
		if a.OwnerID != before.OwnerID {
			if err := s.reassign(ctx, c, p, id, a.OwnerID, "updated"); err != nil {
				return err
			}
		}
		if a.ParentID != before.ParentID {
			// The trees of the parent left and the parent joined change.
			moved = []int64{id}
			for _, parent := range []int64{before.ParentID, a.ParentID} {
				if parent != 0 {
					moved = append(moved, parent)
				}
			}
			if err := queueRollups(ctx, c, setOf(moved), s.Now()); err != nil {
				return err
			}
		}
		if err := s.audit(ctx, c, p, "account", id, "update", changes...); err != nil {
			return err
		}
		if err := s.emitAccountChanged(ctx, c, id, a.Name, a.Version, changes); err != nil {
			return err
		}
		out, err = s.findAccount(ctx, c, kam.System(), id)
		return err
	})
	if err == nil && len(moved) > 0 {
		s.refreshQueued(ctx, moved...)
	}
	return out, err
}

// checkAccountRefs validates a changed parent (visible, no cycle) and owner
// (only directors and admins hand accounts to others).
func (s *Store) checkAccountRefs(ctx context.Context, c conn, p *kam.Principal, a, before *kam.Account) error {
	if a.ParentID != before.ParentID && a.ParentID != 0 {
		if err := checkAccountWrite(ctx, c, p, a.ParentID); err != nil {
			return kam.FieldError("parent_id", "Parent account %d is not one you may change.", a.ParentID)
		}
		// Walk up from the new parent; meeting the account itself is a cycle.
		var cycle bool
		err := c.queryRow(ctx, `WITH RECURSIVE up(id) AS (SELECT CAST(? AS BIGINT) UNION SELECT ac.parent_id FROM accounts ac JOIN up ON ac.id = up.id WHERE ac.parent_id IS NOT NULL)
			SELECT COUNT(*) > 0 FROM up WHERE id = ?`, a.ParentID, a.ID).Scan(&cycle)
		if err != nil {
			return fmt.Errorf("check account hierarchy: %w", err)
		}
		if cycle {
			return kam.FieldError("parent_id", "Account %d is below this account; a hierarchy cannot loop.", a.ParentID)
		}
	}
	if a.OwnerID != before.OwnerID {
		if !p.IsAdmin() && p.Role != kam.RoleDirector {
			return kam.FieldError("owner_id", "Only a director or an administrator may re-assign an account.")
		}
		if a.OwnerID != 0 {
			// The account moves to where its new owner works.
			unit, err := s.checkOwner(ctx, c, p, a.OwnerID)
			if err != nil {
				return err
			}
			a.OrgUnitID = unit
		}
	}
	return nil
}

// reassign ends the current tenure of an account and starts the new owner's.
func (s *Store) reassign(ctx context.Context, c conn, p *kam.Principal, accountID, ownerID int64, reason string) error {
	now := s.Now()
	if _, err := c.exec(ctx, "UPDATE account_assignments SET ended_at = ? WHERE account_id = ? AND ended_at IS NULL", now, accountID); err != nil {
		return fmt.Errorf("end tenure: %w", err)
	}
	if ownerID == 0 {
		return nil
	}
	_, err := c.exec(ctx, "INSERT INTO account_assignments (account_id, user_id, started_at, assigned_by, reason) VALUES (?, ?, ?, ?, ?)",
		accountID, ownerID, now, nullID(p.UserID), reason)
	if err != nil {
		return fmt.Errorf("start tenure: %w", err)
	}
	return nil
}

func idText(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

// writeAccountRow writes an account's editable columns if its version is still
// a.Version, and advances the version; a newer stored version is ECONFLICT.
func (s *Store) writeAccountRow(ctx context.Context, c conn, a *kam.Account) error {
	res, err := c.exec(ctx, `UPDATE accounts SET name = ?, legal_name = ?, normalized_name = ?, search_name = ?, tax_id = ?,
		industry = ?, country = ?, segment = ?, tier = ?, status = ?, lost_reason = ?, lost_competitor = ?,
		parent_id = ?, owner_id = ?, org_unit_id = ?, currency = ?, domains = ?, match_key = ?, version = version + 1,
		updated_at = ? WHERE id = ? AND version = ?`,
		a.Name, a.LegalName, kam.NormalizeCompanyName(a.Name), kam.SearchKey(a.Name), a.TaxID, a.Industry, a.Country,
		a.Segment, a.Tier, string(a.Status), a.LostReason, a.LostCompetitor, nullID(a.ParentID), nullID(a.OwnerID),
		nullID(a.OrgUnitID), a.Currency, joinDomains(a.Domains), kam.MatchKey(a.Name), s.Now(), a.ID, a.Version)
	if err != nil {
		return fmt.Errorf("update account %d: %w", a.ID, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return kam.Errorf(kam.ECONFLICT, "Account %d was changed by someone else. Reload it and apply your change again.", a.ID)
	}
	a.Version++
	return nil
}

// lossByItsOwnAction refuses an edit that marks an account lost, brings a
// lost one back, or rewrites why it was lost: those go through MarkLost and
// Reactivate, which keep the loss, its day and its revenue for the
// attrition report.
func lossByItsOwnAction(before, after *kam.Account) error {
	switch {
	case before.Status != after.Status && after.Status == kam.StatusLost:
		return kam.FieldError("status", "Mark an account lost with its own action (Mark lost on its page, or PUT /api/v1/accounts/{id}/attrition), which records the reason and the day.")
	case before.Status != after.Status && before.Status == kam.StatusLost:
		return kam.FieldError("status", "A lost account comes back through Reactivate on its page (or POST /api/v1/accounts/{id}/reactivate), which counts the win-back.")
	case before.LostReason != after.LostReason || before.LostCompetitor != after.LostCompetitor:
		return kam.FieldError("lost_reason", "Why an account was lost is recorded by Mark lost; mark it lost again there to change the reason or the competitor.")
	}
	return nil
}
