package store_test

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// pipeline is a few deals on the accounts of newOrg.
type pipeline struct {
	// On a1 (am1's): proposal (default probability), negotiation at a
	// custom 60%, a USD deal, a deal lost last week and one won long ago.
	proposal, custom, dollars, lostLately, wonLongAgo *kam.Opportunity
	// On a2 (am2's) and a4 (the KAM's, am1 on its team with edit access).
	bravo, delta *kam.Opportunity
}

func newPipeline(t *testing.T, s *store.Store, o *org) *pipeline {
	t.Helper()
	today := kam.DateOf(s.Now())
	deal := func(a *kam.Account, owner *kam.User, name, stage string, amount string, currency string, pct int, closes kam.Date) *kam.Opportunity {
		return &kam.Opportunity{AccountID: a.ID, Name: name, Kind: kam.OppUpsell, Stage: stage, Amount: kam.MustMoney(amount),
			Currency: currency, Probability: pct, CloseDate: closes, OwnerID: owner.ID}
	}
	pl := &pipeline{
		proposal:   deal(o.a1, o.am1, "Alpha rollout", "proposal", "10000", "EUR", 50, today.AddDays(10)),
		custom:     deal(o.a1, o.am1, "Alpha service", "negotiation", "2000", "EUR", 60, today.AddDays(20)),
		dollars:    deal(o.a1, o.am1, "Alpha US", "qualification", "5000", "USD", 25, today.AddDays(-5)),
		lostLately: deal(o.a1, o.am1, "Alpha pilot", "lost", "700", "EUR", 0, today.AddDays(-7)),
		wonLongAgo: deal(o.a1, o.am1, "Alpha first order", "won", "900", "EUR", 100, today.AddDays(-200)),
		bravo:      deal(o.a2, o.am2, "Bravo expansion", "proposal", "3000", "EUR", 50, today.AddDays(15)),
		delta:      deal(o.a4, o.kam, "Delta renewal", "prospecting", "4000", "EUR", 10, today.AddDays(30)),
	}
	err := s.Load(context.Background(), kam.System(), func(l *store.Loader) error {
		for _, d := range []*kam.Opportunity{pl.proposal, pl.custom, pl.dollars, pl.lostLately, pl.wonLongAgo, pl.bravo, pl.delta} {
			if err := l.Opportunity(d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return pl
}

// dealNames are the names of the listed deals, in order.
func dealNames(l *store.OpportunityList) string {
	var names []string
	for _, d := range l.Deals {
		names = append(names, d.Name)
	}
	return strings.Join(names, ", ")
}

func TestFindOpportunities(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		newPipeline(t, s, o)
		am1 := principal(t, s, o.am1)
		find := func(p *kam.Principal, f store.OpportunityFilter) *store.OpportunityList {
			t.Helper()
			l, err := s.FindOpportunities(ctx, p, f)
			if err != nil {
				t.Fatal(err)
			}
			return l
		}

		// Own and team deals by stage, open ones by close date; the deal
		// won 200 days ago is off the board, the one lost last week on it.
		l := find(am1, store.OpportunityFilter{})
		want := "Delta renewal, Alpha US, Alpha rollout, Alpha service, Alpha pilot"
		if got := dealNames(l); got != want {
			t.Errorf("am1's board: %s\nwant %s", got, want)
		}
		if d := l.Deals[2]; d.AccountName != "Alpha Industries Ltd" || d.OwnerName != "am1" || d.Version != 1 || !d.Movable {
			t.Errorf("row %+v: want the account's and owner's names, movable", d)
		}
		if d := l.Deals[0]; !d.Movable {
			t.Errorf("a team member with edit access cannot move %s", d.Name)
		}
		for _, d := range find(principal(t, s, o.view), store.OpportunityFilter{}).Deals {
			if d.Movable {
				t.Errorf("the viewer may move %s", d.Name)
			}
		}
		wantTotals := []store.StageTotal{
			{Stage: "prospecting", Currency: "EUR", Deals: 1, Amount: kam.MustMoney("4000"), Weighted: kam.MustMoney("400")},
			{Stage: "qualification", Currency: "USD", Deals: 1, Amount: kam.MustMoney("5000"), Weighted: kam.MustMoney("1250")},
			{Stage: "proposal", Currency: "EUR", Deals: 1, Amount: kam.MustMoney("10000"), Weighted: kam.MustMoney("5000")},
			{Stage: "negotiation", Currency: "EUR", Deals: 1, Amount: kam.MustMoney("2000"), Weighted: kam.MustMoney("1200")},
			{Stage: "lost", Currency: "EUR", Deals: 1, Amount: kam.MustMoney("700")},
		}
		if len(l.Totals) != len(wantTotals) {
			t.Fatalf("totals %+v\nwant %+v", l.Totals, wantTotals)
		}
		for i, w := range wantTotals {
			if l.Totals[i] != w {
				t.Errorf("total %d: %+v, want %+v", i, l.Totals[i], w)
			}
		}
		if len(l.Owners) != 2 || l.Owners[0].Name != "am1" || l.Owners[0].Deals != 4 || l.Owners[1].Name != "kam1" {
			t.Errorf("owners %+v: want am1 (4 deals) and kam1", l.Owners)
		}

		// am2 sees only Bravo's deal; an administrator sees all open ones.
		if got := dealNames(find(principal(t, s, o.am2), store.OpportunityFilter{})); got != "Bravo expansion" {
			t.Errorf("am2's board: %s", got)
		}
		if got := find(kam.System(), store.OpportunityFilter{OpenOnly: true}); len(got.Deals) != 5 {
			t.Errorf("all open deals: %s", dealNames(got))
		}

		// Filters.
		for _, tc := range []struct {
			name string
			f    store.OpportunityFilter
			want string
		}{
			{"owner", store.OpportunityFilter{OwnerID: o.kam.ID}, "Delta renewal"},
			{"open only", store.OpportunityFilter{OpenOnly: true, Stages: []string{"proposal", "lost"}}, "Alpha rollout"},
			{"account", store.OpportunityFilter{AccountID: o.a4.ID}, "Delta renewal"},
			{"close dates", store.OpportunityFilter{CloseFrom: kam.DateOf(s.Now()), CloseTo: kam.DateOf(s.Now()).AddDays(20)}, "Alpha rollout, Alpha service"},
			{"closed long ago", store.OpportunityFilter{Stages: []string{"won"}, ClosedSince: s.Now().AddDate(-1, 0, 0)}, "Alpha first order"},
		} {
			if got := dealNames(find(am1, tc.f)); got != tc.want {
				t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
			}
		}
		owned := find(am1, store.OpportunityFilter{OwnerID: o.kam.ID})
		if len(owned.Totals) != 1 || owned.Totals[0].Stage != "prospecting" || len(owned.Owners) != 2 {
			t.Errorf("owner's totals %+v, owners %+v: want the owner's deal in the totals and every owner to choose from", owned.Totals, owned.Owners)
		}

		// A limit lists the first deals of each stage and counts the rest.
		s.Load(ctx, kam.System(), func(l *store.Loader) error {
			for _, days := range []int{40, 50} {
				if err := l.Opportunity(&kam.Opportunity{AccountID: o.a1.ID, Name: "Later", Kind: kam.OppNew, Stage: "proposal",
					Amount: kam.MustMoney("1"), Currency: "EUR", Probability: 50, CloseDate: kam.DateOf(s.Now()).AddDays(days)}); err != nil {
					return err
				}
			}
			return nil
		})
		limited := find(am1, store.OpportunityFilter{Stages: []string{"proposal"}, Limit: 1})
		if dealNames(limited) != "Alpha rollout" || limited.More["proposal"] != 2 || limited.Totals[0].Deals != 3 {
			t.Errorf("limited: %s, more %v, totals %+v", dealNames(limited), limited.More, limited.Totals)
		}

		for _, f := range []store.OpportunityFilter{{Stages: []string{"won", "closing"}}, {Limit: 5000},
			{CloseFrom: kam.DateOf(s.Now()), CloseTo: kam.DateOf(s.Now()).AddDays(-1)}} {
			if _, err := s.FindOpportunities(ctx, am1, f); kam.ErrorCode(err) != kam.EINVALID {
				t.Errorf("filter %+v: %v, want invalid", f, err)
			}
		}
	})
}

// dealState is what a move changes of a stored deal.
type dealState struct {
	stage    string
	pct      int
	version  int64
	closedAt sql.NullTime
}

func readDeal(t *testing.T, s *store.Store, id int64) dealState {
	t.Helper()
	var d dealState
	err := s.DB().QueryRow(s.Rebind("SELECT stage, probability, version, closed_at FROM opportunities WHERE id = ?"), id).
		Scan(&d.stage, &d.pct, &d.version, &d.closedAt)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestMoveOpportunity(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		pl := newPipeline(t, s, o)
		am1 := principal(t, s, o.am1)

		// Out of scope is not found; a viewer who sees the deal may not move it.
		_, err := s.MoveOpportunity(ctx, principal(t, s, o.am2), pl.proposal.ID, "negotiation", 1)
		wantCode(t, err, kam.ENOTFOUND)
		_, err = s.MoveOpportunity(ctx, principal(t, s, o.view), pl.delta.ID, "qualification", 1)
		wantCode(t, err, kam.EFORBIDDEN)
		_, err = s.MoveOpportunity(ctx, am1, 999999, "won", 1)
		wantCode(t, err, kam.ENOTFOUND)
		_, err = s.MoveOpportunity(ctx, am1, pl.proposal.ID, "closing", 1)
		wantCode(t, err, kam.EINVALID)
		_, err = s.MoveOpportunity(ctx, am1, pl.proposal.ID, "negotiation", 0)
		wantCode(t, err, kam.EINVALID)
		if d := readDeal(t, s, pl.proposal.ID); d.stage != "proposal" || d.version != 1 {
			t.Fatalf("refused moves changed the deal: %+v", d)
		}

		// A default probability follows the stage.
		moved, err := s.MoveOpportunity(ctx, am1, pl.proposal.ID, "negotiation", 1)
		if err != nil {
			t.Fatal(err)
		}
		if moved.Stage != "negotiation" || moved.Probability != 75 || moved.Version != 2 {
			t.Errorf("moved %+v: want negotiation at 75%%, version 2", moved)
		}
		if d := readDeal(t, s, pl.proposal.ID); d.stage != "negotiation" || d.pct != 75 || d.version != 2 || d.closedAt.Valid {
			t.Errorf("stored %+v", d)
		}

		// A move from the version before is refused, naming the stage now and
		// who moved it, and changes nothing.
		cur, err := s.MoveOpportunity(ctx, am1, pl.proposal.ID, "prospecting", 1)
		wantCode(t, err, kam.ECONFLICT)
		if msg := kam.ErrorMessage(err); !strings.Contains(msg, "now in Negotiation") || !strings.Contains(msg, "by am1") || !strings.Contains(msg, "Reload") {
			t.Errorf("conflict message %q", msg)
		}
		if cur == nil || cur.Stage != "negotiation" || cur.Version != 2 {
			t.Errorf("conflict returned %+v: want the stored deal", cur)
		}
		if d := readDeal(t, s, pl.proposal.ID); d.stage != "negotiation" || d.version != 2 {
			t.Errorf("a stale move changed the deal: %+v", d)
		}

		// A custom probability stays; winning makes it certain and sets
		// closed_at, reopening clears it.
		if moved, err = s.MoveOpportunity(ctx, am1, pl.custom.ID, "proposal", 1); err != nil || moved.Probability != 60 {
			t.Fatalf("custom probability: %+v, %v", moved, err)
		}
		if moved, err = s.MoveOpportunity(ctx, am1, pl.custom.ID, "won", 2); err != nil || moved.Probability != 100 {
			t.Fatalf("won: %+v, %v", moved, err)
		}
		if d := readDeal(t, s, pl.custom.ID); !d.closedAt.Valid || time.Since(d.closedAt.Time) > time.Hour {
			t.Errorf("won deal's closed_at: %+v", d.closedAt)
		}
		if moved, err = s.MoveOpportunity(ctx, am1, pl.custom.ID, "negotiation", 3); err != nil || moved.Probability != 75 {
			t.Fatalf("reopened: %+v, %v", moved, err)
		}
		if d := readDeal(t, s, pl.custom.ID); d.closedAt.Valid {
			t.Errorf("a reopened deal keeps closed_at %v", d.closedAt.Time)
		}

		// A team member with edit access moves the KAM's deal.
		if _, err := s.MoveOpportunity(ctx, am1, pl.delta.ID, "qualification", 1); err != nil {
			t.Errorf("team member with edit access: %v", err)
		}

		// The moves are in the audit log, by am1 through the channel given,
		// and the accounts are queued for their roll-ups.
		var n int
		var actor int64
		err = s.DB().QueryRow(s.Rebind(`SELECT COUNT(*), MIN(actor_id) FROM audit_log WHERE entity = 'opportunity' AND entity_id = ?
			AND field = 'stage' AND old_value = 'proposal' AND new_value = 'negotiation'`), pl.proposal.ID).Scan(&n, &actor)
		if err != nil || n != 1 || actor != o.am1.ID {
			t.Errorf("audit of the move: %d entries by %d, %v", n, actor, err)
		}
		for _, a := range []*kam.Account{o.a1, o.a4} {
			if err := s.DB().QueryRow(s.Rebind("SELECT COUNT(*) FROM rollup_queue WHERE account_id = ?"), a.ID).Scan(&n); err != nil || n != 1 {
				t.Errorf("account %s queued %d times, %v", a.Name, n, err)
			}
		}

		// The board follows.
		l, err := s.FindOpportunities(ctx, am1, store.OpportunityFilter{Stages: []string{"negotiation"}})
		if err != nil || dealNames(l) != "Alpha rollout, Alpha service" {
			t.Errorf("negotiation after the moves: %s, %v", dealNames(l), err)
		}
	})
}

func TestFindOpportunity(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		pl := newPipeline(t, s, o)
		d, err := s.FindOpportunity(ctx, principal(t, s, o.am1), pl.delta.ID)
		if err != nil || d.AccountName != "Delta AG" || d.OwnerName != "kam1" {
			t.Errorf("team deal: %+v, %v", d, err)
		}
		_, err = s.FindOpportunity(ctx, principal(t, s, o.am1), pl.bravo.ID)
		wantCode(t, err, kam.ENOTFOUND)
	})
}

// TestFindOpportunitiesLargePipeline lists a pipeline too large to read
// whole, stage by stage, and checks it against the same deals sorted here.
func TestFindOpportunitiesLargePipeline(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		today := kam.DateOf(s.Now())
		var all []*kam.Opportunity
		for i := range 2100 {
			d := &kam.Opportunity{AccountID: o.a1.ID, Name: "Deal", Kind: kam.OppNew, Stage: kam.Stages[i%4],
				Amount: kam.Money(i + 1), Currency: "EUR", Probability: 10, OwnerID: o.am1.ID}
			if i%10 != 0 {
				d.CloseDate = today.AddDays(i*7%300 - 50) // dates repeat: ties go by id
			}
			if i%3 == 0 {
				d.OwnerID = o.kam.ID
			}
			all = append(all, d)
		}
		for i := range 40 {
			stage := []string{"won", "lost"}[i%2]
			d := &kam.Opportunity{AccountID: o.a1.ID, Name: "Closed", Kind: kam.OppNew, Stage: stage, Amount: 1, Currency: "EUR",
				OwnerID: o.am1.ID, CloseDate: today.AddDays(-3 * i)} // closed_at is the close date: 30 in the last 90 days
			if i == 4 {
				d.CloseDate = kam.Date{}
			}
			all = append(all, d)
		}
		err := s.Load(ctx, kam.System(), func(l *store.Loader) error {
			for _, d := range all {
				if err := l.Opportunity(d); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		since := s.Now().Add(-90 * 24 * time.Hour)
		// want lists a stage's deals as the store should, from all.
		want := func(stage string, owner int64, limit int) []int64 {
			var ds []*kam.Opportunity
			for _, d := range all {
				closedLately := !d.CloseDate.IsZero() && !d.CloseDate.Time().Before(since)
				if d.Stage == stage && (owner == 0 || d.OwnerID == owner) && (!d.IsClosed() || closedLately) {
					ds = append(ds, d)
				}
			}
			slices.SortFunc(ds, func(a, b *kam.Opportunity) int {
				if az, bz := a.CloseDate.IsZero(), b.CloseDate.IsZero(); az != bz {
					if az {
						return 1
					}
					return -1
				}
				c := cmp.Or(a.CloseDate.Time().Compare(b.CloseDate.Time()), cmp.Compare(a.ID, b.ID))
				if a.IsClosed() {
					return -c
				}
				return c
			})
			var ids []int64
			for _, d := range ds[:min(limit, len(ds))] {
				ids = append(ids, d.ID)
			}
			return ids
		}
		am1 := principal(t, s, o.am1)
		for _, tc := range []struct {
			owner *kam.User
			limit int
		}{{nil, 5}, {nil, 1000}, {o.kam, 3}, {o.am1, 600}} {
			f := store.OpportunityFilter{Limit: tc.limit}
			if tc.owner != nil {
				f.OwnerID = tc.owner.ID
			}
			l, err := s.FindOpportunities(ctx, am1, f)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string][]int64{}
			for _, d := range l.Deals {
				got[d.Stage] = append(got[d.Stage], d.ID)
			}
			for _, st := range kam.Stages {
				w := want(st, f.OwnerID, tc.limit)
				if !slices.Equal(got[st], w) {
					t.Errorf("owner %d, limit %d, %s: got %d deals %v…, want %d %v…", f.OwnerID, tc.limit, st,
						len(got[st]), got[st][:min(5, len(got[st]))], len(w), w[:min(5, len(w))])
				}
				n := 0
				for _, tot := range l.Totals {
					if tot.Stage == st {
						n += tot.Deals
					}
				}
				if more := l.More[st]; n-len(w) != more {
					t.Errorf("owner %d, limit %d, %s: %d more, want %d", f.OwnerID, tc.limit, st, more, n-len(w))
				}
			}
		}
	})
}
