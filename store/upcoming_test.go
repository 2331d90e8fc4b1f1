package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// TestUpcomingDatesOfTheAccountsInScope: My day's coming dates — renewals,
// notice deadlines and closing deals — are those of the accounts the user
// may see, in date order, for a small book and for a director's and an
// administrator's (read along the date indexes); closed deals and dates
// past the window are not there.
func TestUpcomingDatesOfTheAccountsInScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		now := time.Date(2026, time.December, 1, 10, 0, 0, 0, time.UTC)
		s.Now = func() time.Time { return now }
		admin := principal(t, s, o.admin)
		d := func(m time.Month, day int) kam.Date { return kam.NewDate(2026, m, day) }
		contract := func(a *kam.Account, name string, end kam.Date, notice int) {
			t.Helper()
			k := &kam.Contract{AccountID: a.ID, Name: name, StartDate: d(1, 1), EndDate: end, Value: 1000_00, Currency: "EUR", NoticeDays: notice, Status: "active"}
			if err := s.CreateContract(ctx, admin, k); err != nil {
				t.Fatal(err)
			}
		}
		deal := func(a *kam.Account, name, stage string, closes kam.Date) {
			t.Helper()
			op := &kam.Opportunity{AccountID: a.ID, Name: name, Stage: stage, Amount: 500_00, Currency: "EUR", CloseDate: closes}
			if err := s.CreateOpportunity(ctx, admin, op); err != nil {
				t.Fatal(err)
			}
		}
		contract(o.a1, "Alpha supply", d(12, 20), 10)                  // notice 12-10, renewal 12-20
		contract(o.a3, "Charlie service", kam.NewDate(2027, 3, 1), 80) // notice 2026-12-11; renewal past the window
		contract(o.a2, "Bravo supply", d(12, 15), 0)
		deal(o.a1, "Alpha expansion", "proposal", d(12, 12))
		deal(o.a3, "Charlie pilot", "negotiation", d(12, 5))
		deal(o.a4, "Delta retrofit", "qualification", d(12, 28))
		deal(o.a2, "Bravo spares", "proposal", d(12, 6))
		deal(o.a1, "Alpha won", "won", d(12, 7))
		deal(o.a1, "Alpha later", "proposal", kam.NewDate(2027, 2, 1))

		describe := func(items []store.Upcoming) []string {
			var out []string
			for _, u := range items {
				out = append(out, fmt.Sprintf("%s %s %s", u.Date, u.Kind, u.Title))
			}
			return out
		}
		all := []string{
			"2026-12-05 close Charlie pilot", "2026-12-06 close Bravo spares", "2026-12-10 notice Alpha supply",
			"2026-12-11 notice Charlie service", "2026-12-12 close Alpha expansion", "2026-12-15 renewal Bravo supply",
			"2026-12-20 renewal Alpha supply", "2026-12-28 close Delta retrofit",
		}
		keep := func(accounts ...string) []string { // the lines of those accounts, named third
			var out []string
			for _, line := range all {
				if slices.Contains(accounts, strings.Fields(line)[2]) {
					out = append(out, line)
				}
			}
			return out
		}
		for name, c := range map[string]struct {
			p    *kam.Principal
			want []string
		}{
			"am1":      {principal(t, s, o.am1), keep("Alpha", "Charlie", "Delta")},
			"director": {principal(t, s, o.director), keep("Alpha", "Charlie")},
			"admin":    {admin, all},
		} {
			got, err := s.FindUpcoming(ctx, c.p, d(12, 1), d(12, 31), 20)
			if err != nil {
				t.Fatal(err)
			}
			if g := describe(got); !slices.Equal(g, c.want) {
				t.Errorf("%s: upcoming\n%v\nwant\n%v", name, g, c.want)
			}
		}
	})
}
