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

// dueText words plan dues as "kind title due; ...", a review by its plan.
func dueText(dues []store.PlanDue) string {
	var out []string
	for _, d := range dues {
		out = append(out, d.Kind+" "+cmpOr(d.Title, d.PlanTitle)+" "+d.Due.String())
	}
	return strings.Join(out, "; ")
}

// cmpOr is s, or def when s is empty.
func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// TestPlanItemEditsAreStaleOnlyWhenTheItemChanged: an item edit made from
// the item's state is saved on the plan's current version when only other
// parts of the plan changed, and refused when the item itself changed or
// was removed.
func TestPlanItemEditsAreStaleOnlyWhenTheItemChanged(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		am1 := principal(t, s, o.am1)
		plan := newPlan(t, s, am1, o.a1.ID, "Alpha plan 2027")
		objective := plan.Items[0]
		state := store.PlanItemState(objective)
		v, err := s.AddPlanItem(ctx, am1, plan.ID, 1, &kam.PlanItem{Kind: kam.PlanStrategy, Title: "Bundle service"})
		if err != nil {
			t.Fatal(err)
		}
		strategy := v.Section(kam.PlanStrategy)[0]
		if _, err = s.UpdatePlan(ctx, am1, plan.ID, kam.PlanUpdate{Version: v.Version, Title: ptr("Alpha plan 2027 (v2)")}); err != nil {
			t.Fatal(err)
		}

		// The plan moved on, the objective did not: the edit applies.
		v, err = s.UpdatePlanItemAt(ctx, am1, objective.ID, state, kam.PlanItemUpdate{Measure: ptr("40% by Q4")})
		if err != nil || v.Version != 4 || v.Item(objective.ID).Measure != "40% by Q4" || v.Title != "Alpha plan 2027 (v2)" {
			t.Fatalf("an edit of an unchanged item: %+v, %v", v, err)
		}
		// From the same (now old) state of the objective: refused, nothing written.
		_, err = s.UpdatePlanItemAt(ctx, am1, objective.ID, state, kam.PlanItemUpdate{Measure: ptr("50% by Q4")})
		wantCode(t, err, kam.ESTALE)
		if err == nil || !strings.Contains(kam.ErrorMessage(err), "Grow share of wallet") {
			t.Errorf("the refusal names the item: %v", err)
		}
		// A removed item is refused as stale too.
		strategyState := store.PlanItemState(strategy)
		if _, err = s.RemovePlanItemAt(ctx, am1, strategy.ID, strategyState); err != nil {
			t.Fatal(err)
		}
		_, err = s.UpdatePlanItemAt(ctx, am1, strategy.ID, strategyState, kam.PlanItemUpdate{Title: ptr("X")})
		if code := kam.ErrorCode(err); code != kam.ESTALE && code != kam.ENOTFOUND {
			t.Errorf("an edit of a removed item: %v", err)
		}
		if now, _ := s.FindPlan(ctx, am1, plan.ID); now.Version != 5 || now.Item(objective.ID).Measure != "40% by Q4" {
			t.Errorf("after the refusals: %+v", now)
		}
		// The strict path keeps refusing any older version of the plan.
		_, err = s.UpdatePlanItem(ctx, am1, objective.ID, 4, kam.PlanItemUpdate{Measure: ptr("X")})
		wantCode(t, err, kam.ESTALE)
	})
}

// TestPlanActionsReachTheirOwner: an action owned by someone who may only
// read the account shows on their day and they may mark it done (and do
// nothing else); a plan due for review shows on the account owner's day.
func TestPlanActionsReachTheirOwner(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		am1, am2, admin := principal(t, s, o.am1), principal(t, s, o.am2), principal(t, s, o.admin)
		now := time.Date(2027, time.January, 10, 9, 0, 0, 0, time.UTC)
		s.Now = func() time.Time { return now }
		today := kam.DateOf(now)

		// am2 owns a3 and its plan; am1, on a3's team, may only read it.
		plan := newPlan(t, s, am2, o.a3.ID, "Charlie plan")
		v, err := s.AddPlanItem(ctx, am2, plan.ID, 1, &kam.PlanItem{Kind: kam.PlanAction, Title: "Send the audit report", OwnerID: o.am1.ID,
			Due: today.AddDays(-2)})
		if err != nil {
			t.Fatal(err)
		}
		if v, err = s.AddPlanItem(ctx, am2, plan.ID, v.Version, &kam.PlanItem{Kind: kam.PlanAction, Title: "Book the plant tour",
			OwnerID: o.am1.ID, Due: today.AddDays(20)}); err != nil {
			t.Fatal(err)
		}
		if v, err = s.AddPlanItem(ctx, am2, plan.ID, v.Version, &kam.PlanItem{Kind: kam.PlanAction, Title: "Far away", OwnerID: o.am1.ID,
			Due: today.AddDays(90)}); err != nil {
			t.Fatal(err)
		}
		if v, err = s.AddPlanItem(ctx, am2, plan.ID, v.Version, &kam.PlanItem{Kind: kam.PlanAction, Title: "Call the buyer", OwnerID: o.am2.ID,
			Due: today.AddDays(3)}); err != nil {
			t.Fatal(err)
		}
		late, theirs := v.Section(kam.PlanAction)[0], v.Section(kam.PlanAction)[3]
		if v, err = s.UpdatePlan(ctx, am2, plan.ID, kam.PlanUpdate{Version: v.Version, NextReview: ptr(today.AddDays(5))}); err != nil {
			t.Fatal(err)
		}

		dues, more, err := s.FindPlanDues(ctx, am1, today.AddDays(30), today.AddDays(7), 10)
		want := "action Send the audit report 2027-01-08; action Book the plant tour 2027-01-30"
		if err != nil || more || dueText(dues) != want || dues[0].AccountName != "Charlie plc" || dues[0].PlanTitle != "Charlie plan" {
			t.Errorf("am1's plan dues: %s (%+v), %v\nwant %s", dueText(dues), dues, err, want)
		}
		dues, _, err = s.FindPlanDues(ctx, am2, today.AddDays(30), today.AddDays(7), 10)
		if want := "action Call the buyer 2027-01-13; review Charlie plan 2027-01-15"; err != nil || dueText(dues) != want {
			t.Errorf("am2's plan dues: %s, %v\nwant %s", dueText(dues), err, want)
		}
		if dues, more, _ := s.FindPlanDues(ctx, am2, today.AddDays(30), today.AddDays(7), 1); len(dues) != 1 || !more {
			t.Errorf("a limit of 1: %+v, more %v", dues, more)
		}

		// am1 marks their own action done, though they may only read a3, and opens it again.
		v, err = s.MarkPlanAction(ctx, am1, late.ID, store.PlanItemState(v.Item(late.ID)), true)
		if err != nil || !v.Item(late.ID).Done() {
			t.Fatalf("the owner marks their action done: %+v, %v", v, err)
		}
		// Nothing else: not another's action, not an edit of their own.
		_, err = s.MarkPlanAction(ctx, am1, theirs.ID, store.PlanItemState(v.Item(theirs.ID)), true)
		wantCode(t, err, kam.EFORBIDDEN)
		_, err = s.UpdatePlanItemAt(ctx, am1, late.ID, store.PlanItemState(v.Item(late.ID)), kam.PlanItemUpdate{Title: ptr("X")})
		wantCode(t, err, kam.EFORBIDDEN)
		_, err = s.MarkPlanAction(ctx, am1, late.ID, "0000", false)
		wantCode(t, err, kam.ESTALE)
		if dues, _, _ := s.FindPlanDues(ctx, am1, today.AddDays(30), today.AddDays(7), 10); dueText(dues) != "action Book the plant tour 2027-01-30" {
			t.Errorf("a done action leaves the day: %s", dueText(dues))
		}
		var audited []string
		err = s.EachAuditEntry(ctx, admin, today.AddDays(-1), today.AddDays(1), func(e *kam.AuditEntry) error {
			if e.Entity == "plan" && e.EntityID == plan.ID && e.ActorID == o.am1.ID {
				audited = append(audited, e.Action+" "+e.Field+" "+e.NewValue)
			}
			return nil
		})
		if err != nil || len(audited) != 1 || !strings.Contains(audited[0], "update_item action") || !strings.Contains(audited[0], "2027-01-10") {
			t.Errorf("am1's change is audited: %q, %v", audited, err)
		}

		// Archived plans and another user's accounts stay off the day.
		if _, err := s.UpdatePlan(ctx, am2, plan.ID, kam.PlanUpdate{Version: v.Version, Status: ptr("archived")}); err != nil {
			t.Fatal(err)
		}
		if dues, _, _ := s.FindPlanDues(ctx, am1, today.AddDays(30), today.AddDays(7), 10); len(dues) != 0 {
			t.Errorf("an archived plan's actions: %s", dueText(dues))
		}
	})
}
