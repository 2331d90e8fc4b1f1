package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// targetAudit lists a target's audit entries as "action field: old → new".
func targetAudit(t *testing.T, s *store.Store, id int64) []string {
	t.Helper()
	var out []string
	day := kam.DateOf(s.Now())
	err := s.EachAuditEntry(context.Background(), kam.System(), day.AddDays(-1), day.AddDays(1), func(e *kam.AuditEntry) error {
		if e.Entity == "target" && e.EntityID == id {
			out = append(out, e.Action+" "+e.Field+": "+e.OldValue+" → "+e.NewValue)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// quota is a revenue quota of a period for a user or a unit.
func quota(userID, unitID int64, p kam.Period, amount string) *kam.Target {
	return &kam.Target{UserID: userID, OrgUnitID: unitID, PeriodStart: p.First, PeriodEnd: p.Last, Amount: kam.MustMoney(amount), Currency: "EUR"}
}

func TestTargetsAreSetByDirectorsAndAdminsForOpenPeriodsOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		am1, director, viewer, admin := principal(t, s, o.am1), principal(t, s, o.director), principal(t, s, o.view), principal(t, s, o.admin)
		s.Now = func() time.Time { return time.Date(2026, time.May, 10, 9, 0, 0, 0, time.UTC) }
		cal := kam.DefaultFiscalCalendar()
		q2, q1 := cal.Quarter(2026, 2), cal.Quarter(2026, 1)

		// The UK director sets am1's quarter; it is named and versioned.
		am1Q2 := quota(o.am1.ID, 0, q2, "120000")
		if err := s.CreateTarget(ctx, director, am1Q2); err != nil {
			t.Fatal(err)
		}
		if am1Q2.Version != 1 || am1Q2.Kind != kam.TargetRevenue || am1Q2.Basis != kam.BasisOrders || am1Q2.Period != "FY2026-Q2" ||
			am1Q2.PeriodLabel != "FY2026 Q2 (Apr–Jun 2026)" || am1Q2.CreatedBy != o.director.ID {
			t.Errorf("created %+v", am1Q2)
		}
		if err := s.CreateTarget(ctx, director, quota(0, o.uk.ID, q2, "300000")); err != nil {
			t.Errorf("the director's own unit: %v", err)
		}
		// Refused: who may not, what may not be.
		for _, tc := range []struct {
			name  string
			who   *kam.Principal
			tg    *kam.Target
			code  string
			field string
		}{
			{"an account manager", am1, quota(o.am1.ID, 0, q2, "1"), kam.EFORBIDDEN, ""},
			{"a viewer", viewer, quota(o.am2.ID, 0, q2, "1"), kam.EFORBIDDEN, ""},
			{"the director's own quota", director, quota(o.director.ID, 0, q2, "1"), kam.EFORBIDDEN, ""},
			{"a person outside the director's subtree", director, quota(o.am2.ID, 0, q2, "1"), kam.EINVALID, "user_id"},
			{"a unit outside it", director, quota(0, o.de.ID, q2, "1"), kam.EINVALID, "org_unit_id"},
			{"no such person", admin, quota(99999, 0, q2, "1"), kam.EINVALID, "user_id"},
			{"a closed quarter", admin, quota(o.am2.ID, 0, q1, "1"), kam.EINVALID, "period"},
			{"a closed month", admin, quota(o.am2.ID, 0, cal.Month(2026, time.April), "1"), kam.EINVALID, "period"},
			{"an amount of zero", admin, quota(o.am2.ID, 0, q2, "0"), kam.EINVALID, "amount"},
			{"a negative amount", admin, quota(o.am2.ID, 0, q2, "-5"), kam.EINVALID, "amount"},
			{"part of a quarter", admin, &kam.Target{UserID: o.am2.ID, PeriodStart: q2.First, PeriodEnd: q2.Last.AddDays(-1),
				Amount: kam.MustMoney("1"), Currency: "EUR"}, kam.EINVALID, "period"},
			{"a second quota for the quarter", admin, quota(o.am1.ID, 0, q2, "5"), kam.ECONFLICT, ""},
			{"two subjects", admin, quota(o.am1.ID, o.uk.ID, q2, "5"), kam.EINVALID, "user_id"},
		} {
			err := s.CreateTarget(ctx, tc.who, tc.tg)
			if kam.ErrorCode(err) != tc.code || kam.ErrorField(err) != tc.field {
				t.Errorf("%s: %v, want %s on %q", tc.name, err, tc.code, tc.field)
			}
		}
		if msg := kam.ErrorMessage(s.CreateTarget(ctx, admin, quota(o.am1.ID, 0, q2, "5"))); !strings.HasPrefix(msg, "There is already a quota for am1 for FY2026 Q2") ||
			strings.Contains(msg, "target") {
			t.Errorf("a second quota: %q", msg)
		}
		if msg := kam.ErrorMessage(s.CreateTarget(ctx, admin, quota(o.am2.ID, 0, q1, "1"))); msg !=
			"FY2026 Q1 (Jan–Mar 2026) ended on 31 Mar 2026, before today: a closed period's targets stay as they were. Choose a period that has not ended." {
			t.Errorf("closed period: %q", msg)
		}

		// Scope: am1 sees their quota but may not change it; am2 does not see it.
		if _, err := s.FindTarget(ctx, am1, am1Q2.ID); err != nil {
			t.Errorf("am1 reads their quota: %v", err)
		}
		amount := kam.MustMoney("1")
		_, err := s.UpdateTarget(ctx, am1, am1Q2.ID, kam.TargetUpdate{Version: 1, Amount: &amount})
		wantCode(t, err, kam.EFORBIDDEN)
		_, err = s.FindTarget(ctx, principal(t, s, o.am2), am1Q2.ID)
		wantCode(t, err, kam.ENOTFOUND)
		_, err = s.UpdateTarget(ctx, principal(t, s, o.am2), am1Q2.ID, kam.TargetUpdate{Version: 1, Amount: &amount})
		wantCode(t, err, kam.ENOTFOUND)
		wantCode(t, s.DeleteTarget(ctx, principal(t, s, o.kam), am1Q2.ID, 0), kam.ENOTFOUND)

		// An edit from the version read; a stale one changes nothing.
		amount, basis := kam.MustMoney("125000"), kam.BasisWon
		got, err := s.UpdateTarget(ctx, director, am1Q2.ID, kam.TargetUpdate{Version: 1, Amount: &amount, Basis: &basis})
		if err != nil || got.Version != 2 || got.Amount != amount || got.Basis != kam.BasisWon {
			t.Fatalf("update: %+v %v", got, err)
		}
		other := kam.MustMoney("1")
		_, err = s.UpdateTarget(ctx, admin, am1Q2.ID, kam.TargetUpdate{Version: 1, Amount: &other})
		wantCode(t, err, kam.ESTALE)
		// Moving it into a closed period, or to part of one, is refused.
		_, err = s.UpdateTarget(ctx, admin, am1Q2.ID, kam.TargetUpdate{Version: 2, PeriodStart: &q1.First, PeriodEnd: &q1.Last})
		if kam.ErrorField(err) != "period" {
			t.Errorf("moved into a closed quarter: %v", err)
		}
		if now, _ := s.FindTarget(ctx, admin, am1Q2.ID); now.Version != 2 || now.Amount != amount || now.PeriodStart != q2.First {
			t.Errorf("after refused edits: %+v", now)
		}
		if audit := targetAudit(t, s, am1Q2.ID); !slices.Contains(audit, "update amount: 120000.00 EUR → 125000.00 EUR") ||
			!slices.Contains(audit, "update basis: orders → won") || !slices.Contains(audit, "create period:  → FY2026 Q2 (Apr–Jun 2026)") {
			t.Errorf("audit %q", audit)
		}

		// A closed period's target can neither change nor go.
		s.Now = func() time.Time { return time.Date(2026, time.July, 1, 9, 0, 0, 0, time.UTC) }
		_, err = s.UpdateTarget(ctx, admin, am1Q2.ID, kam.TargetUpdate{Version: 2, Amount: &other})
		wantCode(t, err, kam.ECONFLICT)
		wantCode(t, s.DeleteTarget(ctx, admin, am1Q2.ID, 2), kam.ECONFLICT)
		s.Now = func() time.Time { return time.Date(2026, time.June, 30, 9, 0, 0, 0, time.UTC) }
		wantCode(t, s.DeleteTarget(ctx, director, am1Q2.ID, 1), kam.ESTALE)
		if err := s.DeleteTarget(ctx, director, am1Q2.ID, 2); err != nil {
			t.Fatal(err)
		}
		_, err = s.FindTarget(ctx, admin, am1Q2.ID)
		wantCode(t, err, kam.ENOTFOUND)
		if audit := targetAudit(t, s, am1Q2.ID); !slices.Contains(audit, "delete amount: 125000.00 EUR → ") {
			t.Errorf("audit after delete %q", audit)
		}
		// With the first one deleted, the quarter takes another quota.
		if err := s.CreateTarget(ctx, admin, quota(o.am1.ID, 0, q2, "5")); err != nil {
			t.Errorf("a quota again after the delete: %v", err)
		}
	})
}

func TestObjectivesAreSetByWhoeverMayChangeTheAccount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		am1 := principal(t, s, o.am1)
		s.Now = func() time.Time { return time.Date(2026, time.May, 10, 9, 0, 0, 0, time.UTC) }
		year := kam.DefaultFiscalCalendar().Year(2026)
		objective := func(a *kam.Account, amount, desc string) *kam.Target {
			tg := &kam.Target{AccountID: a.ID, PeriodStart: year.First, PeriodEnd: year.Last, Description: desc}
			if amount != "" {
				tg.Amount = kam.MustMoney(amount)
			}
			return tg
		}
		// Their own account, and one whose team gives them edit access; the
		// currency is the account's.
		own := objective(o.a1, "50000", "Grow the Leeds plant")
		if err := s.CreateTarget(ctx, am1, own); err != nil || own.Kind != kam.TargetObjective || own.Currency != "EUR" {
			t.Fatalf("%+v %v", own, err)
		}
		if err := s.CreateTarget(ctx, am1, objective(o.a4, "", "Meet the new buyer")); err != nil {
			t.Errorf("a description alone, on a team account with edit access: %v", err)
		}
		for name, tc := range map[string]struct {
			tg    *kam.Target
			field string
		}{
			"read-only team access":          {objective(o.a3, "1", ""), "account_id"},
			"an account not seen":            {objective(o.a2, "1", ""), "account_id"},
			"neither amount nor description": {objective(o.a1, "", " "), "amount"},
		} {
			if err := s.CreateTarget(ctx, am1, tc.tg); kam.ErrorField(err) != tc.field {
				t.Errorf("%s: %v", name, err)
			}
		}
		if err := s.CreateTarget(ctx, am1, &kam.Target{AccountID: o.a1.ID, Kind: kam.TargetRevenue, PeriodStart: year.First,
			PeriodEnd: year.Last, Amount: 1}); kam.ErrorField(err) != "kind" {
			t.Errorf("a revenue quota on an account: %v", err)
		}
		// The viewer of Germany sees a4's objective; am2 sees none of them.
		page, err := s.FindTargetList(ctx, principal(t, s, o.view), store.TargetFilter{Kind: "objective"})
		if err != nil || len(page.Targets) != 1 || page.Targets[0].AccountID != o.a4.ID {
			t.Errorf("the viewer's objectives: %+v %v", page, err)
		}
		if page, err := s.FindTargetList(ctx, principal(t, s, o.am2), store.TargetFilter{}); err != nil || len(page.Targets) != 0 {
			t.Errorf("am2's targets: %+v %v", page, err)
		}
	})
}

func TestFiscalYearStartingInApril(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		admin := principal(t, s, o.admin)
		s.Now = func() time.Time { return time.Date(2026, time.May, 10, 9, 0, 0, 0, time.UTC) }
		wantCode(t, s.SetFiscalCalendar(ctx, principal(t, s, o.director), kam.FiscalCalendar{StartMonth: time.April}), kam.EFORBIDDEN)
		if err := s.SetFiscalCalendar(ctx, admin, kam.FiscalCalendar{StartMonth: time.April}); err != nil {
			t.Fatal(err)
		}
		cal, err := s.FiscalCalendar(ctx)
		if err != nil || cal.StartMonth != time.April {
			t.Fatalf("calendar %v %v", cal, err)
		}
		// FY2027 Q1 is April to June 2026, by hand.
		q1 := cal.Quarter(2027, 1)
		if q1.First != kam.NewDate(2026, time.April, 1) || q1.Last != kam.NewDate(2026, time.June, 30) {
			t.Fatalf("FY2027 Q1 %s–%s", q1.First, q1.Last)
		}
		tg := quota(o.am2.ID, 0, q1, "90000")
		if err := s.CreateTarget(ctx, admin, tg); err != nil || tg.PeriodLabel != "FY2027 Q1 (Apr–Jun 2026)" || tg.Period != "FY2027-Q1" {
			t.Fatalf("%+v %v", tg, err)
		}
		// A calendar quarter that is no fiscal one is refused.
		jan := kam.NewDate(2027, time.January, 1)
		calendarYear := &kam.Target{UserID: o.am2.ID, PeriodStart: jan, PeriodEnd: kam.NewDate(2027, time.December, 31), Amount: 1, Currency: "EUR"}
		if err := s.CreateTarget(ctx, admin, calendarYear); kam.ErrorField(err) != "period" {
			t.Errorf("a calendar year: %v", err)
		}
		// The fiscal year cannot move from under an open quarter's target.
		err = s.SetFiscalCalendar(ctx, admin, kam.FiscalCalendar{StartMonth: time.February})
		if kam.ErrorCode(err) != kam.ECONFLICT || !strings.Contains(kam.ErrorMessage(err), "1 open target would no longer be a whole "+
			"quarter or year: am2 for FY2027 Q1 (Apr–Jun 2026).") || strings.Contains(kam.ErrorMessage(err), "(target") {
			t.Errorf("moving to February: %v", err)
		}
		if err := s.SetFiscalCalendar(ctx, admin, kam.FiscalCalendar{StartMonth: time.July}); err != nil {
			t.Errorf("July keeps April's quarters: %v", err)
		}
		// An administrator may delete the targets in the way and move the
		// year in one step; each deletion is audited.
		if misfits, err := s.FiscalMisfits(ctx, admin, kam.FiscalCalendar{StartMonth: time.February}); err != nil || len(misfits) != 1 ||
			misfits[0].TargetID != tg.ID {
			t.Fatalf("misfits %+v, %v", misfits, err)
		}
		feb := kam.FiscalCalendar{StartMonth: time.February}
		wantCode(t, s.MoveFiscalYearDeleting(ctx, principal(t, s, o.director), feb, []int64{tg.ID}), kam.EFORBIDDEN)
		// Only the targets the administrator confirmed: another in the way
		// (or one fewer) refuses the whole move.
		wantCode(t, s.MoveFiscalYearDeleting(ctx, admin, feb, nil), kam.ECONFLICT)
		wantCode(t, s.MoveFiscalYearDeleting(ctx, admin, feb, []int64{tg.ID, tg.ID + 1000}), kam.ECONFLICT)
		if _, err := s.FindTarget(ctx, admin, tg.ID); err != nil {
			t.Fatalf("a refused move deleted the target: %v", err)
		}
		if err := s.MoveFiscalYearDeleting(ctx, admin, feb, []int64{tg.ID}); err != nil {
			t.Fatal(err)
		}
		_, err = s.FindTarget(ctx, admin, tg.ID)
		wantCode(t, err, kam.ENOTFOUND)
		if cal, err := s.FiscalCalendar(ctx); err != nil || cal.StartMonth != time.February {
			t.Errorf("calendar %v %v", cal, err)
		}
		deleted := false
		err = s.EachAuditEntry(ctx, admin, kam.NewDate(2026, time.May, 1), kam.NewDate(2026, time.May, 31), func(e *kam.AuditEntry) error {
			deleted = deleted || (e.Entity == "target" && e.EntityID == tg.ID && e.Action == "delete")
			return nil
		})
		if err != nil || !deleted {
			t.Errorf("the deletion is not audited: %v", err)
		}
	})
}
