package store

import (
	"context"
	"database/sql"
	"sync"
)

// writeStmts keeps prepared statements of SQLite's one writer connection, so
// that the few statements every write runs (an account's insert, its audit
// entry, its roll-up queue entry) are parsed once rather than in each
// transaction. A statement cannot be prepared on the pool while a
// transaction holds its only connection, so a statement first met inside a
// transaction runs unprepared there and is prepared once the transaction
// has ended; later transactions use it through Tx.StmtContext, which finds
// it prepared on that same connection. PostgreSQL's driver caches prepared
// statements by itself and does not use this.
type writeStmts struct {
	db     *sql.DB
	mu     sync.Mutex
	stmts  map[string]*sql.Stmt
	wanted map[string]bool
}

func newWriteStmts(db *sql.DB) *writeStmts {
	return &writeStmts{db: db, stmts: map[string]*sql.Stmt{}, wanted: map[string]bool{}}
}

// lookup returns q's prepared statement, or nil after noting that q is
// wanted.
func (w *writeStmts) lookup(q string) *sql.Stmt {
	w.mu.Lock()
	defer w.mu.Unlock()
	if st := w.stmts[q]; st != nil {
		return st
	}
	if len(w.stmts)+len(w.wanted) < maxStatements {
		w.wanted[q] = true
	}
	return nil
}

// prepareWanted prepares the statements met since the last call. It runs
// between transactions; a statement that fails to prepare is not retried.
func (w *writeStmts) prepareWanted(ctx context.Context) {
	w.mu.Lock()
	if len(w.wanted) == 0 {
		w.mu.Unlock()
		return
	}
	wanted := w.wanted
	w.wanted = map[string]bool{}
	w.mu.Unlock()
	for q := range wanted {
		st, err := w.db.PrepareContext(context.WithoutCancel(ctx), q)
		w.mu.Lock()
		if err == nil && w.stmts[q] == nil {
			w.stmts[q] = st
		} else if err == nil {
			st.Close()
		}
		w.mu.Unlock()
	}
}

func (w *writeStmts) close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, st := range w.stmts {
		st.Close()
	}
	w.stmts = map[string]*sql.Stmt{}
}

// stmtTx runs a transaction's statements through the writer's prepared
// statements where it has them.
type stmtTx struct {
	tx *sql.Tx
	w  *writeStmts
}

func (t stmtTx) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if st := t.w.lookup(q); st != nil {
		return t.tx.StmtContext(ctx, st).ExecContext(ctx, args...)
	}
	return t.tx.ExecContext(ctx, q, args...)
}

func (t stmtTx) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if st := t.w.lookup(q); st != nil {
		return t.tx.StmtContext(ctx, st).QueryContext(ctx, args...)
	}
	return t.tx.QueryContext(ctx, q, args...)
}

func (t stmtTx) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	if st := t.w.lookup(q); st != nil {
		return t.tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
	}
	return t.tx.QueryRowContext(ctx, q, args...)
}

// txOf returns the transaction a conn runs on.
func txOf(c conn) *sql.Tx {
	if st, ok := c.q.(stmtTx); ok {
		return st.tx
	}
	return c.q.(*sql.Tx)
}
