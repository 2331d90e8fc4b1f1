package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/kamhq/kam"
)

// BenchmarkAccountInsertFloor is the comparison for the API's create load
// (issue #7): 1,000 accounts written one transaction each through the
// store's writer on SQLite, with nothing but the account row itself (its
// table and indexes) and the commit — no identity check, tenure, audit,
// duplicate queue, outbox or HTTP. No create of the API can be faster than
// this floor plus one request's round trip.
//
//	go test ./store -run '^$' -bench AccountInsertFloor -benchtime 3x
func BenchmarkAccountInsertFloor(b *testing.B) {
	ctx := context.Background()
	s := openMigrated(b, b.TempDir()+"/kam.db")
	n := 0
	for b.Loop() {
		start := time.Now()
		for range 1000 {
			n++
			a := &kam.Account{Name: fmt.Sprintf("Floor %06d Ltd", n), Country: "GB", Currency: "GBP", Tier: "core"}
			if err := prepareAccount(a, s.Now()); err != nil {
				b.Fatal(err)
			}
			err := s.inTx(ctx, func(c conn) error {
				_, err := c.insert(ctx, insertAccountSQL, accountInsertArgs(a)...)
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(1000/time.Since(start).Seconds(), "inserts/s")
	}
}
