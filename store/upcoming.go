package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kamhq/kam"
)

// The kinds of Upcoming event.
const (
	UpcomingRenewal  = "renewal"   // a contract's end date
	UpcomingNotice   = "notice"    // the last day to give a contract's notice
	UpcomingClose    = "close"     // an open deal's expected close date
	UpcomingNextStep = "next_step" // the due date of a logged activity's next step
	UpcomingVisit    = "visit"     // a visit or meeting planned for a later day
)

// Upcoming is one dated thing coming on an account a user looks after: a
// renewal or notice deadline, a deal due to close, a next step promised, a
// visit planned.
type Upcoming struct {
	Date kam.Date `json:"date"`
	// At is a visit's time; the other kinds fall on a day.
	At   *time.Time `json:"at,omitempty"`
	Kind string     `json:"kind"`
	// ID is the contract's, deal's or activity's id.
	ID          int64  `json:"id"`
	AccountID   int64  `json:"account_id"`
	AccountName string `json:"account_name"`
	// Title names the record: the contract, deal, next step or visit.
	Title string `json:"title"`
	// Amount is the contract's value or the deal's amount, in Currency.
	Amount   kam.Money `json:"amount,omitempty"`
	Currency string    `json:"currency,omitempty"`
}

// FindUpcoming returns what comes due from one day to another, inclusive, on
// the accounts p may see, soonest first, at most limit of them. Next steps
// and planned visits are the user's own; renewals, notice deadlines and
// closing deals are those of every account in scope.
func (s *Store) FindUpcoming(ctx context.Context, p *kam.Principal, from, to kam.Date, limit int) ([]Upcoming, error) {
	pred, args := accountListScope(p, "a")
	// Contracts and deals are read along their date index in a large book
	// (see largeBook), each tested against the scope; in a small one from
	// the book's accounts.
	big, err := s.largeBook(ctx, p)
	if err != nil {
		return nil, err
	}
	contractsFrom, contractsPred := "contracts k JOIN accounts a ON a.id = k.account_id", pred
	dealsFrom, dealsPred := "opportunities o JOIN accounts a ON a.id = o.account_id", pred
	if big {
		// The row-wise scope builds no list of the book's accounts: every
		// read here stops at its limit, or reads the user's own activities.
		pred, args = accountScope(p, "a")
		contractsFrom, contractsPred = "contracts k CROSS JOIN accounts a", pred+" AND a.id = k.account_id"
		dealsFrom, dealsPred = "opportunities o CROSS JOIN accounts a", pred+" AND a.id = o.account_id"
	}
	var out []Upcoming
	read := func(kind, q string, qargs []any, scan func(u *Upcoming, sc func(...any) error) error) error {
		rows, err := s.reader().query(ctx, q, append(qargs, append(args, limit)...)...)
		if err != nil {
			return fmt.Errorf("read upcoming %s: %w", kind, err)
		}
		return eachRow(rows, func() error {
			u := Upcoming{Kind: kind}
			if err := scan(&u, rows.Scan); err != nil {
				return fmt.Errorf("read upcoming %s: %w", kind, err)
			}
			out = append(out, u)
			return nil
		})
	}
	// A notice deadline can lie up to a year before the end date, so the
	// contracts ending within a year of the window are read, and each gives
	// the events that fall inside it.
	var contracts []struct {
		u      Upcoming
		notice int
	}
	rows, err := s.reader().query(ctx, `SELECT k.id, k.end_date, k.notice_days, a.id, a.name, k.name, k.value, k.currency
		FROM `+contractsFrom+`
		WHERE k.deleted_at IS NULL AND k.status = 'active' AND k.end_date >= ? AND k.end_date <= ? AND a.deleted_at IS NULL AND `+contractsPred+`
		ORDER BY k.end_date LIMIT ?`, append([]any{from, to.AddDays(366)}, append(args, 4*limit)...)...)
	if err != nil {
		return nil, fmt.Errorf("read upcoming contracts: %w", err)
	}
	err = eachRow(rows, func() error {
		var c struct {
			u      Upcoming
			notice int
		}
		if err := rows.Scan(&c.u.ID, &c.u.Date, &c.notice, &c.u.AccountID, &c.u.AccountName, &c.u.Title, &c.u.Amount, &c.u.Currency); err != nil {
			return err
		}
		contracts = append(contracts, c)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read upcoming contracts: %w", err)
	}
	for _, c := range contracts {
		if !to.Before(c.u.Date) {
			u := c.u
			u.Kind = UpcomingRenewal
			out = append(out, u)
		}
		if deadline := c.u.Date.AddDays(-c.notice); c.notice > 0 && !deadline.Before(from) && !to.Before(deadline) {
			u := c.u
			u.Kind, u.Date = UpcomingNotice, deadline
			out = append(out, u)
		}
	}
	// The stage is tested as an expression, so that SQLite walks the open
	// deals by close date (opportunities_open_close) and stops at the limit
	// instead of gathering each open stage's deals through the stage index
	// and sorting them.
	err = read(UpcomingClose, `SELECT o.id, o.close_date, a.id, a.name, o.name, o.amount, o.currency
		FROM `+dealsFrom+`
		WHERE o.deleted_at IS NULL AND o.closed_at IS NULL AND o.stage || '' IN ('prospecting', 'qualification', 'proposal', 'negotiation')
		AND o.close_date >= ? AND o.close_date <= ? AND a.deleted_at IS NULL AND `+dealsPred+` ORDER BY o.close_date LIMIT ?`, []any{from, to},
		func(u *Upcoming, sc func(...any) error) error {
			return sc(&u.ID, &u.Date, &u.AccountID, &u.AccountName, &u.Title, &u.Amount, &u.Currency)
		})
	if err != nil {
		return nil, err
	}
	err = read(UpcomingNextStep, `SELECT v.id, v.next_step_due, a.id, a.name, v.next_step
		FROM activities v JOIN accounts a ON a.id = v.account_id
		WHERE v.deleted_at IS NULL AND v.user_id = ? AND v.next_step <> '' AND v.next_step_due >= ? AND v.next_step_due <= ?
		AND a.deleted_at IS NULL AND `+pred+` ORDER BY v.next_step_due LIMIT ?`, []any{p.UserID, from, to},
		func(u *Upcoming, sc func(...any) error) error {
			return sc(&u.ID, &u.Date, &u.AccountID, &u.AccountName, &u.Title)
		})
	if err != nil {
		return nil, err
	}
	// Visits are stored with their time; the window's days cover from the
	// start of from to the end of to.
	err = read(UpcomingVisit, `SELECT v.id, v.occurred_at, a.id, a.name, v.subject, v.kind
		FROM activities v JOIN accounts a ON a.id = v.account_id
		WHERE v.deleted_at IS NULL AND v.user_id = ? AND v.kind IN ('visit', 'meeting') AND v.occurred_at >= ? AND v.occurred_at < ?
		AND a.deleted_at IS NULL AND `+pred+` ORDER BY v.occurred_at LIMIT ?`, []any{p.UserID, from.Time(), to.AddDays(1).Time()},
		func(u *Upcoming, sc func(...any) error) error {
			var at time.Time
			var kind string
			if err := sc(&u.ID, &at, &u.AccountID, &u.AccountName, &u.Title, &kind); err != nil {
				return err
			}
			at = at.UTC()
			u.Date, u.At = kam.DateOf(at), &at
			if u.Title == "" {
				u.Title = capitalised(kind)
			}
			return nil
		})
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(out, func(x, y Upcoming) int {
		if c := x.Date.Time().Compare(y.Date.Time()); c != 0 {
			return c
		}
		return strings.Compare(x.AccountName, y.AccountName)
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}
