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

func TestCalendarFeedSecrets(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		am1, viewer := principal(t, s, o.am1), principal(t, s, o.view)

		if _, err := s.FindCalendarFeed(ctx, am1); kam.ErrorCode(err) != kam.ENOTFOUND {
			t.Fatalf("feed before any: %v", err)
		}
		first, err := s.CreateCalendarFeed(ctx, am1)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(first, "kamcal_") || len(first) < 40 {
			t.Fatalf("secret %q", first)
		}
		if got := store.CalendarFeedPath(first); got != "/calendar/"+first+".ics" {
			t.Errorf("path %q", got)
		}
		p, err := s.CalendarFeedPrincipal(ctx, first)
		if err != nil || p.UserID != o.am1.ID || p.Role != kam.RoleAM || !p.ReadOnly {
			t.Fatalf("feed principal %+v, %v", p, err)
		}
		f, err := s.FindCalendarFeed(ctx, am1)
		if err != nil || f.UserID != o.am1.ID || f.CreatedAt.IsZero() || f.LastUsedAt == nil {
			t.Fatalf("feed %+v, %v", f, err)
		}

		// A new secret replaces the old one, which stops working.
		second, err := s.CreateCalendarFeed(ctx, am1)
		if err != nil || second == first {
			t.Fatalf("rotate: %q, %v", second, err)
		}
		wantCode(t, second2(s.CalendarFeedPrincipal(ctx, first)), kam.ENOTFOUND)
		if p, err := s.CalendarFeedPrincipal(ctx, second); err != nil || p.UserID != o.am1.ID {
			t.Fatalf("new secret: %+v, %v", p, err)
		}
		if f, err := s.FindCalendarFeed(ctx, am1); err != nil || f.LastUsedAt == nil {
			t.Fatalf("feed after rotation %+v, %v", f, err)
		}

		// Each user has their own; the viewer may have one too.
		theirs, err := s.CreateCalendarFeed(ctx, viewer)
		if err != nil {
			t.Fatal(err)
		}
		if p, err := s.CalendarFeedPrincipal(ctx, theirs); err != nil || p.UserID != o.view.ID {
			t.Fatalf("viewer's secret: %+v, %v", p, err)
		}

		// Turned off, the secret is unknown; turning off again does nothing.
		if err := s.RevokeCalendarFeed(ctx, am1); err != nil {
			t.Fatal(err)
		}
		wantCode(t, second2(s.CalendarFeedPrincipal(ctx, second)), kam.ENOTFOUND)
		wantCode(t, second2(s.FindCalendarFeed(ctx, am1)), kam.ENOTFOUND)
		if err := s.RevokeCalendarFeed(ctx, am1); err != nil {
			t.Fatal(err)
		}
		if _, err := s.CalendarFeedPrincipal(ctx, theirs); err != nil {
			t.Fatalf("am1 turning theirs off ended the viewer's: %v", err)
		}

		// Secrets that were never made, and principals that hold no feed.
		for _, bad := range []string{"", "kamcal_", "kamcal_" + strings.Repeat("A", 43), theirs + "x", strings.Repeat("k", 200)} {
			wantCode(t, second2(s.CalendarFeedPrincipal(ctx, bad)), kam.ENOTFOUND)
		}
		readOnly := *am1
		readOnly.ReadOnly = true
		wantCode(t, second2(s.CreateCalendarFeed(ctx, &readOnly)), kam.EFORBIDDEN)
		wantCode(t, s.RevokeCalendarFeed(ctx, &readOnly), kam.EFORBIDDEN)
		wantCode(t, second2(s.CreateCalendarFeed(ctx, kam.System())), kam.EFORBIDDEN)
	})
}

// second2 returns the error of a two-valued call.
func second2[T any](_ T, err error) error { return err }

// calendarData gives the org dated records in and out of am1's scope and
// calendar window, and returns today.
func calendarData(t *testing.T, s *store.Store, o *org) kam.Date {
	t.Helper()
	ctx := context.Background()
	now := s.Now()
	today := kam.DateOf(now)
	err := s.Load(ctx, kam.System(), func(l *store.Loader) error {
		for _, c := range []*kam.Contract{
			{AccountID: o.a1.ID, Name: "Alpha frame", EndDate: today.AddDays(40), NoticeDays: 30, Value: kam.MustMoney("90000")},
			{AccountID: o.a2.ID, Name: "Bravo secret", EndDate: today.AddDays(20), NoticeDays: 10, Value: kam.MustMoney("5000")},
			{AccountID: o.a3.ID, Name: "Charlie service", EndDate: today.AddDays(400), NoticeDays: 60},
			{AccountID: o.a1.ID, Name: "Alpha old", EndDate: today.AddDays(-100)},
		} {
			c.StartDate, c.Currency, c.Status = today.AddDays(-500), "EUR", "active"
			if err := l.Contract(c); err != nil {
				return err
			}
		}
		for _, d := range []*kam.Opportunity{
			{AccountID: o.a1.ID, Name: "Alpha upsell", OwnerID: o.am1.ID, CloseDate: today.AddDays(5), Amount: kam.MustMoney("42000")},
			{AccountID: o.a2.ID, Name: "Bravo deal", OwnerID: o.am2.ID, CloseDate: today.AddDays(3), Amount: kam.MustMoney("1000")},
		} {
			d.Kind, d.Stage, d.Currency, d.Probability = kam.OppUpsell, "proposal", "EUR", 50
			if err := l.Opportunity(d); err != nil {
				return err
			}
		}
		for _, a := range []*kam.Activity{
			{AccountID: o.a1.ID, UserID: o.am1.ID, Kind: kam.ActivityVisit, OccurredAt: now.Add(72 * time.Hour), Subject: "Plant tour"},
			{AccountID: o.a1.ID, UserID: o.am1.ID, Kind: kam.ActivityCall, OccurredAt: now.Add(-time.Hour), Subject: "Call",
				NextStep: "Send the quote", NextStepDue: today.AddDays(2)},
			{AccountID: o.a2.ID, UserID: o.am2.ID, Kind: kam.ActivityVisit, OccurredAt: now.Add(48 * time.Hour), Subject: "Bravo visit"},
		} {
			if err := l.Activity(a); err != nil {
				return err
			}
		}
		done := now
		for _, task := range []*kam.Task{
			{AccountID: o.a1.ID, AssigneeID: o.am1.ID, Title: "Prepare the review", Due: today.AddDays(1)},
			{AssigneeID: o.am1.ID, Title: "Expenses"},
			{AccountID: o.a1.ID, AssigneeID: o.am1.ID, Title: "Ancient", Due: today.AddDays(-200)},
			{AccountID: o.a1.ID, AssigneeID: o.am1.ID, Title: "Done already", Due: today.AddDays(3), DoneAt: &done},
			{AccountID: o.a2.ID, AssigneeID: o.am2.ID, Title: "Bravo task", Due: today.AddDays(1)},
		} {
			if err := l.Task(task); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return today
}

func TestCalendarEvents(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		today := calendarData(t, s, o)
		from, to := today.AddDays(-store.CalendarDaysBack), today.AddDays(store.CalendarDaysAhead)
		summary := func(p *kam.Principal) []string {
			t.Helper()
			events, err := s.CalendarEvents(ctx, p, from, to)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, e := range events {
				uid, _, _ := strings.Cut(e.UID, "-") // kind only: ids differ between engines' runs
				out = append(out, uid+" "+e.Date.String()+" "+e.Title+" "+e.AccountName)
				if !strings.HasSuffix(e.UID, "@kam") || e.ID == 0 || e.AccountID == 0 && e.Kind != store.CalendarTask {
					t.Errorf("event %+v", e)
				}
				if (e.At != nil) != (e.Kind == store.UpcomingVisit) {
					t.Errorf("event %s: time %v", e.UID, e.At)
				}
			}
			return out
		}
		d := func(n int) string { return today.AddDays(n).String() }
		want := []string{
			"task " + d(1) + " Prepare the review Alpha Industries Ltd",
			"next " + d(2) + " Send the quote Alpha Industries Ltd",
			"visit " + d(3) + " Plant tour Alpha Industries Ltd",
			"close " + d(5) + " Alpha upsell Alpha Industries Ltd",
			"notice " + d(10) + " Alpha frame Alpha Industries Ltd",
			"renewal " + d(40) + " Alpha frame Alpha Industries Ltd",
			"notice " + d(340) + " Charlie service Charlie plc",
		}
		// am1 sees a1 and the team accounts a3 and a4, never am2's a2, and
		// only their own tasks, next steps and visits.
		got := summary(principal(t, s, o.am1))
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("am1's calendar:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		// am2 sees a2 and a3, and only their own task and visit.
		got = summary(principal(t, s, o.am2))
		want = []string{
			"task " + d(1) + " Bravo task Bravo GmbH",
			"visit " + d(2) + " Bravo visit Bravo GmbH",
			"close " + d(3) + " Bravo deal Bravo GmbH",
			"notice " + d(10) + " Bravo secret Bravo GmbH",
			"renewal " + d(20) + " Bravo secret Bravo GmbH",
			"notice " + d(340) + " Charlie service Charlie plc",
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("am2's calendar:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}

		// UIDs are the records' own, so they stay across fetches.
		p := principal(t, s, o.am1)
		a, _ := s.CalendarEvents(ctx, p, from, to)
		b, _ := s.CalendarEvents(ctx, p, from, to)
		for i := range a {
			if a[i].UID != b[i].UID {
				t.Errorf("UID %s became %s", a[i].UID, b[i].UID)
			}
		}
		// A window is cut to its longest; a backward one is refused.
		if _, err := s.CalendarEvents(ctx, p, from, from.AddDays(5000)); err != nil {
			t.Error(err)
		}
		wantCode(t, second2(s.CalendarEvents(ctx, p, to, from)), kam.EINVALID)
	})
}
