package web

import (
	"cmp"
	"context"
	"sync"
	"time"
)

// Some of a page's figures sum a whole portfolio (the account list's totals
// and selection matrix): tens of thousands of rows for a director. They are
// kept per user for a short while, and once that has passed the page still
// shows the kept figures while fresh ones are read in the background, so
// that only the first view pays for the sums.

// viewCacheTTL is how long kept figures are shown without a refresh.
const viewCacheTTL = 2 * time.Minute

// viewCacheSize bounds how many entries are kept; past it the oldest go.
const viewCacheSize = 2000

// viewCache keeps computed figures by key.
type viewCache struct {
	mu      sync.Mutex
	entries map[string]*viewEntry
	ttl     time.Duration // viewCacheTTL when zero
}

type viewEntry struct {
	value      any
	at         time.Time
	refreshing bool
}

// get returns the figures kept under key, computing them with load when
// there are none; kept figures older than viewCacheTTL are returned as they
// are while load runs again in the background.
func (c *viewCache) get(ctx context.Context, key string, load func(context.Context) (any, error)) (any, error) {
	c.mu.Lock()
	e := c.entries[key]
	switch {
	case e == nil:
		c.mu.Unlock()
		v, err := load(ctx)
		if err != nil {
			return nil, err
		}
		c.put(key, v)
		return v, nil
	case time.Since(e.at) > cmp.Or(c.ttl, viewCacheTTL) && !e.refreshing:
		e.refreshing = true
		go func() {
			bg, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
			defer cancel()
			v, err := load(bg)
			c.mu.Lock()
			e.refreshing = false
			c.mu.Unlock()
			if err == nil {
				c.put(key, v)
			}
		}()
	}
	defer c.mu.Unlock()
	return e.value, nil
}

// put keeps v under key, dropping the oldest entry when full.
func (c *viewCache) put(key string, v any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[string]*viewEntry{}
	}
	if _, ok := c.entries[key]; !ok && len(c.entries) >= viewCacheSize {
		oldest := ""
		for k, e := range c.entries {
			if oldest == "" || e.at.Before(c.entries[oldest].at) {
				oldest = k
			}
		}
		delete(c.entries, oldest)
	}
	c.entries[key] = &viewEntry{value: v, at: time.Now()}
}
