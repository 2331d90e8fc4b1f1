package store

import (
	"context"
	"fmt"

	"github.com/kamhq/kam"
)

// change is one field's old and new value, for the audit log.
type change struct {
	field    string
	old, new string
}

// audit appends entries to the audit log in the caller's transaction. The log is
// append-only: nothing in kam updates or deletes its rows.
func (s *Store) audit(ctx context.Context, c conn, p *kam.Principal, entity string, id int64, action string, changes ...change) error {
	var actor any
	if p != nil && p.UserID != 0 {
		actor = p.UserID
	}
	now := s.Now()
	channel := kam.ChannelFrom(ctx)
	if len(changes) == 0 {
		changes = []change{{}}
	}
	for _, ch := range changes {
		_, err := c.exec(ctx, `INSERT INTO audit_log (at, actor_id, channel, entity, entity_id, action, field, old_value, new_value)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, now, actor, channel, entity, id, action, ch.field, ch.old, ch.new)
		if err != nil {
			return fmt.Errorf("audit %s %d: %w", entity, id, err)
		}
	}
	return nil
}

// auditColumns are the columns of an audit entry.
var auditColumns = []string{"at", "actor_id", "channel", "entity", "entity_id", "action", "field", "old_value", "new_value"}

// audit queues audit entries in a Loader's batches: imports write many, and
// nothing reads them back within the import.
func (l *Loader) audit(entity string, id int64, action string, changes ...change) error {
	var actor any
	if l.p != nil && l.p.UserID != 0 {
		actor = l.p.UserID
	}
	now, channel := l.s.Now(), kam.ChannelFrom(l.ctx)
	if len(changes) == 0 {
		changes = []change{{}}
	}
	for _, ch := range changes {
		if err := l.add("audit_log", auditColumns, now, actor, channel, entity, id, action, ch.field, ch.old, ch.new); err != nil {
			return err
		}
	}
	return nil
}

// FindAuditEntries returns the whole audit trail of one record, newest
// first, if p may see the record (see HistoryEntities); for the record's
// page, FindHistory reads it a page at a time with the actors' names.
func (s *Store) FindAuditEntries(ctx context.Context, p *kam.Principal, entity string, id int64) ([]*kam.AuditEntry, error) {
	if err := s.findHistoryRecord(ctx, p, entity, id); err != nil {
		return nil, err
	}
	var out []*kam.AuditEntry
	err := s.eachAuditEntry(ctx, "entity = ? AND entity_id = ? ORDER BY at DESC, id DESC", []any{entity, id}, func(e *kam.AuditEntry) error {
		out = append(out, e)
		return nil
	})
	return out, err
}

// EachAuditEntry calls fn with every audit entry of the days from to to
// (inclusive), oldest first: the export of the audit log, for
// administrators.
func (s *Store) EachAuditEntry(ctx context.Context, p *kam.Principal, from, to kam.Date, fn func(*kam.AuditEntry) error) error {
	if err := requireAdminRead(p); err != nil {
		return err
	}
	if to.Before(from) {
		return kam.FieldError("to", "The last day %s is before the first, %s.", to, from)
	}
	return s.eachAuditEntry(ctx, "at >= ? AND at < ? ORDER BY at, id", []any{from.Time(), to.AddDays(1).Time()}, fn)
}

// eachAuditEntry reads the audit entries a condition selects, in its order.
func (s *Store) eachAuditEntry(ctx context.Context, where string, args []any, fn func(*kam.AuditEntry) error) error {
	rows, err := s.reader().query(ctx, `SELECT id, at, COALESCE(actor_id, 0), channel, entity, entity_id, action, field, old_value, new_value
		FROM audit_log WHERE `+where, args...)
	if err != nil {
		return fmt.Errorf("find audit entries: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e kam.AuditEntry
		if err := rows.Scan(&e.ID, &e.At, &e.ActorID, &e.Channel, &e.Entity, &e.EntityID, &e.Action, &e.Field, &e.OldValue, &e.NewValue); err != nil {
			return err
		}
		e.At = e.At.UTC()
		if err := fn(&e); err != nil {
			return err
		}
	}
	return rows.Err()
}
