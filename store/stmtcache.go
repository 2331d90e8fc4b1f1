package store

import (
	"context"
	"database/sql"
	"sync"
)

// stmtCache keeps prepared statements of the read pool, so that a query that
// runs again is not parsed and planned again. SQLite gains most: its driver
// would otherwise prepare every query anew. Queries are built from a bounded
// set of fragments, so the cache stays small; past maxStatements it stops
// adding and queries run unprepared.
type stmtCache struct {
	db    *sql.DB
	mu    sync.RWMutex
	stmts map[string]*sql.Stmt
}

const maxStatements = 1000

func newStmtCache(db *sql.DB) *stmtCache {
	return &stmtCache{db: db, stmts: map[string]*sql.Stmt{}}
}

// get returns a prepared statement for q, or nil when the cache is full.
func (c *stmtCache) get(ctx context.Context, q string) (*sql.Stmt, error) {
	c.mu.RLock()
	st, ok := c.stmts[q]
	c.mu.RUnlock()
	if ok {
		return st, nil
	}
	c.mu.RLock()
	full := len(c.stmts) >= maxStatements
	c.mu.RUnlock()
	if full {
		return nil, nil
	}
	// Prepare outside the lock: preparing waits for a connection, and a
	// caller holding connections while it waits must not block the others.
	st, err := c.db.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if prev, ok := c.stmts[q]; ok {
		st.Close() // another caller prepared it meanwhile
		return prev, nil
	}
	if len(c.stmts) >= maxStatements {
		st.Close()
		return nil, nil
	}
	c.stmts[q] = st
	return st, nil
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.stmts {
		st.Close()
	}
	c.stmts = map[string]*sql.Stmt{}
}

// cachedQuerier runs queries through the statement cache of its pool.
type cachedQuerier struct{ c *stmtCache }

func (q cachedQuerier) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return q.c.db.ExecContext(ctx, query, args...)
}

func (q cachedQuerier) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := q.c.get(ctx, query)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return q.c.db.QueryContext(ctx, query, args...)
	}
	return st.QueryContext(ctx, args...)
}

func (q cachedQuerier) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := q.c.get(ctx, query)
	if err != nil || st == nil {
		// An unpreparable query reports its error through the row, as usual.
		return q.c.db.QueryRowContext(ctx, query, args...)
	}
	return st.QueryRowContext(ctx, args...)
}
