package store

import (
	"context"
)

// emit records an event for webhook subscribers in the caller's transaction,
// so that an event is kept exactly when the change it reports is.
// event is one of the kam.Event* names; payload is marshalled to JSON.
func (s *Store) emit(ctx context.Context, c conn, event string, entityID int64, payload any) error {
	return nil
}
