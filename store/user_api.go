package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kamhq/kam"
)

// Users as the API lists them. Administrators see every user; directors
// and viewers the users of their org subtree and themselves; everyone else
// only themselves. A user out of that scope does not exist for the reader
// (ENOTFOUND). Password hashes never leave the store.

// UserFilter selects users. Lists are keyset-paged by username: pass a
// page's Next as After.
type UserFilter struct {
	Role      kam.Role
	OrgUnitID int64
	// Active keeps the active users (true) or the inactive ones (false);
	// nil keeps both.
	Active *bool
	After  string
	Limit  int // default 50, at most 500
}

// UserPage is one page of users.
type UserPage struct {
	Users []*kam.User `json:"users"`
	Next  string      `json:"next,omitempty"`
}

// userScope returns a SQL predicate over users (unaliased) that holds for
// the users p may see, with its arguments.
func userScope(p *kam.Principal) (string, []any) {
	switch {
	case p.IsAdmin():
		return "1=1", nil
	case p.SeesOrgSubtree() && len(p.OrgSubtree) > 0:
		args := []any{p.UserID}
		for _, id := range p.OrgSubtree {
			args = append(args, id)
		}
		return "(id = ? OR org_unit_id IN (" + placeholders(len(p.OrgSubtree)) + "))", args
	}
	return "id = ?", []any{p.UserID}
}

// FindUserList returns one page of the users p may see, matching f, by
// username.
func (s *Store) FindUserList(ctx context.Context, p *kam.Principal, f UserFilter) (*UserPage, error) {
	if err := requireSignedIn(p); err != nil {
		return nil, err
	}
	switch {
	case f.Limit == 0:
		f.Limit = 50
	case f.Limit < 0 || f.Limit > 500:
		return nil, kam.FieldError("limit", "Limit must be between 1 and 500.")
	}
	if f.Role != "" && !f.Role.Valid() {
		return nil, kam.FieldError("role", "Role must be one of admin, director, kam, am, viewer.")
	}
	fp := fingerprint(f.Role, f.OrgUnitID, f.Active)
	cur, err := decodeCursor(f.After, "username", false, fp)
	if err != nil {
		return nil, err
	}
	pred, args := userScope(p)
	where := []string{pred}
	add := func(cond string, a ...any) { where = append(where, cond); args = append(args, a...) }
	if f.Role != "" {
		add("role = ?", string(f.Role))
	}
	if f.OrgUnitID != 0 {
		add("org_unit_id = ?", f.OrgUnitID)
	}
	if f.Active != nil {
		add("active = ?", *f.Active)
	}
	if cur != nil {
		add("(username > ? OR (username = ? AND id > ?))", cur.Value, cur.Value, cur.ID)
	}
	rows, err := s.reader().query(ctx, "SELECT "+userColumns+" FROM users WHERE "+strings.Join(where, " AND ")+
		" ORDER BY username, id LIMIT "+strconv.Itoa(f.Limit+1), args...)
	if err != nil {
		return nil, fmt.Errorf("find users: %w", err)
	}
	users, err := scanUsers(rows)
	if err != nil {
		return nil, fmt.Errorf("find users: %w", err)
	}
	page := &UserPage{Users: users}
	if len(users) > f.Limit {
		last := users[f.Limit-1]
		page.Users = users[:f.Limit]
		page.Next = cursor{Sort: "username", Value: last.Username, ID: last.ID, Filter: fp}.encode()
	}
	if page.Users == nil {
		page.Users = []*kam.User{}
	}
	return page, nil
}

// FindUserFor returns a user p may see; anyone else is ENOTFOUND.
func (s *Store) FindUserFor(ctx context.Context, p *kam.Principal, id int64) (*kam.User, error) {
	if err := requireSignedIn(p); err != nil {
		return nil, err
	}
	pred, args := userScope(p)
	u, err := scanUser(s.reader().queryRow(ctx, "SELECT "+userColumns+" FROM users WHERE id = ? AND "+pred, append([]any{id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kam.Errorf(kam.ENOTFOUND, "User %d not found.", id)
	} else if err != nil {
		return nil, fmt.Errorf("find user %d: %w", id, err)
	}
	return u, nil
}

// AddUser adds a user (administrators), as CreateUser does, and checks the
// display name and email too. With no password the user cannot sign in
// until one is set (kam user passwd, or the administration pages).
func (s *Store) AddUser(ctx context.Context, p *kam.Principal, u *kam.User, pw string) error {
	if err := requireAdmin(p); err != nil {
		return err
	}
	u.DisplayName, u.Email = strings.TrimSpace(u.DisplayName), strings.TrimSpace(u.Email)
	if utf8.RuneCountInString(u.DisplayName) > maxDisplayName {
		return kam.FieldError("display_name", "A name is at most %d characters.", maxDisplayName)
	}
	if err := kam.CheckEmail(u.Email); err != nil {
		return err
	}
	if pw != "" {
		return s.CreateUser(ctx, p, u, pw)
	}
	if err := checkNewUser(u); err != nil {
		return err
	}
	return s.insertUser(ctx, p, u, "")
}
