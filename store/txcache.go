package store

import (
	"context"
	"database/sql"
)

// txCache runs a transaction's statements prepared once each: a recompute
// repeats the same few statements for every account, and preparing them
// anew each time costs more than running them.
type txCache struct {
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
}

func (t *txCache) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	if st, ok := t.stmts[q]; ok {
		return st, nil
	}
	st, err := t.tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	t.stmts[q] = st
	return st, nil
}

func (t *txCache) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	st, err := t.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

func (t *txCache) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	st, err := t.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

func (t *txCache) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	st, err := t.stmt(ctx, q)
	if err != nil {
		return t.tx.QueryRowContext(ctx, q, args...) // reports the same error on Scan
	}
	return st.QueryRowContext(ctx, args...)
}

// inTxPrepared is inTx with each distinct statement prepared once.
func (s *Store) inTxPrepared(ctx context.Context, fn func(c conn) error) error {
	return s.inTx(ctx, func(c conn) error {
		tc := &txCache{tx: txOf(c), stmts: map[string]*sql.Stmt{}}
		defer func() {
			for _, st := range tc.stmts {
				st.Close()
			}
		}()
		return fn(conn{q: tc, d: c.d})
	})
}
