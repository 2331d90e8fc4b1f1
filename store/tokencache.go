package store

import (
	"sync"
	"time"

	"github.com/kamhq/kam"
)

// tokenCache keeps the principal of each API token seen at one data version
// (see DataVersion), so that a client's requests are not each a token look
// up and a principal load. Any commit moves the version (a revoked token, a
// changed role or org unit), and the cache starts again; an entry also
// lapses at the token's expiry, and a minute after its last use was
// recorded, so that last use stays recorded to the minute.
type tokenCache struct {
	mu      sync.Mutex
	version int64
	entries map[string]cachedToken
}

// cachedToken is one token's principal and what bounds its entry.
type cachedToken struct {
	p       kam.Principal
	expires *time.Time
	touched time.Time
}

// maxCachedTokens bounds the cache; past it, it starts again.
const maxCachedTokens = 4096

// get returns a copy of the principal of the token with hash, if an entry
// for it holds at version and now.
func (c *tokenCache) get(version int64, hash string, now time.Time) (*kam.Principal, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[hash]
	if !ok || c.version != version || now.Sub(e.touched) > time.Minute || (e.expires != nil && now.After(*e.expires)) {
		return nil, false
	}
	p := e.p
	return &p, true
}

// put keeps a token's principal as read at version.
func (c *tokenCache) put(version int64, hash string, p *kam.Principal, expires *time.Time, touched time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || c.version != version || len(c.entries) >= maxCachedTokens {
		if c.entries != nil && version < c.version {
			return
		}
		c.version, c.entries = version, map[string]cachedToken{}
	}
	c.entries[hash] = cachedToken{p: *p, expires: expires, touched: touched}
}
