package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight/score"
	"github.com/kamhq/kam/portfolio"
	"github.com/kamhq/kam/server/httpx"
	"github.com/kamhq/kam/store"
)

// portfolioPageSize is how many accounts one page of the list shows.
const portfolioPageSize = 50

// matrixDots is how many accounts the selection matrix plots.
const matrixDots = 300

// option is one choice of a filter's select box.
type option struct {
	Value, Label string
	Selected     bool
}

// portfolioPage is the data of the account list.
type portfolioPage struct {
	layout
	Query     string
	Country   string
	Statuses  []option
	Tiers     []option
	Owners    []option
	Quadrants []option
	FlagKinds []option
	Filtered  bool // a search or filter is applied
	// HandOver links directors and administrators to the hand-over of a
	// book, the listed owner's when the list is one owner's.
	HandOver   string
	Rows       []portfolioRow
	Columns    []columnHead
	Matrix     *matrixView
	Totals     *store.PortfolioTotals
	Error      string
	NextURL    string // the following page, "" on the last one
	FirstURL   string // the first page, "" when on it
	ExportCSV  string // every page of the list as filtered, as CSV
	ExportXLSX string // and as an Excel workbook
}

// portfolioRow is one account of the list with its figures for people.
type portfolioRow struct {
	*store.PortfolioRow
	Band     string // the health band, for its colour
	Quadrant string // the quadrant's label
	Spark    *sparkline
}

// portfolioSummary is what the first page of the list sums over the whole
// portfolio: its totals and selection matrix, kept a while (viewCache).
type portfolioSummary struct {
	totals *store.PortfolioTotals
	matrix *store.Matrix
}

// columnHead is a sortable column's header: its link and current order.
type columnHead struct {
	Label, Href, Class string
	// Sort is "ascending", "descending" or "" for aria-sort.
	Sort string
}

// portfolioColumns are the list's sortable columns, in order; a column
// sorted first by its largest values (figures) starts descending.
var portfolioColumns = []struct {
	Label, Class string
	Sort         kam.AccountSort
	DescFirst    bool
}{
	{"Account", "", kam.SortByName, false},
	{"Owner", "opt", kam.SortByOwner, false},
	{"Tier", "opt", kam.SortByTier, false},
	{"Status", "", kam.SortByStatus, false},
	{"Health", "num", kam.SortByHealth, false},
	{"Priority", "num opt", kam.SortByPriority, true},
	{"Revenue, 12 months", "num", kam.SortByRevenue, true},
	{"Last order", "opt", kam.SortByLastOrder, true},
	{"Country", "opt", kam.SortByCountry, false},
}

// listTitle names the account list after what it holds: an account manager's
// own portfolio, or everything a director, viewer or administrator may see.
func listTitle(p *kam.Principal) string {
	if p != nil && (p.Role == kam.RoleAM || p.Role == kam.RoleKAM) {
		return "My accounts"
	}
	return "Accounts"
}

// portfolioFilterKeys are the query parameters that filter or order the list.
var portfolioFilterKeys = []string{"q", "owner", "tier", "status", "quadrant", "flag", "country", "sort", "desc"}

// readPortfolioFilter reads the list's filters and order from a query
// string, refusing values no list has; the list page and its exports share it.
func readPortfolioFilter(q url.Values) (kam.AccountFilter, error) {
	f := kam.AccountFilter{
		Query: q.Get("q"), Status: kam.AccountStatus(q.Get("status")), Tier: q.Get("tier"),
		Quadrant: q.Get("quadrant"), Flag: q.Get("flag"), Country: strings.ToUpper(strings.TrimSpace(q.Get("country"))),
		Sort: kam.AccountSort(q.Get("sort")), Desc: q.Get("desc") == "1", After: q.Get("after"),
	}
	if o := q.Get("owner"); o != "" {
		id, err := strconv.ParseInt(o, 10, 64)
		if err != nil || id <= 0 {
			return f, kam.FieldError("owner", "There is no owner %q; pick one from the list.", o)
		}
		f.OwnerID = id
	}
	if err := checkTier(f.Tier); err != nil {
		return f, err
	}
	if f.Status != "" && !f.Status.Valid() {
		return f, kam.FieldError("status", "There is no status %q; pick one from the list.", f.Status)
	}
	if f.Quadrant != "" && !slices.Contains(append(score.Quadrants, score.Unclassified), score.Quadrant(f.Quadrant)) {
		return f, kam.FieldError("quadrant", "There is no classification %q; pick one from the list.", f.Quadrant)
	}
	if f.Sort != "" && !slices.Contains(kam.AccountSorts, f.Sort) {
		return f, kam.FieldError("sort", "The list cannot be sorted by %q.", f.Sort)
	}
	return f, nil
}

// Portfolio serves GET /accounts: the accounts the user may see with their
// health, priority, revenue and trend; filtered by owner, tier, status,
// classification, flag and country; searched; sorted by any column; keyset
// paged (?after=CURSOR); with the selection matrix on the first page.
func (a *App) Portfolio(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), httpx.Principal(r.Context())
	q := r.URL.Query()
	f, ferr := readPortfolioFilter(q)
	f.Limit = portfolioPageSize
	d := &portfolioPage{
		layout: layout{Title: listTitle(p), Nav: "accounts"}, Query: f.Query, Country: f.Country,
		Statuses: options(kam.AccountStatuses, f.Status), Tiers: options(kam.Tiers, f.Tier),
		FlagKinds: flagOptions(f.Flag),
	}
	link := filterLink(q, portfolioFilterKeys...)
	d.Filtered = len(link) > 0
	if f.After != "" {
		d.FirstURL = "/accounts?" + link.Encode()
	}
	d.ExportCSV, d.ExportXLSX = exportLinks(link)
	d.Columns = sortLinks(link, f)
	cfg, err := portfolio.LoadConfig(ctx, a.st)
	if err != nil {
		a.Error(w, r, err)
		return
	}
	labels := quadrantLabels(cfg.Classify)
	d.Quadrants = quadrantOptions(labels, f.Quadrant)
	if d.Owners, err = a.ownerOptions(r, f.OwnerID); err != nil {
		a.Error(w, r, err)
		return
	}
	if p := httpx.Principal(ctx); p.CanWrite() && (p.IsAdmin() || p.Role == kam.RoleDirector) {
		d.HandOver = "/handover"
		if f.OwnerID != 0 {
			d.HandOver += "?from=" + strconv.FormatInt(f.OwnerID, 10)
		}
	}
	var page *store.PortfolioPage
	err = ferr
	if err == nil {
		page, err = a.st.FindPortfolio(ctx, p, f)
	}
	switch {
	case kam.ErrorCode(err) == kam.EINVALID:
		// A hand-edited or stale address: say what is wrong above the filters.
		d.Error = kam.ErrorMessage(err)
		a.render(w, r, http.StatusBadRequest, "portfolio", d)
		return
	case err != nil:
		a.Error(w, r, err)
		return
	}
	for _, row := range page.Rows {
		pr := portfolioRow{PortfolioRow: row, Band: string(score.BandUnknown), Quadrant: labels[score.Quadrant(row.Quadrant)],
			Spark: newSparkline(row.Monthly, row.Currency)}
		if row.HasHealth {
			pr.Band = string(score.BandOf(float64(row.Health)))
		}
		d.Rows = append(d.Rows, pr)
	}
	if page.Next != "" {
		link.Set("after", page.Next)
		d.NextURL = "/accounts?" + link.Encode()
	}
	if f.After == "" {
		sum, err := a.views.get(ctx, "portfolio:"+strconv.FormatInt(p.UserID, 10), func(ctx context.Context) (any, error) {
			t, err := a.st.FindPortfolioTotals(ctx, p)
			if err != nil {
				return nil, err
			}
			m, err := a.st.FindMatrix(ctx, p, matrixDots)
			return &portfolioSummary{totals: t, matrix: m}, err
		})
		if err != nil {
			a.Error(w, r, err)
			return
		}
		d.Totals = sum.(*portfolioSummary).totals
		d.Matrix = newMatrix(sum.(*portfolioSummary).matrix, cfg.Classify, func(quadrant string) string {
			return "/accounts?" + url.Values{"quadrant": {quadrant}}.Encode()
		})
	}
	a.render(w, r, http.StatusOK, "portfolio", d)
}

// sortLinks are the column headers' links: each sorts by its column,
// keeping the filters; the current column's link reverses its order.
func sortLinks(filters url.Values, f kam.AccountFilter) []columnHead {
	current := f.Sort
	if current == "" {
		current = kam.SortByName
	}
	var out []columnHead
	for _, c := range portfolioColumns {
		v := url.Values{}
		for k, vs := range filters {
			v[k] = vs
		}
		v.Del("after")
		v.Set("sort", string(c.Sort))
		desc := c.DescFirst
		l := columnHead{Label: c.Label, Class: c.Class}
		if c.Sort == current {
			l.Sort = "ascending"
			if f.Desc {
				l.Sort = "descending"
			}
			desc = !f.Desc
		}
		v.Del("desc")
		if desc {
			v.Set("desc", "1")
		}
		l.Href = "/accounts?" + v.Encode()
		out = append(out, l)
	}
	return out
}

// quadrantLabels names the quadrants as the settings do.
func quadrantLabels(cfg score.ClassifyConfig) map[score.Quadrant]string {
	labels := score.MillmanWilsonLabels()
	for q, l := range cfg.Labels {
		labels[q] = l
	}
	labels[score.Unclassified] = "Unclassified"
	return labels
}

// quadrantOptions are the classification filter's choices.
func quadrantOptions(labels map[score.Quadrant]string, current string) []option {
	var out []option
	for _, q := range append(score.Quadrants, score.Unclassified) {
		out = append(out, option{Value: string(q), Label: labels[q], Selected: string(q) == current})
	}
	return out
}

// flagOptions are the flag filter's choices: any flag, or one kind.
func flagOptions(current string) []option {
	out := []option{{Value: kam.FlagAny, Label: "Any open flag", Selected: current == kam.FlagAny}}
	for _, k := range flagKinds {
		out = append(out, option{Value: string(k.Kind), Label: k.Words, Selected: string(k.Kind) == current})
	}
	return out
}

// ownerOptions are the owner filter's choices: the people who manage accounts.
func (a *App) ownerOptions(r *http.Request, current int64) ([]option, error) {
	users, err := a.st.FindUsers(r.Context(), httpx.Principal(r.Context()))
	if err != nil {
		return nil, err
	}
	var out []option
	for _, u := range users {
		switch u.Role {
		case kam.RoleAM, kam.RoleKAM, kam.RoleDirector:
			out = append(out, option{Value: strconv.FormatInt(u.ID, 10), Label: u.Name(), Selected: u.ID == current})
		}
	}
	slices.SortFunc(out, func(x, y option) int { return strings.Compare(x.Label, y.Label) })
	return out, nil
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
// selecting returns choices with the one whose value is current selected.
func selecting(choices []option, current string) []option {
	out := make([]option, len(choices))
	for i, c := range choices {
		out[i] = option{Value: c.Value, Label: c.Label, Selected: c.Value == current}
	}
	return out
}

// filterLink keeps the filters of a list's query that are set, for the
// links that page through the same list.
func filterLink(q url.Values, keys ...string) url.Values {
	link := url.Values{}
	for _, k := range keys {
		if v := q.Get(k); v != "" {
			link.Set(k, v)
		}
	}
	return link
}

func options[T ~string](values []T, current T) []option {
	out := make([]option, len(values))
	for i, v := range values {
		out[i] = option{Value: string(v), Label: label(v), Selected: v == current}
	}
	return out
}
