package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/kamhq/kam"
)

// Answer is the stored answer to an API request: its HTTP status and body.
type Answer struct {
	Status int
	Body   []byte
	// Replayed is set when the answer is the one kept for an earlier request
	// with the same idempotency key, and nothing was done this time.
	Replayed bool
}

// Once identifies an idempotent request: the route, the client's
// Idempotency-Key (empty: not idempotent) and a hash of the request body.
type Once struct {
	Route, Key, Hash string
}

// idempotencyKeep is how long answers to idempotent requests are kept.
const idempotencyKeep = 7 * 24 * time.Hour

// errNotApplied rolls back a batch whose answer is a refusal.
var errNotApplied = errors.New("batch refused")

// ImportOnce runs fn as an import (one transaction, administrators only, see
// Import) and keeps its answer under once's key in the same transaction. A
// request whose key was answered before gets that answer back (Replayed) and
// fn does not run; the same key with another body is EIDEMPOTENCY. An answer
// of 400 or more rolls fn's changes back and is not kept, so that a
// corrected request can use the key again. The roll-ups and flags of the
// accounts fn touched are refreshed before ImportOnce returns; should that be
// cut short, their queue entries, written with the changes, remain for
// SettleRollups.
func (s *Store) ImportOnce(ctx context.Context, p *kam.Principal, once Once, fn func(BatchWriter) (int, []byte, error)) (*Answer, error) {
	if once.Key != "" {
		if a, err := s.keptAnswer(ctx, s.reader(), p, once); a != nil || err != nil {
			return a, err
		}
	}
	touched := map[int64]bool{}
	var answer *Answer
	err := s.Load(ctx, p, func(l *Loader) error {
		c := conn{q: l.tx, d: s.d}
		w := &touchingWriter{importWriter: &importWriter{l: l, c: c}, touched: touched}
		status, body, err := fn(batchWriter{w, c})
		if err != nil {
			return err
		}
		answer = &Answer{Status: status, Body: body}
		if status >= 400 {
			return errNotApplied
		}
		if err := l.flushAll(); err != nil {
			return err
		}
		if once.Key != "" {
			if _, err := c.exec(ctx, `INSERT INTO idempotency_keys (user_id, route, idem_key, request_hash, status, response, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, p.UserID, once.Route, once.Key, once.Hash, status, string(body), s.Now()); err != nil {
				return err
			}
		}
		return queueRollups(ctx, c, touched, s.Now())
	})
	switch {
	case errors.Is(err, errNotApplied):
		return answer, nil
	case err != nil && once.Key != "" && isUniqueViolation(err):
		// The same request ran at the same time and won: its answer is ours.
		if a, kerr := s.keptAnswer(ctx, s.writer(), p, once); a != nil || kerr != nil {
			return a, kerr
		}
		return nil, err
	case err != nil:
		return nil, err
	}
	if s.Insights != nil && len(touched) > 0 {
		ids := slices.Sorted(maps.Keys(touched))
		if err := s.Refresh(context.WithoutCancel(ctx), ids, kam.DateOf(s.Now().UTC()), s.Insights); err != nil {
			return nil, fmt.Errorf("refresh roll-ups after ingest: %w", err)
		}
	}
	s.pruneAnswers(ctx)
	return answer, nil
}

// BatchWriter is the ImportWriter of a batch, which can try each item on
// its own.
type BatchWriter interface {
	kam.ImportWriter
	// Item runs fn so that, when fn fails, what it wrote is undone and the
	// transaction goes on: on PostgreSQL a failed statement would otherwise
	// end it, and the items after could not be checked.
	Item(fn func() error) error
}

// batchWriter is the store's BatchWriter: items run in savepoints.
type batchWriter struct {
	*touchingWriter
	c conn
}

// Item runs fn in a savepoint, rolled back to when fn fails.
func (b batchWriter) Item(fn func() error) error {
	ctx := b.ctx()
	if _, err := b.c.exec(ctx, "SAVEPOINT batch_item"); err != nil {
		return fmt.Errorf("savepoint: %w", err)
	}
	if err := fn(); err != nil {
		if _, rerr := b.c.exec(ctx, "ROLLBACK TO SAVEPOINT batch_item"); rerr != nil {
			return fmt.Errorf("roll back to savepoint: %w", rerr)
		}
		_, rerr := b.c.exec(ctx, "RELEASE SAVEPOINT batch_item")
		if rerr != nil {
			return fmt.Errorf("release savepoint: %w", rerr)
		}
		return err
	}
	if _, err := b.c.exec(ctx, "RELEASE SAVEPOINT batch_item"); err != nil {
		return fmt.Errorf("release savepoint: %w", err)
	}
	return nil
}

// keptAnswer returns the answer kept for once's key, nil if there is none.
func (s *Store) keptAnswer(ctx context.Context, c conn, p *kam.Principal, once Once) (*Answer, error) {
	var hash, body string
	var status int
	err := c.queryRow(ctx, "SELECT request_hash, status, response FROM idempotency_keys WHERE user_id = ? AND route = ? AND idem_key = ?",
		p.UserID, once.Route, once.Key).Scan(&hash, &status, &body)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("read idempotency key: %w", err)
	case hash != once.Hash:
		return nil, &kam.Error{Code: kam.EIDEMPOTENCY, Field: "Idempotency-Key",
			Message: fmt.Sprintf("The Idempotency-Key %q was used for another request with a different body; use a new key for a new request.", once.Key)}
	}
	return &Answer{Status: status, Body: []byte(body), Replayed: true}, nil
}

// pruneAnswers drops kept answers older than idempotencyKeep; a failure
// only delays it to the next ingest.
func (s *Store) pruneAnswers(ctx context.Context) {
	s.writer().exec(ctx, "DELETE FROM idempotency_keys WHERE created_at < ?", s.Now().Add(-idempotencyKeep))
}
