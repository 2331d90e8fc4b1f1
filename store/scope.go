package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/kamhq/kam"
)

// This file is the one place where kam decides which accounts a principal may
// see and change. Every other record (contact, order, opportunity, ...) belongs
// to an account and is scoped through it, so no query elsewhere filters rows by
// role. A row outside the scope does not exist for the principal: reads give
// ENOTFOUND and lists, counts and totals leave it out.

// The store is the implementation of the domain's services.
var (
	_ kam.AccountService = (*Store)(nil)
	_ kam.UserService    = (*Store)(nil)
)

// accountScope returns a SQL predicate over the accounts table aliased alias
// that holds for the accounts p may read, with its arguments. The predicate
// checks one row at a time, which suits lookups by id and walks of an index in
// list order; accountListScope suits lists drawn from a small portfolio.
func accountScope(p *kam.Principal, alias string) (string, []any) {
	return scopePredicate(p, alias, alias+".owner_id = ? OR EXISTS (SELECT 1 FROM account_team_members t WHERE t.account_id = "+alias+".id AND t.user_id = ?)")
}

// accountListScope is accountScope written as membership of the principal's
// own and team accounts, so that the planners can drive a list from that set.
func accountListScope(p *kam.Principal, alias string) (string, []any) {
	return scopePredicate(p, alias, alias+".id IN (SELECT id FROM accounts WHERE owner_id = ? UNION SELECT account_id FROM account_team_members WHERE user_id = ?)")
}

// scopePredicate completes a predicate for "own or team accounts", which takes
// the user id twice, with the org subtree of directors and viewers.
func scopePredicate(p *kam.Principal, alias, ownOrTeam string) (string, []any) {
	if p == nil {
		return "1=0", nil
	}
	if p.IsAdmin() {
		return "1=1", nil
	}
	pred := "(" + ownOrTeam + ")"
	args := []any{p.UserID, p.UserID}
	if p.SeesOrgSubtree() && len(p.OrgSubtree) > 0 {
		in := placeholders(len(p.OrgSubtree))
		pred = "(" + pred +
			" OR " + alias + ".org_unit_id IN (" + in + ")" +
			" OR " + alias + ".owner_id IN (SELECT id FROM users WHERE org_unit_id IN (" + in + ")))"
		for range 2 {
			for _, id := range p.OrgSubtree {
				args = append(args, id)
			}
		}
	}
	return pred, args
}

// accountWriteScope is accountScope for changes: directors change what sits
// in their org subtree, everyone their own accounts and those whose team gives
// them edit access; viewers and read-only tokens change nothing.
func accountWriteScope(p *kam.Principal, alias string) (string, []any) {
	if !p.CanWrite() {
		return "1=0", nil
	}
	return scopePredicate(p, alias, alias+".owner_id = ? OR EXISTS (SELECT 1 FROM account_team_members t WHERE t.account_id = "+
		alias+".id AND t.user_id = ? AND t.access = 'edit')")
}

// checkAccountWrite returns nil when p may change account id, ENOTFOUND when p
// cannot see it, and EFORBIDDEN when p sees it but may not change it.
func checkAccountWrite(ctx context.Context, c conn, p *kam.Principal, id int64) error {
	wpred, wargs := accountWriteScope(p, "a")
	rpred, rargs := accountScope(p, "a")
	args := append(append(wargs, id), rargs...)
	var writable bool
	err := c.queryRow(ctx, "SELECT CASE WHEN "+wpred+" THEN 1 ELSE 0 END FROM accounts a WHERE a.id = ? AND a.deleted_at IS NULL AND "+rpred, args...).Scan(&writable)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return kam.Errorf(kam.ENOTFOUND, "Account %d not found.", id)
	case err != nil:
		return err
	case !writable:
		return kam.Errorf(kam.EFORBIDDEN, "You may view account %d but not change it.", id)
	}
	return nil
}

// requireWrite refuses principals that may change nothing at all.
func requireWrite(p *kam.Principal) error {
	if !p.CanWrite() {
		return kam.Errorf(kam.EFORBIDDEN, "Your access is read only.")
	}
	return nil
}

// requireAdmin refuses anyone but an administrator.
func requireAdmin(p *kam.Principal) error {
	if !p.IsAdmin() || p.ReadOnly {
		return kam.Errorf(kam.EFORBIDDEN, "Only an administrator may do this.")
	}
	return nil
}

// requireAdminRead lets administrators read, with read-only tokens too.
func requireAdminRead(p *kam.Principal) error {
	if !p.IsAdmin() {
		return kam.Errorf(kam.EFORBIDDEN, "Only an administrator may see this.")
	}
	return nil
}

// placeholders returns n comma-separated ? placeholders.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

// CanEditAccount reports whether p may change an account it may see; an
// account it may not see is ENOTFOUND.
func (s *Store) CanEditAccount(ctx context.Context, p *kam.Principal, id int64) (bool, error) {
	err := checkAccountWrite(ctx, s.reader(), p, id)
	if kam.ErrorCode(err) == kam.EFORBIDDEN {
		return false, nil
	}
	return err == nil, err
}
