package web

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/http"
	"strings"
	"time"
)

//go:embed templates static
var files embed.FS

// pageParts lists each page with the partials it uses besides the layout and
// the top bar, which every page has. Each page is parsed with only these, so
// that pages cannot collide on template names and a page's dependencies are
// visible here.
var pageParts = map[string][]string{
	"login":   nil,
	"home":    {"accounts"},
	"account": {"accounts", "insights"},
	"flags":   nil,
	"error":   nil,
	// Imports, for administrators.
	"imports":        nil,
	"import_preview": nil,
	"import_job":     nil,
	"duplicates":     nil,
}

// assets are the parsed pages and the stylesheet's versioned URL.
type assets struct {
	pages  map[string]*template.Template
	cssURL string
	static fs.FS
}

func loadAssets() (*assets, error) {
	as := &assets{pages: map[string]*template.Template{}}
	for name, parts := range pageParts {
		patterns := []string{"templates/layout.html", "templates/partials/topbar.html"}
		for _, p := range parts {
			patterns = append(patterns, "templates/partials/"+p+".html")
		}
		patterns = append(patterns, "templates/"+name+".html")
		t, err := template.New(name).Funcs(funcs).ParseFS(files, patterns...)
		if err != nil {
			return nil, fmt.Errorf("parse page %s: %w", name, err)
		}
		as.pages[name] = t
	}
	static, err := fs.Sub(files, "static")
	if err != nil {
		return nil, err
	}
	as.static = static
	css, err := fs.ReadFile(static, "kam.css")
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(css)
	as.cssURL = "/static/kam.css?v=" + hex.EncodeToString(sum[:6])
	return as, nil
}

// execute writes the named page.
func (as *assets) execute(w io.Writer, name string, data any) error {
	t, ok := as.pages[name]
	if !ok {
		return fmt.Errorf("no page %q", name)
	}
	return t.ExecuteTemplate(w, "layout", data)
}

// Static serves the embedded files under /static/. Pages link the stylesheet
// with its content hash in the URL, so browsers may keep it for a year; a new
// release changes the URL. Directories are not listed.
func (a *App) Static() http.Handler {
	files := http.StripPrefix("/static/", http.FileServerFS(a.assets.static))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/") {
			a.NotFound(w, r)
			return
		}
		if r.URL.Query().Has("v") {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "public, max-age=3600")
		}
		files.ServeHTTP(w, r)
	})
}

// Healthz serves GET /healthz for load balancers and monitors: 200 "ok" when
// the database answers within two seconds, 503 otherwise. It needs no session.
func (a *App) Healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := a.st.Ping(ctx); err != nil {
		a.log.WarnContext(ctx, "health check: database unavailable", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		io.WriteString(w, "database unavailable")
		return
	}
	io.WriteString(w, "ok")
}
