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

// queued reports whether an account waits on the roll-up queue.
func queued(t *testing.T, s *store.Store, accountID int64) bool {
	t.Helper()
	var n int
	if err := s.DB().QueryRow(s.Rebind("SELECT COUNT(*) FROM rollup_queue WHERE account_id = ?"), accountID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n > 0
}

// lastAudit returns the action and new value of an account's latest audit entry.
func lastAudit(t *testing.T, s *store.Store, accountID int64) (action, value string) {
	t.Helper()
	entries, err := s.FindAuditEntries(context.Background(), kam.System(), "account", accountID)
	if err != nil || len(entries) == 0 {
		t.Fatalf("audit of account %d: %d entries, %v", accountID, len(entries), err)
	}
	return entries[0].Action, entries[0].NewValue
}

func TestActivitiesAreScopedAuditedAndMoveTheRollup(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		am1, am2, viewer := principal(t, s, o.am1), principal(t, s, o.am2), principal(t, s, o.view)
		now := time.Now().UTC().Add(time.Minute).Truncate(time.Second) // after the set-up's audit entries
		s.Now = func() time.Time { return now }
		today := kam.DateOf(now)
		s.Insights = portfolio.Compute(portfolio.Options{})
		if _, err := s.Recompute(ctx, today, s.Insights); err != nil {
			t.Fatal(err)
		}
		r, err := s.FindRollup(ctx, am1, o.a1.ID)
		if err != nil || !r.Own.LastContact["call"].IsZero() {
			t.Fatalf("before any call: last contact %v, %v", r.Own.LastContact, err)
		}

		call := &kam.Activity{AccountID: o.a1.ID, Kind: kam.ActivityCall, Subject: "  Renewal <terms> & prices  "}
		if err := s.CreateActivity(ctx, am1, call); err != nil {
			t.Fatal(err)
		}
		if call.ID == 0 || call.UserID != o.am1.ID || !call.OccurredAt.Equal(now) || call.Subject != "Renewal <terms> & prices" {
			t.Errorf("logged call %+v", call)
		}
		if r, err := s.FindRollup(ctx, am1, o.a1.ID); err != nil || r.Own.LastContact["call"] != today {
			t.Errorf("after the call: last contact %v, %v; want a call today", r.Own.LastContact, err)
		}
		if queued(t, s, o.a1.ID) {
			t.Error("the account is still queued after its refresh")
		}
		if action, value := lastAudit(t, s, o.a1.ID); action != "log_activity" || value != "call: Renewal <terms> & prices" {
			t.Errorf("audit %s %q", action, value)
		}

		// Earlier, a visit with a contact; notes alone make the subject.
		contact := &kam.Contact{AccountID: o.a1.ID, FirstName: "Ada", LastName: "Lovelace"}
		if err := s.Load(ctx, kam.System(), func(l *store.Loader) error { return l.Contact(contact) }); err != nil {
			t.Fatal(err)
		}
		visit := &kam.Activity{AccountID: o.a1.ID, Kind: kam.ActivityVisit, Notes: "Toured the plant.", OccurredAt: now.Add(-48 * time.Hour),
			ContactIDs: []int64{contact.ID}}
		if err := s.CreateActivity(ctx, am1, visit); err != nil {
			t.Fatal(err)
		}
		if visit.Subject != "Visit" {
			t.Errorf("subject from notes %q, want Visit", visit.Subject)
		}
		list, err := s.FindActivities(ctx, am1, o.a1.ID, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || list[0].ID != call.ID || list[1].ID != visit.ID || list[0].AccountName != o.a1.Name ||
			list[0].UserName != "am1" || len(list[1].ContactIDs) != 1 || list[1].ContactIDs[0] != contact.ID {
			t.Errorf("activities %+v %+v: want the call, then the visit with its contact", list[0], list[len(list)-1])
		}

		// Scope: another AM neither logs nor reads; a viewer and a read-only
		// team member may read but not log; an edit team member logs.
		wantCode(t, s.CreateActivity(ctx, am2, &kam.Activity{AccountID: o.a1.ID, Kind: kam.ActivityCall, Subject: "x"}), kam.ENOTFOUND)
		if _, err := s.FindActivities(ctx, am2, o.a1.ID, 10); kam.ErrorCode(err) != kam.ENOTFOUND {
			t.Errorf("am2 reads a1's activities: %v", err)
		}
		wantCode(t, s.CreateActivity(ctx, viewer, &kam.Activity{AccountID: o.a2.ID, Kind: kam.ActivityCall, Subject: "x"}), kam.EFORBIDDEN)
		if _, err := s.FindActivities(ctx, viewer, o.a2.ID, 10); err != nil {
			t.Errorf("the viewer cannot read a2's activities: %v", err)
		}
		wantCode(t, s.CreateActivity(ctx, am1, &kam.Activity{AccountID: o.a3.ID, Kind: kam.ActivityCall, Subject: "x"}), kam.EFORBIDDEN)
		if err := s.CreateActivity(ctx, am1, &kam.Activity{AccountID: o.a4.ID, Kind: kam.ActivityEmail, Subject: "Sent the offer"}); err != nil {
			t.Errorf("am1 on a4's team with edit access: %v", err)
		}

		// Refusals.
		for _, a := range []*kam.Activity{
			{AccountID: o.a1.ID, Kind: "fax", Subject: "x"},
			{AccountID: o.a1.ID, Kind: kam.ActivityCall, Subject: "   "},
			{AccountID: o.a1.ID, Kind: kam.ActivityCall, Subject: "x", OccurredAt: now.Add(72 * time.Hour)},
			{AccountID: o.a1.ID, Kind: kam.ActivityCall, Subject: "x", ContactIDs: []int64{contact.ID + 1000}},
		} {
			if err := s.CreateActivity(ctx, am1, a); kam.ErrorCode(err) != kam.EINVALID {
				t.Errorf("%+v: %v, want invalid", a, err)
			}
		}
		if list, _ := s.FindActivities(ctx, kam.System(), o.a1.ID, 0); len(list) != 2 {
			t.Errorf("%d activities on a1 after the refusals, want 2", len(list))
		}

		// Without the computation the account waits on the queue.
		s.Insights = nil
		if err := s.CreateActivity(ctx, am1, &kam.Activity{AccountID: o.a1.ID, Kind: kam.ActivityNote, Subject: "Later"}); err != nil {
			t.Fatal(err)
		}
		if !queued(t, s, o.a1.ID) {
			t.Error("without Insights the account was not queued")
		}
	})
}

func TestTasksForMyDayAndAccounts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		am1, am2, viewer, kamp := principal(t, s, o.am1), principal(t, s, o.am2), principal(t, s, o.view), principal(t, s, o.kam)
		today := kam.DateOf(s.Now())
		add := func(p *kam.Principal, t0 *kam.Task) *kam.Task {
			t.Helper()
			if err := s.CreateTask(ctx, p, t0); err != nil {
				t.Fatalf("create %+v: %v", t0, err)
			}
			return t0
		}
		overdue := add(am1, &kam.Task{AccountID: o.a1.ID, Title: "Send the <b>quote</b>", Due: today.AddDays(-2)})
		thisWeek := add(am1, &kam.Task{AccountID: o.a1.ID, Title: "Book the visit", Due: today.AddDays(3)})
		later := add(am1, &kam.Task{AccountID: o.a1.ID, Title: "Quarterly review", Due: today.AddDays(30)})
		undated := add(am1, &kam.Task{AccountID: o.a1.ID, Title: "Some day"})
		own := add(am1, &kam.Task{Title: "Expenses", Due: today})
		if overdue.AssigneeID != o.am1.ID || overdue.DoneAt != nil || overdue.CreatedAt.IsZero() {
			t.Errorf("task %+v", overdue)
		}
		if action, value := lastAudit(t, s, o.a1.ID); action != "add_task" || value != "Some day" {
			t.Errorf("audit %s %q", action, value)
		}

		ids := func(rows []*store.TaskRow, err error) []int64 {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
			out := []int64{}
			for _, r := range rows {
				out = append(out, r.ID)
			}
			return out
		}
		same := func(got []int64, want ...*kam.Task) bool {
			if len(got) != len(want) {
				return false
			}
			for i := range got {
				if got[i] != want[i].ID {
					return false
				}
			}
			return true
		}
		myWeek := store.TaskFilter{AssigneeID: o.am1.ID, DueBy: today.AddDays(7)}
		if got := ids(s.FindTasks(ctx, am1, myWeek)); !same(got, overdue, own, thisWeek) {
			t.Errorf("am1's week %v, want overdue, today's own, this week's", got)
		}
		if got := ids(s.FindTasks(ctx, am1, store.TaskFilter{AccountID: o.a1.ID})); !same(got, overdue, thisWeek, later, undated) {
			t.Errorf("a1's tasks %v, want by due day, undated last", got)
		}
		rows, _ := s.FindTasks(ctx, am1, store.TaskFilter{AccountID: o.a1.ID, Limit: 1})
		if len(rows) != 1 || rows[0].AccountName != o.a1.Name || rows[0].AssigneeName != "am1" || rows[0].Title != "Send the <b>quote</b>" {
			t.Errorf("row %+v", rows)
		}

		// Scope.
		if _, err := s.FindTasks(ctx, am2, store.TaskFilter{AccountID: o.a1.ID}); kam.ErrorCode(err) != kam.ENOTFOUND {
			t.Errorf("am2 lists a1's tasks: %v", err)
		}
		if got := ids(s.FindTasks(ctx, am2, store.TaskFilter{AssigneeID: o.am1.ID})); len(got) != 0 {
			t.Errorf("am2 sees am1's tasks %v", got)
		}
		wantCode(t, s.CreateTask(ctx, am2, &kam.Task{AccountID: o.a1.ID, Title: "x"}), kam.ENOTFOUND)
		wantCode(t, s.CreateTask(ctx, viewer, &kam.Task{AccountID: o.a2.ID, Title: "x"}), kam.EFORBIDDEN)
		wantCode(t, s.CreateTask(ctx, am1, &kam.Task{AccountID: o.a3.ID, Title: "x"}), kam.EFORBIDDEN)
		wantCode(t, s.CreateTask(ctx, am1, &kam.Task{AccountID: o.a1.ID, Title: " "}), kam.EINVALID)
		wantCode(t, s.CreateTask(ctx, am1, &kam.Task{AccountID: o.a1.ID, Title: "x", AssigneeID: o.am2.ID}), kam.EINVALID) // am2 cannot see a1
		wantCode(t, s.CreateTask(ctx, am1, &kam.Task{Title: "x", AssigneeID: o.am2.ID}), kam.EINVALID)                     // no account: one's own
		wantCode(t, s.CompleteTask(ctx, am2, overdue.ID), kam.ENOTFOUND)
		wantCode(t, s.CompleteTask(ctx, am2, own.ID), kam.ENOTFOUND)
		wantCode(t, s.CompleteTask(ctx, viewer, overdue.ID), kam.EFORBIDDEN)
		if _, err := s.FindTask(ctx, am2, own.ID); kam.ErrorCode(err) != kam.ENOTFOUND {
			t.Errorf("am2 reads am1's own task: %v", err)
		}

		// am1, on a4's team, gives its owner a task there; am2 gives am1
		// (read-only on a3's team) one on a3, which am1 may complete.
		forKAM := add(am1, &kam.Task{AccountID: o.a4.ID, Title: "Check stock", AssigneeID: o.kam.ID, Due: today})
		if got := ids(s.FindTasks(ctx, kamp, store.TaskFilter{AssigneeID: o.kam.ID, DueBy: today})); !same(got, forKAM) {
			t.Errorf("kam's tasks %v", got)
		}
		onA3 := add(am2, &kam.Task{AccountID: o.a3.ID, Title: "Call back", AssigneeID: o.am1.ID})
		if err := s.CompleteTask(ctx, am1, onA3.ID); err != nil {
			t.Errorf("am1 completes their task on a read-only account: %v", err)
		}
		onA3b := add(am2, &kam.Task{AccountID: o.a3.ID, Title: "Not yours"})
		wantCode(t, s.CompleteTask(ctx, am1, onA3b.ID), kam.EFORBIDDEN)

		// Done, and done again.
		for range 2 {
			if err := s.CompleteTask(ctx, am1, overdue.ID); err != nil {
				t.Fatal(err)
			}
		}
		if action, _ := lastAudit(t, s, o.a1.ID); action != "complete_task" {
			t.Errorf("audit %s", action)
		}
		done, err := s.FindTask(ctx, am1, overdue.ID)
		if err != nil || done.DoneAt == nil {
			t.Errorf("done task %+v, %v", done, err)
		}
		if got := ids(s.FindTasks(ctx, am1, myWeek)); !same(got, own, thisWeek) {
			t.Errorf("am1's week after one is done %v", got)
		}
		wantCode(t, s.CompleteTask(ctx, am1, 999999), kam.ENOTFOUND)
	})
}

func TestCreateOpportunity(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		am1 := principal(t, s, o.am1)
		today := kam.DateOf(s.Now())
		op := &kam.Opportunity{AccountID: o.a1.ID, Name: " Line 4 retrofit ", Amount: eur(120000)}
		if err := s.CreateOpportunity(ctx, am1, op); err != nil {
			t.Fatal(err)
		}
		if op.ID == 0 || op.Name != "Line 4 retrofit" || op.Stage != "prospecting" || op.Kind != kam.OppNew || op.Probability != 10 ||
			op.Currency != "EUR" || op.OwnerID != o.am1.ID || op.Version != 1 || op.CloseDate != today.AddDays(90) {
			t.Errorf("opportunity %+v", op)
		}
		var found []*store.OpportunityRow
		if err := s.EachOpportunity(ctx, am1, func(r *store.OpportunityRow) error { found = append(found, r); return nil }); err != nil {
			t.Fatal(err)
		}
		if len(found) != 1 || found[0].ID != op.ID || found[0].Amount != eur(120000) || found[0].CloseDate != op.CloseDate {
			t.Errorf("stored %+v", found)
		}
		if action, value := lastAudit(t, s, o.a1.ID); action != "add_opportunity" || value != "Line 4 retrofit" {
			t.Errorf("audit %s %q", action, value)
		}
		wantCode(t, s.CreateOpportunity(ctx, principal(t, s, o.am2), &kam.Opportunity{AccountID: o.a1.ID, Name: "x"}), kam.ENOTFOUND)
		wantCode(t, s.CreateOpportunity(ctx, principal(t, s, o.view), &kam.Opportunity{AccountID: o.a2.ID, Name: "x"}), kam.EFORBIDDEN)
		wantCode(t, s.CreateOpportunity(ctx, am1, &kam.Opportunity{AccountID: o.a1.ID, Name: "x", Amount: -1}), kam.EINVALID)
		wantCode(t, s.CreateOpportunity(ctx, am1, &kam.Opportunity{AccountID: o.a1.ID, Name: ""}), kam.EINVALID)
		wantCode(t, s.CreateOpportunity(ctx, am1, &kam.Opportunity{AccountID: o.a1.ID, Name: "x", Currency: "euro"}), kam.EINVALID)
	})
}
