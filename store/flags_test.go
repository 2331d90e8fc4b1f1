package store_test

import (
	"context"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

func TestFlagsOnePerCauseWithStates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		drop := insight.Flag{Kind: insight.VolumeDrop, Severity: "medium", Evidence: "orders in the last 90 days EUR 1,000 against EUR 3,000 expected, -67%"}
		overdue := insight.Flag{Kind: insight.OrderOverdue, Severity: "high", Evidence: "no order for 94 days"}
		sync := func(flags ...insight.Flag) (int, int) {
			t.Helper()
			r, res, err := s.SyncFlags(ctx, o.a1.ID, flags)
			if err != nil {
				t.Fatal(err)
			}
			return r, res
		}
		open := func(p *kam.Principal) []*kam.AccountFlag {
			t.Helper()
			fs, err := s.FindFlags(ctx, p, "open")
			if err != nil {
				t.Fatal(err)
			}
			return fs
		}
		if r, _ := sync(drop, overdue); r != 2 {
			t.Fatalf("raised %d, want 2", r)
		}
		drop.Evidence = "orders in the last 90 days EUR 500 against EUR 3,000 expected, -83%"
		if r, res := sync(drop, overdue); r != 0 || res != 0 {
			t.Errorf("the same causes again raised %d, resolved %d; want one flag per cause, refreshed", r, res)
		}
		am1 := principal(t, s, o.am1)
		fs := open(am1)
		if len(fs) != 2 || fs[0].Kind != "order_overdue" || fs[1].Evidence != drop.Evidence {
			t.Fatalf("open flags %+v: want the high one first and the drop's new evidence", fs)
		}
		if got := open(principal(t, s, o.am2)); len(got) != 0 {
			t.Errorf("am2 sees %d flags of am1's account", len(got))
		}
		// am1 dismisses the drop; the next computation does not raise it again.
		if err := s.SetFlagState(ctx, am1, fs[1].ID, "dismissed", ""); kam.ErrorCode(err) != kam.EINVALID {
			t.Errorf("dismissing without a reason: %v", err)
		}
		if err := s.SetFlagState(ctx, principal(t, s, o.am2), fs[1].ID, "dismissed", "not mine"); kam.ErrorCode(err) != kam.ENOTFOUND {
			t.Errorf("am2 dismisses am1's flag: %v, want not found", err)
		}
		if err := s.SetFlagState(ctx, am1, fs[1].ID, "dismissed", "seasonal: they stock up in spring"); err != nil {
			t.Fatal(err)
		}
		if r, _ := sync(drop, overdue); r != 0 {
			t.Errorf("a dismissed cause was raised again (%d)", r)
		}
		// The overdue order came: its flag resolves itself.
		if _, res := sync(drop); res != 1 {
			t.Errorf("resolved %d, want the overdue flag", res)
		}
		if fs := open(am1); len(fs) != 0 {
			t.Errorf("still open: %+v", fs)
		}
		if fs, _ := s.FindFlags(ctx, am1, "resolved"); len(fs) != 1 || fs[0].Reason == "" {
			t.Errorf("resolved flags %+v", fs)
		}
	})
}

func TestFlagsOfOneCauseCollapseToOne(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		// Two deals of the same name are two causes; the same cause twice
		// in one computation is one flag.
		a := insight.Flag{Kind: insight.OpportunitySlipping, Severity: "medium", Cause: "opportunity_slipping:1", Evidence: "Renewal (1)"}
		b := insight.Flag{Kind: insight.OpportunitySlipping, Severity: "medium", Cause: "opportunity_slipping:2", Evidence: "Renewal (2)"}
		if r, _, err := s.SyncFlags(ctx, o.a1.ID, []insight.Flag{a, b, a}); err != nil || r != 2 {
			t.Fatalf("raised %d, %v; want 2", r, err)
		}
		if r, res, err := s.SyncFlags(ctx, o.a1.ID, nil); err != nil || r != 0 || res != 2 {
			t.Errorf("once both pass: raised %d, resolved %d, %v; want both resolved", r, res, err)
		}
		open, err := s.FindAccountFlags(ctx, kam.System(), o.a1.ID)
		if err != nil || len(open) != 0 {
			t.Errorf("%d flags still open, %v", len(open), err)
		}
	})
}

// TestFlagsSayWhoMayChangeThem marks each flag with whether its reader may
// change its state: yes on an account one owns or edits on its team, no on
// one only reads, and never for a viewer.
func TestFlagsSayWhoMayChangeThem(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		flag := insight.Flag{Kind: insight.OrderOverdue, Severity: "high", Evidence: "no order for 94 days"}
		for _, a := range []*kam.Account{o.a1, o.a3, o.a4} {
			if _, _, err := s.SyncFlags(ctx, a.ID, []insight.Flag{flag}); err != nil {
				t.Fatal(err)
			}
		}
		for _, tc := range []struct {
			who  *kam.User
			want map[int64]bool
		}{
			{o.am1, map[int64]bool{o.a1.ID: true, o.a3.ID: false, o.a4.ID: true}},
			{o.view, map[int64]bool{o.a4.ID: false}}, // the viewer's scope is de
		} {
			fs, err := s.FindFlags(ctx, principal(t, s, tc.who), "open")
			if err != nil {
				t.Fatal(err)
			}
			got := map[int64]bool{}
			for _, f := range fs {
				got[f.AccountID] = f.CanEdit
			}
			for id, want := range tc.want {
				if edit, seen := got[id]; !seen || edit != want {
					t.Errorf("%s: flag on account %d seen %v, editable %v; want seen, editable %v", tc.who.Username, id, seen, edit, want)
				}
			}
		}
	})
}

// TestTopFlags reads the first flags the most severe first, across accounts,
// and says whether more remain.
func TestTopFlags(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		for _, set := range []struct {
			a     *kam.Account
			flags []insight.Flag
		}{
			{o.a1, []insight.Flag{{Kind: insight.VolumeDrop, Severity: "low", Evidence: "low"}, {Kind: insight.OrderOverdue, Severity: "medium", Evidence: "medium"}}},
			{o.a4, []insight.Flag{{Kind: insight.VolumeSpike, Severity: "high", Evidence: "high"}}},
		} {
			if _, _, err := s.SyncFlags(ctx, set.a.ID, set.flags); err != nil {
				t.Fatal(err)
			}
		}
		p := principal(t, s, o.am1)
		top, more, err := s.FindTopFlags(ctx, p, store.FlagQuery{Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		if len(top) != 2 || top[0].Severity != "high" || top[1].Severity != "medium" || !more {
			t.Errorf("top two %v (more %v), want high then medium, and more", top, more)
		}
		if all, more, _ := s.FindTopFlags(ctx, p, store.FlagQuery{Limit: 5}); len(all) != 3 || more {
			t.Errorf("top five: %d (more %v), want all 3 and no more", len(all), more)
		}
		// An administrator's list walks the index (a large book) and
		// finds the same order.
		top, more, err = s.FindTopFlags(ctx, principal(t, s, o.admin), store.FlagQuery{Limit: 2})
		if err != nil || len(top) != 2 || top[0].Severity != "high" || top[1].Severity != "medium" || !more {
			t.Errorf("admin's top two %v (more %v, %v), want high then medium, and more", top, more, err)
		}
		if fs, _, _ := s.FindTopFlags(ctx, principal(t, s, o.view), store.FlagQuery{Limit: 5}); len(fs) != 1 || fs[0].AccountID != o.a4.ID {
			t.Errorf("the viewer's flags %v, want only a4's in their subtree", fs)
		}
	})
}
