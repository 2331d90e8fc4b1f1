package store

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/kamhq/kam"
)

// largeBookAccounts is the size from which an account manager's book is
// walked like a whole organisation's rather than account by account.
const largeBookAccounts = 2000

// bookSizeFor is how long an account manager's book size is kept. The size
// only chooses how a list is read, never what it holds, so an answer a
// little old costs at most some speed.
const bookSizeFor = time.Minute

// bookSizes keeps, per user, whether their book is large.
type bookSizes struct {
	mu    sync.Mutex
	large map[int64]bookSize
}

type bookSize struct {
	large bool
	at    time.Time
}

// largeBook reports whether p sees so many accounts that a list is best
// read along its own index, testing each row's account: anyone who sees the
// whole organisation or an org subtree, and account managers with more than
// largeBookAccounts accounts of their own or on their teams. Counting a
// book of tens of thousands takes milliseconds, and a page asks several
// times, so the answer is kept for a minute.
func (s *Store) largeBook(ctx context.Context, p *kam.Principal) (bool, error) {
	if p == nil || p.IsAdmin() || p.SeesOrgSubtree() {
		return true, nil
	}
	now := time.Now()
	s.books.mu.Lock()
	kept, ok := s.books.large[p.UserID]
	s.books.mu.Unlock()
	if ok && now.Sub(kept.at) < bookSizeFor {
		return kept.large, nil
	}
	var n int
	err := s.reader().queryRow(ctx, `SELECT COUNT(*) FROM (SELECT id FROM accounts WHERE owner_id = ? UNION
		SELECT account_id FROM account_team_members WHERE user_id = ?) book`, p.UserID, p.UserID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("count accounts: %w", err)
	}
	s.books.mu.Lock()
	if s.books.large == nil {
		s.books.large = map[int64]bookSize{}
	}
	s.books.large[p.UserID] = bookSize{large: n > largeBookAccounts, at: now}
	s.books.mu.Unlock()
	return n > largeBookAccounts, nil
}
