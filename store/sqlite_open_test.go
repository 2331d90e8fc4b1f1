package store

import (
	"context"
	"testing"
)

// openMigrated opens the SQLite database at path, migrated, and closes it
// when the test ends: for the tests of this package that need the store's
// own connections (package store_test uses storetest).
func openMigrated(tb testing.TB, path string) *Store {
	tb.Helper()
	ctx := context.Background()
	s, err := Open(ctx, "sqlite:"+path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	if _, err := s.Migrate(ctx); err != nil {
		tb.Fatal(err)
	}
	return s
}
