package web

import (
	"cmp"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
	"github.com/kamhq/kam/store"
)

// The pipeline page shows the deals of the accounts the user may see as a
// board, a column per stage, or as a table (?view=table), filtered by owner
// and close-date quarter, all kept in the address. A deal moves to another
// stage by a plain form (POST /opportunities/{id}/stage with stage,
// version and next) that redirects back to the board; the page's script
// sends the same form on a drag, an arrow key or [ and ], and swaps in the
// board it gets back. A move made from an older version of a deal is
// refused: the board comes back with status 409 and says where the deal is
// now, and nothing is overwritten.

// pipelineStageLimit is the most deals the table lists per stage, and
// boardStageLimit the most cards the board shows in a column: each card
// carries its move forms, and a board of an organisation's hundreds of
// deals took the browser a second to lay out.
const (
	pipelineStageLimit = 150
	boardStageLimit    = 25
)

// pipelineSorts are the table's sort orders.
var pipelineSorts = []string{"close", "amount", "weighted", "stage", "account"}

// pipelineFilter is the page's filters and view, read from a query string.
type pipelineFilter struct {
	Table   bool
	Owner   string // "", "me" or a user id
	Quarter string // "", or a quarter as 2026-Q2
	Sort    string // one of pipelineSorts; "" is by close date
	Desc    bool
}

// readPipelineFilter reads and checks the filters of a query string.
func readPipelineFilter(q url.Values) (pipelineFilter, error) {
	f := pipelineFilter{Owner: q.Get("owner"), Quarter: q.Get("quarter"), Sort: q.Get("sort"), Desc: q.Get("dir") == "desc"}
	switch v := q.Get("view"); v {
	case "", "board":
	case "table":
		f.Table = true
	default:
		return pipelineFilter{}, kam.FieldError("view", "There is no view %q; the pipeline is a board or a table.", v)
	}
	if f.Owner != "" && f.Owner != "me" {
		if id, err := strconv.ParseInt(f.Owner, 10, 64); err != nil || id <= 0 {
			return pipelineFilter{}, kam.FieldError("owner", "There is no owner %q; pick one from the list.", f.Owner)
		}
	}
	if f.Quarter != "" {
		if _, _, err := quarterDays(f.Quarter); err != nil {
			return pipelineFilter{}, err
		}
	}
	if f.Sort != "" && !slices.Contains(pipelineSorts, f.Sort) {
		return pipelineFilter{}, kam.FieldError("sort", "The table sorts by %s.", strings.Join(pipelineSorts, ", "))
	}
	if f.Sort == "close" {
		f.Sort = ""
	}
	return f, nil
}

// query is the filters as a query string, without the defaults.
func (f pipelineFilter) query() url.Values {
	v := url.Values{}
	if f.Table {
		v.Set("view", "table")
	}
	if f.Owner != "" {
		v.Set("owner", f.Owner)
	}
	if f.Quarter != "" {
		v.Set("quarter", f.Quarter)
	}
	if f.Table && f.Sort != "" {
		v.Set("sort", f.Sort)
	}
	if f.Table && f.Desc {
		v.Set("dir", "desc")
	}
	return v
}

// url is the page's address with the filters.
func (f pipelineFilter) url() string {
	if q := f.query().Encode(); q != "" {
		return "/pipeline?" + q
	}
	return "/pipeline"
}

// quarterDays returns the first and last day of a quarter given as
// 2026-Q2.
func quarterDays(s string) (kam.Date, kam.Date, error) {
	year, q, ok := strings.Cut(s, "-Q")
	y, yerr := strconv.Atoi(year)
	n, nerr := strconv.Atoi(q)
	if !ok || yerr != nil || nerr != nil || len(year) != 4 || n < 1 || n > 4 {
		return kam.Date{}, kam.Date{}, kam.FieldError("quarter", "There is no quarter %q; pick one from the list.", s)
	}
	first := kam.NewDate(y, time.Month(3*n-2), 1)
	return first, kam.DateOf(first.Time().AddDate(0, 3, -1)), nil
}

// quarterOf names the quarter of a day: 2026-Q2.
func quarterOf(d kam.Date) string {
	t := d.Time()
	return fmt.Sprintf("%d-Q%d", t.Year(), (int(t.Month())+2)/3)
}

// quarterLabel is a quarter for people: "Q2 2026".
func quarterLabel(s string) string {
	year, q, _ := strings.Cut(s, "-")
	return q + " " + year
}

// quarterOptions are the close-date quarters to choose from: the last,
// this and the next three, and the one chosen if it is another.
func quarterOptions(today kam.Date, current string) []option {
	var out []option
	found := false
	this := kam.NewDate(today.Time().Year(), today.Time().Month(), 1)
	for i := -3; i <= 9; i += 3 {
		q := quarterOf(kam.DateOf(this.Time().AddDate(0, i, 0)))
		l := quarterLabel(q)
		if i == 0 {
			l += " (this quarter)"
		}
		out = append(out, option{Value: q, Label: l, Selected: q == current})
		found = found || q == current
	}
	if current != "" && !found {
		out = append(out, option{Value: current, Label: quarterLabel(current), Selected: true})
	}
	return out
}

// dealCard is one deal on the board or in the table.
type dealCard struct {
	*store.PipelineDeal
	Weighted  kam.Money
	Overdue   bool // open, and its close date has passed
	Prev      string
	Next      string
	PrevLabel string
	NextLabel string
	Error     bool // the deal the page's message is about
}

// stageColumn is one stage of the board.
type stageColumn struct {
	Stage, Label string
	Closed       bool
	Deals        []*dealCard
	Count        int // deals that match, listed or not
	More         int
	Totals       []store.StageTotal
}

// currencyTotal is the open pipeline in one currency.
type currencyTotal struct {
	Currency         string
	Deals            int
	Amount, Weighted kam.Money
}

// sortLink is a table heading that sorts by its column.
type sortLink struct {
	URL  string
	Sort string // "ascending", "descending" or "" for aria-sort
}

// pipelinePage is the data of the pipeline page.
type pipelinePage struct {
	layout
	Filter   pipelineFilter
	Filtered bool
	Owners   []option
	Quarters []option
	Columns  []*stageColumn
	Deals    []*dealCard // the table's rows, sorted
	Open     []currencyTotal
	// Listed and Total count the deals listed and those that match.
	Listed, Total int
	Stages        []option
	CanEdit       bool
	Notice        string
	Error         string
	// Back is the page's address with its filters, where moves return.
	Back               string
	BoardURL, TableURL string
	Sorts              map[string]sortLink
}

// Pipeline serves GET /pipeline: the deals of the accounts the user may
// see, as a board or a table (?view=table&sort=amount&dir=desc), filtered
// by owner (?owner=me or a user id) and close-date quarter
// (?quarter=2026-Q2). After a move the board says which deal moved where
// (?moved=ID), in words of its own.
func (a *App) Pipeline(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f, err := readPipelineFilter(q)
	d := &pipelinePage{}
	status := http.StatusOK
	if err != nil {
		d.Error, status = kam.ErrorMessage(err), http.StatusBadRequest
	}
	if id, err := strconv.ParseInt(q.Get("moved"), 10, 64); err == nil && id > 0 {
		if o, err := a.st.FindOpportunity(r.Context(), httpx.Principal(r.Context()), id); err == nil {
			d.Notice = fmt.Sprintf("“%s” moved to %s.", o.Name, label(o.Stage))
		}
	}
	a.renderPipeline(w, r, status, f, d, 0)
}

// renderPipeline lists the deals as filtered into d and renders the page;
// errorDeal is the deal d's message is about.
func (a *App) renderPipeline(w http.ResponseWriter, r *http.Request, status int, f pipelineFilter, d *pipelinePage, errorDeal int64) {
	ctx, p := r.Context(), httpx.Principal(r.Context())
	d.layout = layout{Title: "Pipeline", Nav: "pipeline"}
	d.Filter, d.CanEdit, d.Back = f, p.CanWrite(), f.url()
	d.Filtered = f.Owner != "" || f.Quarter != ""
	board, table := f, f
	board.Table, table.Table = false, true
	d.BoardURL, d.TableURL = board.url(), table.url()
	today := kam.DateOf(time.Now())
	d.Quarters = quarterOptions(today, f.Quarter)
	for _, st := range kam.Stages {
		d.Stages = append(d.Stages, option{Value: st, Label: label(st)})
	}

	sf := store.OpportunityFilter{Limit: boardStageLimit}
	if f.Table {
		sf.Limit = pipelineStageLimit
	}
	switch f.Owner {
	case "":
	case "me":
		sf.OwnerID = p.UserID
	default:
		sf.OwnerID, _ = strconv.ParseInt(f.Owner, 10, 64)
	}
	if f.Quarter != "" {
		sf.CloseFrom, sf.CloseTo, _ = quarterDays(f.Quarter)
	}
	list, err := a.st.FindOpportunities(ctx, p, sf)
	if err != nil {
		a.Error(w, r, err)
		return
	}

	d.Owners = []option{{Value: "me", Label: "Me", Selected: f.Owner == "me"}}
	for _, o := range list.Owners {
		if o.ID == p.UserID {
			continue
		}
		v := strconv.FormatInt(o.ID, 10)
		d.Owners = append(d.Owners, option{Value: v, Label: cmp.Or(o.Name, "User "+v), Selected: v == f.Owner})
	}
	if f.Owner != "" && !slices.ContainsFunc(d.Owners, func(o option) bool { return o.Selected }) {
		d.Owners = append(d.Owners, option{Value: f.Owner, Label: "User " + f.Owner, Selected: true})
	}

	cols := map[string]*stageColumn{}
	for _, st := range kam.Stages {
		c := &stageColumn{Stage: st, Label: label(st), Closed: st == "won" || st == "lost", More: list.More[st]}
		cols[st] = c
		d.Columns = append(d.Columns, c)
	}
	open := map[string]*currencyTotal{}
	var currencies []string
	for _, t := range list.Totals {
		c := cols[t.Stage]
		c.Totals = append(c.Totals, t)
		c.Count += t.Deals
		d.Total += t.Deals
		if c.Closed {
			continue
		}
		ct := open[t.Currency]
		if ct == nil {
			ct = &currencyTotal{Currency: t.Currency}
			open[t.Currency] = ct
			currencies = append(currencies, t.Currency)
		}
		ct.Deals += t.Deals
		ct.Amount += t.Amount
		ct.Weighted += t.Weighted
	}
	slices.Sort(currencies)
	for _, c := range currencies {
		d.Open = append(d.Open, *open[c])
	}
	for _, o := range list.Deals {
		i := slices.Index(kam.Stages, o.Stage)
		card := &dealCard{PipelineDeal: o, Weighted: o.Weighted(), Error: o.ID == errorDeal}
		card.Overdue = !o.IsClosed() && !o.CloseDate.IsZero() && o.CloseDate.Before(today)
		if i > 0 {
			card.Prev = kam.Stages[i-1]
			card.PrevLabel = label(card.Prev)
		}
		if i >= 0 && i < len(kam.Stages)-1 {
			card.Next = kam.Stages[i+1]
			card.NextLabel = label(card.Next)
		}
		if c := cols[o.Stage]; c != nil {
			c.Deals = append(c.Deals, card)
		}
		d.Deals = append(d.Deals, card)
	}
	d.Listed = len(d.Deals)
	sortDeals(d.Deals, f.Sort, f.Desc)
	d.Sorts = map[string]sortLink{}
	for _, s := range pipelineSorts {
		link := f
		link.Table, link.Sort, link.Desc = true, s, false
		key := cmp.Or(f.Sort, "close")
		var aria string
		if key == s {
			link.Desc = !f.Desc
			aria = "ascending"
			if f.Desc {
				aria = "descending"
			}
		}
		if link.Sort == "close" {
			link.Sort = ""
		}
		d.Sorts[s] = sortLink{URL: link.url(), Sort: aria}
	}
	a.render(w, r, status, "pipeline", d)
}

// sortDeals orders the table's rows; ties go by close date, then id.
func sortDeals(deals []*dealCard, by string, desc bool) {
	byClose := func(a, b *dealCard) int {
		if az, bz := a.CloseDate.IsZero(), b.CloseDate.IsZero(); az != bz {
			if az {
				return 1 // undated last
			}
			return -1
		}
		return cmp.Or(a.CloseDate.Time().Compare(b.CloseDate.Time()), cmp.Compare(a.ID, b.ID))
	}
	key := map[string]func(a, b *dealCard) int{
		"amount":   func(a, b *dealCard) int { return cmp.Compare(a.Amount, b.Amount) },
		"weighted": func(a, b *dealCard) int { return cmp.Compare(a.Weighted, b.Weighted) },
		"stage": func(a, b *dealCard) int {
			return cmp.Compare(slices.Index(kam.Stages, a.Stage), slices.Index(kam.Stages, b.Stage))
		},
		"account": func(a, b *dealCard) int {
			return cmp.Or(cmp.Compare(kam.SearchKey(a.AccountName), kam.SearchKey(b.AccountName)), cmp.Compare(a.AccountID, b.AccountID))
		},
	}[by]
	slices.SortStableFunc(deals, func(a, b *dealCard) int {
		c := 0
		if key != nil {
			c = key(a, b)
		} else {
			c = byClose(a, b)
		}
		if desc {
			c = -c
		}
		return cmp.Or(c, byClose(a, b))
	})
}

// MoveOpportunity serves POST /opportunities/{id}/stage: it moves a deal
// to the form's stage if the deal is still at the form's version, and
// redirects to next (a local address; the board by default), telling the
// board which deal moved. A move that cannot be made shows the board again
// with the reason and the status of its code: 409 when the deal changed
// since the page was shown, saying where it is now.
func (a *App) MoveOpportunity(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		a.Error(w, r, kam.Errorf(kam.EINVALID, "The form could not be read; reload the page and try again."))
		return
	}
	next := safeNext(cmp.Or(r.PostForm.Get("next"), "/pipeline"))
	nu, _ := url.Parse(next) // safeNext returns a path that parses
	f := pipelineFilter{}
	if nu.Path == "/pipeline" {
		if nf, err := readPipelineFilter(nu.Query()); err == nil {
			f = nf
		}
	}
	id, ok := httpx.PathID(r, "id")
	var err error
	switch version, verr := strconv.ParseInt(r.PostForm.Get("version"), 10, 64); {
	case !ok:
		err = kam.Errorf(kam.ENOTFOUND, "There is no deal %q.", r.PathValue("id"))
	case verr != nil:
		err = kam.FieldError("version", "The form has no version of the deal; reload the page and try again.")
	default:
		_, err = a.st.MoveOpportunity(r.Context(), httpx.Principal(r.Context()), id, r.PostForm.Get("stage"), version)
	}
	switch code := kam.ErrorCode(err); {
	case err == nil:
		if nu.Path == "/pipeline" {
			q := nu.Query()
			q.Set("moved", strconv.FormatInt(id, 10))
			nu.RawQuery = q.Encode()
			nu.Fragment = "deal-" + strconv.FormatInt(id, 10)
			next = nu.String()
		}
		http.Redirect(w, r, next, http.StatusSeeOther)
	case code == kam.ECONFLICT || code == kam.EINVALID || code == kam.ENOTFOUND || code == kam.EFORBIDDEN:
		a.renderPipeline(w, r, httpx.Status(code), f, &pipelinePage{Error: kam.ErrorMessage(err)}, id)
	default:
		a.Error(w, r, err)
	}
}
