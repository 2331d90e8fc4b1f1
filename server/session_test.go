package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kamhq/kam/server"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// TestSignIn covers signing in and out: the cookie, the one failure message,
// where the browser goes next, and that a session ends with sign-out.
func TestSignIn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)

		t.Run("success sets an HttpOnly cookie and redirects", func(t *testing.T) {
			w := f.do(t, "POST", "/login", form(url.Values{"username": {"am1"}, "password": {testPassword}}))
			if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/" {
				t.Fatalf("status %d, Location %q", w.Code, w.Header().Get("Location"))
			}
			c := sessionCookie(w)
			if c == nil || !c.HttpOnly || c.Path != "/" || c.SameSite != http.SameSiteLaxMode || c.Secure {
				t.Fatalf("cookie %+v", c)
			}
			if w := f.do(t, "GET", "/", cookie(c.Value)); w.Code != 200 {
				t.Errorf("home with the new session: %d", w.Code)
			}
		})

		t.Run("wrong password and unknown user look the same", func(t *testing.T) {
			var bodies []string
			for _, creds := range [][2]string{{"am1", "wrong password!"}, {"nobody", testPassword}, {"", ""}} {
				w := f.do(t, "POST", "/login", form(url.Values{"username": {creds[0]}, "password": {creds[1]}}))
				if w.Code != http.StatusUnauthorized || sessionCookie(w) != nil {
					t.Fatalf("%v: status %d, cookie %v", creds, w.Code, sessionCookie(w))
				}
				body := w.Body.String()
				if strings.Count(body, "Wrong username or password.") != 1 {
					t.Fatalf("%v: body lacks the one message\n%s", creds, body)
				}
				bodies = append(bodies, strings.Replace(body, `value="`+creds[0]+`"`, `value=""`, 1))
			}
			// Apart from the username typed, a wrong password and an unknown
			// user give the same page.
			if bodies[0] != bodies[1] {
				t.Error("a wrong password and an unknown user give different pages")
			}
		})

		t.Run("next is followed only within the site", func(t *testing.T) {
			for next, want := range map[string]string{
				"/accounts/1?x=1":          "/accounts/1?x=1",
				"//evil.example/":          "/",
				"https://evil.example/":    "/",
				`/\evil.example`:           "/",
				"javascript:alert(1)":      "/",
				"/%0d%0aSet-Cookie:%20x=1": "/%0d%0aSet-Cookie:%20x=1",
			} {
				w := f.do(t, "POST", "/login", form(url.Values{"username": {"am1"}, "password": {testPassword}, "next": {next}}))
				if got := w.Header().Get("Location"); got != want {
					t.Errorf("next %q: Location %q, want %q", next, got, want)
				}
			}
			w := f.do(t, "GET", "/login?next=%2F%2Fevil.example")
			if !strings.Contains(w.Body.String(), `name="next" value="/"`) {
				t.Error("the form carries an off-site next")
			}
		})

		t.Run("every sign-in gets a new session and ends the old one", func(t *testing.T) {
			first := f.login(t, "am1")
			w := f.do(t, "POST", "/login", cookie(first), form(url.Values{"username": {"am1"}, "password": {testPassword}}))
			second := sessionCookie(w)
			if second == nil || second.Value == first {
				t.Fatalf("second sign-in kept the session id")
			}
			if w := f.do(t, "GET", "/", cookie(first)); w.Code != http.StatusSeeOther {
				t.Errorf("the replaced session still works: %d", w.Code)
			}
		})

		t.Run("signed-in browsers skip the form", func(t *testing.T) {
			sess := f.login(t, "am1")
			w := f.do(t, "GET", "/login?next=%2Faccounts%2F1", cookie(sess))
			if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/accounts/1" {
				t.Errorf("status %d, Location %q", w.Code, w.Header().Get("Location"))
			}
		})

		t.Run("sign-out ends the session", func(t *testing.T) {
			sess := f.login(t, "am1")
			w := f.do(t, "POST", "/logout", cookie(sess))
			if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/login" {
				t.Fatalf("status %d, Location %q", w.Code, w.Header().Get("Location"))
			}
			if c := sessionCookie(w); c == nil || c.MaxAge >= 0 || c.Value != "" {
				t.Errorf("cookie not cleared: %+v", c)
			}
			if w := f.do(t, "GET", "/", cookie(sess)); w.Code != http.StatusSeeOther {
				t.Errorf("the old cookie still works after sign-out: %d", w.Code)
			}
			if w := f.do(t, "GET", "/logout", cookie(sess)); w.Code != http.StatusMethodNotAllowed {
				t.Errorf("GET /logout: %d", w.Code)
			}
		})

		t.Run("secure cookies", func(t *testing.T) {
			h := server.New(server.Config{SecureCookies: true}, s, nil)
			r := formRequest("/login", url.Values{"username": {"am1"}, "password": {testPassword}})
			w := serve(h, r)
			if c := sessionCookie(w); c == nil || !c.Secure {
				t.Errorf("cookie %+v is not Secure", c)
			}
		})
	})
}
