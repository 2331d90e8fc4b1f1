package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kamhq/kam"
)

// DeleteAccount moves an account to the bin: it disappears from every list,
// search, total and export, and an administrator can restore it. version, if
// not 0, must still be the account's version (ESTALE otherwise). An account
// with subsidiaries is refused: they would lose their place in the hierarchy.
func (s *Store) DeleteAccount(ctx context.Context, p *kam.Principal, id, version int64) error {
	var parent int64
	err := s.inTx(ctx, func(c conn) error {
		if err := checkAccountWrite(ctx, c, p, id); err != nil {
			return err
		}
		var current int64
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
			// Not counted aloud: some may be outside the user's scope.
			return kam.Errorf(kam.ECONFLICT, "Account %d has subsidiaries; move or delete them first.", id)
		}
		if err := markDeleted(ctx, c, "accounts", "Account", id, current, s.Now()); err != nil {
			return err
		}
		if err := s.afterAccountMove(ctx, c, id, parent); err != nil {
			return err
		}
		if err := s.audit(ctx, c, p, "account", id, "delete"); err != nil {
			return err
		}
		return s.emitAccountChanged(ctx, c, id, name, current+1, []change{{"deleted", "false", "true"}})
	})
	if err == nil && parent != 0 {
		s.refreshQueued(ctx, parent) // its tree no longer holds the account
	}
	return err
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
	if err == nil {
		s.refreshQueued(ctx, id, out.ParentID)
	}
	return out, err
}

// afterAccountMove queues the roll-ups of an account and of the parent whose
// tree gained or lost it.
func (s *Store) afterAccountMove(ctx context.Context, c conn, id, parent int64) error {
	ids := []int64{id}
	if parent != 0 {
		ids = append(ids, parent)
	}
	return queueRollups(ctx, c, setOf(ids), s.Now())
}

// staleError is the answer to a change that started from an old version.
func staleError(kind string, id, yours, now int64) error {
	return kam.Errorf(kam.ESTALE, "%s %d was changed by someone else (your version %d, now %d). Reload it and apply your change again.", kind, id, yours, now)
}

// markDeleted moves a row of table to the bin if its version is still
// version, advancing the version (and updated_at where the table has one);
// a row changed meanwhile is ESTALE. kind names the record in messages.
func markDeleted(ctx context.Context, c conn, table, kind string, id, version int64, now time.Time) error {
	set, args := binChange(table, "deleted_at = ?", now)
	res, err := c.exec(ctx, "UPDATE "+table+" SET "+set+" WHERE id = ? AND version = ?", append(args, id, version)...)
	if err != nil {
		return fmt.Errorf("delete %s %d: %w", strings.ToLower(kind), id, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return staleError(kind, id, version, version+1)
	}
	return nil
}

// markRestored brings a row of table back from the bin, advancing its
// version (and updated_at where the table has one); a row not in the bin
// is ENOTFOUND. kind names the record in messages.
func markRestored(ctx context.Context, c conn, table, kind string, id int64, now time.Time) error {
	set, args := binChange(table, "deleted_at = NULL", now)
	res, err := c.exec(ctx, "UPDATE "+table+" SET "+set+" WHERE id = ? AND deleted_at IS NOT NULL", append(args, id)...)
	if err != nil {
		return fmt.Errorf("restore %s %d: %w", strings.ToLower(kind), id, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return kam.Errorf(kam.ENOTFOUND, "No deleted %s %d.", strings.ToLower(kind), id)
	}
	return nil
}

// restoreRecord brings a record of an account back from the bin
// (administrators only), in one transaction: find reads it again through
// p's scope — failing there means its account is deleted — and changed
// audits the restore and queues what follows from it. accountOf names the
// account refreshed after the commit; nil refreshes nothing.
func restoreRecord[T any](ctx context.Context, s *Store, p *kam.Principal, table, kind string, id int64,
	find func(c conn) (T, error), changed func(c conn, rec T) error, accountOf func(T) int64) (T, error) {
	var out, none T
	if err := requireAdmin(p); err != nil {
		return none, err
	}
	err := s.inTx(ctx, func(c conn) error {
		if err := markRestored(ctx, c, table, kind, id, s.Now()); err != nil {
			return err
		}
		var err error
		if out, err = find(c); err != nil {
			return kam.Errorf(kam.ECONFLICT, "%s %d cannot come back: its account is deleted.", kind, id)
		}
		return changed(c, out)
	})
	if err != nil {
		return none, err
	}
	if accountOf != nil {
		s.refreshQueued(ctx, accountOf(out))
	}
	return out, nil
}

// noUpdatedAt are the tables whose rows keep no updated_at.
var noUpdatedAt = map[string]bool{"activities": true, "tasks": true, "cases": true, "contracts": true}

// binChange is the SET of a move into or out of the bin: deleted, the
// version advanced, and updated_at where the table has one, with its
// arguments.
func binChange(table, deleted string, now time.Time) (string, []any) {
	set, args := deleted+", version = version + 1", []any{}
	if deleted != "deleted_at = NULL" {
		args = append(args, now)
	}
	if !noUpdatedAt[table] {
		set += ", updated_at = ?"
		args = append(args, now)
	}
	return set, args
}

// setOf is ids as a set.
func setOf(ids []int64) map[int64]bool {
	out := make(map[int64]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out
}
