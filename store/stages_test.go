package store_test

import (
	"context"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

func TestClassificationHistoryKeepsStageAndChangesOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		record := func(quadrant string, key bool) int {
			t.Helper()
			n, err := s.RecordClassifications(ctx, []store.Classification{{AccountID: o.a1.ID, Quadrant: quadrant, Attractiveness: 61.5, Strength: 40, KeyAccount: key}})
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		if n := record("invest_selectively", false); n != 1 {
			t.Fatalf("first classification appended %d entries", n)
		}
		if n := record("invest_selectively", false); n != 0 {
			t.Errorf("an unchanged classification appended %d entries", n)
		}
		// am1 owns a1 and sets its stage; am2 may not; a viewer may not.
		if err := s.SetStage(ctx, principal(t, s, o.am1), o.a1.ID, "mid_kam"); err != nil {
			t.Fatal(err)
		}
		wantCode(t, s.SetStage(ctx, principal(t, s, o.am2), o.a1.ID, "pre_kam"), kam.ENOTFOUND)
		if n := record("invest_for_growth", true); n != 1 {
			t.Errorf("a new quadrant appended %d entries", n)
		}
		h, err := s.ClassificationHistory(ctx, principal(t, s, o.am1), o.a1.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(h) != 3 || h[0].Quadrant != "invest_for_growth" || h[0].Stage != "mid_kam" || !h[0].KeyAccount || h[0].SetBy != o.am1.ID ||
			h[1].SetBy != o.am1.ID || h[2].Stage != "" {
			t.Errorf("history %+v: want the new quadrant keeping the stage am1 set, then am1's stage, then the first entry", h)
		}
		stages, err := s.Stages(ctx)
		if err != nil || stages[o.a1.ID] != "mid_kam" {
			t.Errorf("stages %v, %v", stages, err)
		}
		if _, err := s.ClassificationHistory(ctx, principal(t, s, o.am2), o.a1.ID); kam.ErrorCode(err) != kam.ENOTFOUND {
			t.Errorf("am2 reads a1's history: %v", err)
		}
	})
}
