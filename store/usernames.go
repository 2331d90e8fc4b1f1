package store

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// userNames keeps every user's display name in memory, so that account reads
// need no join to fill in the owner's name. Users are few and seldom renamed:
// the copy is reloaded when this process changes a user, and otherwise at most
// userNamesTTL late (for renames made by another kam server).
type userNames struct {
	mu     sync.Mutex
	names  map[int64]string
	loaded time.Time
}

const userNamesTTL = 30 * time.Second

// invalidate makes the next lookup reload the names.
func (u *userNames) invalidate() {
	u.mu.Lock()
	u.loaded = time.Time{}
	u.mu.Unlock()
}

// userName returns a user's display name (the username when it has none).
func (s *Store) userName(ctx context.Context, id int64) (string, error) {
	if id == 0 {
		return "", nil
	}
	u := &s.users
	u.mu.Lock()
	defer u.mu.Unlock()
	name, ok := u.names[id]
	if ok && time.Since(u.loaded) < userNamesTTL {
		return name, nil
	}
	rows, err := s.reader().query(ctx, "SELECT id, CASE WHEN display_name <> '' THEN display_name ELSE username END FROM users")
	if err != nil {
		return "", fmt.Errorf("load user names: %w", err)
	}
	defer rows.Close()
	names := make(map[int64]string, len(u.names))
	for rows.Next() {
		var uid int64
		var n string
		if err := rows.Scan(&uid, &n); err != nil {
			return "", err
		}
		names[uid] = n
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	u.names, u.loaded = names, time.Now()
	return names[id], nil
}
