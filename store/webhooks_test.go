package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// newWebhook subscribes a receiver URL to events as p.
func newWebhook(t *testing.T, s *store.Store, p *kam.Principal, events ...string) *kam.Webhook {
	t.Helper()
	w := &kam.Webhook{URL: "https://hooks.example/kam", Events: events}
	if err := s.CreateWebhook(context.Background(), p, w); err != nil {
		t.Fatal(err)
	}
	return w
}

// webhookAudit lists the audit entries of a webhook, oldest first, each as
// "action" or "action field".
func webhookAudit(t *testing.T, s *store.Store, id int64) []string {
	t.Helper()
	rows, err := s.DB().Query(s.Rebind("SELECT TRIM(action || ' ' || field) FROM audit_log WHERE entity = 'webhook' AND entity_id = ? ORDER BY id"), id)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	return out
}

func TestWebhookCreateValidatesAndShowsTheSecretOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		admin := principal(t, s, o.admin)
		for _, bad := range []struct {
			url    string
			events []string
			field  string
		}{
			{"", []string{kam.EventFlagRaised}, "url"},
			{"/relative/path", []string{kam.EventFlagRaised}, "url"},
			{"ftp://hooks.example/kam", []string{kam.EventFlagRaised}, "url"},
			{"https://", []string{kam.EventFlagRaised}, "url"},
			{"https://hooks.example/kam", nil, "events"},
			{"https://hooks.example/kam", []string{"flag.raisd"}, "events"},
			{"https://hooks.example/kam", []string{kam.EventPing}, "events"},
		} {
			err := s.CreateWebhook(ctx, admin, &kam.Webhook{URL: bad.url, Events: bad.events})
			if kam.ErrorCode(err) != kam.EINVALID || kam.ErrorField(err) != bad.field {
				t.Errorf("create %q %v: error %v, want invalid %s", bad.url, bad.events, err, bad.field)
			}
		}
		w := &kam.Webhook{URL: " https://hooks.example/kam?team=emea ", Events: []string{kam.EventImportFinished, kam.EventFlagRaised, kam.EventFlagRaised}}
		if err := s.CreateWebhook(ctx, admin, w); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(w.Secret, "whsec_") || len(w.Secret) < 40 {
			t.Errorf("secret %q: want a long random whsec_ secret", w.Secret)
		}
		if w.URL != "https://hooks.example/kam?team=emea" || strings.Join(w.Events, ",") != "flag.raised,import.finished" {
			t.Errorf("stored %q %v; want the URL trimmed and the events once each, in the list's order", w.URL, w.Events)
		}
		other := newWebhook(t, s, admin, kam.EventAccountChanged)
		if other.Secret == w.Secret {
			t.Error("two webhooks got the same secret")
		}
		got, err := s.FindWebhook(ctx, admin, w.ID)
		if err != nil {
			t.Fatal(err)
		}
		list, err := s.FindWebhooks(ctx, admin)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || list[0].ID != w.ID {
			t.Fatalf("listed %d webhooks, want 2 oldest first", len(list))
		}
		for _, read := range []*kam.Webhook{got, list[0], list[1]} {
			if read.Secret != "" {
				t.Errorf("webhook %d read back with its secret", read.ID)
			}
		}
		if !got.Active || got.CreatedBy != o.admin.ID || got.Version != 1 || strings.Join(got.Events, ",") != "flag.raised,import.finished" {
			t.Errorf("read back %+v", got)
		}
		if a := webhookAudit(t, s, w.ID); strings.Join(a, ",") != "create url,create events" {
			t.Errorf("audit %v, want the URL and events created", a)
		}
	})
}

func TestWebhooksAreForAdministratorsOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		admin := principal(t, s, o.admin)
		w := newWebhook(t, s, admin, kam.EventFlagRaised)
		for _, u := range []*kam.User{o.director, o.am1, o.view} {
			p := principal(t, s, u)
			wantCode(t, s.CreateWebhook(ctx, p, &kam.Webhook{URL: "https://x.example/", Events: []string{kam.EventFlagRaised}}), kam.EFORBIDDEN)
			_, err := s.FindWebhooks(ctx, p)
			wantCode(t, err, kam.EFORBIDDEN)
			_, err = s.FindWebhook(ctx, p, w.ID)
			wantCode(t, err, kam.EFORBIDDEN)
			active := false
			_, err = s.UpdateWebhook(ctx, p, w.ID, kam.WebhookUpdate{Active: &active, Version: w.Version})
			wantCode(t, err, kam.EFORBIDDEN)
			wantCode(t, s.DeleteWebhook(ctx, p, w.ID), kam.EFORBIDDEN)
			_, err = s.FindDeliveries(ctx, p, w.ID, "", 0)
			wantCode(t, err, kam.EFORBIDDEN)
			_, err = s.PingWebhook(ctx, p, w.ID)
			wantCode(t, err, kam.EFORBIDDEN)
		}
		// An administrator's read-only token reads but changes nothing.
		readOnly := principal(t, s, o.admin)
		readOnly.ReadOnly = true
		if _, err := s.FindWebhooks(ctx, readOnly); err != nil {
			t.Errorf("read-only admin list: %v", err)
		}
		wantCode(t, s.DeleteWebhook(ctx, readOnly, w.ID), kam.EFORBIDDEN)
		if _, err := s.FindWebhook(ctx, admin, w.ID); err != nil {
			t.Errorf("the webhook is gone after refused deletes: %v", err)
		}
		_, err := s.FindWebhook(ctx, admin, w.ID+100)
		wantCode(t, err, kam.ENOTFOUND)
	})
}

func TestWebhookUpdateChecksVersionAndReenablingResetsFailures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		admin := principal(t, s, o.admin)
		w := newWebhook(t, s, admin, kam.EventFlagRaised)
		url, events := "https://hooks.example/v2", []string{kam.EventAccountChanged, kam.EventApprovalRequested}
		up, err := s.UpdateWebhook(ctx, admin, w.ID, kam.WebhookUpdate{URL: &url, Events: &events, Version: 1})
		if err != nil {
			t.Fatal(err)
		}
		if up.URL != url || strings.Join(up.Events, ",") != "account.changed,approval.requested" || up.Version != 2 || up.Secret != "" {
			t.Errorf("updated to %+v", up)
		}
		_, err = s.UpdateWebhook(ctx, admin, w.ID, kam.WebhookUpdate{URL: &url, Version: 1})
		wantCode(t, err, kam.ESTALE)
		bad := []string{"account.deleted"}
		_, err = s.UpdateWebhook(ctx, admin, w.ID, kam.WebhookUpdate{Events: &bad, Version: 2})
		wantCode(t, err, kam.EINVALID)

		// Two deliveries fail for good: with DisableAfter 2 the webhook is
		// disabled, with the reason, and a pending third ends as failed.
		for range 3 {
			if _, err := s.PingWebhook(ctx, admin, w.ID); err != nil {
				t.Fatal(err)
			}
		}
		due, err := s.ClaimDueDeliveries(ctx, 2, time.Minute)
		if err != nil || len(due) != 2 {
			t.Fatalf("claimed %d, %v; want 2", len(due), err)
		}
		for i, d := range due {
			disabled, err := s.RecordDeliveryResult(ctx, store.DeliveryResult{DeliveryID: d.ID, Attempt: d.Attempt, StatusCode: 500,
				Error: "HTTP 500", DisableAfter: 2})
			if err != nil || disabled != (i == 1) {
				t.Fatalf("record failure %d: disabled %v, %v", i, disabled, err)
			}
		}
		got, err := s.FindWebhook(ctx, admin, w.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Active || got.ConsecutiveFailures != 2 || !strings.Contains(got.DisabledReason, "2 deliveries in a row failed") || got.Version != 3 {
			t.Fatalf("after 2 failures: %+v; want disabled with the reason", got)
		}
		if log, _ := s.FindDeliveries(ctx, admin, w.ID, kam.DeliveryPending, 0); len(log) != 0 {
			t.Errorf("%d deliveries still pending on a disabled webhook", len(log))
		}
		_, err = s.PingWebhook(ctx, admin, w.ID)
		wantCode(t, err, kam.ECONFLICT)

		on := true
		got, err = s.UpdateWebhook(ctx, admin, w.ID, kam.WebhookUpdate{Active: &on, Version: got.Version})
		if err != nil {
			t.Fatal(err)
		}
		if !got.Active || got.ConsecutiveFailures != 0 || got.DisabledReason != "" {
			t.Errorf("re-enabled: %+v; want active with no failures and no reason", got)
		}
		if err := s.DeleteWebhook(ctx, admin, w.ID); err != nil {
			t.Fatal(err)
		}
		_, err = s.FindWebhook(ctx, admin, w.ID)
		wantCode(t, err, kam.ENOTFOUND)
		_, err = s.FindDeliveries(ctx, admin, w.ID, "", 0)
		wantCode(t, err, kam.ENOTFOUND)
		if a := strings.Join(webhookAudit(t, s, w.ID), ","); a != "create url,create events,update url,update events,ping,ping,ping,disable active,update active,delete url" {
			t.Errorf("audit %s", a)
		}
	})
}
