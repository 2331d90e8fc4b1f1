package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kamhq/kam"
)

// Service cases: complaints, conflicts and questions an account raises,
// each with a severity, an owner and a due day from the service level
// (the case_sla setting). A case belongs to its account and is seen and
// changed by whoever sees and changes the account. Every change is audited
// and queues the account's roll-up: open cases count against health, and a
// case past its due day raises a flag.

// caseColumns are the columns scanCase reads, in its order.
const caseColumns = `k.id, k.account_id, COALESCE(k.contact_id, 0), k.kind, k.severity, k.status, k.subject, k.description,
	COALESCE(k.owner_id, 0), k.opened_at, k.due, k.resolved_at, COALESCE(k.satisfaction, 0), k.version`

// scanCase reads a row of caseColumns.
func scanCase(scan func(...any) error) (*kam.Case, error) {
	var k kam.Case
	err := scan(&k.ID, &k.AccountID, &k.ContactID, &k.Kind, &k.Severity, &k.Status, &k.Subject, &k.Description,
		&k.OwnerID, &k.OpenedAt, &k.Due, &k.ResolvedAt, &k.Satisfaction, &k.Version)
	return &k, err
}

// FindCase returns a case of an account p may see; anything else is
// ENOTFOUND, deleted cases included.
func (s *Store) FindCase(ctx context.Context, p *kam.Principal, id int64) (*kam.Case, error) {
	return s.findCase(ctx, s.reader(), p, id)
}

func (s *Store) findCase(ctx context.Context, c conn, p *kam.Principal, id int64) (*kam.Case, error) {
	pred, args := accountScope(p, "a")
	k, err := scanCase(c.queryRow(ctx, `SELECT `+caseColumns+` FROM cases k WHERE k.id = ? AND k.deleted_at IS NULL
		AND k.account_id IN (SELECT a.id FROM accounts a WHERE a.deleted_at IS NULL AND `+pred+`)`, append([]any{id}, args...)...).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kam.Errorf(kam.ENOTFOUND, "Case %d not found.", id)
	} else if err != nil {
		return nil, fmt.Errorf("find case %d: %w", id, err)
	}
	return k, nil
}

// CaseSLA returns the service level of cases: the case_sla setting, or the
// default when it was never set.
func (s *Store) CaseSLA(ctx context.Context) (kam.CaseSLA, error) {
	body, err := s.Setting(ctx, kam.SettingCaseSLA)
	if err != nil {
		return nil, err
	}
	sla, err := kam.ParseCaseSLA(body)
	if err != nil {
		return nil, fmt.Errorf("setting %s: %w", kam.SettingCaseSLA, err)
	}
	return sla, nil
}

// CreateCase opens a case on an account p may change. Left empty, the
// severity is medium, the status open, the owner p's user, the opening now
// and the due day what the service level gives for the severity. A case is
// opened unresolved.
func (s *Store) CreateCase(ctx context.Context, p *kam.Principal, k *kam.Case) error {
	if err := requireWrite(p); err != nil {
		return err
	}
	k.Subject = strings.TrimSpace(k.Subject)
	if k.Severity == "" {
		k.Severity = "medium"
	}
	if k.Status == "" {
		k.Status = "open"
	}
	if k.OwnerID == 0 {
		k.OwnerID = p.UserID
	}
	if k.Status == "resolved" || k.Status == "closed" {
		return kam.FieldError("status", "A new case is open, in progress or waiting; resolve it once it is handled.")
	}
	if err := k.Validate(); err != nil {
		return err
	}
	if k.OpenedAt.IsZero() {
		k.OpenedAt = s.Now()
	}
	if k.Due.IsZero() {
		sla, err := s.CaseSLA(ctx)
		if err != nil {
			return err
		}
		k.Due = sla.Due(k.Severity, k.OpenedAt)
	}
	owner, err := s.caseOwnerPrincipal(ctx, p, k.OwnerID)
	if err != nil {
		return err
	}
	err = s.inTx(ctx, func(c conn) error {
		if err := checkAccountWrite(ctx, c, p, k.AccountID); err != nil {
			return kam.FieldError("account_id", "%s", kam.ErrorMessage(err))
		}
		if err := s.checkCaseRefs(ctx, c, k, owner); err != nil {
			return err
		}
		k.Version, k.ResolvedAt, k.Satisfaction = 1, nil, 0
		id, err := c.insert(ctx, `INSERT INTO cases (account_id, contact_id, kind, severity, status, subject, description, owner_id,
			opened_at, due, version) VALUES (?,?,?,?,?,?,?,?,?,?,?)`, k.AccountID, nullID(k.ContactID), string(k.Kind), k.Severity,
			k.Status, k.Subject, k.Description, nullID(k.OwnerID), k.OpenedAt, k.Due, k.Version)
		if err != nil {
			return fmt.Errorf("create case: %w", err)
		}
		k.ID = id
		return s.caseChanged(ctx, c, p, k, "create", change{field: "subject", new: k.Subject},
			change{field: "severity", new: k.Severity}, change{field: "due", new: k.Due.String()})
	})
	if err == nil {
		s.refreshQueued(ctx, k.AccountID)
	}
	return err
}

// caseOwnerPrincipal loads the principal of a case's owner, to check that
// they see the account; nil when the owner is p's own user or none.
func (s *Store) caseOwnerPrincipal(ctx context.Context, p *kam.Principal, owner int64) (*kam.Principal, error) {
	if owner == 0 || owner == p.UserID {
		return nil, nil
	}
	ap, err := s.PrincipalFor(ctx, owner)
	if err != nil || ap.Role == kam.RoleViewer {
		return nil, kam.FieldError("owner_id", "User %d is not an active user who can own cases.", owner)
	}
	return ap, nil
}

// checkCaseRefs checks that a case's contact is a live contact of its
// account and that its owner (owner, when not p's own user) sees the
// account.
func (s *Store) checkCaseRefs(ctx context.Context, c conn, k *kam.Case, owner *kam.Principal) error {
	if k.ContactID != 0 {
		var n int
		if err := c.queryRow(ctx, "SELECT COUNT(*) FROM contacts WHERE id = ? AND account_id = ? AND deleted_at IS NULL",
			k.ContactID, k.AccountID).Scan(&n); err != nil {
			return fmt.Errorf("check contact %d: %w", k.ContactID, err)
		}
		if n == 0 {
			return kam.FieldError("contact_id", "Contact %d is not a contact of this account.", k.ContactID)
		}
	}
	if owner != nil {
		if _, err := s.findAccount(ctx, c, owner, k.AccountID); err != nil {
			return kam.FieldError("owner_id", "User %d cannot see account %d; give the case to someone on its team.", owner.UserID, k.AccountID)
		}
	}
	return nil
}

// caseChanged audits a case's change and queues its account's roll-up.
func (s *Store) caseChanged(ctx context.Context, c conn, p *kam.Principal, k *kam.Case, action string, changes ...change) error {
	if err := s.audit(ctx, c, p, "case", k.ID, action, changes...); err != nil {
		return err
	}
	return queueRollups(ctx, c, map[int64]bool{k.AccountID: true}, s.Now())
}

// DeleteCase moves a case to the bin; version, if not 0, must still be its
// version. It no longer counts against the account's health.
func (s *Store) DeleteCase(ctx context.Context, p *kam.Principal, id, version int64) error {
	var accountID int64
	err := s.inTx(ctx, func(c conn) error {
		k, err := s.findCase(ctx, c, p, id)
		if err != nil {
			return err
		}
		if err := checkAccountWrite(ctx, c, p, k.AccountID); err != nil {
			return err
		}
		if version != 0 && version != k.Version {
			return staleError("Case", id, version, k.Version)
		}
		if err := markDeleted(ctx, c, "cases", "Case", id, k.Version, s.Now()); err != nil {
			return err
		}
		accountID = k.AccountID
		return s.caseChanged(ctx, c, p, k, "delete", change{field: "subject", old: k.Subject})
	})
	if err == nil {
		s.refreshQueued(ctx, accountID)
	}
	return err
}

// RestoreCase brings a deleted case back (administrators only).
func (s *Store) RestoreCase(ctx context.Context, p *kam.Principal, id int64) (*kam.Case, error) {
	return restoreRecord(ctx, s, p, "cases", "Case", id,
		func(c conn) (*kam.Case, error) { return s.findCase(ctx, c, p, id) },
		func(c conn, k *kam.Case) error {
			return s.caseChanged(ctx, c, p, k, "restore", change{field: "subject", new: k.Subject})
		},
		func(k *kam.Case) int64 { return k.AccountID })
}

// satisfactionText is a satisfaction score for the audit log; 0 is none.
func satisfactionText(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// resolvedText is a resolution time for the audit log.
func resolvedText(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
