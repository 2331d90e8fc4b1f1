package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// TestForecastByOwner keeps a forecast for every account through recompute
// and sums a range of months per owner, the partial month at its share and
// the errors as variances; a second recompute replaces the months.
func TestForecastByOwner(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		months := func(scale float64) store.ComputeFunc {
			return func(a *kam.Account, h *insight.History, asOf kam.Date) store.Computed {
				return store.Computed{Forecast: []store.ForecastMonth{
					{Month: 100, Point: 100 * scale, SD: 10}, {Month: 101, Point: 200 * scale, SD: 20}, {Month: 102, Point: 300 * scale, SD: 30}}}
			}
		}
		today := kam.DateOf(time.Now())
		if _, err := s.Recompute(ctx, today, months(1)); err != nil {
			t.Fatal(err)
		}
		p := principal(t, s, o.am1)
		sums, err := s.ForecastByOwner(ctx, p, 101, 102, 101, 0.5)
		if err != nil {
			t.Fatal(err)
		}
		// Month 101 at half (100, error 10) and month 102 whole (300, 30):
		// 400 with an error of 40 per account.
		byOwner := map[int64]store.OwnerForecast{}
		for _, f := range sums {
			byOwner[f.OwnerID] = f
		}
		if f := byOwner[o.am1.ID]; f.Amount != 400 || f.Variance != 1600 || f.Accounts != 1 || f.Currency != "EUR" {
			t.Errorf("am1's own accounts: %+v, want 400 EUR with variance 1600 over 1 account", f)
		}
		if len(sums) != 3 {
			t.Errorf("%d owners in am1's scope (a1, and the team accounts of am2 and kam), want 3: %+v", len(sums), sums)
		}
		if _, err := s.Recompute(ctx, today, months(2)); err != nil {
			t.Fatal(err)
		}
		sums, err = s.ForecastByOwner(ctx, principal(t, s, o.am2), 100, 100, 0, 1)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range sums {
			if f.OwnerID == o.am2.ID && (f.Amount != 400 || f.Accounts != 2) {
				t.Errorf("am2 after the second recompute: %+v, want 2 accounts at 200 each", f)
			}
		}
	})
}
