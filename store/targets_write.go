package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/kamhq/kam"
)

// Who sets targets: a quota, by a director for the people and units of
// their org subtree (not their own quota: that is set above them) and by
// administrators for anyone; an account's objectives, by whoever may
// change the account. A target for a period that ended before today is
// kept as it was: it cannot be set, changed or deleted. Every change is
// audited as entity "target".

// CreateTarget sets a quota or an objective. Left empty, the kind follows
// the subject (revenue for a person or unit, objective for an account),
// the basis is orders, and an objective's currency is its account's. A
// person or unit has one quota per period: a second is ECONFLICT.
func (s *Store) CreateTarget(ctx context.Context, p *kam.Principal, t *kam.Target) error {
	if err := requireWrite(p); err != nil {
		return err
	}
	cal, err := s.FiscalCalendar(ctx)
	if err != nil {
		return err
	}
	t.Description, t.Currency = strings.TrimSpace(t.Description), strings.ToUpper(strings.TrimSpace(t.Currency))
	if t.Kind == "" {
		t.Kind = kam.TargetRevenue
		if t.AccountID != 0 {
			t.Kind = kam.TargetObjective
		}
	}
	if t.Basis == "" {
		t.Basis = kam.BasisOrders
	}
	return s.inTx(ctx, func(c conn) error {
		if t.AccountID != 0 && t.UserID == 0 && t.OrgUnitID == 0 {
			if err := checkAccountWrite(ctx, c, p, t.AccountID); err != nil {
				return kam.FieldError("account_id", "%s", kam.ErrorMessage(err))
			}
			if t.Currency == "" {
				if err := c.queryRow(ctx, "SELECT currency FROM accounts WHERE id = ?", t.AccountID).Scan(&t.Currency); err != nil {
					return fmt.Errorf("read account %d: %w", t.AccountID, err)
				}
			}
		}
		if err := t.Validate(cal, kam.DateOf(s.Now())); err != nil {
			return err
		}
		if t.IsQuota() {
			if err := checkQuotaWrite(ctx, c, p, t.UserID, t.OrgUnitID); err != nil {
				return err
			}
			if err := checkOneQuota(ctx, c, cal, t); err != nil {
				return err
			}
		}
		now := s.Now()
		t.Version, t.CreatedBy, t.CreatedAt, t.UpdatedAt = 1, p.UserID, now, now
		id, err := c.insert(ctx, `INSERT INTO targets (user_id, org_unit_id, account_id, period_start, period_end, kind, basis, amount,
			currency, description, version, created_by, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
			nullID(t.UserID), nullID(t.OrgUnitID), nullID(t.AccountID), t.PeriodStart, t.PeriodEnd, t.Kind, t.Basis, int64(t.Amount),
			t.Currency, t.Description, t.Version, nullID(t.CreatedBy), now, now)
		if err != nil {
			return fmt.Errorf("create target: %w", err)
		}
		t.ID = id
		nameTargets(cal, t)
		return s.audit(ctx, c, p, "target", id, "create", change{field: "for", new: targetSubject(t)},
			change{field: "period", new: t.PeriodLabel}, change{field: "amount", new: amountText(t)},
			change{field: "basis", new: t.Basis}, change{field: "description", new: t.Description})
	})
}

// targetSubject names who or what a target is for, for the audit log.
func targetSubject(t *kam.Target) string {
	switch {
	case t.UserID != 0:
		return "user " + idText(t.UserID)
	case t.OrgUnitID != 0:
		return "org unit " + idText(t.OrgUnitID)
	}
	return "account " + idText(t.AccountID)
}

// amountText is a target's amount with its currency, "" for none.
func amountText(t *kam.Target) string {
	if t.Amount == 0 {
		return ""
	}
	return t.Amount.String() + " " + t.Currency
}

// checkQuotaWrite returns nil when p may set a new quota for the user or
// org unit given: an administrator for anyone, a director for the people
// (but themselves) and units of their org subtree. Others are EFORBIDDEN;
// a subject that does not exist (or has left) or lies outside the
// director's subtree is a field error.
func checkQuotaWrite(ctx context.Context, c conn, p *kam.Principal, userID, unitID int64) error {
	unit := unitID
	if userID != 0 {
		err := c.queryRow(ctx, "SELECT COALESCE(org_unit_id, 0) FROM users WHERE id = ? AND active = ?", userID, true).Scan(&unit)
		if errors.Is(err, sql.ErrNoRows) {
			return kam.FieldError("user_id", "There is no active user %d to set a quota for.", userID)
		} else if err != nil {
			return fmt.Errorf("check user %d: %w", userID, err)
		}
	} else {
		var n int
		if err := c.queryRow(ctx, "SELECT COUNT(*) FROM org_units WHERE id = ?", unitID).Scan(&n); err != nil {
			return fmt.Errorf("check org unit %d: %w", unitID, err)
		}
		if n == 0 {
			return kam.FieldError("org_unit_id", "There is no org unit %d.", unitID)
		}
	}
	if err := quotaAccess(p, userID); err != nil {
		return err
	}
	if !p.IsAdmin() && (unit == 0 || !slices.Contains(p.OrgSubtree, unit)) {
		if userID != 0 {
			return kam.FieldError("user_id", "User %d is outside your organisation: you set quotas for the people and units of your org subtree.", userID)
		}
		return kam.FieldError("org_unit_id", "Org unit %d is outside your organisation: you set quotas for the units of your org subtree.", unitID)
	}
	return nil
}

// quotaAccess refuses p the quota of user (0 for a unit's) by role:
// only administrators and directors set quotas, and never their own.
func quotaAccess(p *kam.Principal, userID int64) error {
	switch {
	case p.IsAdmin() && p.CanWrite():
		return nil
	case p.Role != kam.RoleDirector || !p.CanWrite():
		return kam.Errorf(kam.EFORBIDDEN, "Quotas are set by directors, for the people and units of their organisation, and by administrators.")
	case userID != 0 && userID == p.UserID:
		return kam.Errorf(kam.EFORBIDDEN, "Your own quota is set above you: by your director or an administrator.")
	}
	return nil
}

// checkOneQuota refuses a second live quota of the same kind for the same
// person or unit and period.
func checkOneQuota(ctx context.Context, c conn, cal kam.FiscalCalendar, t *kam.Target) error {
	// Two quotas set at once for the same person or unit wait for each
	// other on its row (PostgreSQL; SQLite has one writer), so the second
	// sees the first.
	subject, id := "users", t.UserID
	if id == 0 {
		subject, id = "org_units", t.OrgUnitID
	}
	if _, err := c.ids(ctx, "SELECT id FROM "+subject+" WHERE id = ?"+c.d.forUpdate(), id); err != nil {
		return fmt.Errorf("check quotas: %w", err)
	}
	var name string
	err := c.queryRow(ctx, `SELECT `+targetForName+` FROM targets t `+targetForJoins+` WHERE t.deleted_at IS NULL
		AND t.account_id IS NULL AND t.kind = ? AND t.period_start = ? AND t.period_end = ? AND COALESCE(t.user_id, 0) = ?
		AND COALESCE(t.org_unit_id, 0) = ? AND t.id <> ?`,
		t.Kind, t.PeriodStart, t.PeriodEnd, t.UserID, t.OrgUnitID, t.ID).Scan(&name)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return fmt.Errorf("check quotas: %w", err)
	}
	return kam.Errorf(kam.ECONFLICT, "There is already a quota for %s for %s; change that one instead.",
		name, cal.Describe(t.PeriodStart, t.PeriodEnd))
}

// checkTargetWrite returns nil when p may change a target it sees: a
// quota p sees lies in p's scope, so its role decides.
func checkTargetWrite(ctx context.Context, c conn, p *kam.Principal, t *kam.Target) error {
	if !t.IsQuota() {
		return checkAccountWrite(ctx, c, p, t.AccountID)
	}
	return quotaAccess(p, t.UserID)
}

// closedError refuses a change to a target whose period has ended.
func closedError(cal kam.FiscalCalendar, t *kam.Target, doing string) error {
	return kam.Errorf(kam.ECONFLICT, "Target %d is for %s, which ended on %s: a closed period's targets stay as they were and cannot be %s.",
		t.ID, cal.Describe(t.PeriodStart, t.PeriodEnd), t.PeriodEnd.Time().Format("2 Jan 2006"), doing)
}

// UpdateTarget applies upd to a target p may change if upd.Version is
// still its version; a newer one is ESTALE and nothing is written. A
// target p cannot see is ENOTFOUND, one p sees but may not change
// EFORBIDDEN; a target of a closed period is ECONFLICT, and a new period
// must not have ended either. A change that changes nothing writes nothing
// and keeps the version.
func (s *Store) UpdateTarget(ctx context.Context, p *kam.Principal, id int64, upd kam.TargetUpdate) (*kam.Target, error) {
	cal, err := s.FiscalCalendar(ctx)
	if err != nil {
		return nil, err
	}
	if (upd.PeriodStart == nil) != (upd.PeriodEnd == nil) {
		return nil, kam.FieldError("period", "A new period takes both its first and its last day.")
	}
	var out *kam.Target
	err = s.inTx(ctx, func(c conn) error {
		t, err := s.findTarget(ctx, c, p, id)
		if err != nil {
			return err
		}
		if err := checkTargetWrite(ctx, c, p, t); err != nil {
			return err
		}
		if upd.Version != t.Version {
			return staleError("Target", id, upd.Version, t.Version)
		}
		today := kam.DateOf(s.Now())
		if t.PeriodEnd.Before(today) {
			return closedError(cal, t, "changed")
		}
		changes := applyTargetUpdate(cal, t, upd)
		if err := t.Validate(cal, today); err != nil {
			return err
		}
		if t.IsQuota() {
			if err := checkOneQuota(ctx, c, cal, t); err != nil {
				return err
			}
		}
		out = t
		if len(changes) == 0 {
			return nil
		}
		t.UpdatedAt = s.Now()
		res, err := c.exec(ctx, `UPDATE targets SET period_start = ?, period_end = ?, basis = ?, amount = ?, currency = ?, description = ?,
			updated_at = ?, version = version + 1 WHERE id = ? AND version = ? AND deleted_at IS NULL`,
			t.PeriodStart, t.PeriodEnd, t.Basis, int64(t.Amount), t.Currency, t.Description, t.UpdatedAt, id, t.Version)
		if err != nil {
			return fmt.Errorf("update target %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n != 1 { // changed by a transaction that committed while this one waited
			return staleError("Target", id, upd.Version, upd.Version+1)
		}
		t.Version++
		return s.audit(ctx, c, p, "target", id, "update", changes...)
	})
	if err != nil {
		return nil, err
	}
	nameTargets(cal, out)
	return out, nil
}

// applyTargetUpdate applies upd to t in memory and returns the changes for
// the audit log.
func applyTargetUpdate(cal kam.FiscalCalendar, t *kam.Target, upd kam.TargetUpdate) []change {
	var changes []change
	set := func(field, old, new string) {
		if old != new {
			changes = append(changes, change{field, old, new})
		}
	}
	if upd.PeriodStart != nil {
		old := cal.Describe(t.PeriodStart, t.PeriodEnd)
		t.PeriodStart, t.PeriodEnd = *upd.PeriodStart, *upd.PeriodEnd
		set("period", old, cal.Describe(t.PeriodStart, t.PeriodEnd))
	}
	old := amountText(t)
	if upd.Amount != nil {
		t.Amount = *upd.Amount
	}
	if upd.Currency != nil {
		t.Currency = strings.ToUpper(strings.TrimSpace(*upd.Currency))
	}
	set("amount", old, amountText(t))
	if upd.Basis != nil {
		set("basis", t.Basis, *upd.Basis)
		t.Basis = *upd.Basis
	}
	if upd.Description != nil {
		v := strings.TrimSpace(*upd.Description)
		set("description", t.Description, v)
		t.Description = v
	}
	return changes
}

// DeleteTarget moves a target to the bin; version, if not 0, must still be
// its version. A target of a closed period is kept (ECONFLICT).
func (s *Store) DeleteTarget(ctx context.Context, p *kam.Principal, id, version int64) error {
	cal, err := s.FiscalCalendar(ctx)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(c conn) error {
		t, err := s.findTarget(ctx, c, p, id)
		if err != nil {
			return err
		}
		if err := checkTargetWrite(ctx, c, p, t); err != nil {
			return err
		}
		if version != 0 && version != t.Version {
			return staleError("Target", id, version, t.Version)
		}
		if t.PeriodEnd.Before(kam.DateOf(s.Now())) {
			return closedError(cal, t, "deleted")
		}
		return s.binTarget(ctx, c, p, cal, t)
	})
}

// binTarget moves a target to the bin from the version read, and audits it.
func (s *Store) binTarget(ctx context.Context, c conn, p *kam.Principal, cal kam.FiscalCalendar, t *kam.Target) error {
	res, err := c.exec(ctx, "UPDATE targets SET deleted_at = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?",
		s.Now(), s.Now(), t.ID, t.Version)
	if err != nil {
		return fmt.Errorf("delete target %d: %w", t.ID, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return staleError("Target", t.ID, t.Version, t.Version+1)
	}
	return s.audit(ctx, c, p, "target", t.ID, "delete", change{field: "for", old: targetSubject(t)},
		change{field: "period", old: cal.Describe(t.PeriodStart, t.PeriodEnd)}, change{field: "amount", old: amountText(t)})
}
