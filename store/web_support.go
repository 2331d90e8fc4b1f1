package store

import "context"

// Ping checks that the database answers, for health checks. It asks the read
// pool, so that a long write transaction on SQLite's single writer
// connection does not make a healthy server look down.
func (s *Store) Ping(ctx context.Context) error {
	return s.read.PingContext(ctx)
}
