package store

import (
	"context"
	"sync"
)

// Some reports sum a whole portfolio: a director's attainment and cadence
// compliance read every account they see, with its orders, deals and
// contacts. Their sums are kept while the database holds the data they
// were read from: each is filed under the store's data version (see
// DataVersion), which any commit moves, so a kept sum is never served
// after a change, whoever made it, and a report is the same whether it
// was read or kept. Where the store cannot tell versions apart
// (PostgreSQL) nothing is kept.

// maxSummaries bounds the kept sums; past it the cache starts again.
const maxSummaries = 256

// summaryCache keeps computed sums by key at one data version.
type summaryCache struct {
	mu      sync.Mutex
	version int64
	entries map[string]any
}

// summary returns the sums kept under key at the database's current
// version, or computes them with load and keeps them. What load returns
// is shared by every caller after: they must not change it. The key must
// name everything the sums depend on besides the data (the principal, the
// period, today).
func summary[T any](ctx context.Context, s *Store, key string, load func() (T, error)) (T, error) {
	version, ok, err := s.DataVersion(ctx)
	if err != nil || !ok {
		return load()
	}
	c := &s.summaries
	c.mu.Lock()
	v, hit := c.entries[key]
	if hit && c.version == version {
		c.mu.Unlock()
		return v.(T), nil
	}
	c.mu.Unlock()
	out, err := load()
	if err != nil {
		return out, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || c.version != version || len(c.entries) >= maxSummaries {
		if c.entries != nil && version < c.version {
			return out, nil // read before a newer version was seen: not kept
		}
		c.version, c.entries = version, map[string]any{}
	}
	c.entries[key] = out
	return out, nil
}
