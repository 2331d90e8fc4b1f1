package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kamhq/kam"
)

// Reading onboardings: each is scoped through its account, and its steps
// are judged (done, late, waiting, open) as of today.

// OnboardingFilter selects onboardings of the accounts a principal sees.
type OnboardingFilter struct {
	AccountID int64
	// Running keeps those with a step still to do; Late those with a step
	// past its due day.
	Running, Late bool
	Limit         int // default 100, at most 500
}

// onboardingColumns are the columns scanOnboarding reads, over
// onboardings o and accounts a.
const onboardingColumns = `o.id, o.account_id, a.name, o.template_id, o.template_version, o.name, o.start_on, COALESCE(o.started_by, 0),
	o.created_at, o.version`

func scanOnboarding(scan func(...any) error) (*kam.Onboarding, error) {
	var o kam.Onboarding
	err := scan(&o.ID, &o.AccountID, &o.AccountName, &o.TemplateID, &o.TemplateVersion, &o.Name, &o.Start, &o.StartedBy, &o.CreatedAt, &o.Version)
	return &o, err
}

// FindOnboarding returns an onboarding of an account p may see, with its
// steps judged as of today; anything else is ENOTFOUND.
func (s *Store) FindOnboarding(ctx context.Context, p *kam.Principal, id int64) (*kam.Onboarding, error) {
	return s.findOnboarding(ctx, s.reader(), p, id)
}

func (s *Store) findOnboarding(ctx context.Context, c conn, p *kam.Principal, id int64) (*kam.Onboarding, error) {
	pred, args := accountScope(p, "a")
	o, err := scanOnboarding(c.queryRow(ctx, `SELECT `+onboardingColumns+` FROM onboardings o JOIN accounts a ON a.id = o.account_id
		WHERE o.id = ? AND o.deleted_at IS NULL AND a.deleted_at IS NULL AND `+pred, append([]any{id}, args...)...).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kam.Errorf(kam.ENOTFOUND, "Onboarding %d not found.", id)
	} else if err != nil {
		return nil, fmt.Errorf("find onboarding %d: %w", id, err)
	}
	if err := s.readSteps(ctx, c, []*kam.Onboarding{o}); err != nil {
		return nil, err
	}
	return o, nil
}

// FindOnboardings lists the onboardings of the accounts p sees that f
// selects, the latest started first, each with its steps judged.
func (s *Store) FindOnboardings(ctx context.Context, p *kam.Principal, f OnboardingFilter) ([]*kam.Onboarding, error) {
	switch {
	case f.Limit == 0:
		f.Limit = 100
	case f.Limit < 0 || f.Limit > 500:
		return nil, kam.FieldError("limit", "Limit must be between 1 and 500.")
	}
	pred, args := accountListScope(p, "a")
	where := []string{"o.deleted_at IS NULL", "a.deleted_at IS NULL", pred}
	if f.AccountID != 0 {
		if _, err := s.FindAccountByID(ctx, p, f.AccountID); err != nil {
			return nil, err
		}
		where = append(where, "o.account_id = ?")
		args = append(args, f.AccountID)
	}
	open := "EXISTS (SELECT 1 FROM onboarding_steps st JOIN tasks k ON k.id = st.task_id WHERE st.onboarding_id = o.id AND k.done_at IS NULL AND k.deleted_at IS NULL"
	if f.Running {
		where = append(where, open+")")
	}
	if f.Late {
		where = append(where, open+" AND COALESCE(k.due, st.due) < ?)")
		args = append(args, kam.DateOf(s.Now()))
	}
	// Onboardings are few beside accounts: CROSS JOIN keeps SQLite reading
	// them and testing each one's account (PostgreSQL plans it either way).
	rows, err := s.reader().query(ctx, `SELECT `+onboardingColumns+` FROM onboardings o CROSS JOIN accounts a
		WHERE a.id = o.account_id AND `+strings.Join(where, " AND ")+` ORDER BY o.start_on DESC, o.id DESC LIMIT `+strconv.Itoa(f.Limit), args...)
	if err != nil {
		return nil, fmt.Errorf("find onboardings: %w", err)
	}
	out := []*kam.Onboarding{}
	err = eachRow(rows, func() error {
		o, err := scanOnboarding(rows.Scan)
		out = append(out, o)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find onboardings: %w", err)
	}
	return out, s.readSteps(ctx, s.reader(), out)
}

// readSteps fills the steps of onboardings, with their tasks' assignees and
// completion, and judges them as of today.
func (s *Store) readSteps(ctx context.Context, c conn, list []*kam.Onboarding) error {
	if len(list) == 0 {
		return nil
	}
	byID := map[int64]*kam.Onboarding{}
	args := make([]any, len(list))
	for i, o := range list {
		byID[o.ID], args[i] = o, o.ID
	}
	rows, err := c.query(ctx, `SELECT st.onboarding_id, st.id, st.position, st.title, st.owner_role, st.team_role, st.offset_days, st.depends_on,
		COALESCE(k.due, st.due), st.task_id, k.assignee_id, k.done_at, k.deleted_at IS NOT NULL FROM onboarding_steps st JOIN tasks k ON k.id = st.task_id
		WHERE st.onboarding_id IN (`+placeholders(len(list))+`) ORDER BY st.onboarding_id, st.position`, args...)
	if err != nil {
		return fmt.Errorf("read onboarding steps: %w", err)
	}
	err = eachRow(rows, func() error {
		var id int64
		var st kam.OnboardingStep
		var deps string
		var done *time.Time
		if err := rows.Scan(&id, &st.ID, &st.Position, &st.Title, &st.Owner, &st.TeamRole, &st.OffsetDays, &deps, &st.Due, &st.TaskID,
			&st.AssigneeID, &done, &st.Dropped); err != nil {
			return err
		}
		if done != nil {
			at := done.UTC()
			st.DoneAt = &at
		}
		st.DependsOn = splitInts(deps)
		byID[id].Steps = append(byID[id].Steps, st)
		return nil
	})
	if err != nil {
		return fmt.Errorf("read onboarding steps: %w", err)
	}
	today := kam.DateOf(s.Now())
	for _, o := range list {
		for i := range o.Steps {
			if o.Steps[i].AssigneeName, err = s.userName(ctx, o.Steps[i].AssigneeID); err != nil {
				return err
			}
		}
		o.Judge(today)
	}
	return nil
}

// CompleteOnboardingStep marks a step done by completing its task: its
// assignee may, and so may anyone who may change the account. The
// account's flags are refreshed, so that a late step's flag is resolved.
// It returns the step's onboarding.
func (s *Store) CompleteOnboardingStep(ctx context.Context, p *kam.Principal, stepID int64) (*kam.Onboarding, error) {
	var id int64
	err := s.reader().queryRow(ctx, "SELECT onboarding_id FROM onboarding_steps WHERE id = ?", stepID).Scan(&id)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("find onboarding step %d: %w", stepID, err)
	}
	o, err := s.FindOnboarding(ctx, p, id)
	if kam.ErrorCode(err) == kam.ENOTFOUND {
		return nil, kam.Errorf(kam.ENOTFOUND, "Onboarding step %d not found.", stepID)
	} else if err != nil {
		return nil, err
	}
	var step *kam.OnboardingStep
	for i := range o.Steps {
		if o.Steps[i].ID == stepID {
			step = &o.Steps[i]
		}
	}
	if step.Dropped {
		return nil, kam.Errorf(kam.ECONFLICT, "Step %d (%s) was dropped: its task is deleted.", step.Position, step.Title)
	}
	if err := s.CompleteTask(ctx, p, step.TaskID); err != nil {
		return nil, err
	}
	if err := s.inTx(ctx, func(c conn) error {
		return queueRollups(ctx, c, map[int64]bool{o.AccountID: true}, s.Now())
	}); err != nil {
		return nil, err
	}
	s.refreshQueued(ctx, o.AccountID)
	return s.FindOnboarding(ctx, p, id)
}

// CancelOnboarding stops an onboarding on an account p may change: it goes
// to the bin with the tasks of its steps not done yet. version, if not 0,
// must still be its version.
func (s *Store) CancelOnboarding(ctx context.Context, p *kam.Principal, id, version int64) error {
	var accountID int64
	err := s.inTx(ctx, func(c conn) error {
		o, err := s.findOnboarding(ctx, c, p, id)
		if err != nil {
			return err
		}
		if err := checkAccountWrite(ctx, c, p, o.AccountID); err != nil {
			return err
		}
		if version != 0 && version != o.Version {
			return staleError("Onboarding", id, version, o.Version)
		}
		now := s.Now()
		if err := markDeleted(ctx, c, "onboardings", "Onboarding", id, o.Version, now); err != nil {
			return err
		}
		res, err := c.exec(ctx, `UPDATE tasks SET deleted_at = ?, version = version + 1 WHERE done_at IS NULL AND deleted_at IS NULL
			AND id IN (SELECT task_id FROM onboarding_steps WHERE onboarding_id = ?)`, now, id)
		if err != nil {
			return fmt.Errorf("cancel onboarding %d: %w", id, err)
		}
		accountID = o.AccountID
		if err := s.audit(ctx, c, p, "onboarding", id, "cancel", change{field: "name", old: o.Name},
			change{field: "open_tasks_deleted", new: strconv.Itoa(rowsAffected(res))}); err != nil {
			return err
		}
		return queueRollups(ctx, c, map[int64]bool{accountID: true}, now)
	})
	if err == nil {
		s.refreshQueued(ctx, accountID)
	}
	return err
}
