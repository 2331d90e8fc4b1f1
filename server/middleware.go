package server

import (
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
)

// contentSecurityPolicy allows the page's own stylesheet, images and forms
// and nothing inline: no inline script or style, no plugins, no framing.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// securityHeaders sets the headers every response carries.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// refuseCrossOrigin refuses state-changing requests (POST, PUT, DELETE, ...)
// that a browser sent from another site, with the std library's check of
// Sec-Fetch-Site and Origin; that is kam's protection against cross-site
// request forgery. Clients that are not browsers send neither header and
// pass. The refusal is answered through failure as a 403.
func refuseCrossOrigin(next http.Handler, failure func(http.ResponseWriter, *http.Request, error)) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		failure(w, r, kam.Errorf(kam.EFORBIDDEN, "This request came from another site and was refused. Open kam directly and try again."))
	}))
	return cop.Handler(next)
}

// recoverPanics turns a panic in a handler into a logged 500 answered
// through failure, instead of a dropped connection. If the handler had
// already started its response, the connection is aborted instead, so that
// the client does not take half a response for a whole one.
func recoverPanics(next http.Handler, log *slog.Logger, failure func(http.ResponseWriter, *http.Request, error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &recorder{ResponseWriter: w}
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v)
			}
			log.ErrorContext(r.Context(), "panic", "method", r.Method, "path", httpx.LogPath(r), "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			if rec.status != 0 {
				panic(http.ErrAbortHandler)
			}
			failure(w, r, fmt.Errorf("panic: %v", v))
		}()
		next.ServeHTTP(rec, r)
	})
}

// logRequests writes one line per request: method, path (without the query
// string), status, size, duration and the signed-in user. Headers are never
// logged, so cookies and tokens stay out of the log, and form bodies are
// never read here, so passwords do too. Health checks and static files are
// logged at debug level, so that probes do not flood the log.
func logRequests(next http.Handler, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		r, note := httpx.WithNote(r)
		rec := &recorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		status := rec.status
		if status == 0 {
			status = http.StatusOK
		}
		level := slog.LevelInfo
		switch {
		case status >= 500:
			level = slog.LevelError
		case r.URL.Path == "/healthz" || strings.HasPrefix(r.URL.Path, "/static/"):
			level = slog.LevelDebug
		}
		log.LogAttrs(r.Context(), level, "request",
			slog.String("method", r.Method),
			slog.String("path", httpx.LogPath(r)),
			slog.Int("status", status),
			slog.Int64("bytes", rec.bytes),
			slog.Duration("duration", time.Since(start)),
			slog.String("user", note.User),
			slog.String("remote", r.RemoteAddr),
		)
	})
}

// recorder notes the status and size of a response as it is written.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

// WriteHeader records the status.
func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
	r.ResponseWriter.WriteHeader(status)
}

// Write records an implicit 200 and the size.
func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

// Unwrap gives http.ResponseController the underlying writer, for flushing
// and deadlines.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
