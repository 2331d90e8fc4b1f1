package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kamhq/kam"
)

// Tasks are to-dos for a user, mostly on an account. A task on an account
// is scoped through it like every record of an account: it exists for those
// who may see the account, and is listed for its assignee only while the
// assignee may. A task on no account is its assignee's alone.

// maxTitle is the longest task title, in characters.
const maxTitle = 300

// TaskRow is a task with its account's and assignee's names.
type TaskRow struct {
	kam.Task
	AccountName  string `json:"account_name,omitempty"`
	AssigneeName string `json:"assignee_name,omitempty"`
	// AccountStatus is the account's status, for pages that mark the tasks
	// of a lost account; "" for a task on no account.
	AccountStatus kam.AccountStatus `json:"-"`
	// Version counts the task's changes, for If-Match.
	Version int64 `json:"version"`
}

// TaskFilter selects open tasks. With AccountID, the account's tasks
// whoever they are for; with AssigneeID, one user's; DueBy keeps those due
// on or before that day ("My day": overdue, today's, this week's), leaving
// out tasks with no due day.
type TaskFilter struct {
	AccountID  int64
	AssigneeID int64
	DueBy      kam.Date
	Limit      int // default 100, at most 500
}

// CreateTask adds an open task. The title is required and the due day
// optional; the assignee is p's user unless given. A task on an account
// needs p to be allowed to change the account and the assignee to see it;
// a task on no account is for p alone (administrators may give one to
// anyone). The task is in its account's audit log.
func (s *Store) CreateTask(ctx context.Context, p *kam.Principal, t *kam.Task) error {
	t.Title = strings.TrimSpace(t.Title)
	switch {
	case t.Title == "":
		return kam.FieldError("title", "Say what is to be done.")
	case utf8.RuneCountInString(t.Title) > maxTitle:
		return kam.FieldError("title", "The title is longer than %d characters.", maxTitle)
	}
	if err := requireWrite(p); err != nil {
		return err
	}
	if t.AssigneeID == 0 {
		t.AssigneeID = p.UserID
	}
	if t.AssigneeID == 0 {
		return kam.FieldError("assignee_id", "Say who is to do the task.")
	}
	assignee := p
	if t.AssigneeID != p.UserID {
		if t.AccountID == 0 && !p.IsAdmin() {
			return kam.FieldError("assignee_id", "A task on no account is your own; put it on an account to give it to someone.")
		}
		ap, err := s.PrincipalFor(ctx, t.AssigneeID)
		if err != nil || !ap.CanWrite() {
			return kam.FieldError("assignee_id", "User %d is not an active user who can do tasks.", t.AssigneeID)
		}
		assignee = ap
	}
	t.DoneAt, t.CreatedAt = nil, s.Now()
	return s.inTx(ctx, func(c conn) error {
		if t.AccountID != 0 {
			if err := checkAccountWrite(ctx, c, p, t.AccountID); err != nil {
				return err
			}
			if assignee != p {
				if _, err := s.findAccount(ctx, c, assignee, t.AccountID); err != nil {
					return kam.FieldError("assignee_id", "User %d cannot see account %d; give the task to someone on its team.", t.AssigneeID, t.AccountID)
				}
			}
		}
		id, err := c.insert(ctx, "INSERT INTO tasks (account_id, assignee_id, title, due, done_at, created_at) VALUES (?,?,?,?,?,?)",
			nullID(t.AccountID), t.AssigneeID, t.Title, t.Due, nil, t.CreatedAt)
		if err != nil {
			return fmt.Errorf("create task: %w", err)
		}
		t.ID = id
		return s.auditTask(ctx, c, p, t.AccountID, id, "add_task", change{field: fmt.Sprintf("task %d", id), new: t.Title})
	})
}

// auditTask writes a task's audit entry: in its account's log, or under the
// task itself when it is on no account.
func (s *Store) auditTask(ctx context.Context, c conn, p *kam.Principal, accountID, id int64, action string, ch change) error {
	if accountID != 0 {
		return s.audit(ctx, c, p, "account", accountID, action, ch)
	}
	return s.audit(ctx, c, p, "task", id, action, ch)
}

// CompleteTask marks a task done. Its assignee may, and so may anyone who
// may change its account. A task done already stays as it was.
func (s *Store) CompleteTask(ctx context.Context, p *kam.Principal, id int64) error {
	if err := requireWrite(p); err != nil {
		return err
	}
	var stepOf int64 // the account whose onboarding step the task was
	err := s.inTx(ctx, func(c conn) error {
		var accountID, assigneeID int64
		var done *time.Time
		err := c.queryRow(ctx, "SELECT COALESCE(account_id, 0), assignee_id, done_at FROM tasks WHERE id = ? AND deleted_at IS NULL", id).
			Scan(&accountID, &assigneeID, &done)
		if errors.Is(err, sql.ErrNoRows) {
			return kam.Errorf(kam.ENOTFOUND, "Task %d not found.", id)
		} else if err != nil {
			return fmt.Errorf("find task %d: %w", id, err)
		}
		mine := assigneeID == p.UserID
		switch {
		case accountID == 0 && !mine:
			return kam.Errorf(kam.ENOTFOUND, "Task %d not found.", id)
		case accountID != 0:
			err := checkAccountWrite(ctx, c, p, accountID)
			switch code := kam.ErrorCode(err); {
			case err == nil, code == kam.EFORBIDDEN && mine:
			case code == kam.ENOTFOUND:
				return kam.Errorf(kam.ENOTFOUND, "Task %d not found.", id)
			case code == kam.EFORBIDDEN:
				return kam.Errorf(kam.EFORBIDDEN, "Only the task's assignee or someone who may change account %d can complete task %d.", accountID, id)
			default:
				return err
			}
		}
		if done != nil {
			return nil
		}
		now := s.Now()
		if _, err := c.exec(ctx, "UPDATE tasks SET done_at = ?, version = version + 1 WHERE id = ? AND done_at IS NULL", now, id); err != nil {
			return fmt.Errorf("complete task %d: %w", id, err)
		}
		// A step of an onboarding done resolves its late flag: queue the
		// account's roll-up with the change.
		var steps int
		if err := c.queryRow(ctx, "SELECT COUNT(*) FROM onboarding_steps WHERE task_id = ?", id).Scan(&steps); err != nil {
			return fmt.Errorf("complete task %d: %w", id, err)
		}
		if steps > 0 && accountID != 0 {
			stepOf = accountID
			if err := queueRollups(ctx, c, map[int64]bool{accountID: true}, now); err != nil {
				return err
			}
		}
		return s.auditTask(ctx, c, p, accountID, id, "complete_task", change{field: fmt.Sprintf("task %d", id), new: "done"})
	})
	if err == nil && stepOf != 0 {
		s.refreshQueued(ctx, stepOf)
	}
	return err
}

// taskColumns are the columns of a TaskRow, over tasks t left-joined with
// accounts a.
const taskColumns = `t.id, COALESCE(t.account_id, 0), t.assignee_id, t.title, t.due, t.done_at, t.created_at, t.version, COALESCE(a.name, ''), COALESCE(a.status, '')
	FROM tasks t LEFT JOIN accounts a ON a.id = t.account_id `

// taskScope returns the predicate over tasks t and accounts a that holds for
// the tasks p may see: those on accounts p may see, and p's own on no account.
func taskScope(p *kam.Principal) (string, []any) {
	pred, args := accountScope(p, "a")
	return "t.deleted_at IS NULL AND ((t.account_id IS NULL AND t.assignee_id = ?) OR (t.account_id IS NOT NULL AND a.deleted_at IS NULL AND " + pred + "))",
		append([]any{p.UserID}, args...)
}

// FindTasks lists the open tasks p may see that the filter selects, the
// soonest due first and those with no due day last. An account p may not
// see is ENOTFOUND.
func (s *Store) FindTasks(ctx context.Context, p *kam.Principal, f TaskFilter) ([]*TaskRow, error) {
	switch {
	case f.Limit == 0:
		f.Limit = 100
	case f.Limit < 0 || f.Limit > 500:
		return nil, kam.FieldError("limit", "Limit must be between 1 and 500.")
	}
	if f.AccountID != 0 {
		if _, err := s.FindAccountByID(ctx, p, f.AccountID); err != nil {
			return nil, err
		}
	}
	pred, args := taskScope(p)
	where := []string{"t.done_at IS NULL", pred}
	add := func(cond string, a ...any) { where = append(where, cond); args = append(args, a...) }
	if f.AccountID != 0 {
		add("t.account_id = ?", f.AccountID)
	}
	if f.AssigneeID != 0 {
		add("t.assignee_id = ?", f.AssigneeID)
	}
	order := "t.due IS NULL, t.due, t.id"
	if !f.DueBy.IsZero() {
		add("t.due <= ?", f.DueBy)
		// Every task listed has a due day: the (assignee, due) index gives
		// the order, and the read stops at the limit instead of sorting all
		// of a user's open tasks.
		order = "t.due, t.id"
	}
	return s.taskRows(ctx, s.reader(), fmt.Sprintf("SELECT "+taskColumns+"WHERE "+strings.Join(where, " AND ")+
		" ORDER BY %s LIMIT %d", order, f.Limit), args...)
}

// FindTask returns one task p may see, open or done.
func (s *Store) FindTask(ctx context.Context, p *kam.Principal, id int64) (*TaskRow, error) {
	pred, args := taskScope(p)
	rows, err := s.taskRows(ctx, s.reader(), "SELECT "+taskColumns+"WHERE t.id = ? AND "+pred, append([]any{id}, args...)...)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, kam.Errorf(kam.ENOTFOUND, "Task %d not found.", id)
	}
	return rows[0], nil
}

func (s *Store) taskRows(ctx context.Context, c conn, query string, args ...any) ([]*TaskRow, error) {
	rows, err := c.query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("find tasks: %w", err)
	}
	out := []*TaskRow{}
	err = eachRow(rows, func() error {
		var r TaskRow
		t := &r.Task
		if err := rows.Scan(&t.ID, &t.AccountID, &t.AssigneeID, &t.Title, &t.Due, &t.DoneAt, &t.CreatedAt, &r.Version, &r.AccountName, &r.AccountStatus); err != nil {
			return err
		}
		t.CreatedAt = t.CreatedAt.UTC()
		if t.DoneAt != nil {
			done := t.DoneAt.UTC()
			t.DoneAt = &done
		}
		out = append(out, &r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("find tasks: %w", err)
	}
	for _, r := range out {
		if r.AssigneeName, err = s.userName(ctx, r.AssigneeID); err != nil {
			return nil, err
		}
	}
	return out, nil
}
