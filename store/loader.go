package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/kamhq/kam"
)

// Loader writes many records in one transaction with prepared statements: the
// path for demo data and bulk loads, where per-record scope checks and audit
// entries would cost more than the data. Only an administrator may load, and a
// load is all or nothing.
type Loader struct {
	s     *Store
	ctx   context.Context
	tx    *sql.Tx
	p     *kam.Principal
	stmts map[string]*sql.Stmt
	// batches queue rows written as multi-row INSERTs (batch.go).
	batches    map[string]*rowBatch
	batchOrder []string
}

// Load runs fn with a Loader and commits what it wrote if fn returns nil.
func (s *Store) Load(ctx context.Context, p *kam.Principal, fn func(l *Loader) error) error {
	if err := requireAdmin(p); err != nil {
		return err
	}
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin load: %w", err)
	}
	l := &Loader{s: s, ctx: ctx, tx: tx, p: p, stmts: map[string]*sql.Stmt{}, batches: map[string]*rowBatch{}}
	defer func() {
		for _, st := range l.stmts {
			st.Close()
		}
	}()
	if err := fn(l); err != nil {
		tx.Rollback()
		return err
	}
	if err := l.flushAll(); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit load: %w", err)
	}
	s.users.invalidate() // the load may have added users
	return nil
}

// insert runs a cached prepared INSERT ... RETURNING id.
func (l *Loader) insert(q string, args ...any) (int64, error) {
	st, err := l.stmt(q + " RETURNING id")
	if err != nil {
		return 0, err
	}
	var id int64
	err = st.QueryRowContext(l.ctx, args...).Scan(&id)
	return id, err
}

// queryRow runs a cached prepared query returning one row.
func (l *Loader) queryRow(q string, args ...any) *sql.Row {
	st, err := l.stmt(q)
	if err != nil {
		// A bad statement is a bug; let Scan report it through a failing query.
		return l.tx.QueryRowContext(l.ctx, l.s.d.rebind(q), args...)
	}
	return st.QueryRowContext(l.ctx, args...)
}

// query runs a cached prepared query.
func (l *Loader) query(q string, args ...any) (*sql.Rows, error) {
	st, err := l.stmt(q)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(l.ctx, args...)
}

// exec runs a cached prepared statement.
func (l *Loader) exec(q string, args ...any) error {
	st, err := l.stmt(q)
	if err != nil {
		return err
	}
	_, err = st.ExecContext(l.ctx, args...)
	return err
}

func (l *Loader) stmt(q string) (*sql.Stmt, error) {
	if st, ok := l.stmts[q]; ok {
		return st, nil
	}
	st, err := l.tx.PrepareContext(l.ctx, l.s.d.rebind(q))
	if err != nil {
		return nil, fmt.Errorf("prepare %q: %w", firstWords(q), err)
	}
	l.stmts[q] = st
	return st, nil
}

func firstWords(q string) string {
	f := strings.Fields(q)
	return strings.Join(f[:min(4, len(f))], " ")
}

// OrgUnit adds an org unit.
func (l *Loader) OrgUnit(u *kam.OrgUnit) error {
	u.CreatedAt = l.s.Now()
	id, err := l.insert("INSERT INTO org_units (parent_id, kind, name, created_at) VALUES (?, ?, ?, ?)",
		nullID(u.ParentID), string(u.Kind), u.Name, u.CreatedAt)
	u.ID = id
	return wrap("org unit", u.Name, err)
}

// User adds a user with an already hashed password ("" cannot sign in).
func (l *Loader) User(u *kam.User, passwordHash string) error {
	now := l.s.Now()
	u.CreatedAt, u.UpdatedAt, u.Active = now, now, true
	id, err := l.insert(`INSERT INTO users (username, display_name, email, role, org_unit_id, manager_id, password_hash, active, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, u.Username, u.DisplayName, u.Email, string(u.Role),
		nullID(u.OrgUnitID), nullID(u.ManagerID), passwordHash, true, now, now)
	u.ID = id
	return wrap("user", u.Username, err)
}

// Account adds an account with its external ids, domains and first tenure.
// CreatedAt may be set to date it in the past.
func (l *Loader) Account(a *kam.Account) error {
	if err := prepareAccount(a, l.s.Now()); err != nil {
		return err
	}
	id, err := l.insert(insertAccountSQL, accountInsertArgs(a)...)
	if err != nil {
		return wrap("account", a.Name, err)
	}
	a.ID = id
	if err := writeIdentity(l.ctx, l, a); err != nil {
		return wrap("account identity", a.Name, err)
	}
	if a.OwnerID != 0 {
		return l.add("account_assignments", []string{"account_id", "user_id", "started_at", "reason"}, id, a.OwnerID, a.CreatedAt, "created")
	}
	return nil
}

// TeamMember puts a user on an account's team with a role and read or edit access.
func (l *Loader) TeamMember(accountID, userID int64, role, access string) error {
	err := l.exec("INSERT INTO account_team_members (account_id, user_id, role, access, added_at) VALUES (?, ?, ?, ?, ?)",
		accountID, userID, role, access, l.s.Now())
	return wrap("team member", role, err)
}

func wrap(what, name string, err error) error {
	if err == nil {
		return nil
	}
	if isUniqueViolation(err) {
		return kam.Errorf(kam.ECONFLICT, "A %s %q already exists.", what, name)
	}
	return fmt.Errorf("load %s %q: %w", what, name, err)
}
