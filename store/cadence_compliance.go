package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kamhq/kam"
)

// Cadence compliance: for a period, per account manager, how many of the
// accounts they own were contacted within their cadence throughout it, and
// how late the others were.

// ComplianceFilter says which period, and optionally whose accounts.
type ComplianceFilter struct {
	From, To kam.Date
	// OwnerID keeps one account manager's accounts; 0 is all in scope.
	OwnerID int64
	// Limit is how many accounts to list (1 to 500), from the one after
	// the cursor After (a report's Next); 0 lists them all. The owners'
	// summary is always whole.
	Limit int
	After string
}

// ComplianceReport is cadence compliance over a period, judged up to End:
// the period's last day, or today while it runs.
type ComplianceReport struct {
	From   kam.Date          `json:"from"`
	To     kam.Date          `json:"to"`
	End    kam.Date          `json:"end"`
	Owners []OwnerCompliance `json:"owners"`
	// Accounts are the accounts judged, the latest first: those after the
	// filter's cursor, as many as its limit.
	Accounts []AccountCompliance `json:"accounts"`
	// Next is the cursor of the following page of accounts; "" on the last.
	Next string `json:"next,omitempty"`
}

// OwnerCompliance is one account manager's compliance.
type OwnerCompliance struct {
	OwnerID   int64  `json:"owner_id"`
	OwnerName string `json:"owner_name"`
	// Accounts counts the accounts they own (active, onboarding, at risk);
	// Within those contacted within their cadence all period; Late the
	// others.
	Accounts int `json:"accounts"`
	Within   int `json:"within"`
	Late     int `json:"late"`
	// Percent is Within of Accounts, rounded down; 100 with no accounts.
	Percent int `json:"percent"`
	// AverageDaysLate is the mean of the late accounts' longest stretch
	// past their cadence, rounded; MaxDaysLate the longest of all.
	AverageDaysLate int `json:"average_days_late"`
	MaxDaysLate     int `json:"max_days_late"`
}

// AccountCompliance is one account's contacts against its cadence.
type AccountCompliance struct {
	AccountID   int64  `json:"account_id"`
	AccountName string `json:"account_name"`
	OwnerID     int64  `json:"owner_id"`
	Tier        string `json:"tier"`
	CadenceDays int    `json:"cadence_days"`
	kam.CadenceLateness
}

// CadenceCompliance reports the cadence compliance of the accounts p may
// see over a period, per owner. Each account is judged at its cadence now;
// the contacts are read from a year before the period, so that the first
// due day in it is known.
func (s *Store) CadenceCompliance(ctx context.Context, p *kam.Principal, f ComplianceFilter) (*ComplianceReport, error) {
	today := kam.DateOf(s.Now())
	switch {
	case f.From.IsZero() || f.To.IsZero():
		return nil, kam.FieldError("from", "Give the period's first and last day.")
	case f.To.Before(f.From):
		return nil, kam.FieldError("to", "The period ends on or after its first day.")
	case today.Before(f.From):
		return nil, kam.FieldError("from", "The period has not started yet.")
	case f.From.AddDays(kam.MaxCadenceDays * 2).Before(f.To):
		return nil, kam.FieldError("to", "A compliance period is at most two years.")
	case f.Limit < 0 || f.Limit > 500:
		return nil, kam.FieldError("limit", "Limit must be between 1 and 500.")
	}
	cur, err := decodeCursor(f.After, "late", true, fingerprint(f.From, f.To, f.OwnerID))
	if err != nil {
		return nil, err
	}
	r := &ComplianceReport{From: f.From, To: f.To, End: f.To, Owners: []OwnerCompliance{}, Accounts: []AccountCompliance{}}
	if today.Before(r.End) {
		r.End = today
	}
	tc, err := s.TierCadence(ctx)
	if err != nil {
		return nil, err
	}
	pred, args := accountListScope(p, "a") // drives the contacts' read from the accounts p sees
	pred += " AND a.owner_id IS NOT NULL AND a.status NOT IN ('lost','prospect')"
	if f.OwnerID != 0 {
		pred += " AND a.owner_id = ?"
		args = append(args, f.OwnerID)
	}
	key := fmt.Sprint("compliance ", pred, args, f.From, f.To, r.End)
	judged, err := summary(ctx, s, key, func() (*ComplianceReport, error) {
		return s.judgeCompliance(ctx, tc, pred, args, f.From, r.End)
	})
	if err != nil {
		return nil, err
	}
	r.Owners, r.Accounts = judged.Owners, judged.Accounts
	pageCompliance(r, f, cur)
	r.Owners, r.Accounts = slices.Clone(r.Owners), slices.Clone(r.Accounts)
	return r, nil
}

// judgeCompliance judges the accounts pred selects from one day to end,
// each at its cadence now, and sums them per owner: a report's Owners and
// Accounts, the latest first.
func (s *Store) judgeCompliance(ctx context.Context, tc kam.TierCadence, pred string, args []any, from, end kam.Date) (*ComplianceReport, error) {
	r := &ComplianceReport{Owners: []OwnerCompliance{}, Accounts: []AccountCompliance{}}
	contacts, err := s.contactDays(ctx, pred, args, from.AddDays(-kam.MaxCadenceDays), end)
	if err != nil {
		return nil, err
	}
	rows, err := s.reader().query(ctx, `SELECT a.id, a.name, a.owner_id, a.tier, COALESCE(a.cadence_days, 0), a.created_at FROM accounts a
		WHERE a.deleted_at IS NULL AND `+pred+` ORDER BY a.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("read cadence compliance: %w", err)
	}
	err = eachRow(rows, func() error {
		var a AccountCompliance
		var created time.Time
		if err := rows.Scan(&a.AccountID, &a.AccountName, &a.OwnerID, &a.Tier, &a.CadenceDays, &created); err != nil {
			return err
		}
		if a.CadenceDays == 0 {
			a.CadenceDays = tc.Days(a.Tier)
		}
		var before kam.Date
		days := contacts[a.AccountID]
		for _, d := range days {
			if d.Before(from) {
				before = d
			}
		}
		a.CadenceLateness = kam.Lateness(days, before, kam.DateOf(created.UTC()), a.CadenceDays, from, end)
		r.Accounts = append(r.Accounts, a)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read cadence compliance: %w", err)
	}
	if err := s.sumCompliance(ctx, r); err != nil {
		return nil, err
	}
	return r, nil
}

// latestFirst orders accounts by their longest stretch past their cadence,
// the longest first, then by name and id.
func latestFirst(x, y AccountCompliance) int {
	if x.MaxDaysLate != y.MaxDaysLate {
		return y.MaxDaysLate - x.MaxDaysLate
	}
	if c := strings.Compare(x.AccountName, y.AccountName); c != 0 {
		return c
	}
	return cmp.Compare(x.AccountID, y.AccountID)
}

// pageCompliance keeps the page of a report's accounts (ordered
// latestFirst) that the filter's limit and cursor ask for, and sets the
// report's Next. A cursor holds the last account's days late and name.
func pageCompliance(r *ComplianceReport, f ComplianceFilter, cur *cursor) {
	if cur != nil {
		days, name, _ := strings.Cut(cur.Value, ":")
		last := AccountCompliance{AccountID: cur.ID, AccountName: name}
		last.MaxDaysLate, _ = strconv.Atoi(days)
		from, _ := slices.BinarySearchFunc(r.Accounts, last, latestFirst)
		for from < len(r.Accounts) && latestFirst(r.Accounts[from], last) <= 0 {
			from++
		}
		r.Accounts = r.Accounts[from:]
	}
	if f.Limit == 0 || len(r.Accounts) <= f.Limit {
		return
	}
	r.Accounts = r.Accounts[:f.Limit]
	last := r.Accounts[f.Limit-1]
	r.Next = cursor{Sort: "late", Desc: true, Value: strconv.Itoa(last.MaxDaysLate) + ":" + last.AccountName, ID: last.AccountID,
		Filter: fingerprint(f.From, f.To, f.OwnerID)}.encode()
}

// sumCompliance adds up the accounts of a report per owner, and orders
// the accounts the latest first.
func (s *Store) sumCompliance(ctx context.Context, r *ComplianceReport) error {
	by := map[int64]*OwnerCompliance{}
	lateDays := map[int64]int{}
	for _, a := range r.Accounts {
		o := by[a.OwnerID]
		if o == nil {
			name, err := s.userName(ctx, a.OwnerID)
			if err != nil {
				return err
			}
			o = &OwnerCompliance{OwnerID: a.OwnerID, OwnerName: name}
			by[a.OwnerID] = o
		}
		o.Accounts++
		if a.MaxDaysLate == 0 {
			o.Within++
			continue
		}
		o.Late++
		lateDays[a.OwnerID] += a.MaxDaysLate
		o.MaxDaysLate = max(o.MaxDaysLate, a.MaxDaysLate)
	}
	for id, o := range by {
		o.Percent = 100 * o.Within / o.Accounts
		if o.Late > 0 {
			o.AverageDaysLate = (lateDays[id] + o.Late/2) / o.Late
		}
		r.Owners = append(r.Owners, *o)
	}
	slices.SortFunc(r.Owners, func(x, y OwnerCompliance) int {
		if x.Percent != y.Percent {
			return x.Percent - y.Percent
		}
		return strings.Compare(x.OwnerName, y.OwnerName)
	})
	slices.SortFunc(r.Accounts, latestFirst)
	return nil
}

// contactDays returns the days each account pred selects was contacted
// (a call, visit, meeting or email) from one day to another, inclusive,
// oldest first.
func (s *Store) contactDays(ctx context.Context, pred string, args []any, from, to kam.Date) (map[int64][]kam.Date, error) {
	rows, err := s.reader().query(ctx, `SELECT t.account_id, t.occurred_at FROM activities t JOIN accounts a ON a.id = t.account_id
		WHERE t.deleted_at IS NULL AND t.kind <> 'note' AND t.occurred_at >= ? AND t.occurred_at < ? AND a.deleted_at IS NULL AND `+pred+`
		ORDER BY t.account_id, t.occurred_at`, append([]any{from.Time(), to.AddDays(1).Time()}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("read contacts: %w", err)
	}
	out := map[int64][]kam.Date{}
	err = eachRow(rows, func() error {
		var id int64
		var at time.Time
		if err := rows.Scan(&id, &at); err != nil {
			return err
		}
		out[id] = append(out[id], kam.DateOf(at.UTC()))
		return nil
	})
	return out, err
}
