package store

import (
	"context"
	"fmt"
	"os"
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

// TestDataVersionThroughASymlink: a database opened through a symbolic link
// reads the header of its real file, which SQLite's -shm sits beside, so
// commits still move the version.
func TestDataVersionThroughASymlink(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	real := dir + "/real.db"
	first := openMigrated(t, real)
	if err := os.Symlink(real, dir+"/link.db"); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	// A stale header file beside the link, a copy of the real one, must
	// not be read: it never changes.
	stale, err := os.ReadFile(real + "-shm")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dir+"/link.db-shm", stale, 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Open(ctx, "sqlite:"+dir+"/link.db")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	before, _, err := s.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	err = first.inTx(ctx, func(c conn) error {
		_, err := c.exec(ctx, "INSERT INTO settings (key, body, updated_at) VALUES ('linked', '{}', ?)", first.Now())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if after, _, _ := s.DataVersion(ctx); after == before {
		t.Fatalf("the version held at %d over a commit", after)
	}
	if s.version.shm == nil {
		t.Error("the header file beside the real database was not found")
	}
}
