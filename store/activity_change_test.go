package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/portfolio"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

func ptr[T any](v T) *T { return &v }

func TestActivityChangesAreScopedVersionedAndMoveTheRollup(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		am1, am2, viewer, admin := principal(t, s, o.am1), principal(t, s, o.am2), principal(t, s, o.view), principal(t, s, o.admin)
		now := time.Now().UTC().Add(time.Minute).Truncate(time.Second)
		s.Now = func() time.Time { return now }
		today := kam.DateOf(now)
		s.Insights = portfolio.Compute(portfolio.Options{})
		if _, err := s.Recompute(ctx, today, s.Insights); err != nil {
			t.Fatal(err)
		}
		call := &kam.Activity{AccountID: o.a1.ID, Kind: kam.ActivityCall, Subject: "Renewal"}
		if err := s.CreateActivity(ctx, am1, call); err != nil {
			t.Fatal(err)
		}
		got, err := s.FindActivity(ctx, am1, call.ID)
		if err != nil || got.Version != 1 || got.AccountName != o.a1.Name || got.UserName != "am1" || got.Subject != "Renewal" {
			t.Fatalf("find %+v, %v", got, err)
		}

		// The call was a visit: the roll-up's last contact follows.
		changed, err := s.UpdateActivity(ctx, am1, call.ID, kam.ActivityUpdate{Version: 1, Kind: ptr(kam.ActivityVisit),
			Subject: ptr("  Renewal at the plant "), NextStep: ptr("Send the offer"), NextStepDue: ptr(today.AddDays(3))})
		if err != nil || changed.Version != 2 || changed.Kind != kam.ActivityVisit || changed.Subject != "Renewal at the plant" ||
			changed.NextStepDue != today.AddDays(3) {
			t.Fatalf("update %+v, %v", changed, err)
		}
		if r, err := s.FindRollup(ctx, am1, o.a1.ID); err != nil || !r.Own.LastContact["call"].IsZero() || r.Own.LastContact["visit"] != today {
			t.Errorf("after the change: last contact %v, %v; want a visit today and no call", r.Own.LastContact, err)
		}
		if action, value := lastAudit(t, s, o.a1.ID); action != "update_activity" || value == "" {
			t.Errorf("audit %s %q", action, value)
		}
		if got, _ := s.FindActivity(ctx, am1, call.ID); got.NextStep != "Send the offer" || got.Version != 2 {
			t.Errorf("stored %+v", got)
		}
		if same, err := s.UpdateActivity(ctx, am1, call.ID, kam.ActivityUpdate{Version: 2, Subject: ptr("Renewal at the plant")}); err != nil || same.Version != 2 {
			t.Errorf("a change to nothing: %+v, %v", same, err)
		}
		cleared, err := s.UpdateActivity(ctx, am1, call.ID, kam.ActivityUpdate{Version: 2, NextStepDue: &kam.Date{}})
		if err != nil || !cleared.NextStepDue.IsZero() || cleared.Version != 3 {
			t.Errorf("clear the next step's day: %+v, %v", cleared, err)
		}

		// Refusals: stale, invalid, out of scope, not allowed.
		wantCode(t, second2(s.UpdateActivity(ctx, am1, call.ID, kam.ActivityUpdate{Version: 1, Subject: ptr("x")})), kam.ESTALE)
		wantCode(t, second2(s.UpdateActivity(ctx, am1, call.ID, kam.ActivityUpdate{Version: 3, Subject: ptr(" ")})), kam.EINVALID)
		wantCode(t, second2(s.UpdateActivity(ctx, am1, call.ID, kam.ActivityUpdate{Version: 3, Kind: ptr(kam.ActivityKind("fax"))})), kam.EINVALID)
		wantCode(t, second2(s.UpdateActivity(ctx, am1, call.ID, kam.ActivityUpdate{Version: 3, OccurredAt: ptr(now.Add(72 * time.Hour))})), kam.EINVALID)
		wantCode(t, second2(s.UpdateActivity(ctx, am2, call.ID, kam.ActivityUpdate{Version: 3, Subject: ptr("x")})), kam.ENOTFOUND)
		wantCode(t, second2(s.FindActivity(ctx, am2, call.ID)), kam.ENOTFOUND)
		onA2 := &kam.Activity{AccountID: o.a2.ID, Kind: kam.ActivityNote, Subject: "Bravo note"}
		onA3 := &kam.Activity{AccountID: o.a3.ID, Kind: kam.ActivityEmail, Subject: "Charlie mail"}
		for _, a := range []*kam.Activity{onA2, onA3} {
			if err := s.CreateActivity(ctx, am2, a); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.FindActivity(ctx, viewer, onA2.ID); err != nil {
			t.Errorf("the viewer reads a2's activity: %v", err)
		}
		wantCode(t, second2(s.UpdateActivity(ctx, viewer, onA2.ID, kam.ActivityUpdate{Version: 1, Subject: ptr("x")})), kam.EFORBIDDEN)
		wantCode(t, s.DeleteActivity(ctx, am1, onA3.ID, 0), kam.EFORBIDDEN) // read access on a3's team
		if got, _ := s.FindActivity(ctx, am2, call.ID+1000); got != nil {
			t.Error("an activity that does not exist is found")
		}

		// Delete: gone from the lists, the timeline and the last contact.
		wantCode(t, s.DeleteActivity(ctx, am1, call.ID, 2), kam.ESTALE)
		if err := s.DeleteActivity(ctx, am1, call.ID, 3); err != nil {
			t.Fatal(err)
		}
		wantCode(t, second2(s.FindActivity(ctx, am1, call.ID)), kam.ENOTFOUND)
		if list, _ := s.FindActivities(ctx, am1, o.a1.ID, 0); len(list) != 0 {
			t.Errorf("a deleted activity is listed: %+v", list)
		}
		if events, err := s.FindTimeline(ctx, am1, o.a1.ID, 50); err != nil || hasEvent(events, store.TimelineActivity) {
			t.Errorf("a deleted activity is on the timeline: %+v, %v", events, err)
		}
		if r, _ := s.FindRollup(ctx, am1, o.a1.ID); !r.Own.LastContact["visit"].IsZero() {
			t.Errorf("a deleted visit is the last contact: %v", r.Own.LastContact)
		}
		if action, _ := lastAudit(t, s, o.a1.ID); action != "delete_activity" {
			t.Errorf("audit %s", action)
		}
		wantCode(t, s.DeleteActivity(ctx, am1, call.ID, 0), kam.ENOTFOUND)

		// Restore: administrators only.
		wantCode(t, second2(s.RestoreActivity(ctx, am1, call.ID)), kam.EFORBIDDEN)
		back, err := s.RestoreActivity(ctx, admin, call.ID)
		if err != nil || back.Version != 5 || back.Kind != kam.ActivityVisit {
			t.Fatalf("restore %+v, %v", back, err)
		}
		if r, _ := s.FindRollup(ctx, am1, o.a1.ID); r.Own.LastContact["visit"] != today {
			t.Errorf("a restored visit is not the last contact: %v", r.Own.LastContact)
		}
		if action, _ := lastAudit(t, s, o.a1.ID); action != "restore_activity" {
			t.Errorf("audit %s", action)
		}
		wantCode(t, second2(s.RestoreActivity(ctx, admin, call.ID)), kam.ENOTFOUND)
	})
}

// hasEvent reports whether a timeline holds an event of a kind.
func hasEvent(events []store.TimelineEvent, kind string) bool {
	for _, e := range events {
		if e.Kind == kind {
			return true
		}
	}
	return false
}

func TestTaskChangesFollowTheAssigneeAndTheAccount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		am1, am2, admin := principal(t, s, o.am1), principal(t, s, o.am2), principal(t, s, o.admin)
		today := kam.DateOf(s.Now())
		add := func(p *kam.Principal, t0 *kam.Task) *kam.Task {
			t.Helper()
			if err := s.CreateTask(ctx, p, t0); err != nil {
				t.Fatalf("create %+v: %v", t0, err)
			}
			return t0
		}
		onA1 := add(am1, &kam.Task{AccountID: o.a1.ID, Title: "Send the quote", Due: today})
		onA4 := add(am1, &kam.Task{AccountID: o.a4.ID, Title: "Check stock"})
		own := add(am1, &kam.Task{Title: "Expenses"})
		forAM1 := add(am2, &kam.Task{AccountID: o.a3.ID, Title: "Call back", AssigneeID: o.am1.ID})
		notAM1s := add(am2, &kam.Task{AccountID: o.a3.ID, Title: "Not yours"})

		got, err := s.UpdateTask(ctx, am1, onA1.ID, kam.TaskUpdate{Version: 1, Title: ptr(" Send the revised quote "), Due: &kam.Date{}})
		if err != nil || got.Version != 2 || got.Title != "Send the revised quote" || !got.Due.IsZero() || got.AccountName != o.a1.Name {
			t.Fatalf("update %+v, %v", got, err)
		}
		if action, value := lastAudit(t, s, o.a1.ID); action != "update_task" || value != "" { // the due day cleared, last
			t.Errorf("audit %s %q", action, value)
		}
		wantCode(t, second2(s.UpdateTask(ctx, am1, onA1.ID, kam.TaskUpdate{Version: 1, Title: ptr("x")})), kam.ESTALE)
		wantCode(t, second2(s.UpdateTask(ctx, am1, onA1.ID, kam.TaskUpdate{Version: 2, Title: ptr("  ")})), kam.EINVALID)
		wantCode(t, second2(s.UpdateTask(ctx, am2, onA1.ID, kam.TaskUpdate{Version: 2, Title: ptr("x")})), kam.ENOTFOUND)
		wantCode(t, second2(s.UpdateTask(ctx, am2, own.ID, kam.TaskUpdate{Version: 1, Title: ptr("x")})), kam.ENOTFOUND)

		// Giving a task away: to someone who sees the account, by someone
		// who may change it; a task on no account stays its assignee's.
		wantCode(t, second2(s.UpdateTask(ctx, am1, onA1.ID, kam.TaskUpdate{Version: 2, AssigneeID: ptr(o.am2.ID)})), kam.EINVALID)
		wantCode(t, second2(s.UpdateTask(ctx, am1, own.ID, kam.TaskUpdate{Version: 1, AssigneeID: ptr(o.am2.ID)})), kam.EINVALID)
		wantCode(t, second2(s.UpdateTask(ctx, am1, onA4.ID, kam.TaskUpdate{Version: 1, AssigneeID: ptr(int64(999999))})), kam.EINVALID)
		given, err := s.UpdateTask(ctx, am1, onA4.ID, kam.TaskUpdate{Version: 1, AssigneeID: ptr(o.kam.ID)})
		if err != nil || given.AssigneeID != o.kam.ID || given.AssigneeName != "kam1" || given.Version != 2 {
			t.Errorf("give a4's task to its owner: %+v, %v", given, err)
		}

		// On a3, where am1 may only read: their own task they change but do
		// not give away; another's they neither change nor delete.
		if got, err := s.UpdateTask(ctx, am1, forAM1.ID, kam.TaskUpdate{Version: 1, Due: ptr(today.AddDays(2))}); err != nil || got.Due != today.AddDays(2) {
			t.Errorf("the assignee moves their task: %+v, %v", got, err)
		}
		wantCode(t, second2(s.UpdateTask(ctx, am1, forAM1.ID, kam.TaskUpdate{Version: 2, AssigneeID: ptr(o.am2.ID)})), kam.EFORBIDDEN)
		wantCode(t, second2(s.UpdateTask(ctx, am1, notAM1s.ID, kam.TaskUpdate{Version: 1, Title: ptr("x")})), kam.EFORBIDDEN)
		wantCode(t, s.DeleteTask(ctx, am1, notAM1s.ID, 0), kam.EFORBIDDEN)

		// Completing counts as a change.
		if err := s.CompleteTask(ctx, am1, own.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.FindTask(ctx, am1, own.ID); got.Version != 2 || got.DoneAt == nil {
			t.Errorf("done task %+v", got)
		}

		// Delete and restore.
		wantCode(t, s.DeleteTask(ctx, am1, onA1.ID, 1), kam.ESTALE)
		if err := s.DeleteTask(ctx, am1, onA1.ID, 2); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteTask(ctx, am1, own.ID, 0); err != nil {
			t.Fatal(err)
		}
		wantCode(t, second2(s.FindTask(ctx, am1, onA1.ID)), kam.ENOTFOUND)
		if rows, _ := s.FindTasks(ctx, am1, store.TaskFilter{AccountID: o.a1.ID}); len(rows) != 0 {
			t.Errorf("a deleted task is listed: %+v", rows)
		}
		if action, value := lastAudit(t, s, o.a1.ID); action != "delete_task" || value != "" {
			t.Errorf("audit %s %q", action, value)
		}
		wantCode(t, second2(s.RestoreTask(ctx, am1, onA1.ID)), kam.EFORBIDDEN)
		back, err := s.RestoreTask(ctx, admin, onA1.ID)
		if err != nil || back.Version != 4 || back.Title != "Send the revised quote" {
			t.Fatalf("restore %+v, %v", back, err)
		}
		if back, err := s.RestoreTask(ctx, admin, own.ID); err != nil || back.AssigneeID != o.am1.ID {
			t.Errorf("restore a task on no account: %+v, %v", back, err)
		}
		if _, err := s.FindTask(ctx, am1, own.ID); err != nil {
			t.Errorf("the restored task: %v", err)
		}
		wantCode(t, second2(s.RestoreTask(ctx, admin, onA1.ID)), kam.ENOTFOUND)
		if action, _ := lastAudit(t, s, o.a1.ID); action != "restore_task" {
			t.Errorf("audit %s", action)
		}
	})
}
