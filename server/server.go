// Package server assembles kam's HTTP handler. It is the one place where
// every route of the web pages (package web) and of the JSON API (package
// api) is registered, and where the protections every response needs are put
// around them: cross-origin request refusal, security headers, request logs
// and panic recovery.
package server

import (
	"log/slog"
	"net/http"
	"slices"
	"strings"

	"github.com/kamhq/kam/api"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/web"
)

// Config is what the HTTP layer needs to know of its deployment.
type Config struct {
	// SecureCookies marks cookies Secure, for deployments behind a proxy that
	// terminates TLS; requests that arrive over TLS get Secure cookies anyway.
	SecureCookies bool
	// SessionPolicy sets how long a sign-in lasts; zero means
	// store.DefaultSessionPolicy.
	SessionPolicy store.SessionPolicy
	// RateLimit paces each API token; zero means api.DefaultRateLimit, and
	// a negative Rate means no limit.
	RateLimit api.RateLimit
}

// New returns kam's whole HTTP handler over a store. log receives one line
// per request and the detail of internal errors; nil discards them.
func New(cfg Config, st *store.Store, log *slog.Logger) http.Handler {
	h, _ := build(cfg, st, log)
	return h
}

// build is New, returning as well the routes it registered.
func build(cfg Config, st *store.Store, log *slog.Logger) (http.Handler, *routes) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if cfg.SessionPolicy == (store.SessionPolicy{}) {
		cfg.SessionPolicy = store.DefaultSessionPolicy
	}
	pages := web.New(st, web.Options{SecureCookies: cfg.SecureCookies, SessionPolicy: cfg.SessionPolicy}, log)
	if cfg.RateLimit == (api.RateLimit{}) {
		cfg.RateLimit = api.DefaultRateLimit
	}
	v1 := api.New(st, log, api.Options{RateLimit: cfg.RateLimit, Secure: cfg.SecureCookies})
	mux := http.NewServeMux()
	rt := &routes{mux: mux, st: st, log: log, pages: pages, v1: v1}
	page, signedIn, endpoint := rt.page, rt.signedIn, rt.endpoint

	// Web pages. Only sign-in, health and static files are open to everyone.
	page("/login", methods{http.MethodGet: http.HandlerFunc(pages.LoginForm), http.MethodPost: http.HandlerFunc(pages.Login)})
	page("/logout", methods{http.MethodPost: http.HandlerFunc(pages.Logout)})
	page("/healthz", methods{http.MethodGet: http.HandlerFunc(pages.Healthz)})
	page("/static/", methods{http.MethodGet: pages.Static()})
	page("/{$}", methods{http.MethodGet: signedIn(pages.MyDay)})
	page("/accounts", methods{http.MethodGet: signedIn(pages.Portfolio)})
	page("/search", methods{http.MethodGet: signedIn(pages.Search)})
	page("/contacts", methods{http.MethodGet: signedIn(pages.Contacts)})
	page("/pipeline", methods{http.MethodGet: signedIn(pages.Pipeline)})
	page("/forecasts", methods{http.MethodGet: signedIn(pages.Forecasts)})
	page("/opportunities/{id}/stage", methods{http.MethodPost: signedIn(pages.MoveOpportunity)})
	page("/capture", methods{http.MethodGet: signedIn(pages.CaptureForm), http.MethodPost: signedIn(pages.Capture)})
	page("/tasks/{id}/done", methods{http.MethodPost: signedIn(pages.CompleteTask)})
	page("/accounts/{id}", methods{http.MethodGet: signedIn(pages.Account)})
	page("/accounts/{id}/stage", methods{http.MethodPost: signedIn(pages.SetStage)})
	page("/accounts/{id}/edit", methods{http.MethodPost: signedIn(pages.EditAccount)})
	page("/flags", methods{http.MethodGet: signedIn(pages.Flags)})
	page("/flags/{id}/state", methods{http.MethodPost: signedIn(pages.SetFlagState)})
	page("/export/{kind}", methods{http.MethodGet: signedIn(pages.Export)})
	mux.Handle("/", signedIn(pages.NotFound))

	// JSON API. Every route needs a token; a path or method that no route
	// serves is answered as such whoever asks.
	endpoint("/api/v1/exports/{kind}", methods{http.MethodGet: http.HandlerFunc(v1.Export)})
	endpoint("/api/v1/flags", methods{http.MethodGet: http.HandlerFunc(v1.ListFlags)})
	endpoint("/api/v1/flags/{id}/state", methods{http.MethodPost: http.HandlerFunc(v1.SetFlagState)})
	endpoint("/api/v1/queue", methods{http.MethodGet: http.HandlerFunc(v1.Queue)})
	endpoint("/api/v1/forecasts", methods{http.MethodGet: http.HandlerFunc(v1.Forecasts)})
	endpoint("/api/v1/recommendations", methods{http.MethodGet: http.HandlerFunc(v1.Recommendations)})
	endpoint("/api/v1/segments", methods{http.MethodGet: http.HandlerFunc(v1.Segments)})
	endpoint("/api/v1/accounts/{id}/insights", methods{http.MethodGet: http.HandlerFunc(v1.AccountInsights)})
	endpoint("/api/v1/accounts/{id}/stage", methods{http.MethodPut: http.HandlerFunc(v1.SetStage)})
	endpoint("/api/v1/settings/{key}", methods{http.MethodGet: http.HandlerFunc(v1.Setting), http.MethodPut: http.HandlerFunc(v1.PutSetting)})
	// Pipeline.
	endpoint("/api/v1/opportunities/{id}/stage", methods{http.MethodPost: http.HandlerFunc(v1.MoveOpportunity)})
	// Activities and tasks.
	endpoint("/api/v1/accounts/{id}/activities", methods{http.MethodGet: http.HandlerFunc(v1.ListActivities), http.MethodPost: http.HandlerFunc(v1.CreateActivity)})
	endpoint("/api/v1/tasks", methods{http.MethodGet: http.HandlerFunc(v1.ListTasks), http.MethodPost: http.HandlerFunc(v1.CreateTask)})
	endpoint("/api/v1/tasks/{id}/done", methods{http.MethodPost: http.HandlerFunc(v1.CompleteTask)})
	rt.records()
	rt.deals()
	rt.activityWrites()
	rt.cases()
	rt.webhooks()
	rt.calendar()
	rt.reference()
	rt.plans()
	rt.approvals()
	rt.targets()
	rt.cadence()
	rt.onboarding()
	rt.entities()
	rt.history()
	mux.HandleFunc("/api/", v1.NotFound)

	// Administration.
	page("/admin/users", methods{http.MethodGet: signedIn(pages.AdminUsers), http.MethodPost: signedIn(pages.CreateUser)})
	page("/admin/users/{id}", methods{http.MethodGet: signedIn(pages.AdminUser), http.MethodPost: signedIn(pages.UpdateUser)})
	page("/admin/org", methods{http.MethodGet: signedIn(pages.AdminOrg), http.MethodPost: signedIn(pages.CreateOrgUnit)})

	// Imports (admin).
	page("/imports", methods{http.MethodGet: signedIn(pages.Imports), http.MethodPost: signedIn(pages.UploadImport)})
	page("/imports/{job}", methods{http.MethodGet: signedIn(pages.ImportJob)})
	page("/imports/{job}/start", methods{http.MethodPost: signedIn(pages.StartImport)})
	page("/imports/{job}/rejects/{n}", methods{http.MethodGet: signedIn(pages.ImportRejects)})
	endpoint("/api/v1/imports", methods{http.MethodGet: http.HandlerFunc(v1.ListImports), http.MethodPost: http.HandlerFunc(v1.Import)})

	// Duplicates (admin).
	page("/duplicates", methods{http.MethodGet: signedIn(pages.Duplicates)})
	page("/duplicates/merge", methods{http.MethodPost: signedIn(pages.MergeDuplicate)})
	page("/duplicates/scan", methods{http.MethodPost: signedIn(pages.ScanDuplicates)})
	page("/duplicates/{id}/dismiss", methods{http.MethodPost: signedIn(pages.DismissDuplicate)})
	page("/merges/{id}/undo", methods{http.MethodPost: signedIn(pages.UndoMerge)})
	endpoint("/api/v1/duplicates", methods{http.MethodGet: http.HandlerFunc(v1.ListDuplicates)})
	endpoint("/api/v1/duplicates/scan", methods{http.MethodPost: http.HandlerFunc(v1.ScanDuplicates)})
	endpoint("/api/v1/duplicates/{id}/dismiss", methods{http.MethodPost: http.HandlerFunc(v1.DismissDuplicate)})
	endpoint("/api/v1/accounts/{id}/merge", methods{http.MethodPost: http.HandlerFunc(v1.MergeAccounts)})
	endpoint("/api/v1/merges", methods{http.MethodGet: http.HandlerFunc(v1.ListMerges)})
	endpoint("/api/v1/merges/{id}/undo", methods{http.MethodPost: http.HandlerFunc(v1.UndoMerge)})

	// failure answers an error outside any handler in the form the client
	// reads: JSON for the API, a page for browsers.
	failure := func(w http.ResponseWriter, r *http.Request, err error) {
		if isAPI(r) {
			v1.Error(w, r, err)
		} else {
			pages.Error(w, r, err)
		}
	}
	var h http.Handler = mux
	h = refuseBadText(h, failure)
	h = refuseCrossOrigin(h, failure)
	h = recoverPanics(h, log, failure)
	h = securityHeaders(h)
	h = logRequests(h, log)
	return h, rt
}

// routes registers handlers on one mux; the areas of kam add theirs through
// its methods, each in its own file.
type routes struct {
	mux   *http.ServeMux
	st    *store.Store
	log   *slog.Logger
	pages *web.App
	v1    *api.Handler
	// api lists every API route registered, as "METHOD path", so that a
	// test can hold the OpenAPI document to them.
	api []string
}

// page registers a web page's handlers by method.
func (rt *routes) page(path string, m methods) { handle(rt.mux, path, m, rt.pages.MethodNotAllowed) }

// signedIn lets only signed-in users through to h.
func (rt *routes) signedIn(h http.HandlerFunc) http.Handler { return rt.pages.RequireSession(h) }

// endpoint registers an API route's handlers by method, each behind token
// authentication.
func (rt *routes) endpoint(path string, m methods) {
	for method, h := range m {
		m[method] = rt.v1.Authenticate(h)
		rt.api = append(rt.api, method+" "+path)
	}
	handle(rt.mux, path, m, rt.v1.MethodNotAllowed)
}

// methods maps HTTP methods to the handlers of one path.
type methods map[string]http.Handler

// handle registers a path's handlers by method, and for every other
// standard method a 405 answer from notAllowed that lists the allowed ones. (ServeMux's own 405
// is plain text, neither a page nor the API's JSON.)
func handle(mux *http.ServeMux, path string, m methods, notAllowed func(allow ...string) http.Handler) {
	var allow []string
	for method, h := range m {
		mux.Handle(method+" "+path, h)
		allow = append(allow, method)
		if method == http.MethodGet {
			allow = append(allow, http.MethodHead) // GET patterns serve HEAD too
		}
	}
	slices.Sort(allow)
	refuse := notAllowed(allow...)
	for _, method := range standardMethods {
		if !slices.Contains(allow, method) {
			mux.Handle(method+" "+path, refuse)
		}
	}
}

// standardMethods are the methods a path without a handler for them answers
// with 405. They are registered one by one, not as a method-less pattern,
// which would clash with a wildcard sibling such as PATCH /accounts/{id}
// beside /accounts/bulk.
var standardMethods = []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
	http.MethodDelete, http.MethodOptions}

// isAPI reports whether a request is for the JSON API.
func isAPI(r *http.Request) bool {
	return r.URL.Path == "/api" || strings.HasPrefix(r.URL.Path, "/api/")
}
