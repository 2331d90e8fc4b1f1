package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// amounts writes per-currency amounts as "EUR 1500.00, USD 200.00".
func amounts(list []kam.CurrencyAmount) string {
	out := ""
	for i, a := range list {
		if i > 0 {
			out += ", "
		}
		out += a.Currency + " " + a.Amount.String()
	}
	return out
}

func TestAttritionIsRecordedPlannedForWinBackAndReported(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newCadenceWorld(t, s)
		am1, am2, kam1, viewer, admin := principal(t, s, w.am1), principal(t, s, w.am2), principal(t, s, w.kam), principal(t, s, w.view), principal(t, s, w.admin)
		order := func(a *kam.Account, day, total string) {
			mustOK(t, s.Load(ctx, kam.System(), func(l *store.Loader) error {
				d, _ := kam.ParseDate(day)
				return l.Order(&kam.Order{AccountID: a.ID, OrderDate: d, Currency: a.Currency, Total: kam.MustMoney(total),
					Lines: []*kam.OrderLine{{Description: "Goods", Quantity: 1, UnitPrice: kam.MustMoney(total)}}})
			}))
		}
		order(w.a2, "2025-05-01", "700.00") // more than a year before the loss
		order(w.a2, "2025-08-10", "1000.00")
		order(w.a2, "2026-03-01", "500.00")
		order(w.foxtrot, "2026-02-01", "200.00")

		// Bad input changes nothing: no reason, an unknown one, a day to come,
		// a stale version, someone who may not change the account.
		a2 := func() *kam.Account {
			a, err := s.FindAccountByID(ctx, admin, w.a2.ID)
			mustOK(t, err)
			return a
		}
		v := a2().Version
		lost := kam.LossInput{Version: v, Reason: "Price", Competitor: "Acme", LostOn: kam.NewDate(2026, 6, 1),
			WinBackOn: kam.NewDate(2026, 9, 1), WinBackNote: "Offer the new price list"}
		for name, tc := range map[string]struct {
			p    *kam.Principal
			edit func(*kam.LossInput)
			code string
		}{
			"no reason":      {am2, func(in *kam.LossInput) { in.Reason = " " }, kam.EINVALID},
			"unknown reason": {am2, func(in *kam.LossInput) { in.Reason = "Bad luck" }, kam.EINVALID},
			"day to come":    {am2, func(in *kam.LossInput) { in.LostOn = kam.NewDate(2026, 6, 16) }, kam.EINVALID},
			"past win-back":  {am2, func(in *kam.LossInput) { in.WinBackOn = kam.NewDate(2026, 6, 1) }, kam.EINVALID},
			"stale":          {am2, func(in *kam.LossInput) { in.Version = v + 1 }, kam.ESTALE},
			"out of scope":   {am1, func(*kam.LossInput) {}, kam.ENOTFOUND},
			"viewer":         {viewer, func(*kam.LossInput) {}, kam.EFORBIDDEN},
		} {
			in := lost
			tc.edit(&in)
			_, err := s.MarkLost(ctx, tc.p, w.a2.ID, in)
			if kam.ErrorCode(err) != tc.code {
				t.Errorf("%s: %v, want %s", name, err, tc.code)
			}
		}
		// An ordinary edit does not mark an account lost: the loss would
		// have no day, no revenue and no place in the report.
		lostStatus, reason := kam.StatusLost, "Price"
		for name, upd := range map[string]kam.AccountUpdate{
			"status lost": {Version: v, Status: &lostStatus}, "lost reason": {Version: v, LostReason: &reason}} {
			if _, err := s.UpdateAccount(ctx, am2, w.a2.ID, upd); kam.ErrorCode(err) != kam.EINVALID {
				t.Errorf("an edit setting %s: %v, want %s", name, err, kam.EINVALID)
			}
		}
		if a := a2(); a.Status != kam.StatusActive || a.Version != v || a.LostReason != "" {
			t.Fatalf("a refused loss changed the account: %+v", a)
		}

		// Lost on 2026-06-01: the 12 months to it bought 1,500.00; the owner
		// gets a task for the win-back.
		loss, err := s.MarkLost(ctx, am2, w.a2.ID, lost)
		if err != nil || loss.Revenue12M != kam.MustMoney("1500.00") || loss.Currency != "EUR" || loss.LostOn.String() != "2026-06-01" || loss.WinBackTaskID == 0 {
			t.Fatalf("mark a2 lost: %+v, %v", loss, err)
		}
		if a := a2(); a.Status != kam.StatusLost || a.LostReason != "Price" || a.LostCompetitor != "Acme" || a.Version != v+1 {
			t.Errorf("a2 after its loss: %+v", a)
		}
		active := kam.StatusActive
		if _, err := s.UpdateAccount(ctx, am2, w.a2.ID, kam.AccountUpdate{Version: v + 1, Status: &active}); kam.ErrorCode(err) != kam.EINVALID {
			t.Errorf("an edit bringing the lost account back: %v, want %s", err, kam.EINVALID)
		}
		task, err := s.FindTask(ctx, am2, loss.WinBackTaskID)
		if err != nil || task.AssigneeID != w.am2.ID || task.Due.String() != "2026-09-01" || task.Title != "Win back Bravo GmbH: Offer the new price list" {
			t.Errorf("the win-back task: %+v, %v", task, err)
		}
		// Lost accounts leave the call plan.
		plan, err := s.FindCallPlan(ctx, am2, store.CallPlanFilter{})
		mustOK(t, err)
		if plan.Later != 0 || len(plan.Weeks[0].Calls) != 1 || plan.Weeks[0].Calls[0].AccountID != w.a3.ID {
			t.Errorf("am2's plan is a3 (never called, due today), not a2 (lost, due in August): %+v", plan)
		}
		for _, d := range plan.Overdue {
			if d.AccountID == w.a2.ID {
				t.Errorf("am2's plan holds the lost account: %+v", d)
			}
		}

		// Two more losses in the quarter: Foxtrot (USD) to Bolt on price, a4
		// to Acme on service.
		foxtrot, err := s.FindAccountByID(ctx, am1, w.foxtrot.ID)
		mustOK(t, err)
		_, err = s.MarkLost(ctx, am1, w.foxtrot.ID, kam.LossInput{Version: foxtrot.Version, Reason: "Price", Competitor: "Bolt", LostOn: kam.NewDate(2026, 5, 20)})
		mustOK(t, err)
		a4, err := s.FindAccountByID(ctx, kam1, w.a4.ID)
		mustOK(t, err)
		_, err = s.MarkLost(ctx, kam1, w.a4.ID, kam.LossInput{Version: a4.Version, Reason: "Service quality", Competitor: "Acme", LostOn: kam.NewDate(2026, 4, 10)})
		mustOK(t, err)

		// The second quarter, as the administrator sees it.
		r, err := s.FindAttrition(ctx, admin, store.AttritionFilter{Period: "quarter"})
		if err != nil {
			t.Fatal(err)
		}
		if r.Label != "FY2026-Q2" || r.From.String() != "2026-04-01" || r.To.String() != "2026-06-30" || len(r.Lost) != 3 ||
			r.Lost[0].AccountID != w.a2.ID || amounts(r.Revenue) != "EUR 1500.00, USD 200.00" {
			t.Fatalf("Q2: %+v", r)
		}
		groups := func(gs []store.AttritionGroup) string {
			out := ""
			for _, g := range gs {
				out += fmt.Sprintf("%s %d [%s]; ", g.Key, g.Accounts, amounts(g.Revenue))
			}
			return out
		}
		if got := groups(r.ByReason); got != "Price 2 [EUR 1500.00, USD 200.00]; Service quality 1 [EUR 0.00]; " {
			t.Errorf("by reason: %s", got)
		}
		if got := groups(r.ByCompetitor); got != "Acme 2 [EUR 1500.00]; Bolt 1 [USD 200.00]; " {
			t.Errorf("by competitor: %s", got)
		}
		if len(r.Trend) != 8 || r.Trend[0].Label != "FY2024-Q3" || r.Trend[7].Lost != 3 || r.Trend[6].Lost != 0 {
			t.Errorf("trend: %+v", r.Trend)
		}
		// By month, May holds Foxtrot only; am1 sees Foxtrot and a4, not a2.
		may, err := s.FindAttrition(ctx, admin, store.AttritionFilter{Period: "month", Day: kam.NewDate(2026, 5, 31)})
		if err != nil || len(may.Lost) != 1 || may.Lost[0].AccountID != w.foxtrot.ID || len(may.Trend) != 12 || may.Label != "2026-05" {
			t.Errorf("May: %+v, %v", may, err)
		}
		mine, err := s.FindAttrition(ctx, am1, store.AttritionFilter{})
		if err != nil || len(mine.Lost) != 2 || amounts(mine.Revenue) != "EUR 0.00, USD 200.00" {
			t.Errorf("am1's Q2: %+v, %v", mine, err)
		}
		_, err = s.FindAttrition(ctx, admin, store.AttritionFilter{Period: "week"})
		wantCode(t, err, kam.EINVALID)

		// a2 is won back: active again, its win-back task done, counted in the quarter.
		_, err = s.Reactivate(ctx, am2, w.a2.ID, kam.Reactivation{Version: v})
		wantCode(t, err, kam.ESTALE)
		back, err := s.Reactivate(ctx, am2, w.a2.ID, kam.Reactivation{Version: v + 1})
		if err != nil || back.Status != kam.StatusActive || back.Version != v+2 {
			t.Fatalf("reactivate a2: %+v, %v", back, err)
		}
		if task, err := s.FindTask(ctx, am2, loss.WinBackTaskID); err != nil || task.DoneAt == nil {
			t.Errorf("the win-back task after the win-back: %+v, %v", task, err)
		}
		r, err = s.FindAttrition(ctx, admin, store.AttritionFilter{})
		if err != nil || len(r.WonBack) != 1 || r.WonBack[0].AccountID != w.a2.ID || r.WonBack[0].WonBackOn.String() != "2026-06-15" ||
			len(r.Lost) != 3 || r.Trend[7].WonBack != 1 {
			t.Errorf("after the win-back: %+v, %v", r, err)
		}
		// Lost again: a second loss on record; the first stays won back.
		_, err = s.MarkLost(ctx, am2, w.a2.ID, kam.LossInput{Version: v + 2, Reason: "Business closed"})
		mustOK(t, err)
		history, err := s.AccountLosses(ctx, am2, w.a2.ID)
		if err != nil || len(history) != 2 || history[0].Reason != "Business closed" || history[0].LostOn.String() != "2026-06-15" ||
			history[1].WonBackOn.String() != "2026-06-15" {
			t.Errorf("a2's losses: %+v, %v", history, err)
		}
		_, err = s.AccountLosses(ctx, am1, w.a2.ID)
		wantCode(t, err, kam.ENOTFOUND)

		// The reasons are the administrator's to set.
		_, err = s.SetLostReasons(ctx, am2, []byte(`["Price"]`))
		wantCode(t, err, kam.EFORBIDDEN)
		_, err = s.SetLostReasons(ctx, admin, []byte(`["Price", "Price"]`))
		wantCode(t, err, kam.EINVALID)
		if reasons, err := s.SetLostReasons(ctx, admin, []byte(`[" Price ", "Moved away"]`)); err != nil || len(reasons) != 2 || reasons[0] != "Price" {
			t.Errorf("set the reasons: %v, %v", reasons, err)
		}
		if reasons, _ := s.LostReasons(ctx); len(reasons) != 2 || reasons[1] != "Moved away" {
			t.Errorf("the reasons now: %v", reasons)
		}
	})
}
