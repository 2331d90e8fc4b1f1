package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/kamhq/kam"
)

// FindDuplicates lists probable duplicates with the given status (open,
// merged, dismissed), highest score first. Administrators only.
func (s *Store) FindDuplicates(ctx context.Context, p *kam.Principal, status string, limit int) ([]*kam.DuplicatePair, error) {
	if err := requireAdminRead(p); err != nil {
		return nil, err
	}
	switch status {
	case "":
		status = "open"
	case "open", "merged", "dismissed":
	default:
		return nil, kam.FieldError("status", "Status must be open, merged or dismissed.")
	}
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	rows, err := s.reader().query(ctx, `SELECT id, account_id, candidate_id, score, reasons, status, created_at
		FROM account_duplicates WHERE status = ? ORDER BY score DESC, id LIMIT ?`, status, limit)
	if err != nil {
		return nil, fmt.Errorf("find duplicates: %w", err)
	}
	var out []*kam.DuplicatePair
	var ids [][2]int64
	err = eachRow(rows, func() error {
		var d kam.DuplicatePair
		var a, b int64
		if err := rows.Scan(&d.ID, &a, &b, &d.Score, &d.Reasons, &d.Status, &d.CreatedAt); err != nil {
			return err
		}
		d.CreatedAt = d.CreatedAt.UTC()
		out = append(out, &d)
		ids = append(ids, [2]int64{a, b})
		return nil
	})
	if err != nil {
		return nil, err
	}
	for i, d := range out {
		// A merged account is retired; read it as the system to show it.
		if d.Account, err = s.findAccountAnyState(ctx, ids[i][0]); err != nil {
			return nil, err
		}
		if d.Candidate, err = s.findAccountAnyState(ctx, ids[i][1]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// findAccountAnyState reads an account even if it was retired by a merge.
func (s *Store) findAccountAnyState(ctx context.Context, id int64) (*kam.Account, error) {
	a, err := scanAccount(s.reader().queryRow(ctx, "SELECT "+accountColumns+accountFrom+"WHERE a.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kam.Errorf(kam.ENOTFOUND, "Account %d not found.", id)
	}
	if err == nil {
		a.OwnerName, err = s.userName(ctx, a.OwnerID)
	}
	return a, err
}

// DismissDuplicate records that a pair is not one company.
func (s *Store) DismissDuplicate(ctx context.Context, p *kam.Principal, id int64) error {
	if err := requireAdmin(p); err != nil {
		return err
	}
	res, err := s.writer().exec(ctx, "UPDATE account_duplicates SET status = 'dismissed', decided_at = ?, decided_by = ? WHERE id = ? AND status = 'open'",
		s.Now(), nullID(p.UserID), id)
	if err != nil {
		return fmt.Errorf("dismiss duplicate %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return kam.Errorf(kam.ENOTFOUND, "No open duplicate pair %d.", id)
	}
	return nil
}

// FindMerges lists the latest merges, newest first.
func (s *Store) FindMerges(ctx context.Context, p *kam.Principal, limit int) ([]*kam.Merge, error) {
	if err := requireAdminRead(p); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	c := s.reader()
	ids, err := c.ids(ctx, "SELECT id FROM account_merges ORDER BY merged_at DESC, id DESC LIMIT ?", limit)
	if err != nil {
		return nil, fmt.Errorf("find merges: %w", err)
	}
	out := make([]*kam.Merge, 0, len(ids))
	for _, id := range ids {
		m, _, err := findMerge(ctx, c, id)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// ScanDuplicates compares every live account with its neighbours by name
// (as a new one is) and queues the probable duplicates not queued before;
// accounts that are exactly one company (same tax id, domain, or name in the
// same country) are queued with score 100. It returns how many pairs it added.
func (s *Store) ScanDuplicates(ctx context.Context, p *kam.Principal) (int, error) {
	if err := requireAdmin(p); err != nil {
		return 0, err
	}
	var before, after int
	err := s.inTx(ctx, func(c conn) error {
		if err := c.queryRow(ctx, "SELECT COUNT(*) FROM account_duplicates").Scan(&before); err != nil {
			return err
		}
		ids, err := c.ids(ctx, "SELECT id FROM accounts WHERE deleted_at IS NULL ORDER BY id")
		if err != nil {
			return err
		}
		for _, id := range ids {
			a, err := s.findAccount(ctx, c, kam.System(), id)
			if err != nil {
				return err
			}
			match, err := findIdentityMatch(ctx, c, a)
			if err != nil {
				return err
			}
			// Each pair once: the later account points at the earlier one.
			if match != 0 && match < id {
				if _, err := c.exec(ctx, `INSERT INTO account_duplicates (account_id, candidate_id, score, reasons, status, created_at)
					VALUES (?, ?, 100, ?, 'open', ?) ON CONFLICT DO NOTHING`, id, match, "same tax id, domain, or name in the same country", s.Now()); err != nil {
					return err
				}
			}
			if _, err := s.queueProbableDuplicates(ctx, c, a); err != nil {
				return err
			}
		}
		return c.queryRow(ctx, "SELECT COUNT(*) FROM account_duplicates").Scan(&after)
	})
	return after - before, err
}
