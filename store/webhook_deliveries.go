package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/kamhq/kam"
)

// FindDeliveries returns a webhook's delivery log, newest first: at most
// limit entries (1 to 500; 50 when 0), of one status or all ("").
func (s *Store) FindDeliveries(ctx context.Context, p *kam.Principal, webhookID int64, status string, limit int) ([]*kam.WebhookDelivery, error) {
	if err := requireAdminRead(p); err != nil {
		return nil, err
	}
	switch status {
	case "", kam.DeliveryPending, kam.DeliverySucceeded, kam.DeliveryFailed:
	default:
		return nil, kam.FieldError("status", "status must be pending, succeeded or failed, not %q.", status)
	}
	if limit == 0 {
		limit = 50
	}
	if limit < 1 || limit > 500 {
		return nil, kam.FieldError("limit", "limit must be from 1 to 500.")
	}
	c := s.reader()
	if _, err := findWebhook(ctx, c, webhookID); err != nil {
		return nil, err
	}
	where, args := "d.webhook_id = ?", []any{webhookID}
	if status != "" {
		where += " AND d.status = ?"
		args = append(args, status)
	}
	rows, err := c.query(ctx, `SELECT d.id, d.webhook_id, d.event_id, e.event, e.payload, d.status, d.attempts, d.next_attempt_at,
		d.last_status_code, d.last_error, d.response_ms, d.created_at, d.delivered_at
		FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
		WHERE `+where+` ORDER BY d.id DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("find webhook deliveries: %w", err)
	}
	out := []*kam.WebhookDelivery{}
	err = eachRow(rows, func() error {
		var d kam.WebhookDelivery
		var payload string
		var delivered *time.Time
		if err := rows.Scan(&d.ID, &d.WebhookID, &d.EventID, &d.Event, &payload, &d.Status, &d.Attempts, &d.NextAttemptAt,
			&d.LastStatusCode, &d.LastError, &d.ResponseMillis, &d.CreatedAt, &delivered); err != nil {
			return err
		}
		d.Payload = json.RawMessage(payload)
		d.CreatedAt = d.CreatedAt.UTC()
		if d.Status == kam.DeliveryPending {
			d.NextAttemptAt = d.NextAttemptAt.UTC()
		} else {
			d.NextAttemptAt = time.Time{}
		}
		if delivered != nil {
			d.DeliveredAt = delivered.UTC()
		}
		out = append(out, &d)
		return nil
	})
	return out, err
}

// PingWebhook queues a "ping" event for one active webhook, to try its
// endpoint, and returns the delivery's id.
func (s *Store) PingWebhook(ctx context.Context, p *kam.Principal, id int64) (int64, error) {
	if err := requireAdmin(p); err != nil {
		return 0, err
	}
	var delivery int64
	err := s.inTx(ctx, func(c conn) error {
		w, err := findWebhook(ctx, c, id)
		if err != nil {
			return err
		}
		if !w.Active {
			return kam.Errorf(kam.ECONFLICT, "Webhook %d is disabled; enable it (\"active\": true) before pinging it.", id)
		}
		body, err := json.Marshal(map[string]any{"webhook_id": id, "message": "A test delivery from kam."})
		if err != nil {
			return err
		}
		ids, err := s.queueEvent(ctx, c, kam.EventPing, id, body, []int64{id})
		if err != nil {
			return err
		}
		delivery = ids[0]
		return s.audit(ctx, c, p, "webhook", id, "ping")
	})
	return delivery, err
}

// DueDelivery is a delivery claimed for sending, with what sending needs.
type DueDelivery struct {
	ID        int64
	WebhookID int64
	URL       string
	Secret    string
	EventID   int64
	Event     string
	Payload   json.RawMessage
	// EventAt is when the event happened.
	EventAt time.Time
	// Attempt numbers this attempt from 1; it is also the claim's token.
	Attempt int
}

// ClaimDueDeliveries claims up to limit pending deliveries that are due, on
// active webhooks, the longest due first. Each claim moves the delivery's
// next attempt lease ahead and counts the attempt, in one transaction, so
// that no other dispatcher sends it meanwhile; one that dies mid-delivery
// leaves it to be claimed again once the lease is over. lease must be longer
// than a request may take.
func (s *Store) ClaimDueDeliveries(ctx context.Context, limit int, lease time.Duration) ([]*DueDelivery, error) {
	var out []*DueDelivery
	err := s.inTx(ctx, func(c conn) error {
		now := s.Now()
		rows, err := c.query(ctx, `SELECT d.id, d.attempts FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
			WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND w.active
			ORDER BY d.next_attempt_at, d.id LIMIT ?`, now, limit)
		if err != nil {
			return fmt.Errorf("find due deliveries: %w", err)
		}
		type due struct{ id, attempts int64 }
		var found []due
		err = eachRow(rows, func() error {
			var d due
			if err := rows.Scan(&d.id, &d.attempts); err != nil {
				return err
			}
			found = append(found, d)
			return nil
		})
		if err != nil {
			return err
		}
		var claimed []any
		for _, d := range found {
			// attempts is the claim's token: another dispatcher's claim
			// committed meanwhile has moved it on.
			res, err := c.exec(ctx, `UPDATE webhook_deliveries SET attempts = attempts + 1, next_attempt_at = ?
				WHERE id = ? AND status = 'pending' AND attempts = ?`, now.Add(lease), d.id, d.attempts)
			if err != nil {
				return fmt.Errorf("claim delivery %d: %w", d.id, err)
			}
			if n, err := res.RowsAffected(); err != nil {
				return err
			} else if n == 1 {
				claimed = append(claimed, d.id)
			}
		}
		if len(claimed) == 0 {
			return nil
		}
		out, err = readDueDeliveries(ctx, c, claimed)
		return err
	})
	return out, err
}

// ReleaseDeliveries hands claimed deliveries that were not sent back, due
// now, without counting the attempt: a dispatcher stopping mid-batch leaves
// them to the next.
func (s *Store) ReleaseDeliveries(ctx context.Context, due []*DueDelivery) error {
	if len(due) == 0 {
		return nil
	}
	return s.inTx(ctx, func(c conn) error {
		for _, d := range due {
			if _, err := c.exec(ctx, `UPDATE webhook_deliveries SET attempts = attempts - 1, next_attempt_at = ?
				WHERE id = ? AND status = 'pending' AND attempts = ?`, s.Now(), d.ID, d.Attempt); err != nil {
				return fmt.Errorf("release delivery %d: %w", d.ID, err)
			}
		}
		return nil
	})
}

// readDueDeliveries reads claimed deliveries with their webhook and event.
func readDueDeliveries(ctx context.Context, c conn, ids []any) ([]*DueDelivery, error) {
	rows, err := c.query(ctx, `SELECT d.id, d.webhook_id, w.url, w.secret, e.id, e.event, e.payload, e.created_at, d.attempts
		FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id JOIN webhook_events e ON e.id = d.event_id
		WHERE d.id IN (`+placeholders(len(ids))+`) ORDER BY d.next_attempt_at, d.id`, ids...)
	if err != nil {
		return nil, fmt.Errorf("read claimed deliveries: %w", err)
	}
	var out []*DueDelivery
	err = eachRow(rows, func() error {
		var d DueDelivery
		var payload string
		if err := rows.Scan(&d.ID, &d.WebhookID, &d.URL, &d.Secret, &d.EventID, &d.Event, &payload, &d.EventAt, &d.Attempt); err != nil {
			return err
		}
		d.Payload, d.EventAt = json.RawMessage(payload), d.EventAt.UTC()
		out = append(out, &d)
		return nil
	})
	return out, err
}

// DeliveryResult is the outcome of one attempt of a claimed delivery.
type DeliveryResult struct {
	DeliveryID int64
	// Attempt is the claimed attempt (DueDelivery.Attempt). A result whose
	// claim has been taken over since is not recorded.
	Attempt    int
	Succeeded  bool
	StatusCode int // 0 when no response came
	Error      string
	Duration   time.Duration
	// RetryAt, for a failed attempt, is when to try again; zero means the
	// delivery has failed for good.
	RetryAt time.Time
	// DisableAfter disables the webhook once this many of its deliveries in
	// a row have failed for good; 0 never does.
	DisableAfter int
}

// maxDeliveryError bounds the error text kept in the delivery log.
const maxDeliveryError = 500

// RecordDeliveryResult writes the outcome of an attempt into the delivery
// log. A success resets the webhook's failures; a delivery that failed for
// good counts one, and at r.DisableAfter the webhook is disabled (its
// pending deliveries end as failed) with the reason in disabled_reason. It
// reports whether it disabled the webhook.
func (s *Store) RecordDeliveryResult(ctx context.Context, r DeliveryResult) (disabled bool, err error) {
	if len(r.Error) > maxDeliveryError {
		r.Error = strings.ToValidUTF8(r.Error[:maxDeliveryError], "") + "…"
	}
	err = s.inTx(ctx, func(c conn) error {
		now := s.Now()
		var webhookID int64
		if err := c.queryRow(ctx, "SELECT webhook_id FROM webhook_deliveries WHERE id = ?", r.DeliveryID).Scan(&webhookID); err != nil {
			return fmt.Errorf("find delivery %d: %w", r.DeliveryID, err)
		}
		status, next, delivered := kam.DeliveryPending, r.RetryAt, any(nil)
		switch {
		case r.Succeeded:
			status, next, delivered = kam.DeliverySucceeded, now, now
		case r.RetryAt.IsZero():
			status, next = kam.DeliveryFailed, now
		}
		res, err := c.exec(ctx, `UPDATE webhook_deliveries SET status = ?, next_attempt_at = ?, last_status_code = ?, last_error = ?,
			response_ms = ?, delivered_at = ? WHERE id = ? AND status = 'pending' AND attempts = ?`,
			status, next, r.StatusCode, r.Error, r.Duration.Milliseconds(), delivered, r.DeliveryID, r.Attempt)
		if err != nil {
			return fmt.Errorf("record delivery %d: %w", r.DeliveryID, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n != 1 {
			return nil // claimed again since, or ended by disabling: the newer state stands
		}
		switch status {
		case kam.DeliverySucceeded:
			_, err = c.exec(ctx, "UPDATE webhooks SET consecutive_failures = 0 WHERE id = ? AND consecutive_failures <> 0", webhookID)
			return err
		case kam.DeliveryFailed:
			disabled, err = s.countFailure(ctx, c, webhookID, r.DisableAfter, now)
			return err
		}
		return nil
	})
	return disabled, err
}

// countFailure counts a delivery that failed for good against its webhook,
// and disables the webhook at disableAfter failures in a row.
func (s *Store) countFailure(ctx context.Context, c conn, webhookID int64, disableAfter int, now time.Time) (bool, error) {
	var failures int
	var active bool
	err := c.queryRow(ctx, `UPDATE webhooks SET consecutive_failures = consecutive_failures + 1 WHERE id = ?
		RETURNING consecutive_failures, active`, webhookID).Scan(&failures, &active)
	if err != nil {
		return false, fmt.Errorf("count webhook %d failure: %w", webhookID, err)
	}
	if disableAfter <= 0 || failures < disableAfter || !active {
		return false, nil
	}
	reason := fmt.Sprintf("disabled after %d deliveries in a row failed", failures)
	if _, err := c.exec(ctx, `UPDATE webhooks SET active = ?, disabled_reason = ?, version = version + 1, updated_at = ? WHERE id = ?`,
		false, reason, now, webhookID); err != nil {
		return false, fmt.Errorf("disable webhook %d: %w", webhookID, err)
	}
	if err := endPendingDeliveries(ctx, c, webhookID, reason, now); err != nil {
		return false, err
	}
	return true, s.audit(ctx, c, kam.System(), "webhook", webhookID, "disable", change{field: "active", old: "true", new: "false"})
}

// PruneDeliveries deletes the finished deliveries created before before,
// and the events no delivery refers to any more; it returns how many
// deliveries it deleted.
func (s *Store) PruneDeliveries(ctx context.Context, before time.Time) (int64, error) {
	var n int64
	err := s.inTx(ctx, func(c conn) error {
		res, err := c.exec(ctx, "DELETE FROM webhook_deliveries WHERE created_at < ? AND status <> 'pending'", before)
		if err != nil {
			return fmt.Errorf("prune webhook deliveries: %w", err)
		}
		if n, err = res.RowsAffected(); err != nil {
			return err
		}
		_, err = c.exec(ctx, `DELETE FROM webhook_events WHERE created_at < ?
			AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = webhook_events.id)`, before)
		if err != nil {
			return fmt.Errorf("prune webhook events: %w", err)
		}
		return nil
	})
	return n, err
}
