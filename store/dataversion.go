package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
)

// dataVersion tells, on SQLite, whether anything was committed to the
// database since it was last asked, whoever committed it: this process's
// writer, or another process on the same file (kam import, kam recompute).
// SQLite's PRAGMA data_version changes on a connection whenever another
// connection commits; this one connection does nothing else, so every
// commit counts.
type dataVersion struct {
	mu sync.Mutex
	db *sql.DB // one connection, kept open
}

func openDataVersion(dsn string) (*dataVersion, error) {
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	return &dataVersion{db: db}, nil
}

func (v *dataVersion) read(ctx context.Context) (int64, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	var n int64
	if err := v.db.QueryRowContext(ctx, "PRAGMA data_version").Scan(&n); err != nil {
		return 0, fmt.Errorf("read data version: %w", err)
	}
	return n, nil
}

// DataVersion returns a number that changes whenever anything is committed
// to the database, so that an answer computed at one version can be served
// again while the version holds. ok is false where the engine cannot tell
// (PostgreSQL, whose other servers' commits this process does not see).
func (s *Store) DataVersion(ctx context.Context) (v int64, ok bool, err error) {
	if s.version == nil {
		return 0, false, nil
	}
	v, err = s.version.read(ctx)
	return v, err == nil, err
}
