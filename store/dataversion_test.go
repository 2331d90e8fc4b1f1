package store

import (
	"context"
	"fmt"
	"testing"
)

// TestDataVersionChangesWithEveryCommit: the version holds while nothing is
// written, and moves with a commit of this store or of another on the same
// file (another kam process).
func TestDataVersionChangesWithEveryCommit(t *testing.T) {
	ctx := context.Background()
	dsn := "sqlite:" + t.TempDir() + "/kam.db"
	s, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	version := func() int64 {
		t.Helper()
		v, ok, err := s.DataVersion(ctx)
		if err != nil || !ok {
			t.Fatalf("data version: %v %v", ok, err)
		}
		return v
	}
	v1 := version()
	if s.version.shm == nil {
		t.Error("the version is read from PRAGMA data_version, not from the wal-index header")
	}
	if v := version(); v != v1 {
		t.Fatalf("the version moved with no write: %d then %d", v1, v)
	}
	write := func(st *Store, key string) {
		t.Helper()
		err := st.inTx(ctx, func(c conn) error {
			_, err := c.exec(ctx, "INSERT INTO settings (key, body, updated_at) VALUES (?, '{}', ?)", key, st.Now())
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	write(s, "one")
	v2 := version()
	if v2 == v1 {
		t.Fatal("the version held over this store's commit")
	}
	other, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	write(other, "two")
	if v := version(); v == v2 {
		t.Fatal("the version held over another store's commit")
	}
	// Each of many commits in a row is seen, by both stores.
	for i := range 50 {
		before := version()
		write(other, fmt.Sprint("many ", i))
		if after := version(); after <= before {
			t.Fatalf("commit %d: the version went from %d to %d", i, before, after)
		}
	}
	if _, ok, _ := (&Store{}).DataVersion(ctx); ok {
		t.Error("a store without a version source claims one")
	}
}
