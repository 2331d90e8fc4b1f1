package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
)

// SessionCookie is the name of the cookie holding a browser's session token.
const SessionCookie = "kam_session"

// RequireSession lets a request through to next only with a live session,
// whose principal and user it puts in the request context. Without one it
// redirects to the sign-in page, which returns here after signing in.
func (a *App) RequireSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := a.st.SessionPrincipal(r.Context(), sessionToken(r), a.opts.SessionPolicy)
		var u *kam.User
		if err == nil {
			u, err = a.st.FindUserByID(r.Context(), p.UserID)
		}
		switch {
		case kam.ErrorCode(err) == kam.EUNAUTHORIZED:
			if sessionToken(r) != "" {
				a.clearCookie(w, r)
			}
			http.Redirect(w, r, loginURL(r), http.StatusSeeOther)
			return
		case err != nil:
			a.Error(w, r, err)
			return
		}
		r = httpx.WithPrincipal(r, p, "web")
		next.ServeHTTP(w, r.WithContext(withUser(r.Context(), u)))
	})
}

// sessionToken returns the session cookie's value, "" without one.
func sessionToken(r *http.Request) string {
	c, err := r.Cookie(SessionCookie)
	if err != nil {
		return ""
	}
	return c.Value
}

// loginURL is the sign-in page, with the page asked for as next when it is
// worth returning to (a GET of anything but the home page).
func loginURL(r *http.Request) string {
	if r.Method != http.MethodGet || r.URL.Path == "/" {
		return "/login"
	}
	return "/login?" + url.Values{"next": {r.URL.RequestURI()}}.Encode()
}

// safeNext returns next if it is a path on this site, "/" otherwise, so that
// the sign-in page cannot be used to send people to another site
// ("//evil.example", "/\evil.example", "https://evil.example").
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.Contains(next, `\`) {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return "/"
	}
	return next
}

// withQuery returns the local path next with key set to value in its query,
// as a page returned to after a form says what was done.
func withQuery(next, key, value string) string {
	u, err := url.Parse(next)
	if err != nil {
		return next
	}
	q := u.Query()
	q.Set(key, value)
	u.RawQuery = q.Encode()
	return u.String()
}

// setCookie gives the browser a new session token.
func (a *App) setCookie(w http.ResponseWriter, r *http.Request, token string) {
	http.SetCookie(w, a.sessionCookie(r, token, int(a.opts.SessionPolicy.Absolute.Seconds())))
}

// clearCookie tells the browser to drop its session token.
func (a *App) clearCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, a.sessionCookie(r, "", -1))
}

// sessionCookie is the session cookie: out of reach of scripts, sent on
// top-level navigation from other sites but not on their POSTs or embeds, and
// Secure when configured or when the request came over TLS.
func (a *App) sessionCookie(r *http.Request, value string, maxAge int) *http.Cookie {
	return &http.Cookie{
		Name:     SessionCookie,
		Value:    value,
		Path:     "/",
		MaxAge:   maxAge,
		HttpOnly: true,
		Secure:   a.opts.SecureCookies || r.TLS != nil,
		SameSite: http.SameSiteLaxMode,
	}
}
