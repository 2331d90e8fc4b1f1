package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

func TestLoaderWritesEveryBatchedRowOrNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		var want kam.Money
		lines := 0
		err := s.Load(ctx, kam.System(), func(l *store.Loader) error {
			// 311 orders of 1 to 3 lines: several full batches and a partial one.
			for i := range 311 {
				ord := &kam.Order{AccountID: o.a1.ID, OrderDate: kam.NewDate(2025, time.Month(1+i%12), 1+i%28), Currency: "EUR",
					ExternalID: fmt.Sprintf("SO-%d", i)}
				for j := range 1 + i%3 {
					ord.Lines = append(ord.Lines, &kam.OrderLine{Quantity: int64(1 + j), UnitPrice: kam.Money(12345 + i)})
				}
				if err := l.Order(ord); err != nil {
					return err
				}
				want += ord.Total
				lines += len(ord.Lines)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		var gotLines int
		var gotSum, gotTotals kam.Money
		s.DB().QueryRow("SELECT COUNT(*), COALESCE(SUM(amount), 0) FROM order_lines").Scan(&gotLines, &gotSum)
		s.DB().QueryRow("SELECT COALESCE(SUM(total), 0) FROM orders").Scan(&gotTotals)
		if gotLines != lines || gotSum != want || gotTotals != want {
			t.Fatalf("stored %d lines summing %s (orders %s), want %d summing %s", gotLines, gotSum, gotTotals, lines, want)
		}
		// A failing load leaves nothing behind, queued rows included.
		boom := errors.New("stop")
		err = s.Load(ctx, kam.System(), func(l *store.Loader) error {
			for i := range 10 {
				ord := &kam.Order{AccountID: o.a2.ID, OrderDate: kam.NewDate(2025, 1, 1), Currency: "EUR",
					Lines: []*kam.OrderLine{{Quantity: 1, UnitPrice: kam.Money(10000 * (i + 1))}}}
				if err := l.Order(ord); err != nil {
					return err
				}
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("load error %v", err)
		}
		var n int
		s.DB().QueryRow(fmt.Sprintf("SELECT COUNT(*) FROM orders WHERE account_id = %d", o.a2.ID)).Scan(&n)
		if n != 0 {
			t.Fatalf("a failed load left %d orders", n)
		}
		// Only administrators load.
		err = s.Load(ctx, principal(t, s, o.director), func(l *store.Loader) error { return nil })
		wantCode(t, err, kam.EFORBIDDEN)
	})
}
