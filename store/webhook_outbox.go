package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/kamhq/kam"
)

// emit records an event for webhook subscribers in the caller's transaction,
// so that an event is kept exactly when the change it reports is.
// event is one of the kam.Event* names; payload is marshalled to JSON. A
// payload of type func() (any, error) is built only when some active webhook
// subscribes to the event, so that a change nobody listens to costs one
// read of the (small) webhooks table. With no subscriber nothing is written:
// the outbox holds events that have somewhere to go.
func (s *Store) emit(ctx context.Context, c conn, event string, entityID int64, payload any) error {
	hooks, err := subscribers(ctx, c, event)
	if err != nil || len(hooks) == 0 {
		return err
	}
	if build, ok := payload.(func() (any, error)); ok {
		if payload, err = build(); err != nil {
			return fmt.Errorf("webhook event %s: %w", event, err)
		}
	}
	body, err := json.Marshal(payload)
	if err != nil {
		return fmt.Errorf("webhook event %s: %w", event, err)
	}
	_, err = s.queueEvent(ctx, c, event, entityID, body, hooks)
	return err
}

// subscribers returns the ids of the active webhooks subscribed to event.
// The webhooks table has a handful of rows; the events are matched here
// rather than with LIKE, whose _ would match any character.
func subscribers(ctx context.Context, c conn, event string) ([]int64, error) {
	rows, err := c.query(ctx, "SELECT id, events FROM webhooks WHERE active ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("find webhook subscribers: %w", err)
	}
	var ids []int64
	err = eachRow(rows, func() error {
		var id int64
		var events string
		if err := rows.Scan(&id, &events); err != nil {
			return err
		}
		if slices.Contains(splitEvents(events), event) {
			ids = append(ids, id)
		}
		return nil
	})
	return ids, err
}

// queueEvent writes an event into the outbox and a pending delivery, due
// now, for each of hooks. It returns the ids of the deliveries.
func (s *Store) queueEvent(ctx context.Context, c conn, event string, entityID int64, payload []byte, hooks []int64) ([]int64, error) {
	now := s.Now()
	eventID, err := c.insert(ctx, "INSERT INTO webhook_events (event, entity_id, payload, created_at) VALUES (?, ?, ?, ?)",
		event, entityID, string(payload), now)
	if err != nil {
		return nil, fmt.Errorf("record webhook event %s: %w", event, err)
	}
	ids := make([]int64, 0, len(hooks))
	for _, hook := range hooks {
		id, err := c.insert(ctx, `INSERT INTO webhook_deliveries (webhook_id, event_id, attempts, status, next_attempt_at, created_at)
			VALUES (?, ?, 0, 'pending', ?, ?)`, hook, eventID, now, now)
		if err != nil {
			return nil, fmt.Errorf("queue webhook delivery: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// splitEvents reads the comma list of a webhook's events.
func splitEvents(list string) []string {
	if list == "" {
		return nil
	}
	return strings.Split(list, ",")
}

// flagEvent is the data of flag.raised and flag.resolved.
type flagEvent struct {
	FlagID      int64  `json:"flag_id"`
	AccountID   int64  `json:"account_id"`
	AccountName string `json:"account_name"`
	Kind        string `json:"kind"`
	Cause       string `json:"cause"`
	Severity    string `json:"severity"`
	Evidence    string `json:"evidence"`
	// State is open for a raised flag, resolved or dismissed for a resolved one.
	State  string `json:"state"`
	Reason string `json:"reason,omitempty"`
}

// emitFlag emits flag.raised or flag.resolved for one flag; the account's
// name is read only if someone subscribes.
func (s *Store) emitFlag(ctx context.Context, c conn, event string, f flagEvent) error {
	return s.emit(ctx, c, event, f.FlagID, func() (any, error) {
		err := c.queryRow(ctx, "SELECT name FROM accounts WHERE id = ?", f.AccountID).Scan(&f.AccountName)
		return f, err
	})
}

// fieldChange is one changed field in the data of account.changed.
type fieldChange struct {
	Field string `json:"field"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// accountEvent is the data of account.changed.
type accountEvent struct {
	AccountID int64         `json:"account_id"`
	Name      string        `json:"name"`
	Version   int64         `json:"version"`
	Changes   []fieldChange `json:"changes"`
}

// emitAccountChanged emits account.changed with the fields changed, as the
// audit log records them.
func (s *Store) emitAccountChanged(ctx context.Context, c conn, id int64, name string, version int64, changes []change) error {
	ev := accountEvent{AccountID: id, Name: name, Version: version, Changes: make([]fieldChange, len(changes))}
	for i, ch := range changes {
		ev.Changes[i] = fieldChange{ch.field, ch.old, ch.new}
	}
	return s.emit(ctx, c, kam.EventAccountChanged, id, ev)
}

// stageEvent is the data of opportunity.stage_changed.
type stageEvent struct {
	OpportunityID int64  `json:"opportunity_id"`
	AccountID     int64  `json:"account_id"`
	Name          string `json:"name"`
	OldStage      string `json:"old_stage"`
	NewStage      string `json:"new_stage"`
	Probability   int    `json:"probability"`
	Amount        string `json:"amount"`
	Currency      string `json:"currency"`
	Version       int64  `json:"version"`
}

// emitStageChanged emits opportunity.stage_changed for a deal moved from old
// to its current stage.
func (s *Store) emitStageChanged(ctx context.Context, c conn, o *kam.Opportunity, old string) error {
	return s.emit(ctx, c, kam.EventOpportunityStageChanged, o.ID, stageEvent{
		OpportunityID: o.ID, AccountID: o.AccountID, Name: o.Name, OldStage: old, NewStage: o.Stage,
		Probability: o.Probability, Amount: o.Amount.String(), Currency: o.Currency, Version: o.Version,
	})
}

// emitImportFinished emits import.finished with the run as the import
// history shows it. A dry run changes nothing and emits nothing.
func (s *Store) emitImportFinished(ctx context.Context, c conn, run *kam.ImportRun) error {
	if run.DryRun {
		return nil
	}
	return s.emit(ctx, c, kam.EventImportFinished, run.ID, run)
}
