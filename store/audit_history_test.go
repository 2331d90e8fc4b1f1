package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// TestHistoryIsPagedNewestFirstWithTheActorsNames: a record's history
// reads a page at a time, newest first, each entry naming who made it;
// a cursor of another record's history is refused.
func TestHistoryIsPagedNewestFirstWithTheActorsNames(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, time.December, 1, 10, 0, 0, 0, time.UTC)
		s.Now = func() time.Time { now = now.Add(time.Minute); return now }
		o := newOrg(t, s)
		am1 := principal(t, s, o.am1)
		for i, name := range []string{"Alpha 1", "Alpha 2", "<script>alert(1)</script>"} {
			if _, err := s.UpdateAccount(ctx, am1, o.a1.ID, kam.AccountUpdate{Version: int64(i + 1), Name: &name}); err != nil {
				t.Fatal(err)
			}
		}
		var got []string
		f := store.HistoryFilter{Limit: 2}
		for pages := 0; ; pages++ {
			page, err := s.FindHistory(ctx, am1, "account", o.a1.ID, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range page.Entries {
				got = append(got, fmt.Sprintf("%s %s %s: %s → %s", e.ActorName, e.Action, e.Field, e.OldValue, e.NewValue))
			}
			if page.Next == "" {
				if pages != 1 {
					t.Errorf("%d pages, want 2", pages+1)
				}
				break
			}
			f.After = page.Next
		}
		want := []string{"am1 update name: Alpha 2 → <script>alert(1)</script>", "am1 update name: Alpha 1 → Alpha 2",
			"am1 update name: Alpha Industries Ltd → Alpha 1", " create name:  → Alpha Industries Ltd"}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("history\n%q\nwant\n%q", got, want)
		}

		first, err := s.FindHistory(ctx, am1, "account", o.a1.ID, store.HistoryFilter{Limit: 1})
		if err != nil || first.Next == "" {
			t.Fatalf("first page %+v, %v", first, err)
		}
		_, err = s.FindHistory(ctx, am1, "account", o.a4.ID, store.HistoryFilter{After: first.Next})
		wantCode(t, err, kam.EINVALID)
		_, err = s.FindHistory(ctx, am1, "account", o.a1.ID, store.HistoryFilter{Limit: 501})
		wantCode(t, err, kam.EINVALID)
		_, err = s.FindHistory(ctx, am1, "user", o.am1.ID, store.HistoryFilter{})
		wantCode(t, err, kam.EINVALID)
	})
}

// TestHistoryOfPlansTargetsAndApprovalsIsScoped: plans, objectives and
// discount requests have a history, seen by whoever sees the record and
// by no one else (ENOTFOUND, as for the record itself).
func TestHistoryOfPlansTargetsAndApprovalsIsScoped(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		am1, am2, admin := principal(t, s, o.am1), principal(t, s, o.am2), principal(t, s, o.admin)
		s.Now = func() time.Time { return time.Date(2026, time.May, 10, 9, 0, 0, 0, time.UTC) }

		plan := newPlan(t, s, am1, o.a1.ID, "Alpha plan 2027")
		if _, err := s.UpdatePlan(ctx, am1, plan.ID, kam.PlanUpdate{Version: 1, Title: ptr("Alpha plan, revised")}); err != nil {
			t.Fatal(err)
		}
		q := kam.DefaultFiscalCalendar().Quarter(2026, 2)
		objective := &kam.Target{AccountID: o.a1.ID, PeriodStart: q.First, PeriodEnd: q.Last, Description: "Win the Lyon site"}
		if err := s.CreateTarget(ctx, am1, objective); err != nil {
			t.Fatal(err)
		}
		request := ask(t, s, am1, o.a1.ID, 500)

		for _, tc := range []struct {
			entity string
			id     int64
			want   string // the newest entry's action and field
		}{
			{"plan", plan.ID, "update title"},
			{"target", objective.ID, "create for"},
			{"discount_request", request.ID, "request status"},
		} {
			page, err := s.FindHistory(ctx, am1, tc.entity, tc.id, store.HistoryFilter{})
			if err != nil || len(page.Entries) == 0 {
				t.Fatalf("%s history: %+v, %v", tc.entity, page, err)
			}
			var found bool
			for _, e := range page.Entries {
				found = found || (e.Action+" "+e.Field == tc.want && e.ActorName == "am1" && e.EntityID == tc.id)
			}
			if !found {
				t.Errorf("%s history lacks %q by am1: %+v", tc.entity, tc.want, page.Entries[0])
			}
			if _, err := s.FindHistory(ctx, admin, tc.entity, tc.id, store.HistoryFilter{}); err != nil {
				t.Errorf("admin reads the %s history: %v", tc.entity, err)
			}
			// Entries saved at the same instant page by id, none twice or lost.
			all, err := s.FindAuditEntries(ctx, am1, tc.entity, tc.id)
			if err != nil {
				t.Fatal(err)
			}
			var paged []int64
			for f := (store.HistoryFilter{Limit: 1}); ; {
				page, err := s.FindHistory(ctx, am1, tc.entity, tc.id, f)
				if err != nil {
					t.Fatal(err)
				}
				for _, e := range page.Entries {
					paged = append(paged, e.ID)
				}
				if f.After = page.Next; f.After == "" {
					break
				}
			}
			if len(paged) != len(all) || paged[0] != all[0].ID || paged[len(paged)-1] != all[len(all)-1].ID {
				t.Errorf("%s: paged one by one %v, all %d entries", tc.entity, paged, len(all))
			}
			_, err = s.FindHistory(ctx, am2, tc.entity, tc.id, store.HistoryFilter{})
			wantCode(t, err, kam.ENOTFOUND)
			_, err = s.FindAuditEntries(ctx, am2, tc.entity, tc.id)
			wantCode(t, err, kam.ENOTFOUND)
		}
	})
}
