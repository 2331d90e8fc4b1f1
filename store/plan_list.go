package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kamhq/kam"
)

// PlanHit is a plan in a list of plans, with its account and the figures
// its summary shows.
type PlanHit struct {
	ID          int64    `json:"id"`
	AccountID   int64    `json:"account_id"`
	AccountName string   `json:"account_name"`
	Title       string   `json:"title"`
	Status      string   `json:"status"`
	PeriodStart kam.Date `json:"period_start"`
	PeriodEnd   kam.Date `json:"period_end"`
	NextReview  kam.Date `json:"next_review"`
	// ReviewOverdue is true for a plan not archived whose next review is
	// past.
	ReviewOverdue bool `json:"review_overdue"`
	Objectives    int  `json:"objectives"`
	// OpenActions counts the actions not done yet, LateActions those of
	// them past their deadline.
	OpenActions int       `json:"open_actions"`
	LateActions int       `json:"late_actions"`
	Version     int64     `json:"version"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// PlanFilter selects plans of the accounts a principal may see. Lists are
// keyset-paged by next review (plans without one last): pass a page's Next
// as After.
type PlanFilter struct {
	// Status is one status, "current" (draft or active; the default) or
	// "all".
	Status    string
	AccountID int64
	// Overdue keeps the plans whose review is past.
	Overdue bool
	// Today is the day overdue is judged on; zero is today.
	Today kam.Date
	After string
	Limit int // default 50, at most 500
}

// PlanPage is one page of plans.
type PlanPage struct {
	Plans []PlanHit `json:"plans"`
	Next  string    `json:"next,omitempty"`
}

// PlanListStatuses are the values of PlanFilter.Status.
var PlanListStatuses = append([]string{"current", "all"}, kam.PlanStatuses...)

// FindPlanList returns one page of the plans of the accounts p may see,
// matching f, the earliest next review first: overdue reviews lead.
func (s *Store) FindPlanList(ctx context.Context, p *kam.Principal, f PlanFilter) (*PlanPage, error) {
	switch {
	case f.Limit == 0:
		f.Limit = 50
	case f.Limit < 0 || f.Limit > 500:
		return nil, kam.FieldError("limit", "Limit must be between 1 and 500.")
	}
	if f.Status == "" {
		f.Status = "current"
	}
	if !slices.Contains(PlanListStatuses, f.Status) {
		return nil, kam.FieldError("status", "Status must be one of %s.", strings.Join(PlanListStatuses, ", "))
	}
	if f.Today.IsZero() {
		f.Today = kam.DateOf(s.Now())
	}
	fp := fingerprint(f.Status, f.AccountID, f.Overdue, f.Today.String())
	cur, err := decodeCursor(f.After, "review", false, fp)
	if err != nil {
		return nil, err
	}
	pred, args := accountListScope(p, "a")
	args = append([]any{f.Today, noDue}, args...)
	where := []string{"ap.deleted_at IS NULL", "a.deleted_at IS NULL", pred}
	add := func(cond string, a ...any) { where = append(where, cond); args = append(args, a...) }
	switch f.Status {
	case "current":
		add("ap.status IN ('draft', 'active')")
	case "all":
	default:
		add("ap.status = ?", f.Status)
	}
	if f.AccountID != 0 {
		add("ap.account_id = ?", f.AccountID)
	}
	if f.Overdue {
		add("ap.status <> 'archived' AND ap.next_review < ?", f.Today)
	}
	if cur != nil {
		day, err := kam.ParseDate(cur.Value)
		if err != nil {
			return nil, kam.FieldError("after", "The page cursor is invalid; start again from the first page.")
		}
		add("(COALESCE(ap.next_review, ?) > ? OR (COALESCE(ap.next_review, ?) = ? AND ap.id > ?))", noDue, day, noDue, day, cur.ID)
	}
	// Plans are few beside accounts: CROSS JOIN keeps SQLite reading the
	// plans and testing each one's account, rather than every account of a
	// large scope (PostgreSQL plans the join either way).
	rows, err := s.reader().query(ctx, `SELECT ap.id, a.id, a.name, ap.title, ap.status, ap.period_start, ap.period_end, ap.next_review,
		(SELECT COUNT(*) FROM plan_items i WHERE i.plan_id = ap.id AND i.removed_at IS NULL AND i.kind = 'objective'),
		(SELECT COUNT(*) FROM plan_items i WHERE i.plan_id = ap.id AND i.removed_at IS NULL AND i.kind = 'action' AND i.done_on IS NULL),
		(SELECT COUNT(*) FROM plan_items i WHERE i.plan_id = ap.id AND i.removed_at IS NULL AND i.kind = 'action' AND i.done_on IS NULL AND i.due < ?),
		ap.version, ap.updated_at, COALESCE(ap.next_review, ?) AS sort_review
		FROM account_plans ap CROSS JOIN accounts a
		WHERE a.id = ap.account_id AND `+strings.Join(where, " AND ")+` ORDER BY sort_review, ap.id LIMIT `+strconv.Itoa(f.Limit+1), args...)
	if err != nil {
		return nil, fmt.Errorf("find plans: %w", err)
	}
	page := &PlanPage{Plans: []PlanHit{}}
	var last kam.Date
	err = eachRow(rows, func() error {
		if len(page.Plans) == f.Limit {
			page.Next = cursor{Sort: "review", Value: last.String(), ID: page.Plans[f.Limit-1].ID, Filter: fp}.encode()
			return nil
		}
		var h PlanHit
		if err := rows.Scan(&h.ID, &h.AccountID, &h.AccountName, &h.Title, &h.Status, &h.PeriodStart, &h.PeriodEnd, &h.NextReview,
			&h.Objectives, &h.OpenActions, &h.LateActions, &h.Version, &h.UpdatedAt, &last); err != nil {
			return err
		}
		h.UpdatedAt = h.UpdatedAt.UTC()
		h.ReviewOverdue = h.Status != "archived" && !h.NextReview.IsZero() && h.NextReview.Before(f.Today)
		page.Plans = append(page.Plans, h)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("find plans: %w", err)
	}
	return page, nil
}
