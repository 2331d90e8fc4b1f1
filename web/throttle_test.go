package web

import (
	"net/http/httptest"
	"testing"
	"time"
)

func TestSignInGuard(t *testing.T) {
	clock := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	g := newSignInGuard()
	g.now = func() time.Time { return clock }
	r1 := httptest.NewRequest("POST", "/login", nil)
	r1.RemoteAddr = "198.51.100.7:5000"
	r2 := httptest.NewRequest("POST", "/login", nil)
	r2.RemoteAddr = "198.51.100.8:5000"

	for i := range maxUserFailures {
		if w := g.wait("am1", r1); w != 0 {
			t.Fatalf("attempt %d refused", i+1)
		}
		g.failed("AM1 ", r1) // the same username, typed otherwise
		clock = clock.Add(time.Minute)
	}
	if w := g.wait("am1", r2); w != 10*time.Minute {
		t.Errorf("after %d failures the username waits %s from anywhere; want 10m (when the first failure leaves the window)", maxUserFailures, w)
	}
	if w := g.wait("am2", r1); w != 0 {
		t.Errorf("another username from the same address waits %s", w)
	}
	clock = clock.Add(11 * time.Minute)
	if w := g.wait("am1", r1); w != 0 {
		t.Errorf("after the window the username still waits %s", w)
	}
	g.succeeded("am1")
	for i := range maxAddressFailures {
		g.failed("user"+string(rune('a'+i)), r2)
	}
	if w := g.wait("someone-else", r2); w == 0 {
		t.Errorf("after %d failures from one address another username is not refused from it", maxAddressFailures)
	}
	if w := g.wait("someone-else", r1); w != 0 {
		t.Errorf("another address is refused: %s", w)
	}
}
