package web

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
)

// homePageSize is how many accounts one page of the home list shows.
const homePageSize = 50

// option is one choice of a filter's select box.
type option struct {
	Value, Label string
	Selected     bool
}

// homePage is the data of "My accounts".
type homePage struct {
	layout
	Query    string
	Statuses []option
	Tiers    []option
	Filtered bool // a search or filter is applied
	Accounts []*kam.Account
	Error    string
	NextURL  string // the following page, "" on the last one
	FirstURL string // the first page, "" when on it
	// ExportCSV and ExportXLSX download every page of the list as filtered.
	ExportCSV, ExportXLSX string
}

// listTitle names the account list after what it holds: an account manager's
// own portfolio, or everything a director, viewer or administrator may see.
func listTitle(p *kam.Principal) string {
	if p != nil && (p.Role == kam.RoleAM || p.Role == kam.RoleKAM) {
		return "My accounts"
	}
	return "Accounts"
}

// Home serves GET /: the accounts the user may see, by name, with a search
// box, status and tier filters and keyset paging (?after=CURSOR).
func (a *App) Home(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := kam.AccountFilter{
		Query:  q.Get("q"),
		Status: kam.AccountStatus(q.Get("status")),
		Tier:   q.Get("tier"),
		After:  q.Get("after"),
		Limit:  homePageSize,
	}
	d := &homePage{
		layout:   layout{Title: listTitle(httpx.Principal(r.Context()))},
		Query:    f.Query,
		Statuses: options(kam.AccountStatuses, f.Status),
		Tiers:    options(kam.Tiers, f.Tier),
		Filtered: f.Query != "" || f.Status != "" || f.Tier != "",
	}
	link := url.Values{}
	for _, k := range []string{"q", "status", "tier"} {
		if v := q.Get(k); v != "" {
			link.Set(k, v)
		}
	}
	if f.After != "" {
		d.FirstURL = "/?" + link.Encode()
	}
	d.ExportCSV, d.ExportXLSX = exportLinks(link)
	var page *kam.AccountPage
	err := checkTier(f.Tier)
	if err == nil {
		page, err = a.st.FindAccounts(r.Context(), httpx.Principal(r.Context()), f)
	}
	switch {
	case kam.ErrorCode(err) == kam.EINVALID:
		// A hand-edited or stale address: say what is wrong above the filters.
		d.Error = kam.ErrorMessage(err)
		a.render(w, r, http.StatusBadRequest, "home", d)
		return
	case err != nil:
		a.Error(w, r, err)
		return
	}
	d.Accounts = page.Accounts
	if page.Next != "" {
		link.Set("after", page.Next)
		d.NextURL = "/?" + link.Encode()
	}
	a.render(w, r, http.StatusOK, "home", d)
}

// checkTier refuses a tier that is not one of kam.Tiers, which the store
// would take as a filter that matches nothing.
func checkTier(tier string) error {
	if tier != "" && !slices.Contains(kam.Tiers, tier) {
		return kam.FieldError("tier", "There is no tier %q; pick one from the list.", tier)
	}
	return nil
}

// options lists the choices of a select box with the current one selected.
func options[T ~string](values []T, current T) []option {
	out := make([]option, len(values))
	for i, v := range values {
		out[i] = option{Value: string(v), Label: label(v), Selected: v == current}
	}
	return out
}
