package store_test

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// TestPipelineTotalsFollowEveryChange: the pipeline's totals per stage and
// currency are what the deals it lists add up to, for every kind of user,
// with and without a month filter and an owner filter, after each kind of
// change that moves a deal in or out of a total — new deals, stage moves,
// winning, new amounts, probabilities, close dates and owners, deleting and
// restoring a deal or an account, a new account owner, a merge and its
// undoing. (On SQLite the open deals' totals are kept by triggers; this is
// what holds them to the deals.)
func TestPipelineTotalsFollowEveryChange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		now := time.Date(2026, time.December, 1, 10, 0, 0, 0, time.UTC)
		s.Now = func() time.Time { return now }
		admin := principal(t, s, o.admin)
		users := map[string]*kam.Principal{"am1": principal(t, s, o.am1), "am2": principal(t, s, o.am2), "kam1": principal(t, s, o.kam),
			"director": principal(t, s, o.director), "admin": admin}
		deal := func(a *kam.Account, name, stage string, amount kam.Money, pct int, closes kam.Date, owner *kam.User) *kam.Opportunity {
			t.Helper()
			op := &kam.Opportunity{AccountID: a.ID, Name: name, Stage: stage, Amount: amount, Currency: "EUR", Probability: pct, CloseDate: closes, OwnerID: owner.ID}
			if err := s.CreateOpportunity(ctx, admin, op); err != nil {
				t.Fatal(err)
			}
			return op
		}
		dec := func(day int) kam.Date { return kam.NewDate(2026, time.December, day) }
		// An account with no owner and no org unit, on am1's and the
		// director's teams.
		orphan := &kam.Account{Name: "Echo orphan", Currency: "EUR"}
		if err := s.CreateAccount(ctx, kam.System(), orphan); err != nil {
			t.Fatal(err)
		}
		err := s.Load(ctx, kam.System(), func(l *store.Loader) error {
			if err := l.TeamMember(orphan.ID, o.am1.ID, "support", "read"); err != nil {
				return err
			}
			return l.TeamMember(orphan.ID, o.director.ID, "sponsor", "read")
		})
		if err != nil {
			t.Fatal(err)
		}
		accounts := []int64{o.a1.ID, o.a2.ID, o.a3.ID, o.a4.ID, orphan.ID}
		check := func(step string) {
			t.Helper()
			for name, p := range users {
				for _, f := range []store.OpportunityFilter{
					{Limit: 1000},
					{Limit: 1000, CloseFrom: dec(1), CloseTo: dec(31)},
					{Limit: 1000, CloseFrom: kam.NewDate(2027, time.January, 1)},
					{Limit: 1000, OwnerID: o.am1.ID},
					{Limit: 1000, OpenOnly: true},
				} {
					list, err := s.FindOpportunities(ctx, p, f)
					if err != nil {
						t.Fatal(err)
					}
					if len(list.More) != 0 {
						t.Fatalf("%s, %s: deals left unlisted %v", step, name, list.More)
					}
					want := map[string]*store.StageTotal{}
					for _, d := range list.Deals {
						k := d.Stage + " " + d.Currency
						if want[k] == nil {
							want[k] = &store.StageTotal{Stage: d.Stage, Currency: d.Currency}
						}
						want[k].Deals++
						want[k].Amount += d.Amount
						want[k].Weighted += d.Amount * kam.Money(d.Probability)
					}
					var wantList []store.StageTotal
					for _, w := range want {
						w.Weighted = (w.Weighted + 50) / 100
						wantList = append(wantList, *w)
					}
					slices.SortFunc(wantList, func(a, b store.StageTotal) int {
						return cmp.Compare(slices.Index(kam.Stages, a.Stage), slices.Index(kam.Stages, b.Stage))
					})
					if fmt.Sprint(list.Totals) != fmt.Sprint(wantList) {
						t.Errorf("%s, %s, filter %+v: totals %v, the deals listed add up to %v", step, name, f, list.Totals, wantList)
					}
					// And, independently, to what each account's own
					// pipeline (read as deals, never from the sums) adds
					// up to.
					perAccount := 0
					for _, id := range accounts {
						one := f
						one.AccountID = id
						l, err := s.FindOpportunities(ctx, p, one)
						if err == nil {
							for _, tot := range l.Totals {
								perAccount += tot.Deals
							}
						}
					}
					if len(list.Deals) != perAccount {
						t.Errorf("%s, %s, filter %+v: %d deals listed, the accounts one by one have %d", step, name, f, len(list.Deals), perAccount)
					}
				}
			}
		}
		var moved *kam.Opportunity
		pilot := deal(o.a1, "Alpha pilot", "proposal", 10_000_00, 40, dec(12), o.am1)
		deal(o.a1, "Alpha spares", "proposal", 2_500_00, 55, kam.NewDate(2027, time.January, 20), o.am1)
		undated := deal(o.a3, "Charlie audit", "qualification", 7_000_00, 20, kam.Date{}, o.am2)
		deal(o.a2, "Bravo line", "negotiation", 30_000_00, 70, dec(20), o.am2)
		deal(o.a4, "Delta retrofit", "prospecting", 4_000_00, 10, dec(28), o.kam)
		deal(orphan, "Echo trial", "prospecting", 900_00, 10, dec(15), o.am1)
		check("created")
		// By hand, once: am1 sees a1, a3 (team) and a4 (team): proposal
		// 12,500.00 with 4,000.00 + 1,375.00 weighted.
		if list, _ := s.FindOpportunities(ctx, users["am1"], store.OpportunityFilter{Stages: []string{"proposal"}}); len(list.Totals) != 1 ||
			list.Totals[0].Amount != 12_500_00 || list.Totals[0].Weighted != 5_375_00 || list.Totals[0].Deals != 2 {
			t.Errorf("am1's proposals: %+v", list.Totals)
		}

		moved, err = s.MoveOpportunity(ctx, admin, pilot.ID, "negotiation", pilot.Version)
		if err != nil {
			t.Fatal(err)
		}
		check("moved to negotiation")
		if moved, err = s.UpdateOpportunity(ctx, admin, pilot.ID, kam.OpportunityUpdate{Version: moved.Version,
			Amount: ptr(kam.Money(12_000_00)), Probability: ptr(65), CloseDate: ptr(kam.NewDate(2027, time.January, 3)), OwnerID: &o.am2.ID}); err != nil {
			t.Fatal(err)
		}
		check("amount, probability, close date and owner changed")
		if _, err = s.MoveOpportunity(ctx, admin, pilot.ID, "won", moved.Version); err != nil {
			t.Fatal(err)
		}
		check("won")
		if err := s.DeleteOpportunity(ctx, admin, undated.ID, undated.Version); err != nil {
			t.Fatal(err)
		}
		check("deal deleted")
		if _, err := s.RestoreOpportunity(ctx, admin, undated.ID); err != nil {
			t.Fatal(err)
		}
		check("deal restored")
		a4, err := s.UpdateAccount(ctx, admin, o.a4.ID, kam.AccountUpdate{Version: o.a4.Version, OwnerID: &o.am1.ID})
		if err != nil {
			t.Fatal(err)
		}
		check("account handed to am1")
		if err := s.DeleteAccount(ctx, admin, a4.ID, a4.Version); err != nil {
			t.Fatal(err)
		}
		check("account deleted")
		if _, err := s.RestoreAccount(ctx, admin, a4.ID); err != nil {
			t.Fatal(err)
		}
		check("account restored")
		m, err := s.MergeAccounts(ctx, admin, o.a2.ID, o.a3.ID)
		if err != nil {
			t.Fatal(err)
		}
		check("merged")
		if _, err := s.UndoMerge(ctx, admin, m.ID); err != nil {
			t.Fatal(err)
		}
		check("merge undone")
	})
}
