package api

import (
	"net/http"
	"strconv"
	"sync"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
)

// pageCache keeps the encoded answers of list requests for as long as the
// database holds the data they were read from: each is filed under the
// store's data version (see store.DataVersion), which any commit moves, so
// an answer is never served after a change, whoever made it. Integrations
// and dashboards that poll the same page are served from memory. Where the
// store cannot tell versions apart (PostgreSQL) nothing is cached.
type pageCache struct {
	mu      sync.Mutex
	version int64
	day     kam.Date
	pages   map[string][]byte
	bytes   int
}

// Limits of the page cache: past them it starts again empty.
const (
	maxCachedPages = 512
	maxCachedBytes = 64 << 20
	maxCachedPage  = 1 << 20
)

// get returns the answer kept for key at version on day, if any.
func (c *pageCache) get(version int64, day kam.Date, key string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version || c.day != day {
		return nil, false
	}
	b, ok := c.pages[key]
	return b, ok
}

// put keeps an answer read at version on day. Answers read at an older
// version than the cache's are dropped; a newer version empties it.
func (c *pageCache) put(version int64, day kam.Date, key string, body []byte) {
	size := len(body)
	if size > maxCachedPage {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pages == nil || version != c.version || day != c.day || len(c.pages) >= maxCachedPages || c.bytes+size > maxCachedBytes {
		if c.pages != nil && version < c.version && day == c.day {
			return
		}
		c.version, c.day, c.pages, c.bytes = version, day, map[string][]byte{}, 0
	}
	c.pages[key] = body
	c.bytes += size
}

// cachedList answers a list request from the page cache when it holds the
// answer at the database's current version; otherwise it calls read, which
// returns the answer's value, and keeps what it encodes. The answer is the
// same either way: only who computed it differs.
func (h *Handler) cachedList(w http.ResponseWriter, r *http.Request, read func() (any, error)) {
	ctx := r.Context()
	version, ok, err := h.st.DataVersion(ctx)
	if err != nil {
		h.Error(w, r, err)
		return
	}
	p := httpx.Principal(ctx)
	day := kam.DateOf(h.st.Now())
	key := strconv.FormatInt(p.UserID, 10) + " " + r.URL.Path + "?" + r.URL.RawQuery
	if ok {
		if body, hit := h.pages.get(version, day, key); hit {
			writeEncoded(w, http.StatusOK, body)
			return
		}
	}
	v, err := read()
	if err != nil {
		h.Error(w, r, err)
		return
	}
	body, err := encodeJSON(v)
	if err != nil {
		h.Error(w, r, err)
		return
	}
	if ok {
		h.pages.put(version, day, key, body)
	}
	writeEncoded(w, http.StatusOK, body)
}
