// Package web serves kam's HTML pages: server-rendered html/template pages,
// embedded in the binary with their stylesheet, behind a session cookie. The
// routes are registered in package server; the methods of App are the
// handlers.
//
// Pages carry no inline script or style, so that the Content-Security-Policy
// set by package server can forbid both.
package web

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"strings"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
	"github.com/kamhq/kam/store"
)

// Options configures the pages.
type Options struct {
	// SecureCookies marks the session cookie Secure even when the request
	// reached kam over plain HTTP, as behind a TLS-terminating proxy.
	SecureCookies bool
	// SessionPolicy sets how long a sign-in lasts.
	SessionPolicy store.SessionPolicy
}

// App serves the pages over a store.
type App struct {
	st     *store.Store
	log    *slog.Logger
	opts   Options
	assets *assets
	// imports are the import jobs of this process.
	imports *importJobs
	// recs is the day's model of what sells with what.
	recs recommenders
	// views keeps figures summed over a user's whole portfolio a while.
	views viewCache
	// guard throttles failed sign-ins.
	guard *signInGuard
}

// New returns the pages over a store. It parses the embedded templates and
// panics if one is broken, which is a bug that every test run would catch.
func New(st *store.Store, opts Options, log *slog.Logger) *App {
	as, err := loadAssets()
	if err != nil {
		panic("web: " + err.Error())
	}
	return &App{st: st, log: log, opts: opts, assets: as, imports: newImportJobs(), guard: newSignInGuard()}
}

// layout is the part of every page's data that the layout and top bar read.
type layout struct {
	Title string
	User  *kam.User
	CSS   string // the stylesheet's URL, versioned by its content
	JS    string // the script's URL, versioned by its content
	// Nav names the top bar's section of the page, to mark it current;
	// Tab the administration page, under Nav "admin".
	Nav, Tab string
	// SearchText is the global search box's text.
	SearchText string
	// Refresh, when set, reloads the page after so many seconds (pages
	// that follow work in progress; the CSP allows no script to do it).
	Refresh int
}

func (l *layout) base() *layout { return l }

// page is the data of a page: its own fields plus an embedded layout.
type page interface{ base() *layout }

// render executes a page into a buffer and writes it with status, so that a
// template error gives a clean 500 instead of half a page.
func (a *App) render(w http.ResponseWriter, r *http.Request, status int, name string, data page) {
	b := data.base()
	b.User = currentUser(r.Context())
	b.CSS = a.assets.cssURL
	b.JS = a.assets.jsURL
	var buf bytes.Buffer
	if err := a.assets.execute(&buf, name, data); err != nil {
		a.log.ErrorContext(r.Context(), "render page", "page", name, "err", err)
		http.Error(w, "Internal error.", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	// Pages hold customer data: keep them out of shared and back-button caches.
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// errorPage is the data of the error page.
type errorPage struct {
	layout
	Status  int
	Message string
}

// errorHeadings are the error page's headings by status.
var errorHeadings = map[int]string{
	http.StatusBadRequest:          "That request did not work",
	http.StatusForbidden:           "Not allowed",
	http.StatusNotFound:            "Not found",
	http.StatusMethodNotAllowed:    "Not allowed",
	http.StatusConflict:            "Changed meanwhile",
	http.StatusInternalServerError: "Something went wrong",
}

// Error renders the error page for err with the status of its code. Internal
// errors are logged and shown with a generic message.
func (a *App) Error(w http.ResponseWriter, r *http.Request, err error) {
	status := httpx.Status(kam.ErrorCode(err))
	msg := kam.ErrorMessage(err)
	if status == http.StatusInternalServerError {
		httpx.LogInternal(a.log, r, err)
		msg = "Something went wrong on our side. It has been logged; please try again in a moment."
	}
	a.renderError(w, r, status, msg)
}

func (a *App) renderError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	title, ok := errorHeadings[status]
	if !ok {
		title = http.StatusText(status)
	}
	a.render(w, r, status, "error", &errorPage{layout: layout{Title: title}, Status: status, Message: msg})
}

// NotFound renders the page for a path that has no route.
func (a *App) NotFound(w http.ResponseWriter, r *http.Request) {
	a.renderError(w, r, http.StatusNotFound, "There is no page at this address.")
}

// MethodNotAllowed returns the handler for a page called with a method it
// does not serve; allow lists the methods it does.
func (a *App) MethodNotAllowed(allow ...string) http.Handler {
	list := strings.Join(allow, ", ")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", list)
		a.renderError(w, r, http.StatusMethodNotAllowed, "This page does not accept "+r.Method+" requests.")
	})
}

type userKey struct{}

// withUser returns ctx carrying the signed-in user, for the top bar.
func withUser(ctx context.Context, u *kam.User) context.Context {
	return context.WithValue(ctx, userKey{}, u)
}

// currentUser returns the signed-in user, or nil on pages open to everyone.
func currentUser(ctx context.Context) *kam.User {
	u, _ := ctx.Value(userKey{}).(*kam.User)
	return u
}
