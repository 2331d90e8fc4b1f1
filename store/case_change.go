package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/kamhq/kam"
)

// UpdateCase applies upd to a case on an account p may change if
// upd.Version is still the case's version; a newer one is ESTALE and
// nothing is written. A case p cannot see is ENOTFOUND, one p sees but may
// not change EFORBIDDEN.
//
// The status goes open, in_progress and waiting in any order; resolved
// needs the client's satisfaction (1 to 5) and records when; closed comes
// only after resolved. Going back to an open status reopens the case and
// clears its resolution and satisfaction. A new severity moves the due day
// to what its service level gives from the opening, unless upd names its
// own. A change that changes nothing writes nothing and keeps the version.
func (s *Store) UpdateCase(ctx context.Context, p *kam.Principal, id int64, upd kam.CaseUpdate) (*kam.Case, error) {
	var owner *kam.Principal
	var ownerErr error // told only if the owner changes
	var sla kam.CaseSLA
	var err error
	if upd.OwnerID != nil {
		if *upd.OwnerID <= 0 {
			return nil, kam.FieldError("owner_id", "Give the user id of the case's new owner.")
		}
		owner, ownerErr = s.caseOwnerPrincipal(ctx, p, *upd.OwnerID)
	}
	if upd.Severity != nil && upd.Due == nil {
		if sla, err = s.CaseSLA(ctx); err != nil {
			return nil, err
		}
	}
	var out *kam.Case
	changed := false
	err = s.inTx(ctx, func(c conn) error {
		k, err := s.findCase(ctx, c, p, id)
		if err != nil {
			return err
		}
		if err := checkAccountWrite(ctx, c, p, k.AccountID); err != nil {
			return err
		}
		if upd.Version != k.Version {
			return staleError("Case", id, upd.Version, k.Version)
		}
		if upd.OwnerID != nil && *upd.OwnerID == k.OwnerID {
			// The owner stays: whether they could be given the case now
			// (they may have left) does not matter.
			upd.OwnerID, owner, ownerErr = nil, nil, nil
		}
		if ownerErr != nil {
			return ownerErr
		}
		changes, refs, err := s.applyCaseUpdate(k, upd, sla)
		if err != nil {
			return err
		}
		if err := k.Validate(); err != nil {
			return err
		}
		if err := s.checkCaseRefs(ctx, c, refs, owner); err != nil {
			return err
		}
		out = k
		if len(changes) == 0 {
			return nil
		}
		res, err := c.exec(ctx, `UPDATE cases SET contact_id = ?, kind = ?, severity = ?, status = ?, subject = ?, description = ?,
			owner_id = ?, due = ?, resolved_at = ?, satisfaction = ?, version = version + 1 WHERE id = ? AND version = ? AND deleted_at IS NULL`,
			nullID(k.ContactID), string(k.Kind), k.Severity, k.Status, k.Subject, k.Description, nullID(k.OwnerID), k.Due,
			nullTime(k.ResolvedAt), nullInt(k.Satisfaction), id, k.Version)
		if err != nil {
			return fmt.Errorf("update case %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n != 1 { // changed by a transaction that committed while this one waited
			return staleError("Case", id, upd.Version, upd.Version+1)
		}
		k.Version++
		changed = true
		return s.caseChanged(ctx, c, p, k, "update", changes...)
	})
	if err != nil {
		return nil, err
	}
	if changed {
		s.refreshQueued(ctx, out.AccountID)
	}
	return out, nil
}

// applyCaseUpdate applies upd to k in memory, following the status rules
// of UpdateCase. It returns the changes for the audit log and the
// references to check: the account with the contact when it changed.
func (s *Store) applyCaseUpdate(k *kam.Case, upd kam.CaseUpdate, sla kam.CaseSLA) ([]change, *kam.Case, error) {
	var changes []change
	set := func(field, old, new string) {
		if old != new {
			changes = append(changes, change{field, old, new})
		}
	}
	refs := &kam.Case{AccountID: k.AccountID}
	if upd.Subject != nil {
		v := strings.TrimSpace(*upd.Subject)
		set("subject", k.Subject, v)
		k.Subject = v
	}
	if upd.Description != nil {
		set("description", k.Description, *upd.Description)
		k.Description = *upd.Description
	}
	if upd.Kind != nil {
		set("kind", string(k.Kind), string(*upd.Kind))
		k.Kind = *upd.Kind
	}
	if upd.Severity != nil && *upd.Severity != k.Severity {
		set("severity", k.Severity, *upd.Severity)
		k.Severity = *upd.Severity
		if upd.Due == nil && slices.Contains(kam.CaseSeverities, k.Severity) {
			due := sla.Due(k.Severity, k.OpenedAt)
			set("due", k.Due.String(), due.String())
			k.Due = due
		}
	}
	if upd.Due != nil {
		if upd.Due.IsZero() {
			return nil, nil, kam.FieldError("due", "A case needs a due day.")
		}
		set("due", k.Due.String(), upd.Due.String())
		k.Due = *upd.Due
	}
	if upd.ContactID != nil && *upd.ContactID != k.ContactID {
		set("contact_id", idText(k.ContactID), idText(*upd.ContactID))
		k.ContactID, refs.ContactID = *upd.ContactID, *upd.ContactID
	}
	if upd.OwnerID != nil {
		set("owner_id", idText(k.OwnerID), idText(*upd.OwnerID))
		k.OwnerID = *upd.OwnerID
	}
	if err := s.applyCaseStatus(k, upd, set); err != nil {
		return nil, nil, err
	}
	return changes, refs, nil
}

// applyCaseStatus applies a change of status and satisfaction to k.
func (s *Store) applyCaseStatus(k *kam.Case, upd kam.CaseUpdate, set func(field, old, new string)) error {
	status, sat := k.Status, k.Satisfaction
	if upd.Status != nil {
		status = *upd.Status
	}
	if upd.Satisfaction != nil {
		sat = *upd.Satisfaction
	}
	if !slices.Contains(kam.CaseStatuses, status) {
		return kam.FieldError("status", "Status must be one of open, in_progress, waiting, resolved, closed.")
	}
	wasOpen := k.IsOpen()
	switch {
	case status == "closed" && wasOpen:
		return kam.FieldError("status", "A case is closed once it is resolved; resolve it first, with the client's satisfaction.")
	case kam.CaseOpenStatus(status) && !wasOpen:
		// Reopened: the resolution no longer holds.
		if upd.Satisfaction != nil && *upd.Satisfaction != 0 {
			return kam.FieldError("satisfaction", "Satisfaction is recorded when the case is resolved.")
		}
		set("resolved_at", resolvedText(k.ResolvedAt), "")
		k.ResolvedAt, sat = nil, 0
	case !kam.CaseOpenStatus(status) && wasOpen:
		if sat < 1 || sat > 5 {
			return kam.FieldError("satisfaction", "Record the client's satisfaction (1 to 5) to resolve the case.")
		}
		now := s.Now()
		k.ResolvedAt = &now
		set("resolved_at", "", resolvedText(k.ResolvedAt))
	}
	set("status", k.Status, status)
	set("satisfaction", satisfactionText(k.Satisfaction), satisfactionText(sat))
	k.Status, k.Satisfaction = status, sat
	return nil
}

// nullInt is n, or NULL for 0.
func nullInt(n int) any {
	if n == 0 {
		return nil
	}
	return n
}
