package store_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// webhookLog returns a webhook's deliveries, oldest first.
func webhookLog(t *testing.T, s *store.Store, w *kam.Webhook) []*kam.WebhookDelivery {
	t.Helper()
	log, err := s.FindDeliveries(context.Background(), kam.System(), w.ID, "", 500)
	if err != nil {
		t.Fatal(err)
	}
	for i, j := 0, len(log)-1; i < j; i, j = i+1, j-1 {
		log[i], log[j] = log[j], log[i]
	}
	return log
}

// payload decodes a delivery's data.
func payload(t *testing.T, d *kam.WebhookDelivery) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(d.Payload, &m); err != nil {
		t.Fatalf("delivery %d payload %s: %v", d.ID, d.Payload, err)
	}
	return m
}

// outboxSize counts the events in the outbox.
func outboxSize(t *testing.T, s *store.Store) int {
	t.Helper()
	var n int
	if err := s.DB().QueryRow("SELECT COUNT(*) FROM webhook_events").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestWebhookEventIsKeptExactlyWhenItsChangeCommits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		admin := principal(t, s, o.admin)
		if err := s.EmitInTx(ctx, kam.EventAccountChanged, o.a1.ID, map[string]any{"n": 0}, true); err != nil {
			t.Fatal(err)
		}
		if n := outboxSize(t, s); n != 0 {
			t.Errorf("with no subscriber the outbox holds %d events, want 0", n)
		}
		w := newWebhook(t, s, admin, kam.EventAccountChanged)
		flagsOnly := newWebhook(t, s, admin, kam.EventFlagRaised)
		paused := newWebhook(t, s, admin, kam.EventAccountChanged)
		off := false
		if _, err := s.UpdateWebhook(ctx, admin, paused.ID, kam.WebhookUpdate{Active: &off, Version: 1}); err != nil {
			t.Fatal(err)
		}

		if err := s.EmitInTx(ctx, kam.EventAccountChanged, o.a1.ID, map[string]any{"n": 1}, false); err == nil {
			t.Fatal("the failing change committed")
		}
		if got := webhookLog(t, s, w); len(got) != 0 || outboxSize(t, s) != 0 {
			t.Fatalf("a rolled-back change left %d deliveries, %d events", len(got), outboxSize(t, s))
		}

		// A real change: the event comes with it.
		name := "Alpha Industries Group"
		a, err := s.UpdateAccount(ctx, admin, o.a1.ID, kam.AccountUpdate{Name: &name, Version: o.a1.Version})
		if err != nil {
			t.Fatal(err)
		}
		// A stale change is refused and emits nothing.
		other := "Nobody's Name"
		_, err = s.UpdateAccount(ctx, admin, o.a1.ID, kam.AccountUpdate{Name: &other, Version: o.a1.Version})
		wantCode(t, err, kam.ECONFLICT)

		got := webhookLog(t, s, w)
		if len(got) != 1 {
			t.Fatalf("%d deliveries, want one account.changed", len(got))
		}
		d := got[0]
		if d.Event != kam.EventAccountChanged || d.Status != kam.DeliveryPending || d.Attempts != 0 || d.NextAttemptAt.IsZero() {
			t.Errorf("delivery %+v", d)
		}
		m := payload(t, d)
		changes, _ := m["changes"].([]any)
		if m["account_id"] != float64(o.a1.ID) || m["name"] != name || m["version"] != float64(a.Version) || len(changes) != 1 {
			t.Fatalf("payload %s", d.Payload)
		}
		if ch := changes[0].(map[string]any); ch["field"] != "name" || ch["old"] != "Alpha Industries Ltd" || ch["new"] != name {
			t.Errorf("change %v", ch)
		}
		if n := len(webhookLog(t, s, flagsOnly)) + len(webhookLog(t, s, paused)); n != 0 {
			t.Errorf("%d deliveries went to webhooks not subscribed or disabled", n)
		}
	})
}

func TestWebhookEventsOfFlagsDealsAndImports(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		admin := principal(t, s, o.admin)
		w := newWebhook(t, s, admin, kam.EventFlagRaised, kam.EventFlagResolved, kam.EventOpportunityStageChanged, kam.EventImportFinished)

		drop := insight.Flag{Kind: insight.VolumeDrop, Severity: "high", Evidence: "orders down 61%"}
		overdue := insight.Flag{Kind: insight.OrderOverdue, Severity: "medium", Evidence: "no order for 94 days"}
		if _, _, err := s.SyncFlags(ctx, o.a1.ID, []insight.Flag{drop, overdue}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.SyncFlags(ctx, o.a1.ID, []insight.Flag{drop}); err != nil { // overdue passes
			t.Fatal(err)
		}
		flags, err := s.FindFlags(ctx, admin, "open")
		if err != nil || len(flags) != 1 {
			t.Fatalf("open flags %d, %v", len(flags), err)
		}
		if err := s.SetFlagState(ctx, admin, flags[0].ID, "dismissed", "seasonal"); err != nil {
			t.Fatal(err)
		}

		deal := &kam.Opportunity{AccountID: o.a1.ID, Name: "Line 4 retrofit", Amount: kam.MustMoney("25000")}
		if err := s.CreateOpportunity(ctx, admin, deal); err != nil {
			t.Fatal(err)
		}
		if _, err := s.MoveOpportunity(ctx, admin, deal.ID, "proposal", deal.Version); err != nil {
			t.Fatal(err)
		}
		for _, dry := range []bool{true, false} {
			run := &kam.ImportRun{Kind: "accounts", Source: "erp", Files: "accounts.csv", DryRun: dry}
			if err := s.StartImportRun(ctx, admin, run); err != nil {
				t.Fatal(err)
			}
			run.Status, run.Summary = "done", map[string]kam.Counts{"accounts": {New: 3, Rejected: 1}}
			if err := s.FinishImportRun(ctx, run); err != nil {
				t.Fatal(err)
			}
		}

		got := webhookLog(t, s, w)
		want := []struct{ event, kind, state string }{
			{kam.EventFlagRaised, "volume_drop", "open"},
			{kam.EventFlagRaised, "order_overdue", "open"},
			{kam.EventFlagResolved, "order_overdue", "resolved"},
			{kam.EventFlagResolved, "volume_drop", "dismissed"},
			{kam.EventOpportunityStageChanged, "", ""},
			{kam.EventImportFinished, "", ""},
		}
		if len(got) != len(want) {
			for _, d := range got {
				t.Logf("%s %s", d.Event, d.Payload)
			}
			t.Fatalf("%d deliveries, want %d", len(got), len(want))
		}
		for i, wt := range want {
			m := payload(t, got[i])
			if got[i].Event != wt.event || (wt.kind != "" && (m["kind"] != wt.kind || m["state"] != wt.state)) {
				t.Errorf("delivery %d: %s %s; want %s of %s, %s", i, got[i].Event, got[i].Payload, wt.event, wt.kind, wt.state)
			}
		}
		raised := payload(t, got[0])
		if raised["account_id"] != float64(o.a1.ID) || raised["account_name"] != "Alpha Industries Ltd" ||
			raised["severity"] != "high" || raised["evidence"] != "orders down 61%" || raised["flag_id"] == float64(0) {
			t.Errorf("flag.raised payload %s", got[0].Payload)
		}
		if m := payload(t, got[2]); m["reason"] != "the change is no longer seen" {
			t.Errorf("flag.resolved payload %s; want why it was resolved", got[2].Payload)
		}
		if m := payload(t, got[3]); m["reason"] != "seasonal" || m["flag_id"] != float64(flags[0].ID) {
			t.Errorf("dismissal payload %s", got[3].Payload)
		}
		if m := payload(t, got[4]); m["opportunity_id"] != float64(deal.ID) || m["old_stage"] != "prospecting" ||
			m["new_stage"] != "proposal" || m["amount"] != "25000.00" || m["account_id"] != float64(o.a1.ID) {
			t.Errorf("stage payload %s", got[4].Payload)
		}
		if m := payload(t, got[5]); m["dry_run"] != false || m["status"] != "done" || m["summary"] == nil {
			t.Errorf("import payload %s", got[5].Payload)
		}
	})
}

func TestWebhookDeliveryClaimedOnceUntilItsLeaseEnds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		admin := principal(t, s, o.admin)
		now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		s.Now = func() time.Time { return now }
		w := newWebhook(t, s, admin, kam.EventFlagRaised)
		id, err := s.PingWebhook(ctx, admin, w.ID)
		if err != nil {
			t.Fatal(err)
		}
		first, err := s.ClaimDueDeliveries(ctx, 10, time.Minute)
		if err != nil || len(first) != 1 || first[0].ID != id || first[0].Attempt != 1 || first[0].URL != w.URL || first[0].Secret != w.Secret {
			t.Fatalf("first claim %v, %v", first, err)
		}
		if again, err := s.ClaimDueDeliveries(ctx, 10, time.Minute); err != nil || len(again) != 0 {
			t.Fatalf("a claimed delivery was claimed again within its lease: %d, %v", len(again), err)
		}
		now = now.Add(2 * time.Minute) // the first dispatcher died
		second, err := s.ClaimDueDeliveries(ctx, 10, time.Minute)
		if err != nil || len(second) != 1 || second[0].Attempt != 2 {
			t.Fatalf("claim after the lease: %v, %v", second, err)
		}
		// The first claim's late result does not overwrite the second's.
		if _, err := s.RecordDeliveryResult(ctx, store.DeliveryResult{DeliveryID: id, Attempt: 1, Succeeded: true, StatusCode: 200}); err != nil {
			t.Fatal(err)
		}
		if d := webhookLog(t, s, w)[0]; d.Status != kam.DeliveryPending {
			t.Fatalf("a stale claim's result was recorded: %+v", d)
		}
		if _, err := s.RecordDeliveryResult(ctx, store.DeliveryResult{DeliveryID: id, Attempt: 2, Succeeded: true, StatusCode: 204,
			Duration: 42 * time.Millisecond}); err != nil {
			t.Fatal(err)
		}
		d := webhookLog(t, s, w)[0]
		if d.Status != kam.DeliverySucceeded || d.LastStatusCode != 204 || d.ResponseMillis != 42 || !d.DeliveredAt.Equal(now) || d.Attempts != 2 {
			t.Errorf("delivered: %+v", d)
		}
		if n, err := s.PruneDeliveries(ctx, now.Add(time.Hour)); err != nil || n != 1 || outboxSize(t, s) != 0 {
			t.Errorf("pruned %d, %v; outbox %d; want the finished delivery and its event gone", n, err, outboxSize(t, s))
		}
	})
}
