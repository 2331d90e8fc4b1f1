package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
	"github.com/kamhq/kam/webhook"
)

// webhookJSON sends a JSON body.
func webhookJSON(body string) option {
	return func(r *http.Request) {
		r.Body = io.NopCloser(strings.NewReader(body))
		r.ContentLength = int64(len(body))
		r.Header.Set("Content-Type", "application/json")
	}
}

// wantHookError checks an API error's status, code and field.
func wantHookError(t *testing.T, w *httptest.ResponseRecorder, status int, code, field string) {
	t.Helper()
	b := decode(t, w)
	if w.Code != status || b.Error == nil || b.Error.Code != code || b.Error.Field != field {
		t.Fatalf("status %d, body %s; want %d %s naming %q", w.Code, w.Body, status, code, field)
	}
}

// webhookOf decodes the webhook of a 2xx answer.
func webhookOf(t *testing.T, w *httptest.ResponseRecorder, status int) kam.Webhook {
	t.Helper()
	var hook kam.Webhook
	if w.Code != status {
		t.Fatalf("status %d, want %d: %s", w.Code, status, w.Body)
	}
	if err := json.Unmarshal(decode(t, w).Data, &hook); err != nil {
		t.Fatal(err)
	}
	return hook
}

func TestWebhooksAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx, sys := context.Background(), kam.System()
		f := newFixture(t, s)
		must(t, s.CreateUser(ctx, sys, &kam.User{Username: "admin", Role: kam.RoleAdmin}, testPassword))
		token := func(user string, readOnly bool) string {
			_, secret, err := s.CreateToken(ctx, sys, user, "hooks", readOnly, nil)
			must(t, err)
			return secret
		}
		admin, adminRead, am1 := token("admin", false), token("admin", true), token("am1", false)

		var mu sync.Mutex
		var got []http.Header
		var bodies [][]byte
		receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			b, _ := io.ReadAll(r.Body)
			mu.Lock()
			got, bodies = append(got, r.Header.Clone()), append(bodies, b)
			mu.Unlock()
		}))
		defer receiver.Close()
		create := fmt.Sprintf(`{"url": %q, "events": ["opportunity.stage_changed"]}`, receiver.URL)

		wantHookError(t, f.do(t, "POST", "/api/v1/webhooks", bearer(am1), webhookJSON(create)), 403, kam.EFORBIDDEN, "")
		wantHookError(t, f.do(t, "GET", "/api/v1/webhooks", bearer(am1)), 403, kam.EFORBIDDEN, "")
		wantHookError(t, f.do(t, "POST", "/api/v1/webhooks", bearer(adminRead), webhookJSON(create)), 403, kam.EFORBIDDEN, "")
		wantHookError(t, f.do(t, "POST", "/api/v1/webhooks", bearer(admin),
			webhookJSON(`{"url": "https://x.example/", "events": ["flag.raised"], "secret": "mine"}`)), 400, kam.EINVALID, "secret")
		wantHookError(t, f.do(t, "POST", "/api/v1/webhooks", bearer(admin), webhookJSON(`{"url": 5, "events": ["flag.raised"]}`)), 400, kam.EINVALID, "url")
		wantHookError(t, f.do(t, "POST", "/api/v1/webhooks", bearer(admin), webhookJSON(`{"url": "https://x.example/", "events": "flag.raised"}`)), 400, kam.EINVALID, "events")
		wantHookError(t, f.do(t, "POST", "/api/v1/webhooks", bearer(admin), webhookJSON(`{"url": "https://x.example/", "events": ["deal.won"]}`)), 400, kam.EINVALID, "events")
		wantHookError(t, f.do(t, "POST", "/api/v1/webhooks", bearer(admin), webhookJSON(`{"url": "mailto:a@b.example", "events": ["flag.raised"]}`)), 400, kam.EINVALID, "url")
		huge := `{"url": "https://x.example/` + strings.Repeat("a", 1<<20) + `", "events": ["flag.raised"]}`
		if w := f.do(t, "POST", "/api/v1/webhooks", bearer(admin), webhookJSON(huge)); w.Code != http.StatusRequestEntityTooLarge {
			t.Fatalf("a body over 1 MiB: status %d, want 413", w.Code)
		}
		if list := decode(t, f.do(t, "GET", "/api/v1/webhooks", bearer(admin))); string(list.Data) != "[]" {
			t.Fatalf("refused requests created webhooks: %s", list.Data)
		}

		w := f.do(t, "POST", "/api/v1/webhooks", bearer(admin), webhookJSON(create))
		hook := webhookOf(t, w, http.StatusCreated)
		if !strings.HasPrefix(hook.Secret, "whsec_") || w.Header().Get("Location") != fmt.Sprintf("/api/v1/webhooks/%d", hook.ID) {
			t.Fatalf("created %+v, Location %q; want the secret shown once", hook, w.Header().Get("Location"))
		}
		path := w.Header().Get("Location")
		for _, read := range []*httptest.ResponseRecorder{
			f.do(t, "GET", "/api/v1/webhooks", bearer(adminRead)), f.do(t, "GET", path, bearer(adminRead)),
		} {
			if read.Code != 200 || strings.Contains(read.Body.String(), hook.Secret) || !strings.Contains(read.Body.String(), receiver.URL) {
				t.Fatalf("read %d: %s; want the webhook without its secret", read.Code, read.Body)
			}
		}

		// Pause, refuse a stale change and a ping, then enable again.
		wantHookError(t, f.do(t, "PATCH", path, bearer(admin), webhookJSON(`{"active": "no", "version": 1}`)), 400, kam.EINVALID, "active")
		wantHookError(t, f.do(t, "PATCH", path, bearer(admin), webhookJSON(`{"active": false}`)), 428, kam.EPRECONDITION, "")
		paused := webhookOf(t, f.do(t, "PATCH", path, bearer(admin), webhookJSON(`{"active": false, "version": 1}`)), 200)
		if paused.Active || paused.Version != 2 || paused.Secret != "" {
			t.Fatalf("paused %+v", paused)
		}
		wantHookError(t, f.do(t, "PATCH", path, bearer(admin), webhookJSON(`{"active": true, "version": 1}`)), 412, kam.ESTALE, "")
		wantHookError(t, f.do(t, "POST", path+"/ping", bearer(admin)), 409, kam.ECONFLICT, "")
		webhookOf(t, f.do(t, "PATCH", path, bearer(admin), webhookJSON(`{"active": true}`), header("If-Match", `"2"`)), 200)
		if w := f.do(t, "POST", path+"/ping", bearer(admin)); w.Code != http.StatusAccepted || !strings.Contains(w.Body.String(), `"delivery_id":`) {
			t.Fatalf("ping: %d %s", w.Code, w.Body)
		}

		// A deal moved through the API reaches the receiver, signed.
		deal := &kam.Opportunity{AccountID: f.group.ID, Name: "Freezer fleet", Amount: kam.MustMoney("80000")}
		must(t, s.CreateOpportunity(ctx, sys, deal))
		moveToken := token("am1", false)
		if w := f.do(t, "POST", fmt.Sprintf("/api/v1/opportunities/%d/stage", deal.ID), bearer(moveToken),
			webhookJSON(`{"stage": "negotiation", "version": 1}`)); w.Code != 200 {
			t.Fatalf("move: %d %s", w.Code, w.Body)
		}
		d := &webhook.Dispatcher{Store: s, Timeout: 5 * time.Second}
		if n, err := d.DeliverDue(ctx); err != nil || n != 2 {
			t.Fatalf("delivered %d, %v; want the ping and the move", n, err)
		}
		mu.Lock()
		moved := false
		for i, h := range got {
			if err := webhook.Verify(hook.Secret, h.Get("Kam-Signature"), bodies[i], time.Minute, time.Now()); err != nil {
				t.Errorf("request %d: %v", i, err)
			}
			moved = moved || h.Get("Kam-Event") == kam.EventOpportunityStageChanged && strings.Contains(string(bodies[i]), `"new_stage":"negotiation"`)
		}
		if len(got) != 2 || !moved {
			t.Errorf("received %d requests, the move among them: %v", len(got), moved)
		}
		mu.Unlock()
		log := decode(t, f.do(t, "GET", path+"/deliveries?status=succeeded&limit=10", bearer(adminRead)))
		var entries []kam.WebhookDelivery
		must(t, json.Unmarshal(log.Data, &entries))
		if len(entries) != 2 || entries[0].Event != kam.EventOpportunityStageChanged || entries[1].Event != kam.EventPing || entries[0].LastStatusCode != 200 {
			t.Errorf("delivery log %s", log.Data)
		}
		wantHookError(t, f.do(t, "GET", path+"/deliveries?status=lost", bearer(admin)), 400, kam.EINVALID, "status")

		if w := f.do(t, "DELETE", path, bearer(admin)); w.Code != http.StatusNoContent {
			t.Fatalf("delete: %d %s", w.Code, w.Body)
		}
		wantHookError(t, f.do(t, "GET", path, bearer(admin)), 404, kam.ENOTFOUND, "")
		wantHookError(t, f.do(t, "PUT", path, bearer(admin)), 405, "method_not_allowed", "")
	})
}
