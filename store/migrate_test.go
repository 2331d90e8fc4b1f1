package store_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

func TestMigrateFromEmpty(t *testing.T) {
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			s, err := store.Open(ctx, storetest.DSN(t, engine))
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			n, err := s.Migrate(ctx)
			if err != nil {
				t.Fatalf("migrate: %v", err)
			}
			if n == 0 {
				t.Fatal("no migration ran on an empty database")
			}
			again, err := s.Migrate(ctx)
			if err != nil || again != 0 {
				t.Fatalf("second migrate ran %d migrations, err %v; want 0, nil", again, err)
			}
			cur, known, err := s.SchemaVersion(ctx)
			if err != nil || cur != known {
				t.Fatalf("schema version %d, binary knows %d, err %v", cur, known, err)
			}
		})
	}
}

func TestMigrateRefusesNewerSchema(t *testing.T) {
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			dsn := storetest.DSN(t, engine)
			s, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			_, known, _ := s.SchemaVersion(ctx)
			s.Close()

			// A newer kam has been here: record a migration this binary lacks.
			driver, name, q := "pgx", dsn, "INSERT INTO goose_db_version (version_id, is_applied) VALUES ($1, TRUE)"
			if engine == "sqlite" {
				driver, name, q = "sqlite", strings.TrimPrefix(dsn, "sqlite:"), strings.Replace(q, "$1", "?", 1)
			}
			raw, err := sql.Open(driver, name)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := raw.ExecContext(ctx, q, known+1); err != nil {
				t.Fatal(err)
			}
			raw.Close()

			s, err = store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			_, err = s.Migrate(ctx)
			if err == nil || !strings.Contains(err.Error(), "upgrade kam") {
				t.Fatalf("migrate on a newer schema: err %v, want a refusal asking to upgrade kam", err)
			}
		})
	}
}
