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
	// Cases counts the old owner's unresolved cases on them, which moved too.
	Cases int `json:"cases"`
	// NoticeID is the task that tells the new owner what they received.
	NoticeID int64 `json:"notice_task_id"`
}

// maxHandoverReason bounds the reason, which every account's history keeps.
const maxHandoverReason = 300

// HandOver moves accounts from one owner to another, as when an account
// manager leaves or a book is rebalanced: every account of from in p's
// organisation (ids nil), or only those of ids (which must not be empty). Each account's tenure ends and a new one
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
	case len([]rune(reason)) > maxHandoverReason:
		return nil, kam.FieldError("reason", "Keep the reason to %d characters.", maxHandoverReason)
	case ids != nil && len(ids) == 0:
		return nil, kam.FieldError("account_ids", "The list of accounts is empty; leave it out to hand over the whole book.")
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
			// Guarded: an account re-assigned or deleted since it was chosen
			// (another hand-over, a second click) stops the whole hand-over.
			err := c.queryRow(ctx, `UPDATE accounts SET owner_id = ?, org_unit_id = ?, version = version + 1, updated_at = ?
				WHERE id = ? AND owner_id = ? AND deleted_at IS NULL RETURNING name, version`, to, nullID(unit), now, id, from).Scan(&name, &version)
			if isNoRows(err) {
				return kam.Errorf(kam.ECONFLICT, "Account %d changed owner while it was being handed over; nothing moved. Look again and retry.", id)
			} else if err != nil {
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
			cases, err := c.exec(ctx, `UPDATE cases SET owner_id = ?, version = version + 1
				WHERE account_id = ? AND owner_id = ? AND status IN ('open', 'in_progress', 'waiting') AND deleted_at IS NULL`, to, id, from)
			if err != nil {
				return fmt.Errorf("hand over the cases of account %d: %w", id, err)
			}
			out.Deals += rowsAffected(deals)
			out.Tasks += rowsAffected(tasks)
			out.Cases += rowsAffected(cases)
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
	pred, args := handoverScope(p, "a")
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
	pred, args := handoverScope(p, "a")
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

// handoverScope selects the accounts p may hand over: an administrator's
// any, a director's those in their org subtree (by unit or owner), not the
// accounts elsewhere whose team they are on.
func handoverScope(p *kam.Principal, alias string) (string, []any) {
	switch {
	case !p.CanWrite():
		return "1=0", nil
	case p.IsAdmin():
		return "1=1", nil
	case p.Role != kam.RoleDirector || len(p.OrgSubtree) == 0:
		return "1=0", nil
	}
	in := placeholders(len(p.OrgSubtree))
	args := make([]any, 0, 2*len(p.OrgSubtree))
	for range 2 {
		for _, id := range p.OrgSubtree {
			args = append(args, id)
		}
	}
	return "(" + alias + ".org_unit_id IN (" + in + ") OR " + alias + ".owner_id IN (SELECT id FROM users WHERE org_unit_id IN (" + in + ")))", args
}
