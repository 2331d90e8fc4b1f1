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

func TestEachAccountSalesKeepsToAsOfAndScope(t *testing.T) {
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
		err = s.EachAccountSales(ctx, principal(t, s, o.am1), kam.NewDate(2026, time.April, 1), func(a *kam.Account, sales []insight.Sale) error {
			got[a.Name] = sales
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		a1 := got[o.a1.Name]
		if len(a1) != 2 || a1[1].Date != kam.NewDate(2026, time.March, 5) || a1[1].Amount != kam.Money(200*kam.MoneyScale) {
			t.Errorf("%s as of April: %+v, want the January and March orders", o.a1.Name, a1)
		}
		if _, ok := got[o.a2.Name]; ok {
			t.Errorf("am1 got the sales of %s, another manager's account", o.a2.Name)
		}
	})
}
