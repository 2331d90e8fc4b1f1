package web

import (
	"net/http"
	"strconv"

	"github.com/kamhq/kam"
)

// badLogin is the one answer to every failed sign-in, whether the user is
// unknown, inactive or gave a wrong password, so that the page cannot be
// used to find out who has an account.
const badLogin = "Wrong username or password."

// maxFormBytes bounds the body of a sign-in form.
const maxFormBytes = MaxFormBytes

// MaxFormBytes bounds a form a page posts; forms are a few fields.
const MaxFormBytes = 16 << 10

// loginPage is the data of the sign-in page.
type loginPage struct {
	layout
	Username string
	Next     string
	Error    string
}

// LoginForm serves GET /login. A browser that is already signed in goes on
// to the page it asked for.
func (a *App) LoginForm(w http.ResponseWriter, r *http.Request) {
	next := safeNext(r.URL.Query().Get("next"))
	if tok := sessionToken(r); tok != "" {
		if _, err := a.st.SessionPrincipal(r.Context(), tok, a.opts.SessionPolicy); err == nil {
			http.Redirect(w, r, next, http.StatusSeeOther)
			return
		}
	}
	a.render(w, r, http.StatusOK, "login", &loginPage{layout: layout{Title: "Sign in"}, Next: next})
}

// Login serves POST /login. On success it ends any session the browser had,
// starts a new one (a fresh token at every sign-in, so a token planted before
// sign-in is worthless) and redirects to the page asked for. On failure it
// shows the form again with one message and status 401.
func (a *App) Login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		a.Error(w, r, kam.Errorf(kam.EINVALID, "The sign-in form could not be read; reload the page and try again."))
		return
	}
	username, password := r.PostForm.Get("username"), r.PostForm.Get("password")
	next := safeNext(r.PostForm.Get("next"))
	if wait := a.guard.wait(username, r); wait > 0 {
		minutes := int(wait.Minutes()) + 1
		w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		a.render(w, r, http.StatusTooManyRequests, "login", &loginPage{layout: layout{Title: "Sign in"}, Username: username, Next: next,
			Error: "Too many failed sign-ins for this username or from this address. Try again in " + strconv.Itoa(minutes) + " minutes."})
		return
	}
	u, err := a.st.Authenticate(r.Context(), username, password)
	switch {
	case kam.ErrorCode(err) == kam.EUNAUTHORIZED:
		a.guard.failed(username, r)
		a.render(w, r, http.StatusUnauthorized, "login", &loginPage{
			layout: layout{Title: "Sign in"}, Username: username, Next: next, Error: badLogin})
		return
	case err != nil:
		a.Error(w, r, err)
		return
	}
	a.guard.succeeded(username)
	if old := sessionToken(r); old != "" {
		if err := a.st.DeleteSession(r.Context(), old); err != nil {
			a.Error(w, r, err)
			return
		}
	}
	token, err := a.st.CreateSession(r.Context(), u.ID, a.opts.SessionPolicy)
	if err != nil {
		a.Error(w, r, err)
		return
	}
	a.setCookie(w, r, token)
	a.log.InfoContext(r.Context(), "signed in", "user", u.Username)
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// Logout serves POST /logout: it ends the browser's session, drops the
// cookie and shows the sign-in page. It is a POST so that a link or an image
// on another page cannot sign anyone out.
func (a *App) Logout(w http.ResponseWriter, r *http.Request) {
	if tok := sessionToken(r); tok != "" {
		if err := a.st.DeleteSession(r.Context(), tok); err != nil {
			a.Error(w, r, err)
			return
		}
	}
	a.clearCookie(w, r)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}
