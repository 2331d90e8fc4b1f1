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

// newPlan writes a draft plan for 2027 on an account with a first objective.
func newPlan(t *testing.T, s *store.Store, p *kam.Principal, accountID int64, title string) *kam.AccountPlan {
	t.Helper()
	plan := &kam.AccountPlan{AccountID: accountID, Title: title, PeriodStart: kam.NewDate(2027, 1, 1), PeriodEnd: kam.NewDate(2027, 12, 31),
		Budget: kam.MustMoney("250000"), Items: []*kam.PlanItem{{Kind: kam.PlanObjective, Title: "Grow share of wallet", Measure: "35% by Q4"}}}
	if err := s.CreatePlan(context.Background(), p, plan); err != nil {
		t.Fatal(err)
	}
	return plan
}

func TestPlansAreScopedVersionedAndOneActivePerAccount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		am1, am2, viewer, admin, dir := principal(t, s, o.am1), principal(t, s, o.am2), principal(t, s, o.view), principal(t, s, o.admin),
			principal(t, s, o.director)
		now := time.Date(2026, time.December, 1, 10, 0, 0, 0, time.UTC)
		s.Now = func() time.Time { return now }

		plan := newPlan(t, s, am1, o.a1.ID, " Alpha plan 2027 ")
		if plan.Version != 1 || plan.Status != "draft" || plan.Currency != "EUR" || plan.ReviewEvery != 90 ||
			plan.NextReview.String() != "2027-03-01" || plan.Title != "Alpha plan 2027" || plan.Items[0].ID == 0 {
			t.Errorf("created %+v", plan)
		}

		// Scope: whoever sees the account sees the plan; whoever may change it edits it.
		_, err := s.FindPlan(ctx, am2, plan.ID)
		wantCode(t, err, kam.ENOTFOUND)
		if _, err := s.FindPlan(ctx, dir, plan.ID); err != nil {
			t.Errorf("the director of the account's unit: %v", err)
		}
		_, err = s.UpdatePlan(ctx, am2, plan.ID, kam.PlanUpdate{Version: 1, Title: ptr("X")})
		wantCode(t, err, kam.ENOTFOUND)
		_, err = s.AddPlanItem(ctx, am2, plan.ID, 1, &kam.PlanItem{Kind: kam.PlanStrategy, Title: "X"})
		wantCode(t, err, kam.ENOTFOUND)
		_, err = s.UpdatePlanItem(ctx, am2, plan.Items[0].ID, 1, kam.PlanItemUpdate{Title: ptr("X")})
		wantCode(t, err, kam.ENOTFOUND)
		wantCode(t, s.CreatePlan(ctx, am2, &kam.AccountPlan{AccountID: o.a1.ID, Title: "X", PeriodStart: kam.NewDate(2027, 1, 1),
			PeriodEnd: kam.NewDate(2027, 12, 31)}), kam.EINVALID)
		wantCode(t, s.CreatePlan(ctx, viewer, &kam.AccountPlan{AccountID: o.a2.ID, Title: "X"}), kam.EFORBIDDEN)
		onA3 := newPlan(t, s, principal(t, s, o.am2), o.a3.ID, "Charlie plan")
		if _, err := s.FindPlan(ctx, am1, onA3.ID); err != nil {
			t.Errorf("am1 is on a3's team: %v", err)
		}
		_, err = s.UpdatePlan(ctx, am1, onA3.ID, kam.PlanUpdate{Version: 1, Title: ptr("X")})
		wantCode(t, err, kam.EFORBIDDEN)
		if theirs, _ := s.FindPlanList(ctx, am2, store.PlanFilter{}); len(theirs.Plans) != 1 || theirs.Plans[0].ID != onA3.ID {
			t.Errorf("am2 lists %+v", theirs.Plans)
		}

		// Bad input: a period backwards, a rating on a strategy, an unrated message.
		wantCode(t, s.CreatePlan(ctx, am1, &kam.AccountPlan{AccountID: o.a1.ID, Title: "X", PeriodStart: kam.NewDate(2027, 2, 1),
			PeriodEnd: kam.NewDate(2027, 1, 1)}), kam.EINVALID)
		_, err = s.AddPlanItem(ctx, am1, plan.ID, 1, &kam.PlanItem{Kind: kam.PlanStrategy, Title: "Bundle service", Rating: "strong"})
		wantCode(t, err, kam.EINVALID)
		_, err = s.AddPlanItem(ctx, am1, plan.ID, 1, &kam.PlanItem{Kind: kam.PlanKeyMessage, Title: "Lowest total cost"})
		wantCode(t, err, kam.EINVALID)
		_, err = s.AddPlanItem(ctx, am1, plan.ID, 1, &kam.PlanItem{Kind: kam.PlanAction, Title: "Visit", OwnerID: o.am2.ID})
		wantCode(t, err, kam.EINVALID) // am2 cannot see a1

		// Items, each a save of the plan.
		v2, err := s.AddPlanItem(ctx, am1, plan.ID, 1, &kam.PlanItem{Kind: kam.PlanReferenceCase, Title: "Bravo line retrofit", Rating: "strong",
			LinkedIDs: []int64{plan.Items[0].ID}})
		if err != nil || v2.Version != 2 || len(v2.Items) != 2 || v2.Items[1].LinkedIDs[0] != plan.Items[0].ID {
			t.Fatalf("add a reference case: %+v, %v", v2, err)
		}
		_, err = s.AddPlanItem(ctx, am1, plan.ID, 2, &kam.PlanItem{Kind: kam.PlanReferenceCase, Title: "X", Rating: "weak", LinkedIDs: []int64{v2.Items[1].ID}})
		wantCode(t, err, kam.EINVALID) // links only objectives
		v3, err := s.AddPlanItem(ctx, am1, plan.ID, 2, &kam.PlanItem{Kind: kam.PlanAction, Title: "Book the QBR", OwnerID: o.am1.ID, Due: kam.NewDate(2026, 11, 20)})
		if err != nil || v3.Version != 3 {
			t.Fatalf("add an action: %+v, %v", v3, err)
		}
		action := v3.Section(kam.PlanAction)[0]

		// A save from an older version is refused, nothing written.
		_, err = s.UpdatePlanItem(ctx, am1, action.ID, 2, kam.PlanItemUpdate{Title: ptr("Book the QBR early")})
		wantCode(t, err, kam.ESTALE)
		_, err = s.UpdatePlan(ctx, am1, plan.ID, kam.PlanUpdate{Version: 2, Status: ptr("active")})
		wantCode(t, err, kam.ESTALE)
		if now, _ := s.FindPlan(ctx, am1, plan.ID); now.Version != 3 || now.Status != "draft" || now.Item(action.ID).Title != "Book the QBR" {
			t.Errorf("after stale saves: %+v", now)
		}
		// A save that changes nothing keeps the version.
		if same, err := s.UpdatePlan(ctx, am1, plan.ID, kam.PlanUpdate{Version: 3, Title: ptr("Alpha plan 2027")}); err != nil || same.Version != 3 {
			t.Errorf("no change: %+v, %v", same, err)
		}

		// The list: the overdue review first, with the late action counted.
		now = time.Date(2027, time.March, 10, 9, 0, 0, 0, time.UTC)
		newPlan(t, s, am1, o.a4.ID, "Delta plan")
		page, err := s.FindPlanList(ctx, am1, store.PlanFilter{Limit: 1})
		if err != nil || len(page.Plans) != 1 || page.Plans[0].ID != plan.ID || !page.Plans[0].ReviewOverdue ||
			page.Plans[0].OpenActions != 1 || page.Plans[0].LateActions != 1 || page.Plans[0].Objectives != 1 || page.Next == "" {
			t.Fatalf("first page %+v, %v", page, err)
		}
		rest, err := s.FindPlanList(ctx, am1, store.PlanFilter{Limit: 1, After: page.Next})
		if err != nil || len(rest.Plans) != 1 || rest.Plans[0].ID != onA3.ID {
			t.Fatalf("second page %+v, %v", rest, err)
		}
		if overdue, _ := s.FindPlanList(ctx, am1, store.PlanFilter{Overdue: true}); len(overdue.Plans) != 2 {
			t.Errorf("overdue reviews: %+v", overdue.Plans)
		}

		// One active plan per account.
		if _, err := s.UpdatePlan(ctx, am1, plan.ID, kam.PlanUpdate{Version: 3, Status: ptr("active")}); err != nil {
			t.Fatal(err)
		}
		second := newPlan(t, s, am1, o.a1.ID, "Alpha plan 2028")
		_, err = s.UpdatePlan(ctx, am1, second.ID, kam.PlanUpdate{Version: 1, Status: ptr("active")})
		wantCode(t, err, kam.EINVALID)
		if err == nil || !strings.Contains(kam.ErrorMessage(err), "Alpha plan 2027") {
			t.Errorf("the reason names the active plan: %v", err)
		}

		// Delete and restore: an active plan comes back a draft when another is active.
		wantCode(t, s.DeletePlan(ctx, am1, plan.ID, 3), kam.ESTALE)
		if err := s.DeletePlan(ctx, am1, plan.ID, 4); err != nil {
			t.Fatal(err)
		}
		_, err = s.FindPlan(ctx, am1, plan.ID)
		wantCode(t, err, kam.ENOTFOUND)
		if _, err := s.UpdatePlan(ctx, am1, second.ID, kam.PlanUpdate{Version: 1, Status: ptr("active")}); err != nil {
			t.Fatal(err)
		}
		_, err = s.RestorePlan(ctx, am1, plan.ID)
		wantCode(t, err, kam.EFORBIDDEN)
		back, err := s.RestorePlan(ctx, admin, plan.ID)
		if err != nil || back.Status != "draft" || back.Version != 6 || len(back.Items) != 3 {
			t.Fatalf("restore: %+v, %v", back, err)
		}
		if _, err := s.FindPlanRevision(ctx, am1, plan.ID, 5); err != nil {
			t.Errorf("the deleted version reads as the one before: %v", err)
		}
		var actions []string
		err = s.EachAuditEntry(ctx, admin, kam.NewDate(2026, 1, 1), kam.NewDate(2027, 12, 31), func(e *kam.AuditEntry) error {
			if e.Entity == "plan" && e.EntityID == plan.ID {
				actions = append(actions, e.Action+" "+e.Field)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		got := strings.Join(actions, ", ")
		for _, want := range []string{"create title", "add_item reference_case", "update status", "delete title", "restore status"} {
			if !strings.Contains(got, want) {
				t.Errorf("audit of the plan lacks %q: %s", want, got)
			}
		}
	})
}
