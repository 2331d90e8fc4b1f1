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

// Targets: revenue quotas for people and org units, objectives for
// accounts, each over a whole month, fiscal quarter or fiscal year (the
// fiscal_year setting). Who sees a target: a person's quota is seen as the
// person's own records are (the person, and the directors and viewers of
// their org subtree); a unit's quota by the directors and viewers whose
// subtree holds the unit; an account's objective by whoever sees the
// account. Administrators see all.

// targetColumns are the columns scanTarget reads, in its order, over
// targetsFrom.
const targetColumns = `t.id, COALESCE(t.user_id, 0), COALESCE(t.org_unit_id, 0), COALESCE(t.account_id, 0), t.period_start,
	t.period_end, t.kind, t.basis, t.amount, t.currency, t.description, t.version, COALESCE(t.created_by, 0), t.created_at, t.updated_at`

// targetsFrom is the targets table with user_id also as owner_id, so that
// scopePredicate reads a person's quota as a record the person owns and a
// unit's as one sitting in the unit.
const targetsFrom = `(SELECT targets.*, user_id AS owner_id FROM targets) t`

// scanTarget reads a row of targetColumns.
func scanTarget(scan func(...any) error) (*kam.Target, error) {
	var t kam.Target
	var updated *time.Time // none on targets loaded before they could change
	err := scan(&t.ID, &t.UserID, &t.OrgUnitID, &t.AccountID, &t.PeriodStart, &t.PeriodEnd, &t.Kind, &t.Basis, &t.Amount,
		&t.Currency, &t.Description, &t.Version, &t.CreatedBy, &t.CreatedAt, &updated)
	t.UpdatedAt = t.CreatedAt
	if updated != nil {
		t.UpdatedAt = *updated
	}
	return &t, err
}

// targetScope is the predicate over targetsFrom that holds for the live
// targets p may see, with its arguments.
func targetScope(p *kam.Principal) (string, []any) {
	quota, args := scopePredicate(p, "t", "t.owner_id = ? OR t.owner_id = ?")
	account, aargs := accountScope(p, "a")
	// EXISTS looks up each target's account, where IN would list every
	// account p sees: targets are few beside a director's accounts.
	return "t.deleted_at IS NULL AND ((t.account_id IS NULL AND " + quota + ") OR EXISTS (SELECT 1 FROM accounts a " +
		"WHERE a.id = t.account_id AND a.deleted_at IS NULL AND " + account + "))", append(args, aargs...)
}

// FiscalCalendar returns the fiscal year's start: the fiscal_year setting,
// or January when it was never set.
func (s *Store) FiscalCalendar(ctx context.Context) (kam.FiscalCalendar, error) {
	body, err := s.Setting(ctx, kam.SettingFiscalYear)
	if err != nil {
		return kam.FiscalCalendar{}, err
	}
	cal, err := kam.ParseFiscalCalendar(body)
	if err != nil {
		return kam.FiscalCalendar{}, fmt.Errorf("setting %s: %w", kam.SettingFiscalYear, err)
	}
	return cal, nil
}

// nameTargets fills each target's period key and label from the calendar.
func nameTargets(cal kam.FiscalCalendar, ts ...*kam.Target) {
	for _, t := range ts {
		t.Period, t.PeriodLabel = "", cal.Describe(t.PeriodStart, t.PeriodEnd)
		if p, err := cal.PeriodOf(t.PeriodStart, t.PeriodEnd); err == nil {
			t.Period = p.Key()
		}
	}
}

// FindTarget returns a live target p may see; anything else is ENOTFOUND.
func (s *Store) FindTarget(ctx context.Context, p *kam.Principal, id int64) (*kam.Target, error) {
	t, err := s.findTarget(ctx, s.reader(), p, id)
	if err != nil {
		return nil, err
	}
	cal, err := s.FiscalCalendar(ctx)
	nameTargets(cal, t)
	return t, err
}

func (s *Store) findTarget(ctx context.Context, c conn, p *kam.Principal, id int64) (*kam.Target, error) {
	pred, args := targetScope(p)
	t, err := scanTarget(c.queryRow(ctx, `SELECT `+targetColumns+` FROM `+targetsFrom+` WHERE t.id = ? AND `+pred,
		append([]any{id}, args...)...).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kam.Errorf(kam.ENOTFOUND, "Target %d not found.", id)
	} else if err != nil {
		return nil, fmt.Errorf("find target %d: %w", id, err)
	}
	return t, nil
}

// TargetFilter selects targets p may see. Lists are keyset-paged by the
// period's first day: pass a page's Next as After.
type TargetFilter struct {
	UserID, OrgUnitID, AccountID int64
	// Kind is "quota" (people's and units'), "objective" (accounts') or ""
	// for both.
	Kind string
	// From and To keep the targets whose period overlaps those days; zero
	// leaves that end open.
	From, To kam.Date
	After    string
	Limit    int // default 100, at most 500
}

// TargetListKinds are the values of TargetFilter.Kind.
var TargetListKinds = []string{"quota", "objective"}

// TargetPage is one page of targets.
type TargetPage struct {
	Targets []*kam.Target `json:"targets"`
	Next    string        `json:"next,omitempty"`
}

// FindTargetList returns one page of the live targets p may see matching
// f, the earliest period first.
func (s *Store) FindTargetList(ctx context.Context, p *kam.Principal, f TargetFilter) (*TargetPage, error) {
	switch {
	case f.Limit == 0:
		f.Limit = 100
	case f.Limit < 0 || f.Limit > 500:
		return nil, kam.FieldError("limit", "Limit must be between 1 and 500.")
	}
	fp := fingerprint(f.UserID, f.OrgUnitID, f.AccountID, f.Kind, f.From.String(), f.To.String())
	cur, err := decodeCursor(f.After, "period", false, fp)
	if err != nil {
		return nil, err
	}
	pred, args := targetScope(p)
	where := []string{pred}
	add := func(cond string, a ...any) { where = append(where, cond); args = append(args, a...) }
	for _, by := range []struct {
		column string
		id     int64
	}{{"t.user_id", f.UserID}, {"t.org_unit_id", f.OrgUnitID}, {"t.account_id", f.AccountID}} {
		if by.id != 0 {
			add(by.column+" = ?", by.id)
		}
	}
	switch f.Kind {
	case "quota":
		add("t.account_id IS NULL")
	case "objective":
		add("t.account_id IS NOT NULL")
	case "":
	default:
		return nil, kam.FieldError("kind", "Kind must be quota or objective.")
	}
	if !f.From.IsZero() {
		add("t.period_end >= ?", f.From)
	}
	if !f.To.IsZero() {
		add("t.period_start <= ?", f.To)
	}
	if cur != nil {
		first, err := kam.ParseDate(cur.Value)
		if err != nil {
			return nil, kam.FieldError("after", "The page cursor is invalid; start again from the first page.")
		}
		add("(t.period_start > ? OR (t.period_start = ? AND t.id > ?))", first, first, cur.ID)
	}
	rows, err := s.reader().query(ctx, `SELECT `+targetColumns+` FROM `+targetsFrom+` WHERE `+strings.Join(where, " AND ")+
		` ORDER BY t.period_start, t.id LIMIT `+strconv.Itoa(f.Limit+1), args...)
	if err != nil {
		return nil, fmt.Errorf("find targets: %w", err)
	}
	page := &TargetPage{Targets: []*kam.Target{}}
	err = eachRow(rows, func() error {
		t, err := scanTarget(rows.Scan)
		page.Targets = append(page.Targets, t)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find targets: %w", err)
	}
	if len(page.Targets) > f.Limit {
		last := page.Targets[f.Limit-1]
		page.Targets = page.Targets[:f.Limit]
		page.Next = cursor{Sort: "period", Value: last.PeriodStart.String(), ID: last.ID, Filter: fp}.encode()
	}
	cal, err := s.FiscalCalendar(ctx)
	nameTargets(cal, page.Targets...)
	return page, err
}
