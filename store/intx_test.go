package store

import (
	"context"
	"testing"
	"time"
)

// TestPanicInTransactionRollsBack: a panic inside a write transaction
// leaves the writer free, so that the next write does not wait for ever.
func TestPanicInTransactionRollsBack(t *testing.T) {
	ctx := context.Background()
	s := openMigrated(t, t.TempDir()+"/kam.db")
	func() {
		defer func() {
			if recover() == nil {
				t.Error("the panic was swallowed")
			}
		}()
		s.inTx(ctx, func(c conn) error {
			if _, err := c.exec(ctx, "INSERT INTO settings (key, body, updated_at) VALUES ('panic', '{}', ?)", s.Now()); err != nil {
				t.Fatal(err)
			}
			panic("a bug")
		})
	}()
	done := make(chan error, 1)
	go func() {
		done <- s.inTx(ctx, func(c conn) error {
			var n int
			return c.queryRow(ctx, "SELECT COUNT(*) FROM settings WHERE key = 'panic'").Scan(&n)
		})
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the writer is still held by the transaction that panicked")
	}
	var n int
	if err := s.reader().queryRow(ctx, "SELECT COUNT(*) FROM settings WHERE key = 'panic'").Scan(&n); err != nil || n != 0 {
		t.Errorf("the panicking transaction's row: %d %v", n, err)
	}
}
