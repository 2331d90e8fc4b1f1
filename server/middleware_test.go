package server

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestRecoverPanics(t *testing.T) {
	var logged bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logged, nil))
	var failed error
	failure := func(w http.ResponseWriter, r *http.Request, err error) {
		failed = err
		http.Error(w, "sorry", http.StatusInternalServerError)
	}
	for _, tc := range []struct {
		name      string
		handler   http.HandlerFunc
		wantAbort bool
	}{
		{name: "before writing", handler: func(w http.ResponseWriter, r *http.Request) { panic("boom") }},
		{name: "after writing", handler: func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte("half a page"))
			panic("boom")
		}, wantAbort: true},
		{name: "abort", handler: func(w http.ResponseWriter, r *http.Request) { panic(http.ErrAbortHandler) }, wantAbort: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			failed = nil
			w := httptest.NewRecorder()
			var aborted any
			func() {
				defer func() { aborted = recover() }()
				recoverPanics(tc.handler, log, failure).ServeHTTP(w, httptest.NewRequest("GET", "/x", nil))
			}()
			if tc.wantAbort {
				if aborted != http.ErrAbortHandler {
					t.Fatalf("recovered %v, want http.ErrAbortHandler", aborted)
				}
				return
			}
			if aborted != nil || w.Code != 500 || failed == nil || !strings.Contains(failed.Error(), "boom") {
				t.Fatalf("status %d, failure %v, re-panicked %v", w.Code, failed, aborted)
			}
			if !strings.Contains(logged.String(), "panic=boom") || !strings.Contains(logged.String(), "stack=") {
				t.Errorf("log lacks the panic:\n%s", &logged)
			}
		})
	}
}

func TestLogRequestsLevels(t *testing.T) {
	var logged bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelInfo}))
	h := logRequests(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/fail" {
			w.WriteHeader(http.StatusInternalServerError)
		}
	}), log)
	for _, path := range []string{"/healthz", "/static/kam.css", "/fail", "/ok?secret=1"} {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", path, nil))
	}
	out := logged.String()
	switch {
	case strings.Contains(out, "/healthz") || strings.Contains(out, "/static/"):
		t.Errorf("probes logged at info level:\n%s", out)
	case !strings.Contains(out, "level=ERROR") || !strings.Contains(out, "status=500"):
		t.Errorf("a 500 is not an error:\n%s", out)
	case !strings.Contains(out, "path=/ok ") || strings.Contains(out, "secret"):
		t.Errorf("query strings must stay out of the log:\n%s", out)
	}
}
