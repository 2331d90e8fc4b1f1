package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kamhq/kam"
)

// Administration of users: an administrator changes a user's name, email,
// role, place in the org tree, manager and whether they may sign in. Users
// have no version column; the updated_at the form started from serves as the
// optimistic check instead.

// maxDisplayName is the longest display name, in characters.
const maxDisplayName = 200

// forUpdate locks the rows a SELECT reads until the transaction ends, on
// PostgreSQL. SQLite needs nothing: a write transaction holds the whole
// database (_txlock=immediate).
func (d dialect) forUpdate() string {
	if d.name == "postgres" {
		return " FOR UPDATE"
	}
	return ""
}

// sameInstant compares two stored timestamps at the precision both engines
// keep (PostgreSQL keeps microseconds).
func sameInstant(a, b time.Time) bool {
	return a.Truncate(time.Microsecond).Equal(b.Truncate(time.Microsecond))
}

// UpdateUser changes a user. Only administrators change users. An
// administrator may not take away their own administrator role or deactivate
// themselves, and the last active administrator stays one. A change of role
// or a deactivation ends the user's sessions, so that it applies at once.
// Each changed field is audited.
func (s *Store) UpdateUser(ctx context.Context, p *kam.Principal, id int64, upd kam.UserUpdate) (*kam.User, error) {
	if err := requireAdmin(p); err != nil {
		return nil, err
	}
	var out *kam.User
	renamed := false
	err := s.inTx(ctx, func(c conn) error {
		if err := lockUserAndAdmins(ctx, c, id); err != nil {
			return err
		}
		u, err := scanUser(c.queryRow(ctx, "SELECT "+userColumns+" FROM users WHERE id = ?", id))
		if errors.Is(err, sql.ErrNoRows) {
			return kam.Errorf(kam.ENOTFOUND, "User %d not found.", id)
		} else if err != nil {
			return fmt.Errorf("find user: %w", err)
		}
		if !upd.UpdatedAt.IsZero() && !sameInstant(upd.UpdatedAt, u.UpdatedAt) {
			return kam.Errorf(kam.ECONFLICT, "User %s was changed by someone else after you opened the form. Nothing was saved: look at the stored values, then apply your change again.", u.Username)
		}
		if upd.Version != 0 && upd.Version != u.Version {
			return staleError("User", id, upd.Version, u.Version)
		}
		before := *u
		var changes []change
		if v := upd.DisplayName; v != nil {
			name := strings.TrimSpace(*v)
			if utf8.RuneCountInString(name) > maxDisplayName {
				return kam.FieldError("display_name", "A name is at most %d characters.", maxDisplayName)
			}
			if name != u.DisplayName {
				changes = append(changes, change{"display_name", u.DisplayName, name})
				u.DisplayName, renamed = name, true
			}
		}
		if v := upd.Email; v != nil {
			email := strings.TrimSpace(*v)
			if err := kam.CheckEmail(email); err != nil {
				return err
			}
			if email != u.Email {
				changes = append(changes, change{"email", u.Email, email})
				u.Email = email
			}
		}
		if v := upd.Role; v != nil && *v != u.Role {
			if !v.Valid() {
				return kam.FieldError("role", "Role must be one of admin, director, kam, am, viewer.")
			}
			changes = append(changes, change{"role", string(u.Role), string(*v)})
			u.Role = *v
		}
		if v := upd.OrgUnitID; v != nil && *v != u.OrgUnitID {
			if *v != 0 {
				if err := checkExists(ctx, c, "org_units", *v); err != nil {
					return kam.FieldError("org_unit_id", "Org unit %d not found.", *v)
				}
			}
			changes = append(changes, change{"org_unit_id", idText(u.OrgUnitID), idText(*v)})
			u.OrgUnitID = *v
		}
		if v := upd.ManagerID; v != nil && *v != u.ManagerID {
			switch {
			case *v == id:
				return kam.FieldError("manager_id", "A user cannot be their own manager.")
			case *v != 0:
				if err := checkExists(ctx, c, "users", *v); err != nil {
					return kam.FieldError("manager_id", "User %d not found.", *v)
				}
			}
			changes = append(changes, change{"manager_id", idText(u.ManagerID), idText(*v)})
			u.ManagerID = *v
		}
		if v := upd.Active; v != nil && *v != u.Active {
			changes = append(changes, change{"active", strconv.FormatBool(u.Active), strconv.FormatBool(*v)})
			u.Active = *v
		}
		if len(changes) == 0 {
			out = u
			return nil
		}
		if err := s.keepAdmins(ctx, c, p, &before, u); err != nil {
			return err
		}
		now := s.Now().UTC().Truncate(time.Microsecond)
		_, err = c.exec(ctx, `UPDATE users SET display_name = ?, email = ?, role = ?, org_unit_id = ?, manager_id = ?, active = ?, updated_at = ?,
			version = version + 1 WHERE id = ?`, u.DisplayName, u.Email, string(u.Role), nullID(u.OrgUnitID), nullID(u.ManagerID), u.Active, now, id)
		if isForeignKeyViolation(err) {
			return kam.FieldError("org_unit_id", "The org unit or manager does not exist.")
		} else if err != nil {
			return fmt.Errorf("update user: %w", err)
		}
		if u.Role != before.Role || !u.Active {
			if _, err := c.exec(ctx, "DELETE FROM sessions WHERE user_id = ?", id); err != nil {
				return fmt.Errorf("end sessions: %w", err)
			}
		}
		if err := s.audit(ctx, c, p, "user", id, "update", changes...); err != nil {
			return err
		}
		out, err = scanUser(c.queryRow(ctx, "SELECT "+userColumns+" FROM users WHERE id = ?", id))
		return err
	})
	if err != nil {
		return nil, err
	}
	if renamed {
		s.users.invalidate()
	}
	return out, nil
}

// keepAdmins refuses a change that would leave kam without an active
// administrator, or that takes an administrator's own rights away from them.
func (s *Store) keepAdmins(ctx context.Context, c conn, p *kam.Principal, before, after *kam.User) error {
	wasAdmin := before.Role == kam.RoleAdmin && before.Active
	if !wasAdmin || (after.Role == kam.RoleAdmin && after.Active) {
		return nil
	}
	field := "active"
	if after.Role != kam.RoleAdmin {
		field = "role"
	}
	if p.UserID == before.ID {
		if field == "role" {
			return kam.FieldError("role", "You cannot take away your own administrator role. Another administrator can.")
		}
		return kam.FieldError("active", "You cannot deactivate yourself. Another administrator can.")
	}
	rows, err := c.query(ctx, "SELECT id FROM users WHERE role = ? AND active = ? AND id <> ?",
		string(kam.RoleAdmin), true, before.ID)
	if err != nil {
		return fmt.Errorf("count administrators: %w", err)
	}
	others := 0
	err = eachRow(rows, func() error { others++; return nil })
	if err != nil {
		return fmt.Errorf("count administrators: %w", err)
	}
	if others == 0 {
		return kam.FieldError(field, "%s is the last active administrator. Make someone else an administrator first.", before.Name())
	}
	return nil
}

// lockUserAndAdmins locks, on PostgreSQL, the row of the user to change and
// those of the active administrators, always in id order, so that two
// administrators who demote each other at the same time neither both succeed
// nor deadlock. (SQLite's write transactions already run one at a time.)
func lockUserAndAdmins(ctx context.Context, c conn, id int64) error {
	if c.d.forUpdate() == "" {
		return nil
	}
	rows, err := c.query(ctx, "SELECT id FROM users WHERE id = ? OR (role = ? AND active = ?) ORDER BY id"+c.d.forUpdate(),
		id, string(kam.RoleAdmin), true)
	if err != nil {
		return fmt.Errorf("lock users: %w", err)
	}
	return eachRow(rows, func() error { return nil })
}

// checkExists returns sql.ErrNoRows unless table has a row with the id.
func checkExists(ctx context.Context, c conn, table string, id int64) error {
	var one int
	return c.queryRow(ctx, "SELECT 1 FROM "+table+" WHERE id = ?", id).Scan(&one)
}

// OrgUnitCount is what sits in one org unit: its active users and its
// accounts (not counting units below it).
type OrgUnitCount struct {
	Users, Accounts int
}

// CountOrgUnits returns, for each org unit that has any, its active users and
// live accounts. Only administrators see it.
func (s *Store) CountOrgUnits(ctx context.Context, p *kam.Principal) (map[int64]OrgUnitCount, error) {
	if err := requireAdminRead(p); err != nil {
		return nil, err
	}
	out := map[int64]OrgUnitCount{}
	for _, q := range []struct {
		sql  string
		args []any
		add  func(*OrgUnitCount, int)
	}{
		{"SELECT org_unit_id, COUNT(*) FROM users WHERE active = ? AND org_unit_id IS NOT NULL GROUP BY org_unit_id",
			[]any{true}, func(c *OrgUnitCount, n int) { c.Users = n }},
		{"SELECT org_unit_id, COUNT(*) FROM accounts WHERE deleted_at IS NULL AND org_unit_id IS NOT NULL GROUP BY org_unit_id",
			nil, func(c *OrgUnitCount, n int) { c.Accounts = n }},
	} {
		rows, err := s.reader().query(ctx, q.sql, q.args...)
		if err != nil {
			return nil, fmt.Errorf("count org units: %w", err)
		}
		err = eachRow(rows, func() error {
			var id int64
			var n int
			if err := rows.Scan(&id, &n); err != nil {
				return err
			}
			c := out[id]
			q.add(&c, n)
			out[id] = c
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("count org units: %w", err)
		}
	}
	return out, nil
}
