// Package webhook delivers the events kam records for webhook subscribers.
// The store writes each event and its pending deliveries in the same
// transaction as the change it reports (the outbox); a Dispatcher polls for
// the deliveries that are due, POSTs each as signed JSON, and records the
// outcome: a 2xx answer is a success, anything else is retried with a
// growing delay, and a webhook whose deliveries keep failing is disabled.
package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
)

// The defaults of a Dispatcher's settings.
const (
	DefaultTimeout      = 10 * time.Second
	DefaultPollInterval = time.Second
	DefaultBatch        = 20
	DefaultWorkers      = 4
	DefaultMaxAttempts  = 8
	DefaultDisableAfter = 20
	DefaultRetention    = 30 * 24 * time.Hour
)

// retrySchedule is the delay after each failed attempt; past its end the
// last delay repeats. With DefaultMaxAttempts a delivery is tried for about
// two days.
var retrySchedule = []time.Duration{
	30 * time.Second, 2 * time.Minute, 10 * time.Minute, time.Hour, 6 * time.Hour, 12 * time.Hour, 24 * time.Hour,
}

// Dispatcher sends due webhook deliveries. Several may run on one database
// (one per kam serve process): each delivery is claimed by one of them. Set
// its fields before Run; zero values take the defaults.
type Dispatcher struct {
	Store *store.Store
	Log   *slog.Logger
	// Client sends the requests; nil means one that follows no redirects
	// (a 3xx answer is a failure).
	Client *http.Client
	// Timeout bounds each request, answer included, so that an endpoint
	// that hangs holds a worker for no longer.
	Timeout time.Duration
	// PollInterval is how often Run looks for due deliveries when it found
	// none.
	PollInterval time.Duration
	// Batch is how many deliveries are claimed at once; Workers how many
	// requests are in flight at once.
	Batch, Workers int
	// MaxAttempts is how many times a delivery is tried before it fails
	// for good.
	MaxAttempts int
	// Backoff is the delay after failed attempt n (from 1); nil means the
	// schedule 30s, 2m, 10m, 1h, 6h, 12h, 24h with up to 10% jitter.
	Backoff func(attempt int) time.Duration
	// DisableAfter disables a webhook once this many of its deliveries in
	// a row have failed for good.
	DisableAfter int
	// Retention is how long finished deliveries stay in the log.
	Retention time.Duration

	defaults sync.Once
}

// New returns a dispatcher over st with the default settings; log receives
// failed deliveries and disabled webhooks (nil discards them).
func New(st *store.Store, log *slog.Logger) *Dispatcher {
	return &Dispatcher{Store: st, Log: log}
}

// setDefaults fills in the zero settings, once.
func (d *Dispatcher) setDefaults() { d.defaults.Do(d.fillDefaults) }

func (d *Dispatcher) fillDefaults() {
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	if d.Timeout <= 0 {
		d.Timeout = DefaultTimeout
	}
	if d.Client == nil {
		d.Client = &http.Client{
			Timeout:       d.Timeout,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
	}
	d.PollInterval = cmpOr(d.PollInterval, DefaultPollInterval)
	d.Batch = cmpOr(d.Batch, DefaultBatch)
	d.Workers = cmpOr(d.Workers, DefaultWorkers)
	d.MaxAttempts = cmpOr(d.MaxAttempts, DefaultMaxAttempts)
	d.DisableAfter = cmpOr(d.DisableAfter, DefaultDisableAfter)
	d.Retention = cmpOr(d.Retention, DefaultRetention)
	if d.Backoff == nil {
		d.Backoff = defaultBackoff
	}
}

// cmpOr returns v if positive, else def.
func cmpOr[T int | time.Duration](v, def T) T {
	if v > 0 {
		return v
	}
	return def
}

// defaultBackoff follows retrySchedule with up to 10% jitter, so that the
// retries of many deliveries that failed together spread out.
func defaultBackoff(attempt int) time.Duration {
	delay := retrySchedule[min(max(attempt, 1), len(retrySchedule))-1]
	return delay + time.Duration(rand.Int64N(int64(delay)/10+1))
}

// lease is how long a claim keeps other dispatchers off a delivery: a whole
// batch may wait for the workers before its last request starts.
func (d *Dispatcher) lease() time.Duration {
	rounds := (d.Batch + d.Workers - 1) / d.Workers
	return time.Duration(rounds)*d.Timeout + time.Minute
}

// Run delivers due deliveries until ctx ends, then waits for the requests in
// flight (each at most Timeout) and returns. Once an hour it prunes the
// deliveries finished more than Retention ago.
func (d *Dispatcher) Run(ctx context.Context) {
	d.setDefaults()
	var pruned time.Time
	for {
		if now := time.Now(); now.Sub(pruned) > time.Hour {
			pruned = now
			if n, err := d.Store.PruneDeliveries(ctx, d.Store.Now().Add(-d.Retention)); err != nil && ctx.Err() == nil {
				d.Log.Error("webhook: prune delivery log", "err", err)
			} else if n > 0 {
				d.Log.Info("webhook: pruned delivery log", "deliveries", n)
			}
		}
		n, err := d.DeliverDue(ctx)
		if err != nil && ctx.Err() == nil {
			d.Log.Error("webhook: deliver", "err", err)
		}
		if n == d.Batch && err == nil {
			continue // there may be more due right now
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(d.PollInterval):
		}
	}
}

// DeliverDue claims the deliveries due now (at most Batch), sends them with
// up to Workers requests at once, records each outcome and returns how many
// it sent. Requests in flight finish even if ctx ends meanwhile, so that
// their outcome is recorded; each is bounded by Timeout. Those not yet
// started when ctx ends are handed back unsent.
func (d *Dispatcher) DeliverDue(ctx context.Context) (int, error) {
	d.setDefaults()
	if ctx.Err() != nil {
		return 0, ctx.Err()
	}
	due, err := d.Store.ClaimDueDeliveries(ctx, d.Batch, d.lease())
	if err != nil || len(due) == 0 {
		return 0, err
	}
	work := context.WithoutCancel(ctx)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	slots := make(chan struct{}, d.Workers)
	sent := len(due)
	for i, dl := range due {
		slots <- struct{}{}
		if ctx.Err() != nil {
			// Stopping: what is not yet sent goes back for the next
			// dispatcher, rather than keep shutdown waiting.
			<-slots
			sent = i
			if err := d.Store.ReleaseDeliveries(work, due[i:]); err != nil {
				mu.Lock()
				firstErr = cmpErr(firstErr, err)
				mu.Unlock()
			}
			break
		}
		wg.Go(func() {
			defer func() { <-slots }()
			if err := d.deliver(work, dl); err != nil {
				mu.Lock()
				firstErr = cmpErr(firstErr, err)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return sent, firstErr
}

func cmpErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// deliver sends one claimed delivery and records its outcome.
func (d *Dispatcher) deliver(ctx context.Context, dl *store.DueDelivery) error {
	status, took, sendErr := d.send(ctx, dl)
	r := store.DeliveryResult{DeliveryID: dl.ID, Attempt: dl.Attempt, StatusCode: status, Duration: took, DisableAfter: d.DisableAfter}
	switch {
	case sendErr == nil:
		r.Succeeded = true
	default:
		r.Error = sendErr.Error()
		if dl.Attempt < d.MaxAttempts {
			r.RetryAt = d.Store.Now().Add(d.Backoff(dl.Attempt)).Truncate(time.Microsecond)
		}
		d.Log.Info("webhook: delivery failed", "webhook", dl.WebhookID, "delivery", dl.ID, "event", dl.Event,
			"attempt", dl.Attempt, "err", r.Error, "retry_at", r.RetryAt)
	}
	disabled, err := d.Store.RecordDeliveryResult(ctx, r)
	if err != nil {
		return fmt.Errorf("record delivery %d: %w", dl.ID, err)
	}
	if disabled {
		d.Log.Warn("webhook: disabled after repeated failures", "webhook", dl.WebhookID, "host", kam.URLOrigin(dl.URL), "failures", d.DisableAfter)
	}
	return nil
}

// envelope is the body of a delivery.
type envelope struct {
	ID        int64           `json:"id"`
	Event     string          `json:"event"`
	CreatedAt time.Time       `json:"created_at"`
	Data      json.RawMessage `json:"data"`
}

// Body returns the JSON body of a delivery: the event's id, name, time and
// data. It is the same on every attempt.
func Body(dl *store.DueDelivery) ([]byte, error) {
	return json.Marshal(envelope{ID: dl.EventID, Event: dl.Event, CreatedAt: dl.EventAt, Data: dl.Payload})
}

// maxErrorBody is how much of a failed answer's body is kept in the log.
const maxErrorBody = 200

// send POSTs a delivery and returns the answer's status (0 if none came),
// how long it took, and an error unless the answer was a 2xx.
func (d *Dispatcher) send(ctx context.Context, dl *store.DueDelivery) (int, time.Duration, error) {
	body, err := Body(dl)
	if err != nil {
		return 0, 0, fmt.Errorf("encode event %d: %w", dl.EventID, err)
	}
	ctx, cancel := context.WithTimeout(ctx, d.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, dl.URL, bytes.NewReader(body))
	if err != nil {
		return 0, 0, fmt.Errorf("request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "kam-webhook")
	req.Header.Set("Kam-Event", dl.Event)
	req.Header.Set("Kam-Delivery", strconv.FormatInt(dl.ID, 10))
	req.Header.Set(SignatureHeader, Sign(dl.Secret, time.Now(), body))
	start := time.Now()
	resp, err := d.Client.Do(req)
	if err != nil {
		took := time.Since(start)
		if errors.Is(err, context.DeadlineExceeded) || isTimeout(err) {
			return 0, took, fmt.Errorf("no answer within %s", d.Timeout)
		}
		return 0, took, err
	}
	defer resp.Body.Close()
	snippet, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // let the connection be reused
	took := time.Since(start)
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		msg := "HTTP " + resp.Status
		if s := bytes.TrimSpace(snippet); len(s) > 0 {
			msg += ": " + string(s)
		}
		return resp.StatusCode, took, errors.New(msg)
	}
	return resp.StatusCode, took, nil
}

// isTimeout reports whether err is a network timeout.
func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}
