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
	big, err := s.largeBook(ctx, p)
	if err != nil {
		return nil, err
	}
	// A large book's cases are read along the due-day index, testing each
	// case's account, and the walk stops at the page; a small book's are
	// drawn from its accounts.
	from, pred, args := "cases k JOIN accounts a ON a.id = k.account_id", "", []any(nil)
	if big {
		from = "cases k CROSS JOIN accounts a"
		pred, args = accountScope(p, "a")
		pred += " AND a.id = k.account_id"
	} else {
		pred, args = accountListScope(p, "a")
	}
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
	var due kam.Date
	if cur != nil {
		if due, err = kam.ParseDate(cur.Value); err != nil {
			return nil, kam.FieldError("after", "The page cursor is invalid; start again from the first page.")
		}
	}
	// The cases with a due day come first, in (due, id) order, then those
	// without, in id order: two ordered reads, each of which an index can
	// serve, rather than one sort on a computed due day.
	page := &CasePage{Cases: []CaseHit{}}
	read := func(cond, order string, condArgs ...any) error {
		q := `SELECT k.id, a.id, a.name, k.kind, k.severity, k.status, k.subject, COALESCE(k.owner_id, 0),
			COALESCE(u.display_name, ''), k.opened_at, k.due, k.version
			FROM ` + from + ` LEFT JOIN users u ON u.id = k.owner_id
			WHERE ` + strings.Join(where, " AND ") + " AND " + cond + " ORDER BY " + order + " LIMIT " + strconv.Itoa(f.Limit+1-len(page.Cases))
		rows, err := s.reader().query(ctx, q, append(slices.Clone(args), condArgs...)...)
		if err != nil {
			return err
		}
		return eachRow(rows, func() error {
			var h CaseHit
			if err := rows.Scan(&h.ID, &h.AccountID, &h.AccountName, &h.Kind, &h.Severity, &h.Status, &h.Subject, &h.OwnerID,
				&h.OwnerName, &h.OpenedAt, &h.Due, &h.Version); err != nil {
				return err
			}
			h.Overdue = kam.CaseOpenStatus(h.Status) && !h.Due.IsZero() && h.Due.Before(f.Today)
			page.Cases = append(page.Cases, h)
			return nil
		})
	}
	switch {
	case cur == nil:
		err = read("k.due IS NOT NULL", "k.due, k.id")
	case due != noDue:
		err = read("k.due IS NOT NULL AND (k.due, k.id) > (?, ?)", "k.due, k.id", due, cur.ID)
	}
	if err == nil && len(page.Cases) <= f.Limit && !f.Overdue {
		if cur != nil && due == noDue {
			err = read("k.due IS NULL AND k.id > ?", "k.id", cur.ID)
		} else {
			err = read("k.due IS NULL", "k.id")
		}
	}
	if err != nil {
		return nil, fmt.Errorf("find cases: %w", err)
	}
	if len(page.Cases) > f.Limit {
		page.Cases = page.Cases[:f.Limit]
		last := page.Cases[f.Limit-1]
		lastDue := last.Due
		if lastDue.IsZero() {
			lastDue = noDue
		}
		page.Next = cursor{Sort: "due", Value: lastDue.String(), ID: last.ID, Filter: fp}.encode()
	}
	return page, nil
}
