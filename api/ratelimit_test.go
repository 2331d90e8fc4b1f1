package api

import (
	"testing"
	"time"
)

func TestLimiter(t *testing.T) {
	clock := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	l := newLimiter(RateLimit{Rate: 2, Burst: 3})
	l.now = func() time.Time { return clock }
	for i := range 3 {
		if ok, _ := l.allow(1); !ok {
			t.Fatalf("request %d of a burst of 3 refused", i+1)
		}
	}
	ok, wait := l.allow(1)
	if ok || wait != 500*time.Millisecond || retryAfter(wait) != "1" {
		t.Fatalf("fourth request: allowed %v, wait %s (Retry-After %s); want refused, 500ms, 1", ok, wait, retryAfter(wait))
	}
	if ok, _ := l.allow(2); !ok {
		t.Error("another token shares the first one's bucket")
	}
	clock = clock.Add(time.Second) // two more at 2 a second
	for i := range 2 {
		if ok, _ := l.allow(1); !ok {
			t.Errorf("request %d after a second refused", i+1)
		}
	}
	if ok, _ := l.allow(1); ok {
		t.Error("a third request after one second allowed at 2 a second")
	}
	clock = clock.Add(time.Hour)
	for i := range 3 {
		if ok, _ := l.allow(1); !ok {
			t.Errorf("after an hour the bucket holds no more than the burst, yet request %d was refused", i+1)
		}
	}
	if ok, _ := l.allow(1); ok {
		t.Error("the bucket grew past its burst")
	}
	if ok, _ := newLimiter(RateLimit{Rate: -1}).allow(1); !ok {
		t.Error("a negative rate limits")
	}
}
