package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/password"
)

// CreateOrgUnit adds a node to the org tree. Only administrators change the tree.
func (s *Store) CreateOrgUnit(ctx context.Context, p *kam.Principal, u *kam.OrgUnit) error {
	if err := requireAdmin(p); err != nil {
		return err
	}
	if strings.TrimSpace(u.Name) == "" {
		return kam.FieldError("name", "An org unit needs a name.")
	}
	switch u.Kind {
	case kam.OrgGlobal, kam.OrgRegion, kam.OrgCountry, kam.OrgTerritory:
	default:
		return kam.FieldError("kind", "Kind must be one of global, region, country, territory.")
	}
	u.CreatedAt, u.Version = s.Now(), 1
	return s.inTx(ctx, func(c conn) error {
		id, err := c.insert(ctx, "INSERT INTO org_units (parent_id, kind, name, created_at) VALUES (?, ?, ?, ?)",
			nullID(u.ParentID), string(u.Kind), u.Name, u.CreatedAt)
		if isForeignKeyViolation(err) {
			return kam.FieldError("parent_id", "Parent org unit %d not found.", u.ParentID)
		} else if err != nil {
			return fmt.Errorf("create org unit: %w", err)
		}
		u.ID = id
		return s.audit(ctx, c, p, "org_unit", id, "create", change{field: "name", new: u.Name})
	})
}

// FindOrgUnits lists the whole org tree, parents before children.
func (s *Store) FindOrgUnits(ctx context.Context) ([]*kam.OrgUnit, error) {
	rows, err := s.reader().query(ctx, "SELECT id, COALESCE(parent_id, 0), kind, name, version, created_at FROM org_units ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("find org units: %w", err)
	}
	defer rows.Close()
	var out []*kam.OrgUnit
	for rows.Next() {
		var u kam.OrgUnit
		if err := rows.Scan(&u.ID, &u.ParentID, &u.Kind, &u.Name, &u.Version, &u.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, &u)
	}
	return out, rows.Err()
}

const userColumns = `id, username, display_name, email, role, COALESCE(org_unit_id, 0), COALESCE(manager_id, 0), active, version, created_at, updated_at`

func scanUser(r rowScanner) (*kam.User, error) {
	var u kam.User
	err := r.Scan(&u.ID, &u.Username, &u.DisplayName, &u.Email, &u.Role, &u.OrgUnitID, &u.ManagerID, &u.Active, &u.Version, &u.CreatedAt, &u.UpdatedAt)
	return &u, err
}

// CreateUser adds a user. Only administrators add users.
func (s *Store) CreateUser(ctx context.Context, p *kam.Principal, u *kam.User, pw string) error {
	if err := requireAdmin(p); err != nil {
		return err
	}
	if err := checkNewUser(u); err != nil {
		return err
	}
	if err := password.Check(pw); err != nil {
		return kam.FieldError("password", "%s.", upperFirst(err.Error()))
	}
	hash, err := password.Hash(pw)
	if err != nil {
		return err
	}
	return s.insertUser(ctx, p, u, hash)
}

// checkNewUser trims a new user's username and checks it and the role.
func checkNewUser(u *kam.User) error {
	u.Username = strings.TrimSpace(u.Username)
	switch {
	case u.Username == "" || len(u.Username) > 64 || strings.ContainsAny(u.Username, " \t\r\n/"):
		return kam.FieldError("username", "A username is 1 to 64 characters without spaces or slashes.")
	case !u.Role.Valid():
		return kam.FieldError("role", "Role must be one of admin, director, kam, am, viewer.")
	}
	return nil
}

// insertUser writes a user whose password is already hashed (or empty, for a
// user who cannot sign in yet).
func (s *Store) insertUser(ctx context.Context, p *kam.Principal, u *kam.User, hash string) error {
	now := s.Now()
	u.CreatedAt, u.UpdatedAt, u.Active, u.Version = now, now, true, 1
	err := s.inTx(ctx, func(c conn) error {
		id, err := c.insert(ctx, `INSERT INTO users (username, display_name, email, role, org_unit_id, manager_id, password_hash, active, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, u.Username, u.DisplayName, u.Email, string(u.Role),
			nullID(u.OrgUnitID), nullID(u.ManagerID), hash, true, now, now)
		switch {
		case isUniqueViolation(err):
			return kam.Errorf(kam.ECONFLICT, "The username %q is taken.", u.Username)
		case isForeignKeyViolation(err):
			return kam.FieldError("org_unit_id", "The org unit or manager does not exist.")
		case err != nil:
			return fmt.Errorf("create user: %w", err)
		}
		u.ID = id
		return s.audit(ctx, c, p, "user", id, "create", change{field: "role", new: string(u.Role)})
	})
	s.users.invalidate()
	return err
}

// SetPassword replaces a user's password. Administrators set anyone's; users
// their own. All of the user's sessions end.
func (s *Store) SetPassword(ctx context.Context, p *kam.Principal, username, pw string) error {
	if err := password.Check(pw); err != nil {
		return kam.FieldError("password", "%s.", upperFirst(err.Error()))
	}
	u, err := s.FindUserByUsername(ctx, username)
	if err != nil {
		return err
	}
	if !p.IsAdmin() && p.UserID != u.ID {
		return kam.Errorf(kam.EFORBIDDEN, "Only an administrator may set another user's password.")
	}
	hash, err := password.Hash(pw)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(c conn) error {
		if _, err := c.exec(ctx, "UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?", hash, s.Now(), u.ID); err != nil {
			return fmt.Errorf("set password: %w", err)
		}
		if _, err := c.exec(ctx, "DELETE FROM sessions WHERE user_id = ?", u.ID); err != nil {
			return fmt.Errorf("end sessions: %w", err)
		}
		return s.audit(ctx, c, p, "user", u.ID, "update", change{field: "password", new: "(changed)"})
	})
}

// FindUserByUsername returns a user, or ENOTFOUND.
func (s *Store) FindUserByUsername(ctx context.Context, username string) (*kam.User, error) {
	u, err := scanUser(s.reader().queryRow(ctx, "SELECT "+userColumns+" FROM users WHERE username = ?", username))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kam.Errorf(kam.ENOTFOUND, "No user %q.", username)
	}
	return u, err
}

// FindUserByID returns a user, or ENOTFOUND.
func (s *Store) FindUserByID(ctx context.Context, id int64) (*kam.User, error) {
	u, err := scanUser(s.reader().queryRow(ctx, "SELECT "+userColumns+" FROM users WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kam.Errorf(kam.ENOTFOUND, "User %d not found.", id)
	}
	return u, err
}

// FindUsers lists all users by username. User names are not secret inside a
// company: everyone may see who their colleagues are.
func (s *Store) FindUsers(ctx context.Context, p *kam.Principal) ([]*kam.User, error) {
	if p == nil {
		return nil, kam.Errorf(kam.EUNAUTHORIZED, "Sign in first.")
	}
	rows, err := s.reader().query(ctx, "SELECT "+userColumns+" FROM users ORDER BY username")
	if err != nil {
		return nil, fmt.Errorf("find users: %w", err)
	}
	return scanUsers(rows)
}

// scanUsers reads every row of a query of userColumns and closes it.
func scanUsers(rows *sql.Rows) ([]*kam.User, error) {
	var out []*kam.User
	err := eachRow(rows, func() error {
		u, err := scanUser(rows)
		out = append(out, u)
		return err
	})
	return out, err
}

// errBadLogin is the one answer to every failed login.
var errBadLogin = kam.Errorf(kam.EUNAUTHORIZED, "Wrong username or password.")

// Authenticate checks a username and password. Unknown users, inactive users and
// wrong passwords all give the same error after the same work.
func (s *Store) Authenticate(ctx context.Context, username, pw string) (*kam.User, error) {
	var hash string
	var active bool
	var id int64
	err := s.reader().queryRow(ctx, "SELECT id, password_hash, active FROM users WHERE username = ?", username).Scan(&id, &hash, &active)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("authenticate: %w", err)
	}
	if len(pw) > password.MaxLength {
		pw = pw[:password.MaxLength]
	}
	select {
	case s.hashSlots <- struct{}{}:
		defer func() { <-s.hashSlots }()
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if !password.Verify(pw, hash) || !active {
		return nil, errBadLogin
	}
	return s.FindUserByID(ctx, id)
}

// PrincipalFor loads the principal of an active user, with the org subtree
// that directors and viewers see.
func (s *Store) PrincipalFor(ctx context.Context, userID int64) (*kam.Principal, error) {
	u, err := s.FindUserByID(ctx, userID)
	if err != nil || !u.Active {
		return nil, kam.Errorf(kam.EUNAUTHORIZED, "Sign in again.")
	}
	p := &kam.Principal{UserID: u.ID, Username: u.Username, Role: u.Role, OrgUnitID: u.OrgUnitID}
	if u.OrgUnitID != 0 && p.SeesOrgSubtree() {
		rows, err := s.reader().query(ctx, `WITH RECURSIVE sub(id) AS (SELECT CAST(? AS BIGINT) UNION SELECT o.id FROM org_units o JOIN sub ON o.parent_id = sub.id)
			SELECT id FROM sub`, u.OrgUnitID)
		if err != nil {
			return nil, fmt.Errorf("load org subtree: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return nil, err
			}
			p.OrgSubtree = append(p.OrgSubtree, id)
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return p, nil
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
