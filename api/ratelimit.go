package api

import (
	"math"
	"strconv"
	"sync"
	"time"
)

// RateLimit is how many requests an API token may make: Rate a second on
// average, with bursts of up to Burst. A zero Rate means no limit.
type RateLimit struct {
	Rate  float64
	Burst int
}

// DefaultRateLimit lets an integration sync at a steady 100 requests a
// second per token, with bursts of 500.
var DefaultRateLimit = RateLimit{Rate: 100, Burst: 500}

// limiter keeps one token bucket per API token.
type limiter struct {
	limit   RateLimit
	now     func() time.Time
	mu      sync.Mutex
	buckets map[int64]*bucket
}

// bucket is one API token's allowance: tokens left at the time of last.
type bucket struct {
	tokens float64
	last   time.Time
}

func newLimiter(limit RateLimit) *limiter {
	return &limiter{limit: limit, now: time.Now, buckets: map[int64]*bucket{}}
}

// allow takes one request from key's bucket. When the bucket is empty it
// returns false and how long until a request is allowed again.
func (l *limiter) allow(key int64) (bool, time.Duration) {
	if l == nil || l.limit.Rate <= 0 {
		return true, 0
	}
	burst := max(1, l.limit.Burst) // a bucket holds at least one request
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[key]
	if b == nil {
		b = &bucket{tokens: float64(burst), last: now}
		l.buckets[key] = b
	}
	b.tokens = math.Min(float64(burst), b.tokens+now.Sub(b.last).Seconds()*l.limit.Rate)
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	wait := time.Duration((1 - b.tokens) / l.limit.Rate * float64(time.Second))
	return false, wait
}

// retryAfter is a wait as the whole seconds of a Retry-After header, at
// least 1.
func retryAfter(wait time.Duration) string {
	return strconv.Itoa(max(1, int(math.Ceil(wait.Seconds()))))
}
