package web

import (
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Sign-in throttling: after too many failed sign-ins for one username, or
// from one address, within a window, further attempts are refused without
// checking the password until the oldest failure leaves the window. The
// username counts whether or not such a user exists, so that the refusal
// tells nothing; and a refused attempt does not cost a password hash.
const (
	signInWindow       = 15 * time.Minute
	maxUserFailures    = 5
	maxAddressFailures = 20
	// maxThrottleKeys bounds the memory a flood of made-up usernames can
	// take; past it the counts start again.
	maxThrottleKeys = 100_000
)

// signInGuard counts failed sign-ins per username and per address.
type signInGuard struct {
	mu    sync.Mutex
	now   func() time.Time
	fails map[string][]time.Time
}

func newSignInGuard() *signInGuard {
	return &signInGuard{now: time.Now, fails: map[string][]time.Time{}}
}

// keys are the counters a sign-in attempt counts against, with their limits.
func signInKeys(username string, r *http.Request) map[string]int {
	addr, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		addr = r.RemoteAddr
	}
	return map[string]int{"u:" + strings.ToLower(strings.TrimSpace(username)): maxUserFailures, "a:" + addr: maxAddressFailures}
}

// wait returns how long until an attempt for username from r's address may
// be tried, 0 if now.
func (g *signInGuard) wait(username string, r *http.Request) time.Duration {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	var longest time.Duration
	for key, limit := range signInKeys(username, r) {
		recent := g.recent(key, now)
		if len(recent) >= limit {
			longest = max(longest, recent[len(recent)-limit].Add(signInWindow).Sub(now))
		}
	}
	return longest
}

// failed counts a failed attempt.
func (g *signInGuard) failed(username string, r *http.Request) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.fails) >= maxThrottleKeys {
		g.fails = map[string][]time.Time{}
	}
	now := g.now()
	for key := range signInKeys(username, r) {
		g.fails[key] = append(g.recent(key, now), now)
	}
}

// succeeded forgets the username's failures (not the address's).
func (g *signInGuard) succeeded(username string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	delete(g.fails, "u:"+strings.ToLower(strings.TrimSpace(username)))
}

// recent returns key's failures still in the window, dropping older ones.
func (g *signInGuard) recent(key string, now time.Time) []time.Time {
	list := g.fails[key]
	i := 0
	for i < len(list) && now.Sub(list[i]) >= signInWindow {
		i++
	}
	list = list[i:]
	if len(list) == 0 {
		delete(g.fails, key)
		return nil
	}
	g.fails[key] = list
	return list
}
