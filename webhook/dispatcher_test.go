package webhook_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
	"github.com/kamhq/kam/webhook"
)

// clock is a store clock the test moves by hand.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// received is one request a receiver got.
type received struct {
	header http.Header
	body   []byte
}

// receiver is a webhook endpoint on loopback that answers with answer and
// keeps every request.
type receiver struct {
	*httptest.Server
	mu       sync.Mutex
	requests []received
}

func newReceiver(t *testing.T, answer func(n int, w http.ResponseWriter, r *http.Request)) *receiver {
	rc := &receiver{}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		rc.requests = append(rc.requests, received{r.Header.Clone(), body})
		n := len(rc.requests)
		rc.mu.Unlock()
		answer(n, w, r)
	}))
	t.Cleanup(rc.Close)
	return rc
}

func (rc *receiver) got() []received {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]received(nil), rc.requests...)
}

// setup subscribes a receiver and returns the webhook and a clock.
func setup(t *testing.T, s *store.Store, url string) (*kam.Webhook, *clock) {
	t.Helper()
	c := &clock{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	s.Now = c.Now
	w := &kam.Webhook{URL: url + "/kam", Events: []string{kam.EventFlagRaised}}
	if err := s.CreateWebhook(context.Background(), kam.System(), w); err != nil {
		t.Fatal(err)
	}
	return w, c
}

func ping(t *testing.T, s *store.Store, w *kam.Webhook) int64 {
	t.Helper()
	id, err := s.PingWebhook(context.Background(), kam.System(), w.ID)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// deliverDue runs one pass and checks how many deliveries it sent.
func deliverDue(t *testing.T, d *webhook.Dispatcher, want int) {
	t.Helper()
	n, err := d.DeliverDue(context.Background())
	if err != nil || n != want {
		t.Fatalf("delivered %d, %v; want %d", n, err, want)
	}
}

// lastDelivery returns the webhook's newest delivery from its log.
func lastDelivery(t *testing.T, s *store.Store, w *kam.Webhook) *kam.WebhookDelivery {
	t.Helper()
	log, err := s.FindDeliveries(context.Background(), kam.System(), w.ID, "", 1)
	if err != nil || len(log) == 0 {
		t.Fatalf("delivery log: %d, %v", len(log), err)
	}
	return log[0]
}

func TestWebhookDeliveryIsSignedAndLogged(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		rc := newReceiver(t, func(int, http.ResponseWriter, *http.Request) {})
		w, _ := setup(t, s, rc.URL)
		id := ping(t, s, w)
		d := &webhook.Dispatcher{Store: s, Timeout: 5 * time.Second}
		deliverDue(t, d, 1)
		deliverDue(t, d, 0)

		reqs := rc.got()
		if len(reqs) != 1 {
			t.Fatalf("%d requests, want 1", len(reqs))
		}
		h, body := reqs[0].header, reqs[0].body
		for name, want := range map[string]string{"Content-Type": "application/json", "User-Agent": "kam-webhook",
			"Kam-Event": "ping", "Kam-Delivery": strconv.FormatInt(id, 10)} {
			if h.Get(name) != want {
				t.Errorf("%s: %q, want %q", name, h.Get(name), want)
			}
		}
		// Check the signature as the README tells a receiver to.
		parts := map[string]string{}
		for p := range strings.SplitSeq(h.Get("Kam-Signature"), ",") {
			k, v, _ := strings.Cut(p, "=")
			parts[k] = v
		}
		mac := hmac.New(sha256.New, []byte(w.Secret))
		mac.Write([]byte(parts["t"] + "." + string(body)))
		if want := hex.EncodeToString(mac.Sum(nil)); parts["v1"] != want {
			t.Errorf("Kam-Signature %q: v1 is not the HMAC-SHA256 of t.body (%s)", h.Get("Kam-Signature"), want)
		}
		sent, _ := strconv.ParseInt(parts["t"], 10, 64)
		if age := time.Since(time.Unix(sent, 0)); age < -time.Minute || age > time.Minute {
			t.Errorf("signature timestamp %d is %s from now", sent, age)
		}
		if err := webhook.Verify(w.Secret, h.Get("Kam-Signature"), body, 5*time.Minute, time.Now()); err != nil {
			t.Errorf("Verify: %v", err)
		}
		tampered := []byte(strings.Replace(string(body), "ping", "pong", 1))
		if err := webhook.Verify(w.Secret, h.Get("Kam-Signature"), tampered, 5*time.Minute, time.Now()); err != webhook.ErrBadSignature {
			t.Errorf("Verify of a changed body: %v", err)
		}
		if err := webhook.Verify("whsec_other", h.Get("Kam-Signature"), body, 5*time.Minute, time.Now()); err != webhook.ErrBadSignature {
			t.Errorf("Verify with another secret: %v", err)
		}
		if err := webhook.Verify(w.Secret, h.Get("Kam-Signature"), body, 5*time.Minute, time.Now().Add(time.Hour)); err != webhook.ErrStale {
			t.Errorf("Verify an hour later: %v", err)
		}

		logged := lastDelivery(t, s, w)
		var env struct {
			ID    int64           `json:"id"`
			Event string          `json:"event"`
			Data  json.RawMessage `json:"data"`
		}
		if err := json.Unmarshal(body, &env); err != nil {
			t.Fatalf("body %s: %v", body, err)
		}
		if env.ID != logged.EventID || env.Event != "ping" || !strings.Contains(string(env.Data), `"webhook_id":`+strconv.FormatInt(w.ID, 10)) {
			t.Errorf("body %s", body)
		}
		if logged.Status != kam.DeliverySucceeded || logged.Attempts != 1 || logged.LastStatusCode != 200 || logged.DeliveredAt.IsZero() {
			t.Errorf("logged %+v", logged)
		}
	})
}

func TestWebhookRetriedAfterServerError(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		rc := newReceiver(t, func(n int, w http.ResponseWriter, _ *http.Request) {
			if n == 1 {
				http.Error(w, "database down", http.StatusInternalServerError)
				return
			}
			w.WriteHeader(http.StatusNoContent)
		})
		w, clk := setup(t, s, rc.URL)
		ping(t, s, w)
		d := &webhook.Dispatcher{Store: s, Timeout: 5 * time.Second, Backoff: func(n int) time.Duration { return time.Duration(n) * time.Minute }}
		deliverDue(t, d, 1)
		failed := lastDelivery(t, s, w)
		if failed.Status != kam.DeliveryPending || failed.Attempts != 1 || failed.LastStatusCode != 500 ||
			!strings.Contains(failed.LastError, "database down") || !failed.NextAttemptAt.Equal(clk.Now().Add(time.Minute)) {
			t.Fatalf("after a 500: %+v; want pending, retried a minute later", failed)
		}
		deliverDue(t, d, 0) // not due yet
		clk.add(61 * time.Second)
		deliverDue(t, d, 1)
		done := lastDelivery(t, s, w)
		if done.Status != kam.DeliverySucceeded || done.Attempts != 2 || done.LastStatusCode != 204 || done.LastError != "" {
			t.Errorf("after the retry: %+v", done)
		}
		reqs := rc.got()
		if len(reqs) != 2 || reqs[0].header.Get("Kam-Delivery") != reqs[1].header.Get("Kam-Delivery") || string(reqs[0].body) != string(reqs[1].body) {
			t.Errorf("%d requests; want the same delivery and body twice", len(reqs))
		}
	})
}

func TestWebhookHangingEndpointTimesOutAndIsRetried(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		rc := newReceiver(t, func(n int, w http.ResponseWriter, r *http.Request) {
			if n == 1 {
				<-r.Context().Done() // hangs until kam gives up
			}
		})
		w, clk := setup(t, s, rc.URL)
		ping(t, s, w)
		d := &webhook.Dispatcher{Store: s, Timeout: 300 * time.Millisecond}
		start := time.Now()
		deliverDue(t, d, 1)
		if took := time.Since(start); took > 5*time.Second {
			t.Errorf("a hanging endpoint held the dispatcher %s with a 300ms timeout", took)
		}
		hung := lastDelivery(t, s, w)
		if hung.Status != kam.DeliveryPending || hung.LastStatusCode != 0 || !strings.Contains(hung.LastError, "no answer within 300ms") {
			t.Fatalf("after a timeout: %+v", hung)
		}
		if hung.NextAttemptAt.Sub(clk.Now()) < 30*time.Second {
			t.Errorf("retry at %s, %s after the failure; want the first backoff of 30s or more", hung.NextAttemptAt, hung.NextAttemptAt.Sub(clk.Now()))
		}
		clk.add(time.Hour)
		deliverDue(t, d, 1)
		if got := lastDelivery(t, s, w); got.Status != kam.DeliverySucceeded || got.Attempts != 2 {
			t.Errorf("the retry: %+v", got)
		}
	})
}
