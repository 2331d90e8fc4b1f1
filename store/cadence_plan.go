package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/kamhq/kam"
)

// The call plan: for one account manager, each account's next contact due
// (its last contact plus its cadence), the overdue ones first, then week by
// week for the coming weeks, with the visits, calls and tasks already
// planned on each account.

// Call plan bounds: how many weeks ahead it looks.
const (
	DefaultPlanWeeks = 6
	MinPlanWeeks     = 1
	MaxPlanWeeks     = 12
)

// CallPlanFilter says whose plan, from which day, for how many weeks.
type CallPlanFilter struct {
	// OwnerID is the account manager; 0 is p's own user.
	OwnerID int64
	// Today is the day the plan starts; zero is today.
	Today kam.Date
	// Weeks is how many weeks ahead (default 6, 1 to 12).
	Weeks int
}

// CallPlan is one account manager's calls to make.
type CallPlan struct {
	OwnerID   int64    `json:"owner_id"`
	OwnerName string   `json:"owner_name"`
	Today     kam.Date `json:"today"`
	// Overdue are the accounts whose contact was due before today, the
	// longest overdue first.
	Overdue []CallDue `json:"overdue"`
	// Weeks are the coming weeks, Monday to Sunday, the first holding today.
	Weeks []CallWeek `json:"weeks"`
	// Later counts the accounts due after the last week.
	Later int `json:"later"`
}

// CallWeek is one week of a call plan.
type CallWeek struct {
	Start kam.Date  `json:"start"` // a Monday
	End   kam.Date  `json:"end"`   // its Sunday
	Calls []CallDue `json:"calls"`
}

// CallDue is one account's next contact.
type CallDue struct {
	AccountID   int64  `json:"account_id"`
	AccountName string `json:"account_name"`
	Tier        string `json:"tier"`
	// CadenceDays is the cadence that applies; OwnCadence marks the
	// account's own rather than its tier's.
	CadenceDays int      `json:"cadence_days"`
	OwnCadence  bool     `json:"own_cadence"`
	LastContact kam.Date `json:"last_contact,omitzero"`
	Due         kam.Date `json:"due"`
	DaysLate    int      `json:"days_late"`
	// Planned are the visits, meetings and calls scheduled on the account
	// and its open tasks, from today to the plan's end (tasks late
	// already included).
	Planned []Planned `json:"planned"`
}

// Planned is a contact or task already scheduled on an account.
type Planned struct {
	Kind  string   `json:"kind"` // visit, meeting, call, email or task
	ID    int64    `json:"id"`   // the activity's or task's id
	Date  kam.Date `json:"date"`
	Title string   `json:"title"`
}

// PlanOwner is an account manager whose call plan may be looked at.
type PlanOwner struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// CallPlanOwners lists the users who own accounts p may see, by name: the
// account managers whose call plan p may look at.
func (s *Store) CallPlanOwners(ctx context.Context, p *kam.Principal) ([]PlanOwner, error) {
	pred, args := accountScope(p, "a")
	out, err := summary(ctx, s, fmt.Sprint("plan owners ", pred, args), func() ([]PlanOwner, error) {
		ids, err := s.reader().ids(ctx, `SELECT DISTINCT a.owner_id FROM accounts a WHERE a.owner_id IS NOT NULL AND a.deleted_at IS NULL
			AND a.status NOT IN ('lost','prospect') AND `+pred, args...)
		if err != nil {
			return nil, fmt.Errorf("read account owners: %w", err)
		}
		out := make([]PlanOwner, len(ids))
		for i, id := range ids {
			out[i].ID = id
			if out[i].Name, err = s.userName(ctx, id); err != nil {
				return nil, err
			}
		}
		slices.SortFunc(out, func(x, y PlanOwner) int { return strings.Compare(x.Name, y.Name) })
		return out, nil
	})
	return slices.Clone(out), err
}

// FindCallPlan returns the call plan of an account manager's accounts that
// p may see: the active, onboarding and at-risk ones (lost accounts and
// prospects have no cadence).
func (s *Store) FindCallPlan(ctx context.Context, p *kam.Principal, f CallPlanFilter) (*CallPlan, error) {
	if f.OwnerID == 0 {
		f.OwnerID = p.UserID
	}
	if f.Today.IsZero() {
		f.Today = kam.DateOf(s.Now())
	}
	if f.Weeks == 0 {
		f.Weeks = DefaultPlanWeeks
	}
	if f.Weeks < MinPlanWeeks || f.Weeks > MaxPlanWeeks {
		return nil, kam.FieldError("weeks", "A call plan looks %d to %d weeks ahead.", MinPlanWeeks, MaxPlanWeeks)
	}
	if f.OwnerID != p.UserID { // someone else's plan: only of a manager whose accounts p sees, or it would name anyone
		pred, args := accountScope(p, "a")
		ids, err := s.reader().ids(ctx, `SELECT a.id FROM accounts a WHERE a.owner_id = ? AND a.deleted_at IS NULL AND `+pred+` LIMIT 1`,
			append([]any{f.OwnerID}, args...)...)
		if err != nil {
			return nil, fmt.Errorf("read the call plan's owner: %w", err)
		}
		if len(ids) == 0 {
			return nil, kam.Errorf(kam.ENOTFOUND, "User %d owns no accounts you may see.", f.OwnerID)
		}
	}
	name, err := s.userName(ctx, f.OwnerID)
	if err != nil {
		return nil, err
	}
	plan := &CallPlan{OwnerID: f.OwnerID, OwnerName: name, Today: f.Today, Overdue: []CallDue{}}
	monday := f.Today.AddDays(-((int(f.Today.Time().Weekday()) + 6) % 7))
	for w := range f.Weeks {
		start := monday.AddDays(7 * w)
		plan.Weeks = append(plan.Weeks, CallWeek{Start: start, End: start.AddDays(6), Calls: []CallDue{}})
	}
	end := monday.AddDays(7 * f.Weeks) // the day after the plan
	dues, err := summary(ctx, s, fmt.Sprint("cadence dues ", p.UserID, p.Role, p.OrgSubtree, f.OwnerID, f.Today), func() ([]CallDue, error) {
		return s.cadenceDues(ctx, p, f.OwnerID, f.Today)
	})
	if err != nil {
		return nil, err
	}
	planned, err := summary(ctx, s, fmt.Sprint("planned contacts ", p.UserID, p.Role, p.OrgSubtree, f.OwnerID, f.Today, end), func() (map[int64][]Planned, error) {
		return s.plannedContacts(ctx, p, f.OwnerID, f.Today, end)
	})
	if err != nil {
		return nil, err
	}
	for _, d := range dues {
		d.Planned = append([]Planned{}, planned[d.AccountID]...) // the kept map is shared
		switch {
		case d.Due.Before(f.Today):
			plan.Overdue = append(plan.Overdue, d)
		case d.Due.Before(end):
			w := &plan.Weeks[monday.DaysUntil(d.Due)/7]
			w.Calls = append(w.Calls, d)
		default:
			plan.Later++
		}
	}
	slices.SortStableFunc(plan.Overdue, func(x, y CallDue) int { return y.DaysLate - x.DaysLate })
	return plan, nil
}

// cadenceDues are the next contacts due of an owner's accounts p may see,
// soonest due first.
func (s *Store) cadenceDues(ctx context.Context, p *kam.Principal, ownerID int64, today kam.Date) ([]CallDue, error) {
	tc, err := s.TierCadence(ctx)
	if err != nil {
		return nil, err
	}
	pred, args := accountScope(p, "a")
	pred += " AND a.owner_id = ? AND a.status NOT IN ('lost','prospect')"
	args = append(args, ownerID)
	c := s.reader()
	last, err := lastContacts(ctx, c, pred, args, today.AddDays(1).Time())
	if err != nil {
		return nil, err
	}
	rows, err := c.query(ctx, `SELECT a.id, a.name, a.tier, COALESCE(a.cadence_days, 0) FROM accounts a
		WHERE a.deleted_at IS NULL AND `+pred+` ORDER BY a.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("read the call plan: %w", err)
	}
	var out []CallDue
	err = eachRow(rows, func() error {
		var d CallDue
		var own int
		if err := rows.Scan(&d.AccountID, &d.AccountName, &d.Tier, &own); err != nil {
			return err
		}
		d.CadenceDays, d.OwnCadence = tc.Days(d.Tier), own > 0
		if own > 0 {
			d.CadenceDays = own
		}
		d.LastContact = last[d.AccountID]
		d.Due = kam.NextContactDue(d.LastContact, d.CadenceDays, today)
		d.DaysLate = max(0, d.Due.DaysUntil(today))
		out = append(out, d)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read the call plan: %w", err)
	}
	slices.SortStableFunc(out, func(x, y CallDue) int {
		if c := x.Due.Time().Compare(y.Due.Time()); c != 0 {
			return c
		}
		return strings.Compare(x.AccountName, y.AccountName)
	})
	return out, nil
}

// plannedContacts are the contacts scheduled from today to end (exclusive)
// on an owner's accounts p may see, and their open tasks due by then, by
// account, soonest first.
func (s *Store) plannedContacts(ctx context.Context, p *kam.Principal, ownerID int64, today, end kam.Date) (map[int64][]Planned, error) {
	pred, args := accountScope(p, "a")
	pred += " AND a.owner_id = ? AND a.deleted_at IS NULL"
	args = append(args, ownerID)
	out := map[int64][]Planned{}
	read := func(q string, first []any, kind func(string) string) error {
		rows, err := s.reader().query(ctx, q, append(first, args...)...)
		if err != nil {
			return fmt.Errorf("read planned contacts: %w", err)
		}
		return eachRow(rows, func() error {
			var account int64
			var x Planned
			var at sql.NullTime
			var due kam.Date
			var k string
			if err := rows.Scan(&account, &x.ID, &k, &x.Title, &at, &due); err != nil {
				return err
			}
			x.Kind, x.Date = kind(k), due
			if at.Valid {
				x.Date = kam.DateOf(at.Time.UTC())
			}
			if x.Title == "" {
				x.Title = capitalised(x.Kind)
			}
			out[account] = append(out[account], x)
			return nil
		})
	}
	err := read(`SELECT v.account_id, v.id, v.kind, v.subject, v.occurred_at, NULL FROM activities v JOIN accounts a ON a.id = v.account_id
		WHERE v.deleted_at IS NULL AND v.kind <> 'note' AND v.occurred_at >= ? AND v.occurred_at < ? AND `+pred+` ORDER BY v.occurred_at`,
		[]any{today.Time(), end.Time()}, func(k string) string { return k })
	if err != nil {
		return nil, err
	}
	err = read(`SELECT k.account_id, k.id, 'task', k.title, NULL, k.due FROM tasks k JOIN accounts a ON a.id = k.account_id
		WHERE k.deleted_at IS NULL AND k.done_at IS NULL AND k.due < ? AND `+pred+` ORDER BY k.due`,
		[]any{end}, func(string) string { return "task" })
	if err != nil {
		return nil, err
	}
	for _, list := range out {
		slices.SortStableFunc(list, func(x, y Planned) int { return x.Date.Time().Compare(y.Date.Time()) })
	}
	return out, nil
}
