package web

import (
	"net/http"
	"net/url"

	"github.com/kamhq/kam/export"
	"github.com/kamhq/kam/server/httpx"
)

// Export serves GET /export/{kind}?format=csv|xlsx: the list the user may
// see as a download. For accounts it keeps the list page's filters and
// order, so that the file holds what the page shows, all pages of it.
func (a *App) Export(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	o := export.Options{Kind: r.PathValue("kind"), Format: q.Get("format")}
	if o.Format == "" {
		o.Format = "csv"
	}
	if o.Kind == "accounts" {
		f, err := readPortfolioFilter(q)
		if err != nil {
			a.Error(w, r, err)
			return
		}
		f.After = ""
		o.Accounts = f
	}
	started, err := export.Serve(w, r, a.st, httpx.Principal(r.Context()), o)
	switch {
	case err != nil && !started:
		a.Error(w, r, err)
	case err != nil:
		httpx.LogInternal(a.log, r, err) // the download is cut short
	}
}

// exportLinks are the list page's download links, with its filters.
func exportLinks(filters url.Values) (csv, xlsx string) {
	v := url.Values{}
	for k, vs := range filters {
		v[k] = vs
	}
	v.Set("format", "csv")
	csv = "/export/accounts?" + v.Encode()
	v.Set("format", "xlsx")
	return csv, "/export/accounts?" + v.Encode()
}
