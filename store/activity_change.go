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

// Changing, deleting and restoring activities and tasks, as contacts are
// (contact_write.go): a change names the version it was made from, a
// delete moves the record to the bin and only an administrator brings it
// back. Whoever may change an activity's account may change the activity;
// a task may also be changed by its assignee. Every change is in the
// account's audit log (a task on no account has its own), and a change to
// an activity refreshes the account's roll-up, whose last contact by
// channel the activities make.

// activityColumns are the columns scanActivity reads, over activities v
// joined with accounts a.
const activityColumns = `v.id, v.account_id, v.kind, v.occurred_at, COALESCE(v.user_id, 0), v.subject, v.notes, v.outcome,
	v.next_step, v.next_step_due, v.source, v.external_id, v.created_at, v.version, a.name
	FROM activities v JOIN accounts a ON a.id = v.account_id `

// FindActivity returns an activity of an account p may see, with its
// contacts, its account's name and who logged it; anything else is
// ENOTFOUND, deleted activities included.
func (s *Store) FindActivity(ctx context.Context, p *kam.Principal, id int64) (*ActivityRow, error) {
	return s.findActivity(ctx, s.reader(), p, id)
}

func (s *Store) findActivity(ctx context.Context, c conn, p *kam.Principal, id int64) (*ActivityRow, error) {
	pred, args := accountScope(p, "a")
	r := &ActivityRow{}
	a := &r.Activity
	err := c.queryRow(ctx, "SELECT "+activityColumns+"WHERE v.id = ? AND v.deleted_at IS NULL AND a.deleted_at IS NULL AND "+pred,
		append([]any{id}, args...)...).Scan(&a.ID, &a.AccountID, &a.Kind, &a.OccurredAt, &a.UserID, &a.Subject, &a.Notes, &a.Outcome,
		&a.NextStep, &a.NextStepDue, &a.Source, &a.ExternalID, &a.CreatedAt, &r.Version, &r.AccountName)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kam.Errorf(kam.ENOTFOUND, "Activity %d not found.", id)
	} else if err != nil {
		return nil, fmt.Errorf("find activity %d: %w", id, err)
	}
	a.OccurredAt, a.CreatedAt = a.OccurredAt.UTC(), a.CreatedAt.UTC()
	rows, err := c.query(ctx, "SELECT contact_id FROM activity_contacts WHERE activity_id = ? ORDER BY contact_id", id)
	if err != nil {
		return nil, fmt.Errorf("find activity contacts: %w", err)
	}
	err = eachRow(rows, func() error {
		var cid int64
		err := rows.Scan(&cid)
		a.ContactIDs = append(a.ContactIDs, cid)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find activity contacts: %w", err)
	}
	if r.UserName, err = s.userName(ctx, a.UserID); err != nil {
		return nil, err
	}
	return r, nil
}

// activityToChange finds an activity p may see and checks that p may
// change its account and that version, if not 0, is still its version.
func (s *Store) activityToChange(ctx context.Context, c conn, p *kam.Principal, id, version int64) (*ActivityRow, error) {
	if err := requireWrite(p); err != nil {
		return nil, err
	}
	a, err := s.findActivity(ctx, c, p, id)
	if err != nil {
		return nil, err
	}
	if err := checkAccountWrite(ctx, c, p, a.AccountID); err != nil {
		return nil, err
	}
	if version != 0 && version != a.Version {
		return nil, staleError("Activity", id, version, a.Version)
	}
	return a, nil
}

// UpdateActivity applies upd if upd.Version is still the activity's
// version; a newer one is ESTALE and nothing is written. The activity is
// checked as when it was logged, and the account's roll-up is refreshed.
func (s *Store) UpdateActivity(ctx context.Context, p *kam.Principal, id int64, upd kam.ActivityUpdate) (*ActivityRow, error) {
	if upd.Version == 0 {
		return nil, kam.FieldError("version", "Give the version of the activity you are changing.")
	}
	var out *ActivityRow
	var changes []change
	err := s.inTx(ctx, func(c conn) error {
		r, err := s.activityToChange(ctx, c, p, id, upd.Version)
		if err != nil {
			return err
		}
		a := &r.Activity
		set := func(field, old, new string) {
			if old != new {
				changes = append(changes, change{fmt.Sprintf("activity %d %s", id, field), old, new})
			}
		}
		str := func(field string, dst *string, v *string) {
			if v != nil {
				set(field, *dst, strings.TrimSpace(*v))
				*dst = strings.TrimSpace(*v)
			}
		}
		if upd.Kind != nil {
			set("kind", string(a.Kind), string(*upd.Kind))
			a.Kind = *upd.Kind
		}
		if upd.OccurredAt != nil {
			at := upd.OccurredAt.UTC()
			set("occurred_at", a.OccurredAt.Format(time.RFC3339Nano), at.Format(time.RFC3339Nano))
			a.OccurredAt = at
		}
		str("subject", &a.Subject, upd.Subject)
		str("notes", &a.Notes, upd.Notes)
		str("outcome", &a.Outcome, upd.Outcome)
		str("next_step", &a.NextStep, upd.NextStep)
		if upd.NextStepDue != nil {
			set("next_step_due", a.NextStepDue.String(), upd.NextStepDue.String())
			a.NextStepDue = *upd.NextStepDue
		}
		if err := checkActivity(a, s.Now()); err != nil {
			return err
		}
		out = r
		if len(changes) == 0 {
			return nil
		}
		res, err := c.exec(ctx, `UPDATE activities SET kind = ?, occurred_at = ?, subject = ?, notes = ?, outcome = ?, next_step = ?,
			next_step_due = ?, version = version + 1 WHERE id = ? AND version = ?`, string(a.Kind), a.OccurredAt, a.Subject, a.Notes,
			a.Outcome, a.NextStep, a.NextStepDue, id, r.Version)
		if err != nil {
			return fmt.Errorf("update activity %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return staleError("Activity", id, upd.Version, upd.Version+1)
		}
		r.Version++
		return s.activityChanged(ctx, c, p, a, "update_activity", changes...)
	})
	if err == nil && len(changes) > 0 {
		s.refreshQueued(ctx, out.AccountID)
	}
	return out, err
}

// DeleteActivity moves an activity to the bin; version, if not 0, must
// still be its version. The account's last contact no longer counts it.
func (s *Store) DeleteActivity(ctx context.Context, p *kam.Principal, id, version int64) error {
	var accountID int64
	err := s.inTx(ctx, func(c conn) error {
		r, err := s.activityToChange(ctx, c, p, id, version)
		if err != nil {
			return err
		}
		accountID = r.AccountID
		if err := markDeleted(ctx, c, "activities", "Activity", id, r.Version, s.Now()); err != nil {
			return err
		}
		return s.activityChanged(ctx, c, p, &r.Activity, "delete_activity",
			change{field: fmt.Sprintf("activity %d", id), old: string(r.Kind) + ": " + r.Subject})
	})
	if err == nil {
		s.refreshQueued(ctx, accountID)
	}
	return err
}

// RestoreActivity brings a deleted activity back (administrators only).
func (s *Store) RestoreActivity(ctx context.Context, p *kam.Principal, id int64) (*ActivityRow, error) {
	return restoreRecord(ctx, s, p, "activities", "Activity", id,
		func(c conn) (*ActivityRow, error) { return s.findActivity(ctx, c, p, id) },
		func(c conn, a *ActivityRow) error {
			return s.activityChanged(ctx, c, p, &a.Activity, "restore_activity",
				change{field: fmt.Sprintf("activity %d", id), new: string(a.Kind) + ": " + a.Subject})
		},
		func(a *ActivityRow) int64 { return a.AccountID })
}

// activityChanged audits an activity's change in its account's log and
// queues the account's roll-ups; the caller refreshes them once committed.
func (s *Store) activityChanged(ctx context.Context, c conn, p *kam.Principal, a *kam.Activity, action string, changes ...change) error {
	if err := s.audit(ctx, c, p, "account", a.AccountID, action, changes...); err != nil {
		return err
	}
	return queueRollups(ctx, c, map[int64]bool{a.AccountID: true}, s.Now())
}

// taskToChange finds a task p may see and checks that p may change it
// (its assignee, or someone who may change its account) and that version,
// if not 0, is still its version. It answers whether p may change the
// task's account, which handing the task to someone else needs.
func (s *Store) taskToChange(ctx context.Context, c conn, p *kam.Principal, id, version int64) (*TaskRow, bool, error) {
	if err := requireWrite(p); err != nil {
		return nil, false, err
	}
	pred, args := taskScope(p)
	rows, err := s.taskRows(ctx, c, "SELECT "+taskColumns+"WHERE t.id = ? AND "+pred, append([]any{id}, args...)...)
	if err != nil {
		return nil, false, err
	}
	if len(rows) == 0 {
		return nil, false, kam.Errorf(kam.ENOTFOUND, "Task %d not found.", id)
	}
	t, accountWrite := rows[0], false
	if t.AccountID != 0 {
		err := checkAccountWrite(ctx, c, p, t.AccountID)
		switch code := kam.ErrorCode(err); {
		case err == nil:
			accountWrite = true
		case code == kam.EFORBIDDEN && t.AssigneeID == p.UserID:
		case code == kam.EFORBIDDEN:
			return nil, false, kam.Errorf(kam.EFORBIDDEN, "Only the task's assignee or someone who may change account %d can change task %d.", t.AccountID, id)
		default:
			return nil, false, err
		}
	}
	if version != 0 && version != t.Version {
		return nil, false, staleError("Task", id, version, t.Version)
	}
	return t, accountWrite, nil
}

// UpdateTask applies upd if upd.Version is still the task's version; a
// newer one is ESTALE and nothing is written. Giving the task to someone
// else follows CreateTask's rules: on an account, p must be allowed to
// change it and the new assignee to see it; on no account, only an
// administrator gives a task away.
func (s *Store) UpdateTask(ctx context.Context, p *kam.Principal, id int64, upd kam.TaskUpdate) (*TaskRow, error) {
	if upd.Version == 0 {
		return nil, kam.FieldError("version", "Give the version of the task you are changing.")
	}
	var assignee *kam.Principal // the new assignee's, read before the transaction
	var assigneeErr error
	if upd.AssigneeID != nil && *upd.AssigneeID != p.UserID && *upd.AssigneeID != 0 {
		assignee, assigneeErr = s.PrincipalFor(ctx, *upd.AssigneeID)
		if assigneeErr == nil && !assignee.CanWrite() {
			assigneeErr = kam.Errorf(kam.EFORBIDDEN, "user cannot write")
		}
	}
	var out *TaskRow
	err := s.inTx(ctx, func(c conn) error {
		t, accountWrite, err := s.taskToChange(ctx, c, p, id, upd.Version)
		if err != nil {
			return err
		}
		var changes []change
		set := func(field, old, new string) {
			if old != new {
				changes = append(changes, change{fmt.Sprintf("task %d %s", id, field), old, new})
			}
		}
		if upd.Title != nil {
			title := strings.TrimSpace(*upd.Title)
			switch {
			case title == "":
				return kam.FieldError("title", "Say what is to be done.")
			case utf8.RuneCountInString(title) > maxTitle:
				return kam.FieldError("title", "The title is longer than %d characters.", maxTitle)
			}
			set("title", t.Title, title)
			t.Title = title
		}
		if upd.Due != nil {
			set("due", t.Due.String(), upd.Due.String())
			t.Due = *upd.Due
		}
		if upd.AssigneeID != nil && *upd.AssigneeID != t.AssigneeID {
			if err := s.checkAssignee(ctx, c, p, t, accountWrite, *upd.AssigneeID, assignee, assigneeErr); err != nil {
				return err
			}
			set("assignee_id", idText(t.AssigneeID), idText(*upd.AssigneeID))
			t.AssigneeID = *upd.AssigneeID
			if t.AssigneeName, err = s.userName(ctx, t.AssigneeID); err != nil {
				return err
			}
		}
		out = t
		if len(changes) == 0 {
			return nil
		}
		res, err := c.exec(ctx, "UPDATE tasks SET title = ?, due = ?, assignee_id = ?, version = version + 1 WHERE id = ? AND version = ?",
			t.Title, t.Due, t.AssigneeID, id, t.Version)
		if err != nil {
			return fmt.Errorf("update task %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return staleError("Task", id, upd.Version, upd.Version+1)
		}
		t.Version++
		for _, ch := range changes {
			if err := s.auditTask(ctx, c, p, t.AccountID, id, "update_task", ch); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// checkAssignee checks that task t may go to user to, whose principal is
// ap (nil when to is p's own user) or who could not be found (apErr).
func (s *Store) checkAssignee(ctx context.Context, c conn, p *kam.Principal, t *TaskRow, accountWrite bool, to int64,
	ap *kam.Principal, apErr error) error {
	switch {
	case to == 0:
		return kam.FieldError("assignee_id", "Say who is to do the task.")
	case t.AccountID == 0 && !p.IsAdmin():
		return kam.FieldError("assignee_id", "A task on no account is your own; put it on an account to give it to someone.")
	case t.AccountID != 0 && !accountWrite:
		return kam.Errorf(kam.EFORBIDDEN, "Only someone who may change account %d can give its tasks to others.", t.AccountID)
	case apErr != nil:
		return kam.FieldError("assignee_id", "User %d is not an active user who can do tasks.", to)
	case t.AccountID == 0 || ap == nil:
		return nil
	}
	if _, err := s.findAccount(ctx, c, ap, t.AccountID); err != nil {
		return kam.FieldError("assignee_id", "User %d cannot see account %d; give the task to someone on its team.", to, t.AccountID)
	}
	return nil
}

// DeleteTask moves a task to the bin; version, if not 0, must still be its
// version. Those who may change a task may delete it.
func (s *Store) DeleteTask(ctx context.Context, p *kam.Principal, id, version int64) error {
	return s.inTx(ctx, func(c conn) error {
		t, _, err := s.taskToChange(ctx, c, p, id, version)
		if err != nil {
			return err
		}
		if err := markDeleted(ctx, c, "tasks", "Task", id, t.Version, s.Now()); err != nil {
			return err
		}
		return s.auditTask(ctx, c, p, t.AccountID, id, "delete_task", change{field: fmt.Sprintf("task %d", id), old: t.Title})
	})
}

// RestoreTask brings a deleted task back (administrators only); a task on
// a deleted account stays in the bin with it.
func (s *Store) RestoreTask(ctx context.Context, p *kam.Principal, id int64) (*TaskRow, error) {
	if err := requireAdmin(p); err != nil {
		return nil, err
	}
	var out *TaskRow
	err := s.inTx(ctx, func(c conn) error {
		err := markRestored(ctx, c, "tasks", "Task", id, s.Now())
		if err != nil {
			return err
		}
		rows, err := s.taskRows(ctx, c, "SELECT "+taskColumns+"WHERE t.id = ? AND (t.account_id IS NULL OR a.deleted_at IS NULL)", id)
		if err != nil {
			return err
		}
		if len(rows) == 0 {
			return kam.Errorf(kam.ECONFLICT, "Task %d cannot come back: its account is deleted.", id)
		}
		out = rows[0]
		return s.auditTask(ctx, c, p, out.AccountID, id, "restore_task", change{field: fmt.Sprintf("task %d", id), new: out.Title})
	})
	return out, err
}
