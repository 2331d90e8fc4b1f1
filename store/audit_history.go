package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kamhq/kam"
)

// HistoryEntities are the kinds of record whose field history can be read,
// named as the audit log names them. Each is checked by the record's own
// scoped find, so a record out of p's scope has no history either.
var HistoryEntities = []string{"account", "contact", "opportunity", "case", "plan", "target", "discount_request", "onboarding", "campaign"}

// findHistoryRecord checks that p may see the record whose history is
// asked for: ENOTFOUND when it is out of scope or gone, EINVALID for a kind
// of record without a history.
func (s *Store) findHistoryRecord(ctx context.Context, p *kam.Principal, entity string, id int64) error {
	var err error
	switch entity {
	case "account":
		_, err = s.FindAccountByID(ctx, p, id)
	case "contact":
		_, err = s.FindContact(ctx, p, id)
	case "opportunity":
		_, err = s.FindOpportunity(ctx, p, id)
	case "case":
		_, err = s.FindCase(ctx, p, id)
	case "plan":
		_, err = s.FindPlan(ctx, p, id)
	case "target":
		_, err = s.findTarget(ctx, s.reader(), p, id)
	case "discount_request":
		_, err = s.findDiscount(ctx, s.reader(), p, id)
	case "onboarding":
		_, err = s.FindOnboarding(ctx, p, id)
	case "campaign":
		_, err = s.FindCampaign(ctx, p, id)
	default:
		err = kam.FieldError("entity", "History is kept for %s; not for %q.", strings.Join(HistoryEntities, ", "), entity)
	}
	return err
}

// HistoryFilter pages a record's history: pass a page's Next as After.
type HistoryFilter struct {
	After string
	Limit int // default 50, at most 500
}

// HistoryPage is one page of a record's history, newest first.
type HistoryPage struct {
	Entries []*kam.AuditEntry `json:"entries"`
	Next    string            `json:"next,omitempty"`
}

// FindHistory returns one page of the field history of a record p may see
// (entity is one of HistoryEntities), newest first, each entry with its
// actor's name, read with the entries in one query.
func (s *Store) FindHistory(ctx context.Context, p *kam.Principal, entity string, id int64, f HistoryFilter) (*HistoryPage, error) {
	switch {
	case f.Limit == 0:
		f.Limit = 50
	case f.Limit < 0 || f.Limit > 500:
		return nil, kam.FieldError("limit", "Limit must be between 1 and 500.")
	}
	cur, err := decodeCursor(f.After, "at", true, fingerprint(entity, id))
	if err != nil {
		return nil, err
	}
	if err := s.findHistoryRecord(ctx, p, entity, id); err != nil {
		return nil, err
	}
	where, args := "l.entity = ? AND l.entity_id = ?", []any{entity, id}
	if cur != nil {
		at, err := time.Parse(time.RFC3339Nano, cur.Value)
		if err != nil {
			return nil, kam.FieldError("after", "The page cursor is invalid; start again from the first page.")
		}
		where += " AND (l.at < ? OR (l.at = ? AND l.id < ?))"
		args = append(args, at, at, cur.ID)
	}
	rows, err := s.reader().query(ctx, `SELECT l.id, l.at, COALESCE(l.actor_id, 0),
		COALESCE(CASE WHEN u.display_name <> '' THEN u.display_name ELSE u.username END, ''),
		l.channel, l.entity, l.entity_id, l.action, l.field, l.old_value, l.new_value
		FROM audit_log l LEFT JOIN users u ON u.id = l.actor_id
		WHERE `+where+` ORDER BY l.at DESC, l.id DESC LIMIT `+strconv.Itoa(f.Limit+1), args...)
	if err != nil {
		return nil, fmt.Errorf("find the history of %s %d: %w", entity, id, err)
	}
	page := &HistoryPage{Entries: []*kam.AuditEntry{}}
	err = eachRow(rows, func() error {
		if len(page.Entries) == f.Limit {
			last := page.Entries[f.Limit-1]
			page.Next = cursor{Sort: "at", Desc: true, Value: last.At.Format(time.RFC3339Nano), ID: last.ID,
				Filter: fingerprint(entity, id)}.encode()
			return nil
		}
		var e kam.AuditEntry
		err := rows.Scan(&e.ID, &e.At, &e.ActorID, &e.ActorName, &e.Channel, &e.Entity, &e.EntityID, &e.Action,
			&e.Field, &e.OldValue, &e.NewValue)
		e.At = e.At.UTC()
		page.Entries = append(page.Entries, &e)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find the history of %s %d: %w", entity, id, err)
	}
	return page, nil
}
