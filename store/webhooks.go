package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kamhq/kam"
)

// Webhooks are administered by administrators only: a subscription sees
// every account's changes, whatever the scope of the user who made it.

// maxWebhookURL bounds a webhook's URL.
const maxWebhookURL = 2000

// webhookColumns are the columns readWebhook scans; the secret is not one.
const webhookColumns = `id, url, events, active, disabled_reason, consecutive_failures, COALESCE(created_by, 0),
	created_at, updated_at, version`

// CreateWebhook subscribes w.URL to w.Events and fills in its id, secret and
// times. The secret is returned this once: no read gives it again.
func (s *Store) CreateWebhook(ctx context.Context, p *kam.Principal, w *kam.Webhook) error {
	if err := requireAdmin(p); err != nil {
		return err
	}
	var err error
	if w.URL, err = checkWebhookURL(w.URL); err != nil {
		return err
	}
	if w.Events, err = checkWebhookEvents(w.Events); err != nil {
		return err
	}
	secret, err := newWebhookSecret()
	if err != nil {
		return err
	}
	now := s.Now()
	w.Secret, w.Active, w.DisabledReason, w.ConsecutiveFailures = secret, true, "", 0
	w.CreatedBy, w.CreatedAt, w.UpdatedAt, w.Version = p.UserID, now, now, 1
	return s.inTx(ctx, func(c conn) error {
		id, err := c.insert(ctx, `INSERT INTO webhooks (url, secret, events, active, disabled_reason, consecutive_failures, created_by,
			created_at, updated_at, version) VALUES (?, ?, ?, ?, '', 0, ?, ?, ?, 1)`,
			w.URL, secret, strings.Join(w.Events, ","), true, nullID(p.UserID), now, now)
		if err != nil {
			return fmt.Errorf("create webhook: %w", err)
		}
		w.ID = id
		return s.audit(ctx, c, p, "webhook", id, "create",
			change{field: "url", new: kam.URLOrigin(w.URL)}, change{field: "events", new: strings.Join(w.Events, ",")})
	})
}

// FindWebhooks lists every webhook, oldest first, without their secrets.
func (s *Store) FindWebhooks(ctx context.Context, p *kam.Principal) ([]*kam.Webhook, error) {
	if err := requireAdminRead(p); err != nil {
		return nil, err
	}
	rows, err := s.reader().query(ctx, "SELECT "+webhookColumns+" FROM webhooks ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("find webhooks: %w", err)
	}
	out := []*kam.Webhook{}
	err = eachRow(rows, func() error {
		w, err := readWebhook(rows)
		if err == nil {
			out = append(out, w)
		}
		return err
	})
	return out, err
}

// FindWebhook returns one webhook without its secret.
func (s *Store) FindWebhook(ctx context.Context, p *kam.Principal, id int64) (*kam.Webhook, error) {
	if err := requireAdminRead(p); err != nil {
		return nil, err
	}
	return findWebhook(ctx, s.reader(), id)
}

func findWebhook(ctx context.Context, c conn, id int64) (*kam.Webhook, error) {
	w, err := readWebhook(c.queryRow(ctx, "SELECT "+webhookColumns+" FROM webhooks WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kam.Errorf(kam.ENOTFOUND, "Webhook %d not found.", id)
	} else if err != nil {
		return nil, fmt.Errorf("find webhook %d: %w", id, err)
	}
	return w, nil
}

// readWebhook scans webhookColumns.
func readWebhook(row interface{ Scan(...any) error }) (*kam.Webhook, error) {
	var w kam.Webhook
	var events string
	if err := row.Scan(&w.ID, &w.URL, &events, &w.Active, &w.DisabledReason, &w.ConsecutiveFailures, &w.CreatedBy,
		&w.CreatedAt, &w.UpdatedAt, &w.Version); err != nil {
		return nil, err
	}
	w.Events = splitEvents(events)
	if w.Events == nil {
		w.Events = []string{}
	}
	w.CreatedAt, w.UpdatedAt = w.CreatedAt.UTC(), w.UpdatedAt.UTC()
	return &w, nil
}

// UpdateWebhook changes a webhook's URL, events or activity if upd.Version
// is still its version (ESTALE otherwise). Enabling a webhook clears its
// failures; disabling it ends its pending deliveries as failed.
func (s *Store) UpdateWebhook(ctx context.Context, p *kam.Principal, id int64, upd kam.WebhookUpdate) (*kam.Webhook, error) {
	if err := requireAdmin(p); err != nil {
		return nil, err
	}
	if upd.Version <= 0 {
		return nil, kam.FieldError("version", "Give the version of the webhook you are changing, so that a change made meanwhile is not overwritten.")
	}
	var out *kam.Webhook
	err := s.inTx(ctx, func(c conn) error {
		w, err := findWebhook(ctx, c, id)
		if err != nil {
			return err
		}
		if w.Version != upd.Version {
			return staleError("Webhook", id, upd.Version, w.Version)
		}
		var changes []change
		if upd.URL != nil {
			u, err := checkWebhookURL(*upd.URL)
			if err != nil {
				return err
			}
			if u != w.URL {
				changes = append(changes, change{"url", kam.URLOrigin(w.URL), kam.URLOrigin(u)})
				w.URL = u
			}
		}
		if upd.Events != nil {
			events, err := checkWebhookEvents(*upd.Events)
			if err != nil {
				return err
			}
			if old, now := strings.Join(w.Events, ","), strings.Join(events, ","); old != now {
				changes = append(changes, change{"events", old, now})
				w.Events = events
			}
		}
		enabled := false
		if upd.Active != nil && *upd.Active != w.Active {
			changes = append(changes, change{"active", strconv.FormatBool(w.Active), strconv.FormatBool(*upd.Active)})
			w.Active, enabled = *upd.Active, *upd.Active
			w.DisabledReason = ""
			if !w.Active {
				w.DisabledReason = "disabled by an administrator"
			}
		}
		out = w
		if len(changes) == 0 {
			return nil
		}
		if enabled {
			w.ConsecutiveFailures = 0
		}
		now := s.Now()
		res, err := c.exec(ctx, `UPDATE webhooks SET url = ?, events = ?, active = ?, disabled_reason = ?, consecutive_failures = ?,
			updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			w.URL, strings.Join(w.Events, ","), w.Active, w.DisabledReason, w.ConsecutiveFailures, now, id, w.Version)
		if err != nil {
			return fmt.Errorf("update webhook %d: %w", id, err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return staleError("Webhook", id, upd.Version, upd.Version+1)
		}
		w.Version++
		w.UpdatedAt = now
		if !w.Active {
			if err := endPendingDeliveries(ctx, c, id, w.DisabledReason, now); err != nil {
				return err
			}
		}
		return s.audit(ctx, c, p, "webhook", id, "update", changes...)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// DeleteWebhook removes a webhook with its delivery log.
func (s *Store) DeleteWebhook(ctx context.Context, p *kam.Principal, id int64) error {
	if err := requireAdmin(p); err != nil {
		return err
	}
	return s.inTx(ctx, func(c conn) error {
		w, err := findWebhook(ctx, c, id)
		if err != nil {
			return err
		}
		if _, err := c.exec(ctx, "DELETE FROM webhook_deliveries WHERE webhook_id = ?", id); err != nil {
			return fmt.Errorf("delete webhook %d deliveries: %w", id, err)
		}
		if _, err := c.exec(ctx, "DELETE FROM webhooks WHERE id = ?", id); err != nil {
			return fmt.Errorf("delete webhook %d: %w", id, err)
		}
		return s.audit(ctx, c, p, "webhook", id, "delete", change{field: "url", old: kam.URLOrigin(w.URL)})
	})
}

// endPendingDeliveries marks a webhook's pending deliveries failed, when it
// is disabled: nothing more is sent to it.
func endPendingDeliveries(ctx context.Context, c conn, webhookID int64, reason string, now time.Time) error {
	_, err := c.exec(ctx, `UPDATE webhook_deliveries SET status = 'failed', last_error = ?, next_attempt_at = ?
		WHERE webhook_id = ? AND status = 'pending'`, "not sent: the webhook was disabled ("+reason+")", now, webhookID)
	if err != nil {
		return fmt.Errorf("end pending deliveries of webhook %d: %w", webhookID, err)
	}
	return nil
}

// checkWebhookURL returns an absolute http or https URL, trimmed.
func checkWebhookURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	switch {
	case raw == "":
		return "", kam.FieldError("url", "Give the URL kam should POST events to, such as https://example.com/kam-hook.")
	case len(raw) > maxWebhookURL:
		return "", kam.FieldError("url", "The URL is longer than %d characters.", maxWebhookURL)
	case err != nil || !u.IsAbs() || u.Host == "" || u.Opaque != "":
		return "", kam.FieldError("url", "%q is not an absolute URL such as https://example.com/kam-hook.", raw)
	case u.Scheme != "http" && u.Scheme != "https":
		return "", kam.FieldError("url", "The URL must start with https:// or http://, not %s:.", u.Scheme)
	case u.Fragment != "":
		return "", kam.FieldError("url", "The URL cannot have a #fragment; it is never sent.")
	}
	return raw, nil
}

// checkWebhookEvents returns the events without repeats, in the order of
// kam.WebhookEvents; at least one is needed.
func checkWebhookEvents(events []string) ([]string, error) {
	if len(events) == 0 {
		return nil, kam.FieldError("events", "Give at least one event to subscribe to: %s.", strings.Join(kam.WebhookEvents, ", "))
	}
	for _, e := range events {
		if !kam.ValidWebhookEvent(e) {
			return nil, kam.FieldError("events", "Unknown event %q; the events are %s.", e, strings.Join(kam.WebhookEvents, ", "))
		}
	}
	var out []string
	for _, e := range kam.WebhookEvents {
		if slices.Contains(events, e) {
			out = append(out, e)
		}
	}
	return out, nil
}

// newWebhookSecret returns a random signing secret.
func newWebhookSecret() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("webhook secret: %w", err)
	}
	return "whsec_" + hex.EncodeToString(b), nil
}
