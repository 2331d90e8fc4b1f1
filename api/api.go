// Package api is kam's JSON API under /api/v1/. Clients authenticate with an
// API token (Authorization: Bearer kam_...), every read is scoped by the
// store to the token's user, and every error has one shape:
//
//	{"error": {"code": "invalid", "message": "...", "field": "limit"}}
//
// The routes themselves are registered in package server.
package api

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
	"github.com/kamhq/kam/store"
)

// Handler serves the API's routes. Its methods are the handlers that package
// server registers.
type Handler struct {
	st      *store.Store
	log     *slog.Logger
	limiter *limiter
	secure  bool
	pages   pageCache
}

// Options are what the API needs to know of its deployment.
type Options struct {
	// RateLimit paces each token's requests.
	RateLimit RateLimit
	// Secure says that kam is served over TLS (behind a proxy that ends it),
	// so that the URLs the API makes are https.
	Secure bool
}

// New returns the API handlers over a store; log receives internal errors.
func New(st *store.Store, log *slog.Logger, opts Options) *Handler {
	return &Handler{st: st, log: log, limiter: newLimiter(opts.RateLimit), secure: opts.Secure}
}

// errorBody is the one error shape of the API.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

// internalMessage is all a client learns of an internal error; the detail is logged.
const internalMessage = "Internal error. It has been logged; try again later."

// Error writes err in the API's error shape with the status of its code.
// Internal errors are logged and answered with a generic message.
func (h *Handler) Error(w http.ResponseWriter, r *http.Request, err error) {
	code := kam.ErrorCode(err)
	detail := errorDetail{Code: code, Message: kam.ErrorMessage(err), Field: kam.ErrorField(err)}
	status := httpx.Status(code)
	if status == http.StatusInternalServerError {
		httpx.LogInternal(h.log, r, err)
		detail = errorDetail{Code: kam.EINTERNAL, Message: internalMessage}
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="kam"`)
	}
	h.writeJSON(w, r, status, errorBody{detail})
}

// NotFound answers a path under /api/ that has no route.
func (h *Handler) NotFound(w http.ResponseWriter, r *http.Request) {
	h.Error(w, r, kam.Errorf(kam.ENOTFOUND, "There is no API route %s. The routes are listed in the README.", r.URL.Path))
}

// MethodNotAllowed returns the handler for a route called with a method it
// does not serve; allow lists the methods it does.
func (h *Handler) MethodNotAllowed(allow ...string) http.Handler {
	list := strings.Join(allow, ", ")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", list)
		h.writeJSON(w, r, http.StatusMethodNotAllowed, errorBody{errorDetail{
			Code:    "method_not_allowed",
			Message: "Method " + r.Method + " is not allowed here; use " + list + ".",
		}})
	})
}

// Authenticate lets a request through to next only with a valid API token,
// whose principal it puts in the request context, and only as often as the
// rate limit allows (429 with Retry-After when it does not).
func (h *Handler) Authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		secret, ok := bearerToken(r.Header.Get("Authorization"))
		if !ok {
			h.Error(w, r, kam.Errorf(kam.EUNAUTHORIZED, "Send an API token in the header Authorization: Bearer kam_... (create one with kam token create)."))
			return
		}
		p, err := h.st.TokenPrincipal(r.Context(), secret)
		if err != nil {
			h.Error(w, r, err)
			return
		}
		if ok, wait := h.limiter.allow(p.TokenID); !ok {
			w.Header().Set("Retry-After", retryAfter(wait))
			h.Error(w, r, kam.Errorf(kam.ERATELIMIT, "This token made too many requests; wait %s seconds (Retry-After) and try again.", retryAfter(wait)))
			return
		}
		next.ServeHTTP(w, httpx.WithPrincipal(r, p, "api"))
	})
}

// bearerToken returns the token of an "Authorization: Bearer TOKEN" header.
// The scheme is case-insensitive (RFC 9110, section 11.1).
func bearerToken(header string) (string, bool) {
	scheme, token, ok := strings.Cut(header, " ")
	token = strings.TrimSpace(token)
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return "", false
	}
	return token, true
}

// writeJSON writes v with a status. It encodes before writing anything, so
// that an encoding failure still gives a clean 500.
func (h *Handler) writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	body, err := encodeJSON(v)
	if err != nil {
		h.log.ErrorContext(r.Context(), "encode JSON response", "path", httpx.LogPath(r), "err", err)
		status = http.StatusInternalServerError
		body, _ = encodeJSON(errorBody{errorDetail{Code: kam.EINTERNAL, Message: internalMessage}})
	}
	writeEncoded(w, status, body)
}

// encodeJSON encodes v as the API writes it, with a final newline.
func encodeJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	err := json.NewEncoder(&buf).Encode(v)
	return buf.Bytes(), err
}

// writeEncoded writes an encoded JSON answer.
func writeEncoded(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	// With its length known the answer goes out in one piece, not chunked.
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write(body)
}
