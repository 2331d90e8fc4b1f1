// Package storetest opens fresh, migrated stores for tests: always on SQLite,
// and on PostgreSQL too when KAM_TEST_POSTGRES_URL is set. A set but
// unreachable PostgreSQL fails the test instead of skipping it, so that CI
// cannot pass without having run the PostgreSQL half.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver for schema set-up

	"github.com/kamhq/kam/store"
)

// EnvPostgres names the variable holding the PostgreSQL test server's URL.
const EnvPostgres = "KAM_TEST_POSTGRES_URL"

// Engines lists the engines the tests run on: "sqlite", and "postgres" when
// KAM_TEST_POSTGRES_URL is set.
func Engines() []string {
	if os.Getenv(EnvPostgres) != "" {
		return []string{"sqlite", "postgres"}
	}
	return []string{"sqlite"}
}

// Each runs fn as a subtest once per engine, each with a fresh migrated store.
func Each(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	for _, engine := range Engines() {
		t.Run(engine, func(t *testing.T) {
			fn(t, Open(t, engine))
		})
	}
}

// Open returns a fresh migrated store on the engine, closed when the test ends.
func Open(t testing.TB, engine string) *store.Store {
	t.Helper()
	dsn := DSN(t, engine)
	ctx := context.Background()
	s, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatalf("open %s store: %v", engine, err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatalf("migrate %s store: %v", engine, err)
	}
	return s
}

// DSN returns the connection string of a fresh, empty database on the engine:
// a new file for SQLite, a new schema for PostgreSQL (dropped at cleanup).
func DSN(t testing.TB, engine string) string {
	t.Helper()
	switch engine {
	case "sqlite":
		return "sqlite:" + filepath.Join(t.TempDir(), "kam.db")
	case "postgres":
		return freshSchema(t)
	}
	t.Fatalf("unknown engine %q", engine)
	return ""
}

func freshSchema(t testing.TB) string {
	base := os.Getenv(EnvPostgres)
	if base == "" {
		t.Skip(EnvPostgres + " is not set")
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("%s: %v", EnvPostgres, err)
	}
	defer admin.Close()
	b := make([]byte, 6)
	rand.Read(b)
	schema := "kamtest_" + hex.EncodeToString(b)
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("PostgreSQL at %s is set but not usable: %v", EnvPostgres, err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", base)
		if err == nil {
			db.Exec("DROP SCHEMA " + schema + " CASCADE")
			db.Close()
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", EnvPostgres, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
