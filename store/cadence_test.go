package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
	"github.com/kamhq/kam/portfolio"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// cadenceWorld is newOrg created on 2026-01-01 with two more accounts of
// am1 (Echo, key; Foxtrot, strategic) and the contacts of the spring,
// judged on Monday 2026-06-15.
type cadenceWorld struct {
	*org
	echo, foxtrot *kam.Account
	now           *time.Time
}

func newCadenceWorld(t *testing.T, s *store.Store) *cadenceWorld {
	t.Helper()
	ctx := context.Background()
	now := time.Date(2026, time.January, 1, 9, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return now }
	w := &cadenceWorld{org: newOrg(t, s), now: &now}
	sys := kam.System()
	w.echo = &kam.Account{Name: "Echo Ltd", Currency: "EUR", OwnerID: w.am1.ID, Tier: "key"}
	w.foxtrot = &kam.Account{Name: "Foxtrot Inc", Currency: "USD", OwnerID: w.am1.ID, Tier: "strategic"}
	for _, a := range []*kam.Account{w.echo, w.foxtrot} {
		mustOK(t, s.CreateAccount(ctx, sys, a))
	}
	on := func(day string) time.Time {
		d, err := kam.ParseDate(day)
		mustOK(t, err)
		return d.Time().Add(10 * time.Hour)
	}
	mustOK(t, s.Load(ctx, sys, func(l *store.Loader) error {
		contacts := map[*kam.Account][]string{
			w.a1:   {"2026-03-20", "2026-05-01"},
			w.echo: {"2026-03-25", "2026-04-05", "2026-04-18", "2026-05-02", "2026-05-16", "2026-05-30", "2026-06-10"},
			w.a4:   {"2026-05-20"},
			w.a2:   {"2026-06-10"},
		}
		for a, days := range contacts {
			for _, d := range days {
				if err := l.Activity(&kam.Activity{AccountID: a.ID, Kind: "call", OccurredAt: on(d), UserID: a.OwnerID, Subject: "Call"}); err != nil {
					return err
				}
			}
		}
		// A note is no contact; a visit planned and a task are shown on the plan.
		if err := l.Activity(&kam.Activity{AccountID: w.foxtrot.ID, Kind: "note", OccurredAt: on("2026-06-01"), UserID: w.am1.ID}); err != nil {
			return err
		}
		if err := l.Activity(&kam.Activity{AccountID: w.echo.ID, Kind: "visit", OccurredAt: on("2026-06-23"), UserID: w.am1.ID, Subject: "Plant tour"}); err != nil {
			return err
		}
		return l.Task(&kam.Task{AccountID: w.a1.ID, AssigneeID: w.am1.ID, Title: "Send the price list", Due: kam.NewDate(2026, 6, 18)})
	}))
	now = time.Date(2026, time.June, 15, 10, 0, 0, 0, time.UTC)
	s.Insights = portfolio.Compute(portfolio.Options{})
	if _, err := s.Recompute(ctx, kam.DateOf(now), s.Insights); err != nil {
		t.Fatal(err)
	}
	return w
}

// contactFlag is the evidence of an account's open no-contact flag, or "".
func contactFlag(t *testing.T, s *store.Store, accountID int64) string {
	t.Helper()
	flags, err := s.FindAccountFlags(context.Background(), kam.System(), accountID)
	mustOK(t, err)
	for _, f := range flags {
		if f.Kind == string(insight.ContactOverdue) && f.State == "open" {
			return f.Evidence
		}
	}
	return ""
}

func TestCadenceOverrideFeedsTheFlagTheQueueAndThePlan(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newCadenceWorld(t, s)
		am1, am2, viewer, admin := principal(t, s, w.am1), principal(t, s, w.am2), principal(t, s, w.view), principal(t, s, w.admin)
		today := kam.NewDate(2026, 6, 15)

		// Core accounts are called every 60 days: a1, last called 45 days ago, is fine.
		if f := contactFlag(t, s, w.a1.ID); f != "" {
			t.Errorf("a1 within its tier's cadence is flagged: %s", f)
		}
		c, err := s.AccountCadence(ctx, am1, w.a1.ID, today)
		if err != nil || c.TierDays != 60 || c.Days != nil || c.EffectiveDays != 60 || c.NextDue.String() != "2026-06-30" || c.DaysLate != 0 {
			t.Fatalf("a1's cadence: %+v, %v", c, err)
		}

		// Bad input changes nothing.
		_, err = s.SetAccountCadence(ctx, am1, w.a1.ID, kam.CadenceUpdate{Version: c.Version, Days: ptr(0)})
		wantCode(t, err, kam.EINVALID)
		_, err = s.SetAccountCadence(ctx, am1, w.a1.ID, kam.CadenceUpdate{Version: c.Version, Days: ptr(367)})
		wantCode(t, err, kam.EINVALID)
		_, err = s.SetAccountCadence(ctx, am1, w.a1.ID, kam.CadenceUpdate{Version: c.Version + 1, Days: ptr(30)})
		wantCode(t, err, kam.ESTALE)
		_, err = s.SetAccountCadence(ctx, am2, w.a1.ID, kam.CadenceUpdate{Version: c.Version, Days: ptr(30)})
		wantCode(t, err, kam.ENOTFOUND)
		_, err = s.SetAccountCadence(ctx, am1, w.a3.ID, kam.CadenceUpdate{Version: w.a3.Version, Days: ptr(30)})
		wantCode(t, err, kam.EFORBIDDEN) // am1 only reads a3
		_, err = s.SetAccountCadence(ctx, viewer, w.a2.ID, kam.CadenceUpdate{Version: w.a2.Version, Days: ptr(30)})
		wantCode(t, err, kam.EFORBIDDEN)
		if again, _ := s.AccountCadence(ctx, am1, w.a1.ID, today); again.Days != nil || again.Version != c.Version {
			t.Fatalf("a refused change changed a1: %+v", again)
		}

		// Every 30 days: due on 2026-05-31, 15 days late; 45 days is over 30 but not 60, so medium.
		set, err := s.SetAccountCadence(ctx, am1, w.a1.ID, kam.CadenceUpdate{Version: c.Version, Days: ptr(30)})
		if err != nil || *set.Days != 30 || set.EffectiveDays != 30 || set.NextDue.String() != "2026-05-31" || set.DaysLate != 15 || set.Version != c.Version+1 {
			t.Fatalf("set a1's cadence to 30: %+v, %v", set, err)
		}
		if f := contactFlag(t, s, w.a1.ID); f != "no contact for 45 days (last 2026-05-01); this account is contacted every 30 days" {
			t.Errorf("a1's flag with its own cadence: %q", f)
		}
		top, err := s.QueueTop(ctx, am1, 10)
		mustOK(t, err)
		i := slices.IndexFunc(top, func(e store.QueueEntry) bool { return e.AccountID == w.a1.ID })
		if i < 0 || !slices.Contains(top[i].Reasons, "no contact for 45 days; this account is called every 30 days") {
			t.Errorf("a1 in am1's queue: %+v", top)
		}

		// The administrator sets core accounts to every 20 days: a4, 26 days, is flagged by its tier.
		_, err = s.SetTierCadence(ctx, am1, []byte(`{"core": 20}`))
		wantCode(t, err, kam.EFORBIDDEN)
		_, err = s.SetTierCadence(ctx, admin, []byte(`{"core": 0}`))
		wantCode(t, err, kam.EINVALID)
		_, err = s.SetTierCadence(ctx, admin, []byte(`{"gold": 10}`))
		wantCode(t, err, kam.EINVALID)
		tc, err := s.SetTierCadence(ctx, admin, []byte(`{"core": 20}`))
		if err != nil || tc.Days("core") != 20 || tc.Days("key") != 14 || tc.Days("") != 90 {
			t.Fatalf("set the tiers' cadence: %v, %v", tc, err)
		}
		mustOK(t, s.SettleRollups(ctx))
		if f := contactFlag(t, s, w.a4.ID); f != "no contact for 26 days (last 2026-05-20); core accounts are contacted every 20 days" {
			t.Errorf("a4's flag by its tier's new cadence: %q", f)
		}
		if f := contactFlag(t, s, w.a1.ID); !strings.Contains(f, "this account is contacted every 30 days") {
			t.Errorf("a1 keeps its own cadence: %q", f)
		}

		// Back to its tier's: 20 days now, so still flagged, by its tier.
		cleared, err := s.SetAccountCadence(ctx, am1, w.a1.ID, kam.CadenceUpdate{Version: set.Version})
		if err != nil || cleared.Days != nil || cleared.EffectiveDays != 20 || cleared.NextDue.String() != "2026-05-21" {
			t.Fatalf("clear a1's cadence: %+v, %v", cleared, err)
		}
		_, err = s.SetAccountCadence(ctx, am1, w.a1.ID, kam.CadenceUpdate{Version: cleared.Version, Days: ptr(30)})
		mustOK(t, err)

		// am1's call plan from Monday 2026-06-15: a1 overdue by 15 days; Foxtrot,
		// never contacted, due today; Echo (every 14 days) due on the 24th, with
		// its visit on the 23rd.
		plan, err := s.FindCallPlan(ctx, am1, store.CallPlanFilter{Weeks: 4})
		if err != nil {
			t.Fatal(err)
		}
		if len(plan.Overdue) != 1 || plan.Overdue[0].AccountID != w.a1.ID || plan.Overdue[0].DaysLate != 15 || !plan.Overdue[0].OwnCadence ||
			len(plan.Overdue[0].Planned) != 1 || plan.Overdue[0].Planned[0].Title != "Send the price list" || plan.Overdue[0].Planned[0].Date.String() != "2026-06-18" {
			t.Errorf("overdue: %+v", plan.Overdue)
		}
		if len(plan.Weeks) != 4 || plan.Weeks[0].Start.String() != "2026-06-15" || plan.Weeks[3].End.String() != "2026-07-12" {
			t.Fatalf("weeks: %+v", plan.Weeks)
		}
		if wk := plan.Weeks[0].Calls; len(wk) != 1 || wk[0].AccountID != w.foxtrot.ID || wk[0].Due.String() != "2026-06-15" || !wk[0].LastContact.IsZero() {
			t.Errorf("this week: %+v", wk)
		}
		if wk := plan.Weeks[1].Calls; len(wk) != 1 || wk[0].AccountID != w.echo.ID || wk[0].Due.String() != "2026-06-24" ||
			len(wk[0].Planned) != 1 || wk[0].Planned[0].Kind != "visit" || wk[0].Planned[0].Date.String() != "2026-06-23" {
			t.Errorf("next week: %+v", wk)
		}
		// am2 sees none of am1's accounts, so not even am1's name; the
		// director of the UK sees am1's plan.
		if theirs, err := s.FindCallPlan(ctx, am2, store.CallPlanFilter{OwnerID: w.am1.ID}); kam.ErrorCode(err) != kam.ENOTFOUND {
			t.Errorf("am2 looks at am1's plan: %+v, %v", theirs, err)
		}
		dir := principal(t, s, w.director)
		if owners, err := s.CallPlanOwners(ctx, dir); err != nil || len(owners) != 2 || owners[0].Name != "am1" || owners[1].Name != "am2" {
			t.Errorf("the director's account managers: %+v, %v", owners, err)
		}
		_, err = s.FindCallPlan(ctx, am1, store.CallPlanFilter{Weeks: 13})
		wantCode(t, err, kam.EINVALID)
	})
}

func TestCadenceComplianceOverAPeriod(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newCadenceWorld(t, s)
		am1, admin := principal(t, s, w.am1), principal(t, s, w.admin)
		_, err := s.SetAccountCadence(ctx, am1, w.a1.ID, kam.CadenceUpdate{Version: w.a1.Version, Days: ptr(30)})
		mustOK(t, err)

		// The second quarter to 2026-06-15. a1 (30 days): called 03-20, so due
		// 04-19, called 05-01 (12 days late), due 05-31, 15 days late now.
		// Echo (14 days) was never more than 14 days without a call. Foxtrot
		// (30 days), created on 2026-01-01 and never called, was due on 01-31:
		// late all the quarter, 75 days by 06-15.
		r, err := s.CadenceCompliance(ctx, am1, store.ComplianceFilter{From: kam.NewDate(2026, 4, 1), To: kam.NewDate(2026, 6, 30), OwnerID: w.am1.ID})
		if err != nil {
			t.Fatal(err)
		}
		if r.End.String() != "2026-06-15" || len(r.Owners) != 1 || len(r.Accounts) != 3 {
			t.Fatalf("report: %+v", r)
		}
		o := r.Owners[0]
		if o.OwnerID != w.am1.ID || o.Accounts != 3 || o.Within != 1 || o.Late != 2 || o.Percent != 33 || o.MaxDaysLate != 75 || o.AverageDaysLate != 45 {
			t.Errorf("am1: %+v", o)
		}
		byID := map[int64]store.AccountCompliance{}
		for _, a := range r.Accounts {
			byID[a.AccountID] = a
		}
		if a := byID[w.a1.ID]; a.CadenceDays != 30 || a.Contacts != 1 || a.MaxDaysLate != 15 || a.LateNow != 15 {
			t.Errorf("a1: %+v", a)
		}
		if a := byID[w.echo.ID]; a.Contacts != 6 || a.MaxDaysLate != 0 || a.LateNow != 0 {
			t.Errorf("Echo: %+v", a)
		}
		if a := byID[w.foxtrot.ID]; a.Contacts != 0 || a.MaxDaysLate != 75 || a.LateNow != 75 || r.Accounts[0].AccountID != w.foxtrot.ID {
			t.Errorf("Foxtrot, the latest, first: %+v", r.Accounts)
		}

		// April alone: a1 was 11 days late by 04-30 (due 04-19), Foxtrot all 29 days.
		april, err := s.CadenceCompliance(ctx, am1, store.ComplianceFilter{From: kam.NewDate(2026, 4, 1), To: kam.NewDate(2026, 4, 30), OwnerID: w.am1.ID})
		mustOK(t, err)
		if o := april.Owners[0]; o.Within != 1 || o.Late != 2 || o.MaxDaysLate != 29 || o.AverageDaysLate != 20 {
			t.Errorf("April: %+v", o)
		}

		// Everyone's, for the administrator: am2 (a2, a3) and kam1 (a4) too; a
		// period to come is refused.
		all, err := s.CadenceCompliance(ctx, admin, store.ComplianceFilter{From: kam.NewDate(2026, 4, 1), To: kam.NewDate(2026, 6, 30)})
		if err != nil || len(all.Owners) != 3 || len(all.Accounts) != 6 {
			t.Errorf("everyone's: %+v, %v", all, err)
		}
		// Paged 4 at a time: the same accounts in the same order, the
		// owners whole on every page; a cursor of another period is refused.
		second := store.ComplianceFilter{From: kam.NewDate(2026, 4, 1), To: kam.NewDate(2026, 6, 30), Limit: 4}
		first, err := s.CadenceCompliance(ctx, admin, second)
		mustOK(t, err)
		second.After = first.Next
		rest, err := s.CadenceCompliance(ctx, admin, second)
		mustOK(t, err)
		paged := append(append([]store.AccountCompliance{}, first.Accounts...), rest.Accounts...)
		if len(first.Accounts) != 4 || first.Next == "" || len(rest.Accounts) != 2 || rest.Next != "" || len(rest.Owners) != 3 ||
			!slices.Equal(paged, all.Accounts) {
			t.Errorf("paged: %+v then %+v, whole %+v", first, rest, all.Accounts)
		}
		_, err = s.CadenceCompliance(ctx, admin, store.ComplianceFilter{From: kam.NewDate(2026, 4, 1), To: kam.NewDate(2026, 4, 30), After: first.Next})
		wantCode(t, err, kam.EINVALID)
		_, err = s.CadenceCompliance(ctx, admin, store.ComplianceFilter{From: kam.NewDate(2026, 7, 1), To: kam.NewDate(2026, 7, 31)})
		wantCode(t, err, kam.EINVALID)
	})
}

// mustOK stops a test at an unexpected error.
func mustOK(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
