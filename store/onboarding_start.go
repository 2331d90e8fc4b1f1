package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/kamhq/kam"
)

// Starting a checklist template on an account makes an onboarding: one
// step per template step, each with a task for the user its role names on
// the account, due on the step's day. It all happens in one transaction.

// StartOnboarding starts template templateID on an account p may change,
// from a start day (zero: today). Each step's due day is the start plus
// its offset, but never before the day after the steps it waits for are
// due; its owner is found by its role (see stepOwners) and is the
// account's owner when the role names no one who can take the task. The
// same template cannot run twice at once on an account (ECONFLICT).
func (s *Store) StartOnboarding(ctx context.Context, p *kam.Principal, accountID, templateID int64, start kam.Date) (*kam.Onboarding, error) {
	if err := requireWrite(p); err != nil {
		return nil, err
	}
	now := s.Now()
	if start.IsZero() {
		start = kam.DateOf(now)
	}
	var out *kam.Onboarding
	err := s.inTx(ctx, func(c conn) error {
		if err := checkAccountWrite(ctx, c, p, accountID); err != nil {
			return err
		}
		t, err := s.findTemplate(ctx, c, templateID)
		if err != nil {
			return kam.FieldError("template_id", "%s", kam.ErrorMessage(err))
		}
		// Two starts at once wait for each other on the account's row
		// (PostgreSQL; SQLite has one writer), so the second sees the first.
		if _, err := c.ids(ctx, "SELECT id FROM accounts WHERE id = ?"+c.d.forUpdate(), accountID); err != nil {
			return fmt.Errorf("lock account %d: %w", accountID, err)
		}
		var running int64
		if err := c.queryRow(ctx, `SELECT COALESCE(MIN(o.id), 0) FROM onboardings o WHERE o.account_id = ? AND o.template_id = ? AND o.deleted_at IS NULL
			AND EXISTS (SELECT 1 FROM onboarding_steps st JOIN tasks k ON k.id = st.task_id
				WHERE st.onboarding_id = o.id AND k.done_at IS NULL AND k.deleted_at IS NULL)`, accountID, templateID).Scan(&running); err != nil {
			return fmt.Errorf("find running onboardings: %w", err)
		}
		if running != 0 {
			return kam.Errorf(kam.ECONFLICT, "%s is already running on this account (onboarding %d); finish or cancel it before starting it again.", t.Name, running)
		}
		owners, err := s.stepOwners(ctx, c, p, accountID, t.Steps)
		if err != nil {
			return err
		}
		out = &kam.Onboarding{AccountID: accountID, TemplateID: t.ID, TemplateVersion: t.Version, Name: t.Name, Start: start,
			StartedBy: p.UserID, CreatedAt: now, Version: 1}
		out.ID, err = c.insert(ctx, `INSERT INTO onboardings (account_id, template_id, template_version, name, start_on, started_by, version, created_at, updated_at)
			VALUES (?,?,?,?,?,?,?,?,?)`, accountID, t.ID, t.Version, t.Name, start, nullID(p.UserID), out.Version, now, now)
		if err != nil {
			return fmt.Errorf("start onboarding: %w", err)
		}
		due, deps := t.Schedule(start), t.Dependencies()
		for i, step := range t.Steps {
			st := kam.OnboardingStep{Position: i + 1, Title: step.Title, Owner: step.Owner, TeamRole: step.TeamRole,
				OffsetDays: step.OffsetDays, DependsOn: []int{}, Due: due[i], AssigneeID: owners[i]}
			for _, d := range deps[i] {
				st.DependsOn = append(st.DependsOn, d+1)
			}
			title := step.Title + " (" + t.Name + ")"
			if st.TaskID, err = c.insert(ctx, "INSERT INTO tasks (account_id, assignee_id, title, due, created_at) VALUES (?,?,?,?,?)",
				accountID, st.AssigneeID, truncateRunes(title, maxTitle), st.Due, now); err != nil {
				return fmt.Errorf("start onboarding: task of step %d: %w", st.Position, err)
			}
			if st.ID, err = c.insert(ctx, `INSERT INTO onboarding_steps (onboarding_id, position, title, owner_role, team_role, offset_days, depends_on, due, task_id)
				VALUES (?,?,?,?,?,?,?,?,?)`, out.ID, st.Position, st.Title, st.Owner, st.TeamRole, st.OffsetDays, joinInts(st.DependsOn), st.Due, st.TaskID); err != nil {
				return fmt.Errorf("start onboarding: step %d: %w", st.Position, err)
			}
			if err := s.auditTask(ctx, c, p, accountID, st.TaskID, "add_task", change{field: fmt.Sprintf("task %d", st.TaskID), new: title}); err != nil {
				return err
			}
			out.Steps = append(out.Steps, st)
		}
		if err := s.audit(ctx, c, p, "onboarding", out.ID, "start", change{field: "name", new: t.Name},
			change{field: "account_id", new: idText(accountID)}, change{field: "start", new: start.String()}); err != nil {
			return err
		}
		return queueRollups(ctx, c, map[int64]bool{accountID: true}, now)
	})
	if err != nil {
		return nil, err
	}
	s.refreshQueued(ctx, accountID)
	return s.FindOnboarding(ctx, p, out.ID)
}

// teamSeatRole is a member of an account's team with their team role and
// user role.
type teamSeatRole struct {
	userID   int64
	teamRole string
	userRole kam.Role
}

// stepOwners finds, for each step, the user who does it on the account:
// the account's owner; its KAM (the owner when they are a key account
// manager, else the first KAM on its team); the owner's manager; or the
// first team member with the step's team role (case aside). A role that
// names no one, or someone who cannot take the task (inactive, read-only,
// or not seeing the account), falls back to the account's owner, and an
// account with no owner who can to p.
func (s *Store) stepOwners(ctx context.Context, c conn, p *kam.Principal, accountID int64, steps []kam.ChecklistStep) ([]int64, error) {
	var owner, manager int64
	var ownerRole string
	if err := c.queryRow(ctx, `SELECT COALESCE(a.owner_id, 0), COALESCE(u.role, ''), COALESCE(u.manager_id, 0)
		FROM accounts a LEFT JOIN users u ON u.id = a.owner_id WHERE a.id = ?`, accountID).Scan(&owner, &ownerRole, &manager); err != nil {
		return nil, fmt.Errorf("read account %d's owner: %w", accountID, err)
	}
	rows, err := c.query(ctx, `SELECT t.user_id, t.role, u.role FROM account_team_members t JOIN users u ON u.id = t.user_id
		WHERE t.account_id = ? ORDER BY t.added_at, t.user_id`, accountID)
	if err != nil {
		return nil, fmt.Errorf("read account %d's team: %w", accountID, err)
	}
	var team []teamSeatRole
	err = eachRow(rows, func() error {
		var m teamSeatRole
		err := rows.Scan(&m.userID, &m.teamRole, &m.userRole)
		team = append(team, m)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read account %d's team: %w", accountID, err)
	}
	able := map[int64]bool{}
	canTake := func(id int64) bool {
		if id == 0 {
			return false
		}
		if ok, seen := able[id]; seen {
			return ok
		}
		ap, err := s.PrincipalFor(ctx, id)
		ok := err == nil && ap.CanWrite()
		if ok {
			_, err = s.findAccount(ctx, c, ap, accountID)
			ok = err == nil
		}
		able[id] = ok
		return ok
	}
	fallback := owner
	if !canTake(owner) {
		fallback = p.UserID
	}
	if fallback == 0 {
		return nil, kam.Errorf(kam.EINVALID, "Account %d has no owner to give the steps to; give it an owner first.", accountID)
	}
	out := make([]int64, len(steps))
	for i, st := range steps {
		var who int64
		switch st.Owner {
		case kam.StepOwnerAccount:
			who = owner
		case kam.StepOwnerKAM:
			if kam.Role(ownerRole) == kam.RoleKAM {
				who = owner
			}
			for _, m := range team {
				if who == 0 && m.userRole == kam.RoleKAM && canTake(m.userID) {
					who = m.userID
				}
			}
		case kam.StepOwnerManager:
			who = manager
		case kam.StepOwnerTeam:
			for _, m := range team {
				if who == 0 && strings.EqualFold(strings.TrimSpace(m.teamRole), st.TeamRole) && canTake(m.userID) {
					who = m.userID
				}
			}
		}
		if !canTake(who) {
			who = fallback
		}
		out[i] = who
	}
	return out, nil
}

// joinInts writes numbers comma-separated, for a TEXT column.
func joinInts(ns []int) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, ",")
}

// splitInts reads what joinInts wrote.
func splitInts(s string) []int {
	out := []int{}
	for part := range strings.SplitSeq(s, ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(part)); err == nil {
			out = append(out, n)
		}
	}
	return out
}

// truncateRunes cuts s to at most n characters.
func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
