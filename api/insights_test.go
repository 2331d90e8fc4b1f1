package api_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// TestInsightReads reads each insight route as am1 on the recomputed
// portfolio: every row is one of am1's accounts, with its external ids.
func TestInsightReads(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newPortfolioFixture(t, s)
		mine := []int64{f.group.ID, f.sub.ID}
		checkRefs := func(route string, rows []ref) {
			t.Helper()
			for _, r := range rows {
				if !slices.Contains(mine, r.AccountID) {
					t.Errorf("%s: a row on account %d (%s), not am1's", route, r.AccountID, r.Name)
				}
				if r.ExternalIDs == nil || (r.AccountID == f.group.ID && (len(r.ExternalIDs) != 1 || r.ExternalIDs[0].ID != "C-10042")) {
					t.Errorf("%s: account %d has external ids %v", route, r.AccountID, r.ExternalIDs)
				}
			}
		}

		// The stored flags: the group stopped buying.
		var stored []struct {
			ref
			ID              int64
			State, Severity string
		}
		f.get(t, "/api/v1/flags", f.am1, &stored)
		if len(stored) == 0 || !slices.ContainsFunc(stored, func(fl struct {
			ref
			ID              int64
			State, Severity string
		}) bool {
			return fl.AccountID == f.group.ID && fl.ID > 0 && fl.State == "open"
		}) {
			t.Errorf("stored flags %+v, want an open one on the group", stored)
		}
		for _, fl := range stored {
			checkRefs("flags", []ref{fl.ref})
		}

		// Flags computed as of a day carry the day.
		var computed []struct {
			ref
			Kind, Severity string
			AsOf           string `json:"as_of"`
		}
		f.get(t, "/api/v1/flags?as_of=2026-06-30", f.am1, &computed)
		onGroup := 0
		for _, fl := range computed {
			checkRefs("flags?as_of", []ref{fl.ref})
			if fl.AsOf != "2026-06-30" {
				t.Errorf("computed flag %+v, want as of 2026-06-30", fl)
			}
			if fl.AccountID == f.group.ID {
				onGroup++
			}
		}
		if onGroup == 0 {
			t.Errorf("computed flags %+v, want some on the group", computed)
		}
		var yearBefore []ref
		f.get(t, "/api/v1/flags?as_of=2025-06-30", f.am1, &yearBefore)
		checkRefs("flags?as_of=2025-06-30", yearBefore)

		// The contact queue, stored and as of a day.
		for _, route := range []string{"/api/v1/queue", "/api/v1/queue?as_of=2026-06-30&limit=500"} {
			var queue []struct {
				ref
				Score   float64
				Reasons []string
				AsOf    string `json:"as_of"`
			}
			f.get(t, route, f.am1, &queue)
			if len(queue) == 0 || queue[0].AccountID != f.group.ID || len(queue[0].Reasons) == 0 || queue[0].AsOf != "2026-06-30" {
				t.Errorf("%s: %+v, want the group first with reasons", route, queue)
			}
			for _, q := range queue {
				checkRefs(route, []ref{q.ref})
			}
		}
		var one []ref
		if f.get(t, "/api/v1/queue?limit=1", f.am1, &one); len(one) != 1 {
			t.Errorf("queue with limit 1: %+v", one)
		}

		// Forecasts per account, owner and in total.
		var rep struct {
			AsOf     string `json:"as_of"`
			Accounts []ref
			ByOwner  []struct{ Key string } `json:"by_owner"`
			Total    struct{ Accounts int }
		}
		f.get(t, "/api/v1/forecasts?months=6", f.am1, &rep)
		if rep.AsOf != "2026-06-30" || len(rep.Accounts) != 2 || rep.Total.Accounts != 2 || len(rep.ByOwner) != 1 || rep.ByOwner[0].Key != "am1" {
			t.Errorf("forecast report %+v", rep)
		}
		checkRefs("forecasts", rep.Accounts)

		// Recommendations: the group never bought the valve its peers buy.
		var advice []struct {
			ref
			Recommendations []struct{ Name string }
			NextOrder       struct{ Enough bool } `json:"next_order"`
		}
		f.get(t, "/api/v1/recommendations?n=1&as_of=2026-06-30", f.am1, &advice)
		if len(advice) != 2 {
			t.Fatalf("advice %+v, want 2 accounts", advice)
		}
		for _, a := range advice {
			checkRefs("recommendations", []ref{a.ref})
			if len(a.Recommendations) > 1 || (a.AccountID == f.group.ID && (len(a.Recommendations) != 1 || a.Recommendations[0].Name != "Valve")) {
				t.Errorf("advice for %s: %+v", a.Name, a.Recommendations)
			}
		}

		// Segments: health, matrix, RFM, key-account standing.
		var segs []struct {
			ref
			Health         struct{ Band string }
			Classification struct{ Quadrant string }
			RFM            struct{ R int }
			KeyAccount     struct{ Key bool } `json:"key_account"`
		}
		f.get(t, "/api/v1/segments", f.am1, &segs)
		if len(segs) != 2 {
			t.Fatalf("segments %+v, want 2", segs)
		}
		for _, sg := range segs {
			checkRefs("segments", []ref{sg.ref})
			if sg.Health.Band == "" || sg.Classification.Quadrant == "" || sg.RFM.R == 0 {
				t.Errorf("segment %+v", sg)
			}
			if sg.AccountID == f.group.ID && !sg.KeyAccount.Key {
				t.Errorf("the group is in the key tier but not a key account: %+v", sg)
			}
		}

		// One account's stored insights.
		var ins struct {
			ref
			Rollup *struct {
				Own, Tree struct {
					Revenue12M float64 `json:"revenue_12m"`
					Accounts   int
				}
				Health *int
			}
			Classifications []struct{ Stage string }    `json:"classifications"`
			Flags           []struct{ AccountID int64 } `json:"flags"`
		}
		f.get(t, fmt.Sprintf("/api/v1/accounts/%d/insights", f.group.ID), f.am1, &ins)
		checkRefs("insights", []ref{ins.ref})
		if ins.AccountID != f.group.ID || ins.Rollup == nil || ins.Rollup.Own.Revenue12M <= 0 || ins.Rollup.Tree.Accounts != 2 ||
			ins.Rollup.Tree.Revenue12M <= ins.Rollup.Own.Revenue12M || ins.Classifications == nil || len(ins.Flags) == 0 {
			t.Errorf("insights %+v (roll-up %+v)", ins, ins.Rollup)
		}
	})
}
