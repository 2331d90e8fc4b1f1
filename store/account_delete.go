package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/kamhq/kam"
)

// DeleteAccount moves an account to the bin: it disappears from every list,
// search, total and export, and an administrator can restore it. version, if
// not 0, must still be the account's version (ESTALE otherwise). An account
// with subsidiaries is refused: they would lose their place in the hierarchy.
func (s *Store) DeleteAccount(ctx context.Context, p *kam.Principal, id, version int64) error {
	return s.inTx(ctx, func(c conn) error {
		if err := checkAccountWrite(ctx, c, p, id); err != nil {
			return err
		}
		var current, parent int64
		var name string
		if err := c.queryRow(ctx, "SELECT version, COALESCE(parent_id, 0), name FROM accounts WHERE id = ?", id).Scan(&current, &parent, &name); err != nil {
			return fmt.Errorf("read account %d: %w", id, err)
		}
		if version != 0 && version != current {
			return staleError("Account", id, version, current)
		}
		var children int
		if err := c.queryRow(ctx, "SELECT COUNT(*) FROM accounts WHERE parent_id = ? AND deleted_at IS NULL", id).Scan(&children); err != nil {
			return fmt.Errorf("count subsidiaries of %d: %w", id, err)
		}
		if children > 0 {
			return kam.Errorf(kam.ECONFLICT, "Account %d has %d subsidiaries; move or delete them first.", id, children)
		}
		now := s.Now()
		if _, err := c.exec(ctx, "UPDATE accounts SET deleted_at = ?, version = version + 1, updated_at = ? WHERE id = ?", now, now, id); err != nil {
			return fmt.Errorf("delete account %d: %w", id, err)
		}
		if err := s.afterAccountMove(ctx, c, id, parent); err != nil {
			return err
		}
		if err := s.audit(ctx, c, p, "account", id, "delete"); err != nil {
			return err
		}
		return s.emitAccountChanged(ctx, c, id, name, current+1, []change{{"deleted", "false", "true"}})
	})
}

// RestoreAccount brings a deleted account back. Only administrators restore;
// the account's identity must not have been taken meanwhile.
func (s *Store) RestoreAccount(ctx context.Context, p *kam.Principal, id int64) (*kam.Account, error) {
	if err := requireAdmin(p); err != nil {
		return nil, err
	}
	var out *kam.Account
	err := s.inTx(ctx, func(c conn) error {
		var deleted sql.NullTime
		var parent int64
		err := c.queryRow(ctx, "SELECT deleted_at, COALESCE(parent_id, 0) FROM accounts WHERE id = ?", id).Scan(&deleted, &parent)
		if errors.Is(err, sql.ErrNoRows) {
			return kam.Errorf(kam.ENOTFOUND, "Account %d not found.", id)
		} else if err != nil {
			return fmt.Errorf("read account %d: %w", id, err)
		}
		if !deleted.Valid {
			return kam.Errorf(kam.ECONFLICT, "Account %d is not deleted.", id)
		}
		now := s.Now()
		if _, err := c.exec(ctx, "UPDATE accounts SET deleted_at = NULL, version = version + 1, updated_at = ? WHERE id = ?", now, id); err != nil {
			return fmt.Errorf("restore account %d: %w", id, err)
		}
		a, err := s.findAccount(ctx, c, kam.System(), id)
		if err != nil {
			return err
		}
		if match, err := findIdentityMatch(ctx, c, a); err != nil {
			return err
		} else if match != 0 {
			return kam.Errorf(kam.ECONFLICT, "Account %d cannot come back: account %d now has its identity (tax id, domain or name).", id, match)
		}
		if err := s.afterAccountMove(ctx, c, id, parent); err != nil {
			return err
		}
		if err := s.audit(ctx, c, p, "account", id, "restore"); err != nil {
			return err
		}
		out = a
		return s.emitAccountChanged(ctx, c, id, a.Name, a.Version, []change{{"deleted", "true", "false"}})
	})
	return out, err
}

// afterAccountMove queues the roll-ups of an account and of the parent whose
// tree gained or lost it.
func (s *Store) afterAccountMove(ctx context.Context, c conn, id, parent int64) error {
	touched := map[int64]bool{id: true}
	if parent != 0 {
		touched[parent] = true
	}
	return queueRollups(ctx, c, touched, s.Now())
}

// staleError is the answer to a change that started from an old version.
func staleError(kind string, id, yours, now int64) error {
	return kam.Errorf(kam.ESTALE, "%s %d was changed by someone else (your version %d, now %d). Reload it and apply your change again.", kind, id, yours, now)
}
