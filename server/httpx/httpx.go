// Package httpx holds what the web and api packages share about a request:
// the HTTP status of a kam error code, logging of internal errors, the acting
// principal, the note the request logger takes of who made the request, and
// the receiving of files to import. It has no routes and no state of its own.
package httpx

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/kamhq/kam"
)

// Status returns the HTTP status of a kam error code; unknown codes are 500.
func Status(code string) int {
	switch code {
	case kam.EINVALID:
		return http.StatusBadRequest
	case kam.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case kam.EFORBIDDEN:
		return http.StatusForbidden
	case kam.ENOTFOUND:
		return http.StatusNotFound
	case kam.ECONFLICT:
		return http.StatusConflict
	case kam.ENOTIMPL:
		return http.StatusNotImplemented
	case kam.ESTALE:
		return http.StatusPreconditionFailed
	case kam.EPRECONDITION:
		return http.StatusPreconditionRequired
	case kam.ETOOLARGE:
		return http.StatusRequestEntityTooLarge
	case kam.EMEDIATYPE:
		return http.StatusUnsupportedMediaType
	case kam.EIDEMPOTENCY:
		return http.StatusUnprocessableEntity
	case kam.ERATELIMIT:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

// LogInternal logs err with the request it failed when its code is internal.
// Users see a generic message for those, so the log is the only place where
// the detail is kept. Errors with other codes are the user's to fix and are
// not logged.
func LogInternal(log *slog.Logger, r *http.Request, err error) {
	if kam.ErrorCode(err) != kam.EINTERNAL {
		return
	}
	log.ErrorContext(r.Context(), "internal error", "method", r.Method, "path", LogPath(r), "err", err)
}

type principalKey struct{}

// WithPrincipal returns a request whose context carries the acting principal
// and the channel (web or api) that changes are audited under, and tells the
// request logger who the user is.
func WithPrincipal(r *http.Request, p *kam.Principal, channel string) *http.Request {
	if n, ok := r.Context().Value(noteKey{}).(*Note); ok {
		n.User = p.Username
	}
	ctx := context.WithValue(r.Context(), principalKey{}, p)
	return r.WithContext(kam.WithChannel(ctx, channel))
}

// Principal returns the principal put in ctx by WithPrincipal, or nil for a
// request that passed no authentication.
func Principal(ctx context.Context) *kam.Principal {
	p, _ := ctx.Value(principalKey{}).(*kam.Principal)
	return p
}

// Note is what the request logger learns from inner handlers: facts that are
// known only after authentication.
type Note struct {
	User string
}

type noteKey struct{}

// WithNote returns a request that carries an empty Note for inner handlers to
// fill, and the note itself for the logger to read when the request is done.
func WithNote(r *http.Request) (*http.Request, *Note) {
	n := &Note{}
	return r.WithContext(context.WithValue(r.Context(), noteKey{}, n)), n
}

// PathID reads a positive integer id from the request path wildcard name.
func PathID(r *http.Request, name string) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	return id, err == nil && id > 0
}

// LogPath is a request's path as logs may show it: a secret that travels in
// the path (a calendar feed's URL) is replaced, so that no log holds it.
func LogPath(r *http.Request) string {
	if rest, ok := strings.CutPrefix(r.URL.Path, "/calendar/"); ok && rest != "" {
		if strings.HasSuffix(rest, ".ics") {
			return "/calendar/(secret).ics"
		}
		return "/calendar/(secret)"
	}
	return r.URL.Path
}
