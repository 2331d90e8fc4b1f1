package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// TestProtections covers what the server puts around every route: security
// headers, refusal of cross-origin writes, logs free of secrets, and health.
func TestProtections(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		sess := f.login(t, "am1")

		t.Run("security headers everywhere", func(t *testing.T) {
			for _, path := range []string{"/login", "/", fmt.Sprintf("/accounts/%d", f.group.ID), "/nowhere", "/api/v1/accounts", "/static/kam.css", "/healthz"} {
				w := f.do(t, "GET", path, cookie(sess), bearer(f.readToken))
				h := w.Header()
				csp := h.Get("Content-Security-Policy")
				for _, want := range []string{"default-src 'self'", "frame-ancestors 'none'", "script-src 'self'"} {
					if !strings.Contains(csp, want) {
						t.Errorf("%s: CSP %q lacks %q", path, csp, want)
					}
				}
				if strings.Contains(csp, "unsafe-inline") {
					t.Errorf("%s: CSP allows inline code: %q", path, csp)
				}
				if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "same-origin" {
					t.Errorf("%s: headers %v", path, h)
				}
			}
		})

		t.Run("pages have no inline script or style", func(t *testing.T) {
			for _, path := range []string{"/login", "/", "/accounts", fmt.Sprintf("/accounts/%d", f.group.ID), "/search?q=a"} {
				w := f.do(t, "GET", path, cookie(sess))
				if w.Code != 200 {
					continue // a signed-in user is sent on from /login
				}
				body := w.Body.String()
				// The one script is the bundle, loaded from the site itself.
				if n := strings.Count(body, "<script"); n != 1 || !strings.Contains(body, `<script src="/static/kam.js?v=`) {
					t.Errorf("%s has %d scripts, want only the bundle", path, n)
				}
				for _, bad := range []string{"<style", " style=", " onclick=", " onload="} {
					if strings.Contains(body, bad) {
						t.Errorf("%s has %q", path, bad)
					}
				}
			}
		})

		t.Run("cross-origin writes are refused", func(t *testing.T) {
			creds := url.Values{"username": {"am1"}, "password": {testPassword}}
			w := f.do(t, "POST", "/login", form(creds), header("Sec-Fetch-Site", "cross-site"))
			if w.Code != http.StatusForbidden || sessionCookie(w) != nil {
				t.Errorf("cross-site sign-in: %d", w.Code)
			}
			w = f.do(t, "POST", "/logout", cookie(sess), header("Sec-Fetch-Site", "cross-site"))
			if w.Code != http.StatusForbidden || !strings.Contains(w.Body.String(), "came from another site") {
				t.Errorf("cross-site sign-out: %d\n%s", w.Code, w.Body)
			}
			if w := f.do(t, "GET", "/", cookie(sess)); w.Code != 200 {
				t.Errorf("a refused sign-out ended the session: %d", w.Code)
			}
			w = f.do(t, "POST", "/logout", cookie(sess), header("Origin", "https://evil.example"))
			if w.Code != http.StatusForbidden {
				t.Errorf("sign-out from another Origin: %d", w.Code)
			}
			w = f.do(t, "POST", "/api/v1/accounts", bearer(f.readToken), header("Sec-Fetch-Site", "cross-site"))
			if b := decode(t, w); w.Code != http.StatusForbidden || b.Error == nil || b.Error.Code != "forbidden" {
				t.Errorf("cross-site API write: %d %s", w.Code, w.Body)
			}
			w = f.do(t, "POST", "/login", form(creds), header("Sec-Fetch-Site", "same-origin"))
			if w.Code != http.StatusSeeOther {
				t.Errorf("same-origin sign-in: %d", w.Code)
			}
			if w := f.do(t, "GET", "/", cookie(sess), header("Sec-Fetch-Site", "cross-site")); w.Code != 200 {
				t.Errorf("cross-site link to a page: %d", w.Code)
			}
		})

		t.Run("logs hold no secrets", func(t *testing.T) {
			f.do(t, "GET", "/api/v1/accounts", bearer(f.readToken))
			f.do(t, "GET", "/", cookie(sess))
			f.do(t, "POST", "/login", form(url.Values{"username": {"am1"}, "password": {"hunter2-wrong-password"}}))
			log := f.log.String()
			for _, secret := range []string{f.readToken, sess, testPassword, "hunter2-wrong-password"} {
				if strings.Contains(log, secret) {
					t.Errorf("the log holds a secret %q", secret)
				}
			}
			if !strings.Contains(log, "path=/api/v1/accounts") || !strings.Contains(log, "user=am1") {
				t.Errorf("the log lacks requests:\n%s", log)
			}
		})

		t.Run("health", func(t *testing.T) {
			w := f.do(t, "GET", "/healthz")
			if w.Code != 200 || w.Body.String() != "ok" || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/plain") {
				t.Fatalf("healthz: %d %q", w.Code, w.Body)
			}
			s.Close()
			if w := f.do(t, "GET", "/healthz"); w.Code != http.StatusServiceUnavailable {
				t.Errorf("healthz with the database closed: %d", w.Code)
			}
			if w := f.do(t, "GET", "/", cookie(sess)); w.Code != 500 || strings.Contains(w.Body.String(), "closed") {
				t.Errorf("page with the database closed: %d\n%s", w.Code, w.Body)
			}
			w = f.do(t, "GET", "/api/v1/accounts", bearer(f.readToken))
			if b := decode(t, w); w.Code != 500 || b.Error.Code != "internal" || strings.Contains(w.Body.String(), "closed") {
				t.Errorf("API with the database closed: %d %s", w.Code, w.Body)
			}
			if !strings.Contains(f.log.String(), "internal error") {
				t.Error("the detail of internal errors is not logged")
			}
		})
	})
}
