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

func TestEachHistoryKeepsToAsOfAndScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		err := s.Load(ctx, kam.System(), func(l *store.Loader) error {
			for i, d := range []kam.Date{kam.NewDate(2026, time.January, 5), kam.NewDate(2026, time.March, 5), kam.NewDate(2026, time.May, 5)} {
				ord := &kam.Order{AccountID: o.a1.ID, OrderDate: d, Currency: "EUR",
					Lines: []*kam.OrderLine{{Quantity: int64(i + 1), UnitPrice: kam.Money(100 * kam.MoneyScale)}}}
				if err := l.Order(ord); err != nil {
					return err
				}
			}
			return l.Order(&kam.Order{AccountID: o.a2.ID, OrderDate: kam.NewDate(2026, time.January, 9), Currency: "EUR",
				Lines: []*kam.OrderLine{{Quantity: 1, UnitPrice: kam.Money(7 * kam.MoneyScale)}}})
		})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][]insight.Sale{}
		lines := map[string][]insight.Line{}
		err = s.EachHistory(ctx, principal(t, s, o.am1), kam.NewDate(2026, time.April, 1), func(a *kam.Account, h *insight.History) error {
			got[a.Name], lines[a.Name] = h.Sales, h.Lines
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		a1 := got[o.a1.Name]
		if len(a1) != 2 || a1[1].Date != kam.NewDate(2026, time.March, 5) || a1[1].Amount != kam.Money(200*kam.MoneyScale) {
			t.Errorf("%s as of April: %+v, want the January and March orders", o.a1.Name, a1)
		}
		if l := lines[o.a1.Name]; len(l) != 2 || l[1].Quantity != 2 || l[1].Amount != kam.Money(200*kam.MoneyScale) {
			t.Errorf("%s lines as of April: %+v", o.a1.Name, l)
		}
		if _, ok := got[o.a2.Name]; ok {
			t.Errorf("am1 got the sales of %s, another manager's account", o.a2.Name)
		}
	})
}

func TestLastContactsKeepToAsOf(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		err := s.Load(ctx, kam.System(), func(l *store.Loader) error {
			for _, a := range []struct {
				kind kam.ActivityKind
				day  kam.Date
			}{{kam.ActivityCall, kam.NewDate(2026, time.March, 1)}, {kam.ActivityVisit, kam.NewDate(2026, time.May, 1)}, {kam.ActivityNote, kam.NewDate(2026, time.June, 1)}} {
				if err := l.Activity(&kam.Activity{AccountID: o.a1.ID, Kind: a.kind, OccurredAt: a.day.Time().Add(10 * time.Hour), Subject: "x"}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for asOf, want := range map[kam.Date]kam.Date{
			kam.NewDate(2026, time.April, 1): kam.NewDate(2026, time.March, 1),
			kam.NewDate(2026, time.May, 1):   kam.NewDate(2026, time.May, 1), // the same day counts
			kam.NewDate(2026, time.July, 1):  kam.NewDate(2026, time.May, 1), // a note is no contact
		} {
			_, h, err := s.AccountHistory(ctx, principal(t, s, o.am1), o.a1.ID, asOf)
			if err != nil {
				t.Fatal(err)
			}
			if got := h.LastContact(); got != want {
				t.Errorf("as of %s: last contact %s, want %s", asOf, got, want)
			}
		}
	})
}

// TestHistoriesReadTogetherFinish reads many accounts' histories and whole
// portfolios at once, as account pages and reports do: every read must end,
// none waiting for ever on connections another holds.
func TestHistoriesReadTogetherFinish(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		o := newOrg(t, s)
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		asOf := kam.NewDate(2026, time.June, 30)
		errs := make(chan error, 64)
		for i := range 60 {
			go func() {
				if i%10 == 0 {
					errs <- s.EachHistory(ctx, kam.System(), asOf, func(*kam.Account, *insight.History) error { return nil })
					return
				}
				_, _, err := s.AccountHistory(ctx, kam.System(), o.a1.ID, asOf)
				errs <- err
			}()
		}
		for range 60 {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
	})
}
