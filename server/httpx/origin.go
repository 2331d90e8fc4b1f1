package httpx

import "net/http"

// Origin returns the scheme and host a client reached kam at, for absolute
// URLs that it hands out (a calendar feed's): https when the request came
// over TLS, when secure says kam is behind a proxy that terminates TLS, or
// when the proxy says so in X-Forwarded-Proto; http otherwise.
func Origin(r *http.Request, secure bool) string {
	scheme := "http"
	if r.TLS != nil || secure || r.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
