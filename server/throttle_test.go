package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// TestSignInThrottled: after five wrong passwords for a username, even the
// right one is refused for a while, with Retry-After; other users from the
// same address still sign in; nothing typed reaches the log.
func TestSignInThrottled(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		attempt := func(user, pw string) *http.Response {
			t.Helper()
			return f.do(t, "POST", "/login", form(url.Values{"username": {user}, "password": {pw}})).Result()
		}
		for i := range 5 {
			if res := attempt("am1", "guess-number-"+string(rune('a'+i))); res.StatusCode != http.StatusUnauthorized {
				t.Fatalf("wrong password %d: %d", i+1, res.StatusCode)
			}
		}
		res := attempt("am1", testPassword)
		if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
			t.Errorf("the right password after five wrong ones: %d, Retry-After %q", res.StatusCode, res.Header.Get("Retry-After"))
		}
		if res := attempt("am2", testPassword); res.StatusCode != http.StatusSeeOther {
			t.Errorf("another user from the same address: %d", res.StatusCode)
		}
		if log := f.log.String(); strings.Contains(log, "guess-number") || strings.Contains(log, testPassword) {
			t.Errorf("a typed password reached the log:\n%s", log)
		}
	})
}
