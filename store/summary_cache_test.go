package store

import (
	"context"
	"testing"
)

// TestSummaryKeptUntilACommit: a summary is read once while nothing is
// written, read again after any commit, and kept apart by key.
func TestSummaryKeptUntilACommit(t *testing.T) {
	ctx := context.Background()
	s := migratedSQLite(t)
	loads := 0
	read := func(key string) int {
		t.Helper()
		n, err := summary(ctx, s, key, func() (int, error) {
			loads++
			return loads, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if a, b := read("x"), read("x"); a != 1 || b != 1 {
		t.Fatalf("read twice with no write: %d then %d, want 1 and 1", a, b)
	}
	if n := read("y"); n != 2 {
		t.Fatalf("another key: %d, want a fresh read (2)", n)
	}
	err := s.inTx(ctx, func(c conn) error {
		_, err := c.exec(ctx, "INSERT INTO settings (key, body, updated_at) VALUES ('k', '{}', ?)", s.Now())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := read("x"); n != 3 {
		t.Fatalf("after a commit: %d, want a fresh read (3)", n)
	}
	if n := read("x"); n != 3 {
		t.Fatalf("read again: %d, want the kept 3", n)
	}
}

// migratedSQLite is a new store on a migrated SQLite file, closed when the
// test ends.
func migratedSQLite(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), "sqlite:"+t.TempDir()+"/kam.db")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s
}
