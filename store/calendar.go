package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kamhq/kam"
)

// A calendar feed is a secret URL at which a user's calendar application
// reads their dates from kam: open tasks, next steps, visits, renewals,
// notice deadlines and closing deals. The URL is the only credential, as
// calendar applications send no other; only its hash is stored, and a user
// has one at most: a new one replaces the old, which stops working.

// calendarPrefix marks calendar feed secrets, as tokenPrefix API tokens.
const calendarPrefix = "kamcal_"

// The calendar's window: how far back and ahead a feed reaches, in days,
// and how many events it holds at most besides open tasks.
const (
	CalendarDaysBack  = 90
	CalendarDaysAhead = 365
	calendarMaxEvents = 2000
)

// CalendarTask is the Kind of a calendar event that is an open task; the
// other events have the kinds of Upcoming.
const CalendarTask = "task"

// CalendarFeed is the state of a user's calendar feed, without its secret.
type CalendarFeed struct {
	UserID     int64      `json:"user_id"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
}

// CalendarEvent is one event of a calendar feed: an Upcoming event, or an
// open task (Kind CalendarTask, ID the task's, Title its title).
type CalendarEvent struct {
	Upcoming
	// UID identifies the event across fetches, "task-12@kam": the kind and
	// the record's id, so that a moved date moves the same event.
	UID string
}

// CalendarFeedPath is the path at which the feed of a secret is served.
func CalendarFeedPath(secret string) string { return "/calendar/" + secret + ".ics" }

// feedOwner refuses principals that cannot hold a feed of their own:
// kam's own work, which has no user, and read-only API tokens.
func feedOwner(p *kam.Principal) error {
	switch {
	case p == nil || p.UserID == 0:
		return kam.Errorf(kam.EFORBIDDEN, "Only a user has a calendar feed.")
	case p.ReadOnly:
		return kam.Errorf(kam.EFORBIDDEN, "This token is read only; to change your calendar feed, use a token that may write.")
	}
	return nil
}

// CreateCalendarFeed makes p's user a calendar feed and returns its secret,
// which is shown once: only its hash is kept. A feed the user had is
// replaced, and its URL stops working. Every user may have a feed, viewers
// too; it shows only what the user may see.
func (s *Store) CreateCalendarFeed(ctx context.Context, p *kam.Principal) (string, error) {
	if err := feedOwner(p); err != nil {
		return "", err
	}
	secret, hash := newSecret(calendarPrefix)
	err := s.inTx(ctx, func(c conn) error {
		_, err := c.exec(ctx, `INSERT INTO calendar_feeds (user_id, secret_hash, created_at, last_used_at) VALUES (?, ?, ?, NULL)
			ON CONFLICT (user_id) DO UPDATE SET secret_hash = excluded.secret_hash, created_at = excluded.created_at, last_used_at = NULL`,
			p.UserID, hash, s.Now())
		if err != nil {
			return fmt.Errorf("create calendar feed: %w", err)
		}
		return s.audit(ctx, c, p, "calendar_feed", p.UserID, "create")
	})
	if err != nil {
		return "", err
	}
	return secret, nil
}

// RevokeCalendarFeed ends p's user's calendar feed; its URL stops working.
// Ending a feed there is not does nothing.
func (s *Store) RevokeCalendarFeed(ctx context.Context, p *kam.Principal) error {
	if err := feedOwner(p); err != nil {
		return err
	}
	return s.inTx(ctx, func(c conn) error {
		res, err := c.exec(ctx, "DELETE FROM calendar_feeds WHERE user_id = ?", p.UserID)
		if err != nil {
			return fmt.Errorf("revoke calendar feed: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		return s.audit(ctx, c, p, "calendar_feed", p.UserID, "delete")
	})
}

// FindCalendarFeed returns p's user's calendar feed; without one, ENOTFOUND.
func (s *Store) FindCalendarFeed(ctx context.Context, p *kam.Principal) (*CalendarFeed, error) {
	if p == nil || p.UserID == 0 {
		return nil, kam.Errorf(kam.ENOTFOUND, "No calendar feed.")
	}
	f := &CalendarFeed{UserID: p.UserID}
	var last sql.NullTime
	err := s.reader().queryRow(ctx, "SELECT created_at, last_used_at FROM calendar_feeds WHERE user_id = ?", p.UserID).Scan(&f.CreatedAt, &last)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kam.Errorf(kam.ENOTFOUND, "You have no calendar feed.")
	} else if err != nil {
		return nil, fmt.Errorf("find calendar feed: %w", err)
	}
	f.CreatedAt = f.CreatedAt.UTC()
	if last.Valid {
		t := last.Time.UTC()
		f.LastUsedAt = &t
	}
	return f, nil
}

// CalendarFeedPrincipal returns the principal of the user whose feed secret
// is given, read only. An unknown or replaced secret, an ended feed and a
// deactivated user are all ENOTFOUND, alike. Last use is written at most
// once a minute.
func (s *Store) CalendarFeedPrincipal(ctx context.Context, secret string) (*kam.Principal, error) {
	bad := kam.Errorf(kam.ENOTFOUND, "There is no calendar feed at this address.")
	if len(secret) < len(calendarPrefix)+16 || len(secret) > 128 {
		return nil, bad
	}
	var userID int64
	var lastUsed sql.NullTime
	err := s.reader().queryRow(ctx, "SELECT user_id, last_used_at FROM calendar_feeds WHERE secret_hash = ?", hashSecret(secret)).
		Scan(&userID, &lastUsed)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, bad
	} else if err != nil {
		return nil, fmt.Errorf("find calendar feed: %w", err)
	}
	p, err := s.PrincipalFor(ctx, userID)
	if err != nil {
		return nil, bad
	}
	if now := s.Now(); !lastUsed.Valid || now.Sub(lastUsed.Time) > time.Minute {
		if _, err := s.writer().exec(ctx, "UPDATE calendar_feeds SET last_used_at = ? WHERE user_id = ?", now, userID); err != nil {
			return nil, fmt.Errorf("touch calendar feed: %w", err)
		}
	}
	p.ReadOnly = true
	return p, nil
}

// CalendarEvents returns the events of p's calendar from one day to
// another, inclusive, soonest first: what FindUpcoming finds (renewals and
// notice deadlines of the contracts, and closing dates of the open deals,
// of every account p may see; p's own next steps, visits and meetings) and
// p's open tasks with a due day. A window longer than CalendarDaysBack and
// CalendarDaysAhead together is cut short at its end.
func (s *Store) CalendarEvents(ctx context.Context, p *kam.Principal, from, to kam.Date) ([]CalendarEvent, error) {
	if from.IsZero() || to.Before(from) {
		return nil, kam.FieldError("to", "The calendar's window must end on or after its start.")
	}
	if last := from.AddDays(CalendarDaysBack + CalendarDaysAhead); last.Before(to) {
		to = last
	}
	upcoming, err := s.FindUpcoming(ctx, p, from, to, calendarMaxEvents)
	if err != nil {
		return nil, err
	}
	tasks, err := s.FindTasks(ctx, p, TaskFilter{AssigneeID: p.UserID, DueBy: to, Limit: 500})
	if err != nil {
		return nil, err
	}
	out := make([]CalendarEvent, 0, len(upcoming)+len(tasks))
	for _, u := range upcoming {
		out = append(out, CalendarEvent{Upcoming: u, UID: calendarUID(u.Kind, u.ID)})
	}
	for _, t := range tasks {
		if t.Due.Before(from) {
			continue
		}
		u := Upcoming{Date: t.Due, Kind: CalendarTask, ID: t.ID, AccountID: t.AccountID, AccountName: t.AccountName, Title: t.Title}
		out = append(out, CalendarEvent{Upcoming: u, UID: calendarUID(u.Kind, u.ID)})
	}
	slices.SortStableFunc(out, func(x, y CalendarEvent) int {
		if c := x.Date.Time().Compare(y.Date.Time()); c != 0 {
			return c
		}
		return strings.Compare(x.UID, y.UID)
	})
	return out, nil
}

// calendarUID is an event's UID: "renewal-4@kam", "next-step-9@kam".
func calendarUID(kind string, id int64) string {
	if kind == UpcomingNextStep {
		kind = "next-step"
	}
	return fmt.Sprintf("%s-%d@kam", kind, id)
}
