package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/kamhq/kam"
)

// Handover is what a re-assignment moved from one owner to another.
type Handover struct {
	FromUserID int64   `json:"from_user_id"`
	ToUserID   int64   `json:"to_user_id"`
	AccountIDs []int64 `json:"account_ids"`
	// Deals and Tasks count the open deals and tasks of the old owner on
	// those accounts, which moved with them.
	Deals int `json:"deals"`
	Tasks int `json:"tasks"`
	// NoticeID is the task that tells the new owner what they received.
	NoticeID int64 `json:"notice_task_id"`
}

// HandOver moves accounts from one owner to another, as when an account
// manager leaves or a book is rebalanced: every account of from that p may
// change, or only those of ids. Each account's tenure ends and a new one
// starts, and the move is audited on it; the old owner's open deals and
// tasks on those accounts move too; and the new owner gets a task that says
// what they received and why. Directors hand over within their org subtree,
// administrators anywhere; all or nothing.
func (s *Store) HandOver(ctx context.Context, p *kam.Principal, from, to int64, ids []int64, reason string) (*Handover, error) {
	switch {
	case requireWrite(p) != nil || (!p.IsAdmin() && p.Role != kam.RoleDirector):
		return nil, kam.Errorf(kam.EFORBIDDEN, "Only a director or an administrator may re-assign accounts.")
	case from == to:
		return nil, kam.FieldError("to_user_id", "The accounts already belong to user %d.", to)
	case strings.TrimSpace(reason) == "":
		return nil, kam.FieldError("reason", "Say why the accounts move (it is kept with their history and told to the new owner).")
	}
	giver, err := s.FindUserByID(ctx, from)
	if err != nil {
		return nil, kam.FieldError("from_user_id", "%s", kam.ErrorMessage(err))
	}
	out := &Handover{FromUserID: from, ToUserID: to}
	err = s.inTx(ctx, func(c conn) error {
		unit, err := s.checkOwner(ctx, c, p, to)
		if err != nil {
			return kam.FieldError("to_user_id", "%s", kam.ErrorMessage(err))
		}
		if out.AccountIDs, err = handedAccounts(ctx, c, p, from, ids); err != nil {
			return err
		}
		now := s.Now()
		for _, id := range out.AccountIDs {
			var name string
			var version int64
			if err := c.queryRow(ctx, `UPDATE accounts SET owner_id = ?, org_unit_id = ?, version = version + 1, updated_at = ?
				WHERE id = ? RETURNING name, version`, to, nullID(unit), now, id).Scan(&name, &version); err != nil {
				return fmt.Errorf("hand over account %d: %w", id, err)
			}
			if err := s.reassign(ctx, c, p, id, to, reason); err != nil {
				return err
			}
			moved := change{"owner_id", idText(from), idText(to)}
			if err := s.audit(ctx, c, p, "account", id, "assign", moved, change{field: "reason", new: reason}); err != nil {
				return err
			}
			if err := s.emitAccountChanged(ctx, c, id, name, version, []change{moved}); err != nil {
				return err
			}
			deals, err := c.exec(ctx, `UPDATE opportunities SET owner_id = ?, version = version + 1, updated_at = ?
				WHERE account_id = ? AND owner_id = ? AND closed_at IS NULL AND deleted_at IS NULL`, to, now, id, from)
			if err != nil {
				return fmt.Errorf("hand over the deals of account %d: %w", id, err)
			}
			tasks, err := c.exec(ctx, `UPDATE tasks SET assignee_id = ?, version = version + 1
				WHERE account_id = ? AND assignee_id = ? AND done_at IS NULL AND deleted_at IS NULL`, to, id, from)
			if err != nil {
				return fmt.Errorf("hand over the tasks of account %d: %w", id, err)
			}
			out.Deals += rowsAffected(deals)
			out.Tasks += rowsAffected(tasks)
		}
		title := fmt.Sprintf("You now own %d accounts from %s: %s", len(out.AccountIDs), giver.DisplayName, reason)
		if len(out.AccountIDs) == 1 {
			title = fmt.Sprintf("You now own an account from %s: %s", giver.DisplayName, reason)
		}
		var account any
		if len(out.AccountIDs) == 1 {
			account = out.AccountIDs[0]
		}
		out.NoticeID, err = c.insert(ctx, "INSERT INTO tasks (account_id, assignee_id, title, due, created_at) VALUES (?, ?, ?, ?, ?)",
			account, to, title, kam.DateOf(now), now)
		if err != nil {
			return fmt.Errorf("tell the new owner: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// handedAccounts returns the accounts of from that p may change: all of
// them, or those of ids, each of which must be one.
func handedAccounts(ctx context.Context, c conn, p *kam.Principal, from int64, ids []int64) ([]int64, error) {
	pred, args := accountWriteScope(p, "a")
	owned, err := c.ids(ctx, "SELECT a.id FROM accounts a WHERE a.owner_id = ? AND a.deleted_at IS NULL AND "+pred+" ORDER BY a.id",
		append([]any{from}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("find the accounts to hand over: %w", err)
	}
	if len(ids) == 0 {
		if len(owned) == 0 {
			return nil, kam.FieldError("from_user_id", "User %d owns no account that you may re-assign.", from)
		}
		return owned, nil
	}
	var missing []string
	for _, id := range ids {
		if !slices.Contains(owned, id) {
			missing = append(missing, strconv.FormatInt(id, 10))
		}
	}
	if len(missing) > 0 {
		return nil, kam.FieldError("account_ids", "User %d owns no account %s that you may re-assign.", from, strings.Join(missing, ", "))
	}
	slices.Sort(ids)
	return slices.Compact(ids), nil
}

// rowsAffected is how many rows a statement changed (0 if unknown).
func rowsAffected(res sql.Result) int {
	n, _ := res.RowsAffected()
	return int(n)
}

// BookSize is how many accounts an owner has that a principal may re-assign.
type BookSize struct {
	UserID   int64
	Accounts int
}

// HandoverBooks lists the owners whose accounts p may re-assign, with how
// many each has, by owner id.
func (s *Store) HandoverBooks(ctx context.Context, p *kam.Principal) ([]BookSize, error) {
	if !p.IsAdmin() && p.Role != kam.RoleDirector {
		return nil, nil
	}
	pred, args := accountWriteScope(p, "a")
	rows, err := s.reader().query(ctx, "SELECT a.owner_id, COUNT(*) FROM accounts a WHERE a.owner_id IS NOT NULL AND a.deleted_at IS NULL AND "+
		pred+" GROUP BY a.owner_id ORDER BY a.owner_id", args...)
	if err != nil {
		return nil, fmt.Errorf("count books: %w", err)
	}
	defer rows.Close()
	var out []BookSize
	for rows.Next() {
		var b BookSize
		if err := rows.Scan(&b.UserID, &b.Accounts); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}
