package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kamhq/kam"
)

// The kinds of TimelineEvent.
const (
	TimelineActivity = "activity" // a call, visit, meeting, email or note
	TimelineOrder    = "order"    // an order or credit note
	TimelineFlag     = "flag"     // a change flag raised
	TimelineChange   = "change"   // a change to the account's record
)

// TimelineEvent is one thing that happened on an account, as its timeline
// lists it.
type TimelineEvent struct {
	At   time.Time `json:"at"`
	Kind string    `json:"kind"`
	// What says in a few words what happened ("Call", "Order SO-1001",
	// "Tier changed"); Detail adds the subject, total, evidence or values.
	What   string `json:"what"`
	Detail string `json:"detail,omitempty"`
	// Who is the user who logged or made it, "" when unknown or imported.
	Who string `json:"who,omitempty"`
	// Sub is the kind's own code: the activity's kind, the flag's severity.
	Sub string `json:"sub,omitempty"`
}

// FindTimeline returns the newest limit events on an account p may see:
// activities, orders, change flags and changes to the record, newest first.
func (s *Store) FindTimeline(ctx context.Context, p *kam.Principal, id int64, limit int) ([]TimelineEvent, error) {
	if _, err := s.FindAccountByID(ctx, p, id); err != nil {
		return nil, err
	}
	var out []TimelineEvent
	read := func(what, q string, scan func(scan func(...any) error) (TimelineEvent, error)) error {
		rows, err := s.reader().query(ctx, q, id, limit)
		if err != nil {
			return fmt.Errorf("read timeline %s: %w", what, err)
		}
		return eachRow(rows, func() error {
			e, err := scan(rows.Scan)
			if err != nil {
				return fmt.Errorf("read timeline %s: %w", what, err)
			}
			e.At = e.At.UTC()
			out = append(out, e)
			return nil
		})
	}
	err := read("activities", `SELECT v.occurred_at, v.kind, v.subject, v.outcome, COALESCE(v.user_id, 0) FROM activities v
		WHERE v.account_id = ? AND v.deleted_at IS NULL ORDER BY v.occurred_at DESC LIMIT ?`,
		func(scan func(...any) error) (TimelineEvent, error) {
			e := TimelineEvent{Kind: TimelineActivity}
			var subject, outcome string
			var user int64
			err := scan(&e.At, &e.Sub, &subject, &outcome, &user)
			e.What, e.Detail = capitalised(e.Sub), joinNonEmpty(" — ", subject, outcome)
			if err == nil {
				e.Who, err = s.userName(ctx, user)
			}
			return e, err
		})
	if err == nil {
		err = read("orders", `SELECT o.order_date, o.kind, o.external_id, o.id, o.total, o.currency FROM orders o
			WHERE o.account_id = ? ORDER BY o.order_date DESC, o.id DESC LIMIT ?`,
			func(scan func(...any) error) (TimelineEvent, error) {
				e := TimelineEvent{Kind: TimelineOrder}
				var day kam.Date
				var ext string
				var oid int64
				var total kam.Money
				var currency string
				err := scan(&day, &e.Sub, &ext, &oid, &total, &currency)
				if ext == "" {
					ext = fmt.Sprintf("#%d", oid)
				}
				e.At, e.What, e.Detail = day.Time(), "Order "+ext, total.FormatGrouped()+" "+currency
				if e.Sub == "credit_note" {
					e.What = "Credit note " + ext
				}
				return e, err
			})
	}
	if err == nil {
		err = read("flags", `SELECT f.raised_at, f.kind, f.severity, f.evidence FROM flags f
			WHERE f.account_id = ? ORDER BY f.raised_at DESC LIMIT ?`,
			func(scan func(...any) error) (TimelineEvent, error) {
				e := TimelineEvent{Kind: TimelineFlag}
				var kind string
				err := scan(&e.At, &kind, &e.Sub, &e.Detail)
				e.What = "Flag: " + strings.ReplaceAll(kind, "_", " ")
				return e, err
			})
	}
	if err == nil {
		err = read("changes", `SELECT l.at, l.action, l.field, l.old_value, l.new_value, COALESCE(l.actor_id, 0), l.channel FROM audit_log l
			WHERE l.entity = 'account' AND l.entity_id = ? ORDER BY l.at DESC, l.id DESC LIMIT ?`,
			func(scan func(...any) error) (TimelineEvent, error) {
				e := TimelineEvent{Kind: TimelineChange}
				var action, field, old, new string
				var actor int64
				err := scan(&e.At, &action, &field, &old, &new, &actor, &e.Sub)
				e.What, e.Detail = describeChange(action, field, old, new)
				if err == nil {
					e.Who, err = s.userName(ctx, actor)
				}
				return e, err
			})
	}
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(out, func(x, y TimelineEvent) int { return cmp.Compare(y.At.UnixNano(), x.At.UnixNano()) })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// capitalised returns s with its first letter upper-case.
func capitalised(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// joinNonEmpty joins the parts that are not empty.
func joinNonEmpty(sep string, parts ...string) string {
	var keep []string
	for _, p := range parts {
		if p != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, sep)
}

// orDash is s, or a dash for an empty value.
func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
