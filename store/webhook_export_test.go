package store

import (
	"context"
	"errors"
)

// errRolledBack fails the transaction of EmitInTx.
var errRolledBack = errors.New("the change failed after emitting its event")

// EmitInTx emits an event in a write transaction that commits when commit
// is true and otherwise fails after the event was emitted, for the tests
// of the outbox (package store_test cannot reach emit).
func (s *Store) EmitInTx(ctx context.Context, event string, entityID int64, payload any, commit bool) error {
	return s.inTx(ctx, func(c conn) error {
		if err := s.emit(ctx, c, event, entityID, payload); err != nil {
			return err
		}
		if !commit {
			return errRolledBack
		}
		return nil
	})
}
