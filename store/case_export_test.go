package store

import "context"

// ClearCaseDue takes a case's due day away, as on cases kept from before
// due days were set, for the tests of the case list (package store_test
// cannot write rows directly).
func (s *Store) ClearCaseDue(ctx context.Context, id int64) error {
	_, err := s.writer().exec(ctx, "UPDATE cases SET due = NULL WHERE id = ?", id)
	return err
}
