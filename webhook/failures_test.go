package webhook_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
	"github.com/kamhq/kam/webhook"
)

func TestWebhookDisabledAfterRepeatedFailures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		var up atomic.Bool
		rc := newReceiver(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
			if !up.Load() {
				w.WriteHeader(http.StatusServiceUnavailable)
			}
		})
		w, _ := setup(t, s, rc.URL)
		// One attempt each, so that each delivery fails for good at once.
		d := &webhook.Dispatcher{Store: s, Timeout: 5 * time.Second, MaxAttempts: 1, DisableAfter: 3, Batch: 1, Workers: 1}
		hook := func() *kam.Webhook {
			got, err := s.FindWebhook(ctx, kam.System(), w.ID)
			if err != nil {
				t.Fatal(err)
			}
			return got
		}
		fail := func(n int) {
			t.Helper()
			for range n {
				ping(t, s, w)
				deliverDue(t, d, 1)
			}
		}
		fail(2)
		if got := lastDelivery(t, s, w); got.Status != kam.DeliveryFailed || got.LastStatusCode != 503 {
			t.Fatalf("a delivery out of attempts: %+v; want failed", got)
		}
		up.Store(true)
		fail(1) // a success ends the run of failures
		up.Store(false)
		fail(2)
		if got := hook(); !got.Active || got.ConsecutiveFailures != 2 {
			t.Fatalf("after 2 failures, a success and 2 failures: %+v; want active with 2 failures in a row", got)
		}
		ping(t, s, w) // the third failure in a row
		ping(t, s, w) // pending when the webhook is disabled
		deliverDue(t, d, 1)
		got := hook()
		if got.Active || got.ConsecutiveFailures != 3 || !strings.Contains(got.DisabledReason, "3 deliveries in a row failed") {
			t.Fatalf("after 3 failures in a row: %+v; want disabled with the reason", got)
		}
		if last := lastDelivery(t, s, w); last.Status != kam.DeliveryFailed || last.Attempts != 0 || !strings.Contains(last.LastError, "disabled") {
			t.Errorf("the delivery queued before disabling: %+v; want ended unsent", last)
		}
		sent := len(rc.got())
		deliverDue(t, d, 0)
		if _, err := s.PingWebhook(ctx, kam.System(), w.ID); kam.ErrorCode(err) != kam.ECONFLICT {
			t.Errorf("ping of a disabled webhook: %v", err)
		}
		if n := len(rc.got()); n != sent || sent != 6 {
			t.Errorf("%d requests in all, %d after disabling; want 6 then none", n, sent)
		}
	})
}

func TestWebhookTwoDispatchersNeverSendOneDeliveryTwice(t *testing.T) {
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			dsn := storetest.DSN(t, engine)
			open := func() *store.Store {
				s, err := store.Open(ctx, dsn)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { s.Close() })
				if _, err := s.Migrate(ctx); err != nil {
					t.Fatal(err)
				}
				return s
			}
			one, two := open(), open() // two kam serve processes on one database
			var mu sync.Mutex
			count := map[string]int{}
			rc := newReceiver(t, func(_ int, w http.ResponseWriter, r *http.Request) {
				time.Sleep(2 * time.Millisecond)
				mu.Lock()
				count[r.Header.Get("Kam-Delivery")]++
				mu.Unlock()
			})
			w := &kam.Webhook{URL: rc.URL, Events: []string{kam.EventFlagRaised}}
			if err := one.CreateWebhook(ctx, kam.System(), w); err != nil {
				t.Fatal(err)
			}
			const n = 40
			for range n {
				ping(t, one, w)
			}
			runCtx, stop := context.WithCancel(ctx)
			var running sync.WaitGroup
			for _, s := range []*store.Store{one, two} {
				d := &webhook.Dispatcher{Store: s, Timeout: 5 * time.Second, PollInterval: 5 * time.Millisecond, Batch: 3, Workers: 2}
				running.Go(func() { d.Run(runCtx) })
			}
			deadline := time.Now().Add(30 * time.Second)
			for {
				done, err := one.FindDeliveries(ctx, kam.System(), w.ID, kam.DeliverySucceeded, 500)
				if err != nil {
					t.Fatal(err)
				}
				if len(done) == n || time.Now().After(deadline) {
					break
				}
				time.Sleep(20 * time.Millisecond)
			}
			stop()
			running.Wait() // Run returns once its context ends
			mu.Lock()
			defer mu.Unlock()
			if len(count) != n {
				t.Errorf("%d deliveries arrived, want %d", len(count), n)
			}
			for id, times := range count {
				if times != 1 {
					t.Errorf("delivery %s arrived %d times", id, times)
				}
			}
		})
	}
}

// TestWebhookStopHandsBackUnsent: a dispatcher told to stop while its batch
// is being sent finishes the request in flight and hands the others back,
// due and with their attempt uncounted, instead of sending them first.
func TestWebhookStopHandsBackUnsent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		started := make(chan struct{}, 3)
		release := make(chan struct{})
		rc := newReceiver(t, func(n int, w http.ResponseWriter, r *http.Request) {
			started <- struct{}{}
			<-release
		})
		w, clk := setup(t, s, rc.URL)
		for range 3 {
			ping(t, s, w)
		}
		d := &webhook.Dispatcher{Store: s, Workers: 1, Timeout: 10 * time.Second}
		ctx, cancel := context.WithCancel(context.Background())
		type result struct {
			n   int
			err error
		}
		done := make(chan result, 1)
		go func() {
			n, err := d.DeliverDue(ctx)
			done <- result{n, err}
		}()
		<-started // the first request is in flight
		cancel()
		close(release)
		r := <-done
		if r.err != nil || r.n != 1 || len(rc.got()) != 1 {
			t.Fatalf("a stopped pass sent %d (%d requests), %v; want 1", r.n, len(rc.got()), r.err)
		}
		log, err := s.FindDeliveries(context.Background(), kam.System(), w.ID, kam.DeliveryPending, 10)
		if err != nil || len(log) != 2 {
			t.Fatalf("pending after the stop: %d, %v; want 2", len(log), err)
		}
		for _, dl := range log {
			if dl.Attempts != 0 || dl.NextAttemptAt.After(clk.Now()) {
				t.Errorf("a handed-back delivery: attempts %d, next %s (now %s)", dl.Attempts, dl.NextAttemptAt, clk.Now())
			}
		}
		deliverDue(t, d, 2)
	})
}
