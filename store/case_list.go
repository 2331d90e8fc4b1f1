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

// CaseHit is a case in a list of cases, with its account and owner.
type CaseHit struct {
	ID          int64        `json:"id"`
	AccountID   int64        `json:"account_id"`
	AccountName string       `json:"account_name"`
	Kind        kam.CaseKind `json:"kind"`
	Severity    string       `json:"severity"`
	Status      string       `json:"status"`
	Subject     string       `json:"subject"`
	OwnerID     int64        `json:"owner_id,omitempty"`
	OwnerName   string       `json:"owner_name,omitempty"`
	OpenedAt    time.Time    `json:"opened_at"`
	Due         kam.Date     `json:"due"`
	// Overdue is true for an unresolved case past its due day.
	Overdue bool  `json:"overdue"`
	Version int64 `json:"version"`
}

// CaseFilter selects cases of the accounts a principal may see. Lists are
// keyset-paged by due day (cases without one last): pass a page's Next as
// After.
type CaseFilter struct {
	// Status is one status, "unresolved" (open, in progress or waiting; the
	// default) or "all".
	Status    string
	Severity  string
	OwnerID   int64
	AccountID int64
	// Overdue keeps the unresolved cases past their due day.
	Overdue bool
	// Today is the day overdue is judged on; zero is today.
	Today kam.Date
	After string
	Limit int // default 50, at most 500
}

// CasePage is one page of cases.
type CasePage struct {
	Cases []CaseHit `json:"cases"`
	Next  string    `json:"next,omitempty"`
}

// CaseListStatuses are the values of CaseFilter.Status.
var CaseListStatuses = append([]string{"unresolved", "all"}, kam.CaseStatuses...)

// noDue sorts the cases without a due day after all others.
var noDue = kam.NewDate(9999, time.December, 31)

// FindCaseList returns one page of the cases of the accounts p may see,
// matching f, the earliest due first: overdue cases lead.
func (s *Store) FindCaseList(ctx context.Context, p *kam.Principal, f CaseFilter) (*CasePage, error) {
	switch {
	case f.Limit == 0:
		f.Limit = 50
	case f.Limit < 0 || f.Limit > 500:
		return nil, kam.FieldError("limit", "Limit must be between 1 and 500.")
	}
	if f.Status == "" {
		f.Status = "unresolved"
	}
	if !slices.Contains(CaseListStatuses, f.Status) {
		return nil, kam.FieldError("status", "Status must be one of %s.", strings.Join(CaseListStatuses, ", "))
	}
	if f.Severity != "" && !slices.Contains(kam.CaseSeverities, f.Severity) {
		return nil, kam.FieldError("severity", "Severity must be one of critical, high, medium, low.")
	}
	if f.Today.IsZero() {
		f.Today = kam.DateOf(s.Now())
	}
	fp := fingerprint(f.Status, f.Severity, f.OwnerID, f.AccountID, f.Overdue, f.Today.String())
	cur, err := decodeCursor(f.After, "due", false, fp)
	if err != nil {
		return nil, err
	}
	pred, args := accountListScope(p, "a")
	where := []string{"k.deleted_at IS NULL", "a.deleted_at IS NULL", pred}
	add := func(cond string, a ...any) { where = append(where, cond); args = append(args, a...) }
	switch f.Status {
	case "unresolved":
		add("k.status IN ('open', 'in_progress', 'waiting')")
	case "all":
	default:
		add("k.status = ?", f.Status)
	}
	if f.Severity != "" {
		add("k.severity = ?", f.Severity)
	}
	if f.OwnerID != 0 {
		add("k.owner_id = ?", f.OwnerID)
	}
	if f.AccountID != 0 {
		add("k.account_id = ?", f.AccountID)
	}
	if f.Overdue {
		add("k.status IN ('open', 'in_progress', 'waiting') AND k.due < ?", f.Today)
	}
	if cur != nil {
		due, err := kam.ParseDate(cur.Value)
		if err != nil {
			return nil, kam.FieldError("after", "The page cursor is invalid; start again from the first page.")
		}
		add("(COALESCE(k.due, ?) > ? OR (COALESCE(k.due, ?) = ? AND k.id > ?))", noDue, due, noDue, due, cur.ID)
	}
	args = append([]any{noDue}, args...)
	rows, err := s.reader().query(ctx, `SELECT k.id, a.id, a.name, k.kind, k.severity, k.status, k.subject, COALESCE(k.owner_id, 0),
		COALESCE(u.display_name, ''), k.opened_at, k.due, k.version, COALESCE(k.due, ?) AS sort_due
		FROM cases k CROSS JOIN accounts a LEFT JOIN users u ON u.id = k.owner_id
		WHERE a.id = k.account_id AND `+strings.Join(where, " AND ")+` ORDER BY sort_due, k.id LIMIT `+strconv.Itoa(f.Limit+1), args...)
	if err != nil {
		return nil, fmt.Errorf("find cases: %w", err)
	}
	page := &CasePage{Cases: []CaseHit{}}
	var lastDue kam.Date
	err = eachRow(rows, func() error {
		if len(page.Cases) == f.Limit {
			page.Next = cursor{Sort: "due", Value: lastDue.String(), ID: page.Cases[f.Limit-1].ID, Filter: fp}.encode()
			return nil
		}
		var h CaseHit
		if err := rows.Scan(&h.ID, &h.AccountID, &h.AccountName, &h.Kind, &h.Severity, &h.Status, &h.Subject, &h.OwnerID,
			&h.OwnerName, &h.OpenedAt, &h.Due, &h.Version, &lastDue); err != nil {
			return err
		}
		h.Overdue = kam.CaseOpenStatus(h.Status) && !h.Due.IsZero() && h.Due.Before(f.Today)
		page.Cases = append(page.Cases, h)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("find cases: %w", err)
	}
	return page, nil
}
