package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/http"
	"path"
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
	"login":     nil,
	"portfolio": {"accounts", "pager"},
	"myday":     {"flag_actions", "capture"},
	"search":    {"accounts", "contacts_table"},
	"contacts":  {"contacts_table", "pager"},
	"pipeline":  nil,
	"forecasts": nil,
	"capture":   {"capture"},
	"account": {"accounts", "insights", "account_records", "capture", "case_form",
		"account_plan", "account_approval", "account_objective", "account_cadence", "account_onboarding"},
	"cases":    {"pager"},
	"case":     nil,
	"case_new": {"case_form"},
	"flags":    {"flag_actions"},
	"error":    nil,
	"calendar": nil,
	"handover": nil,
	"me":       nil,
	// Account plans: the list, a plan, a new plan, its print view and history.
	"plans":        {"pager"},
	"plan":         {"plan_parts"},
	"plan_new":     {"plan_parts"},
	"plan_print":   {"plan_parts"},
	"plan_changes": {"plan_parts"},
	// Discount approvals: the list, a request, the form that asks for one.
	"approvals":    {"pager"},
	"approval":     nil,
	"approval_new": {"account_approval"},
	// Targets and attainment; the rows of targets are in account_objective.
	"targets": {"account_objective"},
	// Onboarding: running onboardings, one, the checklists and one checklist.
	"onboardings":          {"account_onboarding"},
	"onboarding":           {"account_onboarding"},
	"onboarding_templates": nil,
	"onboarding_template":  nil,
	// Campaigns: the list, one with its items, the form that makes one.
	"campaigns":    nil,
	"campaign":     {"account_onboarding", "pager"},
	"campaign_new": nil,
	// Cadence and attrition: the call plan, compliance, cold-call lists, settings, an account's cadence and losses, the report.
	"calls": nil, "calls_compliance": {"pager"}, "calls_lists": nil, "calls_list": nil, "calls_settings": nil, "calls_account": nil, "attrition_account": nil, "attrition": nil,
	// A record's field history, for every kind of record that has one.
	"history": nil,
	// The API reference, open to everyone.
	"api_reference": nil,
	// Imports, for administrators.
	"imports":        nil,
	"import_preview": nil,
	"import_job":     nil,
	"duplicates":     nil,
	"admin_users":    nil,
	"admin_org":      nil,
}

// assets are the parsed pages, the bundled stylesheet and script with their
// versioned URLs, and the other static files.
type assets struct {
	pages  map[string]*template.Template
	cssURL string
	jsURL  string
	// bundles are /static/kam.css and /static/kam.js by name: every file of
	// static/css and static/js, joined in name order, so that each area of
	// the app keeps its own file and a page still loads one of each.
	bundles map[string][]byte
	static  fs.FS
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
	as.bundles = map[string][]byte{}
	for _, b := range []struct {
		dir, name string
		url       *string
	}{{"css", "kam.css", &as.cssURL}, {"js", "kam.js", &as.jsURL}} {
		body, err := bundle(static, b.dir)
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(body)
		as.bundles[b.name] = body
		*b.url = "/static/" + b.name + "?v=" + hex.EncodeToString(sum[:6])
	}
	return as, nil
}

// bundle joins the files of one static folder in name order.
func bundle(static fs.FS, dir string) ([]byte, error) {
	names, err := fs.Glob(static, dir+"/*."+dir)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	for _, name := range names { // fs.Glob returns names sorted
		body, err := fs.ReadFile(static, name)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&out, "/* %s */\n", path.Base(name))
		out.Write(body)
		out.WriteString("\n")
	}
	return out.Bytes(), nil
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
		name := strings.TrimPrefix(r.URL.Path, "/static/")
		if body, ok := a.assets.bundles[name]; ok {
			http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(body))
			return
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
