package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// changeText words plan changes as "action kind title field old>new".
func changeText(changes []kam.PlanChange) string {
	var out []string
	for _, c := range changes {
		out = append(out, strings.Join(strings.Fields(fmt.Sprintf("%s %s %s %s %s>%s", c.Action, c.Kind, c.Title, c.Field, c.Old, c.New)), " "))
	}
	return strings.Join(out, "; ")
}

func TestPlanReviewsShowWhatChangedSinceTheLastReview(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		am1, am2 := principal(t, s, o.am1), principal(t, s, o.am2)
		now := time.Date(2027, time.January, 4, 10, 0, 0, 0, time.UTC)
		s.Now = func() time.Time { return now }
		plan := newPlan(t, s, am1, o.a1.ID, "Alpha plan 2027")
		objective := plan.Items[0]
		v, err := s.AddPlanItem(ctx, am1, plan.ID, 1, &kam.PlanItem{Kind: kam.PlanCompetitor, Title: "Rival Corp", Standing: "Incumbent on line 1"})
		if err != nil {
			t.Fatal(err)
		}
		rival := v.Section(kam.PlanCompetitor)[0]

		// The first review: what changed since the plan was written.
		review, v, err := s.ReviewPlan(ctx, am1, plan.ID, 2, " First QBR ")
		if err != nil || review.SinceVersion != 1 || review.Version != 3 || v.Version != 3 || v.NextReview.String() != "2027-04-04" ||
			review.Note != "First QBR" || review.ReviewerName != "am1" {
			t.Fatalf("review: %+v, plan %+v, %v", review, v, err)
		}
		addedRival := "added competitor Rival Corp title >Rival Corp; added competitor Rival Corp standing >Incumbent on line 1"
		if got := changeText(review.Changes); got != addedRival {
			t.Errorf("first review's changes: %s", got)
		}
		_, _, err = s.ReviewPlan(ctx, am1, plan.ID, 2, "stale")
		wantCode(t, err, kam.ESTALE)
		_, _, err = s.ReviewPlan(ctx, am2, plan.ID, 3, "not theirs")
		wantCode(t, err, kam.ENOTFOUND)

		// Changes after it: an item changed field by field, one removed, one added, a plan field.
		now = now.AddDate(0, 0, 30)
		if v, err = s.UpdatePlanItem(ctx, am1, objective.ID, 3, kam.PlanItemUpdate{Measure: ptr("40% by Q4"), Title: ptr("Grow share")}); err != nil {
			t.Fatal(err)
		}
		if v, err = s.RemovePlanItem(ctx, am1, rival.ID, v.Version); err != nil {
			t.Fatal(err)
		}
		if v, err = s.AddPlanItem(ctx, am1, plan.ID, v.Version, &kam.PlanItem{Kind: kam.PlanAction, Title: "Site visit", OwnerID: o.am1.ID,
			Due: kam.NewDate(2027, 2, 20)}); err != nil {
			t.Fatal(err)
		}
		action := v.Section(kam.PlanAction)[0]
		if v, err = s.UpdatePlanItem(ctx, am1, action.ID, v.Version, kam.PlanItemUpdate{Done: ptr(true)}); err != nil ||
			v.Item(action.ID).DoneOn.String() != "2027-02-03" {
			t.Fatalf("done: %+v, %v", v, err)
		}
		if v, err = s.UpdatePlan(ctx, am1, plan.ID, kam.PlanUpdate{Version: v.Version, CompanyBudget: ptr(kam.MustMoney("180000"))}); err != nil {
			t.Fatal(err)
		}
		changes, from, to, err := s.PlanChangesSince(ctx, am1, plan.ID, 0, 0)
		want := "changed Alpha plan 2027 company_budget 0.00>180000.00; " +
			"changed objective Grow share title Grow share of wallet>Grow share; changed objective Grow share measure 35% by Q4>40% by Q4; " +
			fmt.Sprintf("added action Site visit title >Site visit; added action Site visit owner_id >%d; ", o.am1.ID) +
			"added action Site visit due >2027-02-20; added action Site visit done_on >2027-02-03; removed competitor Rival Corp >"
		if err != nil || from != 3 || to != v.Version || changeText(changes) != want {
			t.Errorf("since the last review (%d to %d): %s, %v\nwant %s", from, to, changeText(changes), err, want)
		}

		// The second review shows the same changes, and the next one starts from it.
		second, v, err := s.ReviewPlan(ctx, am1, plan.ID, v.Version, "Second QBR")
		if err != nil || second.SinceVersion != 3 || changeText(second.Changes) != want {
			t.Fatalf("second review: %+v, %v", second, err)
		}
		if changes, _, _, _ := s.PlanChangesSince(ctx, am1, plan.ID, 0, 0); len(changes) != 0 {
			t.Errorf("right after a review nothing changed: %s", changeText(changes))
		}
		reviews, err := s.FindPlanReviews(ctx, am1, plan.ID)
		if err != nil || len(reviews) != 2 || reviews[0].ID != second.ID || changeText(reviews[1].Changes) != addedRival {
			t.Errorf("reviews: %+v, %v", reviews, err)
		}
		revisions, err := s.FindPlanRevisions(ctx, am1, plan.ID)
		if err != nil || len(revisions) != int(v.Version) || revisions[0].Version != v.Version || revisions[0].SavedByName != "am1" {
			t.Errorf("revisions: %+v, %v", revisions, err)
		}
		first, err := s.FindPlanRevision(ctx, am1, plan.ID, 1)
		if err != nil || len(first.Items) != 1 || first.Items[0].Title != "Grow share of wallet" {
			t.Errorf("version 1: %+v, %v", first, err)
		}
		_, _, _, err = s.PlanChangesSince(ctx, am1, plan.ID, 5, 2)
		wantCode(t, err, kam.EINVALID)
	})
}
