package web

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
	"github.com/kamhq/kam/store"
)

// The targets page (/targets?period=FY2027-Q1): for a month, fiscal
// quarter or fiscal year, each person's and unit's target beside what
// they attained, the forecast for the rest of the period and the
// projection, with a bar per row; the units in org-tree order, each with
// its own target beside the sum of its people's; the account objectives of
// the period; and the forms that set and change quotas (directors and
// administrators) and, for administrators, the fiscal year's start. The
// figures are store.Attainment's.

// targetsPage is the data of the targets page.
type targetsPage struct {
	layout
	Period kam.Period
	// Kinds link to the month, quarter and year holding the period.
	Kinds      []periodLink
	Prev, Next periodLink
	Current    string // this period's link, "" when showing it
	Periods    []option
	Figures    *store.Attainment
	// Tables are the people's, the org tree's and the objectives', each
	// when it has rows.
	Tables         []targetTable
	HasForecast    bool
	Reach          string // the last month forecast, when the period goes beyond
	Notice, Error  string
	OneCurrency    string
	CanSetQuotas   bool
	Closed         bool // the period has ended: its targets stay as they are
	Form           targetForm
	IsAdmin        bool
	FiscalMonths   []option
	FiscalStartsIn string
	// FiscalError is why the fiscal year did not move; FiscalMisfits the
	// open targets in the way, which the administrator may delete while
	// moving it to FiscalMoveTo.
	FiscalError    string
	FiscalMisfits  []store.FiscalMisfit
	FiscalMoveTo   int
	FiscalMoveName string
}

// periodLink is a link to a period of the page.
type periodLink struct {
	Href, Label string
	Current     bool
}

// targetForm is the form that sets a quota: its choices and, after a
// refused save, what was typed and why it was refused.
type targetForm struct {
	Subjects, Bases  []option
	Amount, Currency string
	Error, Field     string
}

// targetTable is a table of rows of targets, on the targets page or the
// account page's objectives.
type targetTable struct {
	ID, Heading, Caption string
	Rows                 []*targetRow
	HasForecast          bool
}

// targetRow is a row of the page: a subject's figures, its bar and
// whether its target may be changed here.
type targetRow struct {
	*store.TargetFigures
	// Depth indents a unit in the tree; Sub says more of the row; Link is
	// the page of the row's account.
	Depth int
	Sub   string
	Link  string
	Bar   attainmentBar
	// Editable says the user may change the target set for the period;
	// its form goes back to the targets page of period Key, or to the
	// account page of Back for an objective.
	Editable bool
	// SetFor is the row's person or unit ("user:12", "unit:3") when no
	// target is set for the period and the user may set one: the row
	// links to the form, prefilled.
	SetFor string
	Key    string
	Back   int64
	// Forecasted says the table has the forecast's columns.
	Forecasted bool
}

// attainmentBar draws a row's target, achievement and projection on a
// scale of 0 to 100 (the largest of the three).
type attainmentBar struct {
	Achieved, Projected, Target float64
	HasTarget, Show             bool
	// Band is met, near or short for the projection against the target.
	Band  string
	Title string
}

// newAttainmentBar scales a row's figures for its bar.
func newAttainmentBar(f *store.TargetFigures, withForecast bool) attainmentBar {
	projected := f.Achieved
	if withForecast {
		projected = f.Projected
	}
	top := max(f.Target.Float(), projected.Float(), f.Achieved.Float())
	b := attainmentBar{HasTarget: f.HasTarget, Show: top > 0}
	if !b.Show {
		return b
	}
	scale := func(m kam.Money) float64 { return float64(int(m.Float()/top*1000+0.5)) / 10 }
	b.Achieved, b.Projected, b.Target = scale(max(f.Achieved, 0)), scale(max(projected, 0)), scale(f.Target)
	b.Title = "achieved " + money(f.Achieved, f.Currency)
	if withForecast {
		b.Title += ", projected " + money(f.Projected, f.Currency)
	}
	if f.HasTarget {
		b.Title = "target " + money(f.Target, f.Currency) + ", " + b.Title
		pct := f.Attainment
		if withForecast {
			pct = f.ProjectedAttainment
		}
		switch {
		case pct == nil:
		case *pct >= 100:
			b.Band = "met"
		case *pct >= 85:
			b.Band = "near"
		default:
			b.Band = "short"
		}
	}
	return b
}

// Targets serves GET /targets: the period's targets and attainment in the
// user's scope. A malformed ?period= is a 400 that says what one looks
// like.
func (a *App) Targets(w http.ResponseWriter, r *http.Request) {
	d, err := a.targetsPage(r, r.URL.Query().Get("period"))
	if err != nil && kam.ErrorCode(err) != kam.EINVALID {
		a.Error(w, r, err)
		return
	}
	status := http.StatusOK
	if err != nil {
		status, d.Error = http.StatusBadRequest, kam.ErrorMessage(err)
	}
	d.Notice = targetSaved[r.URL.Query().Get("saved")]
	if set := r.URL.Query().Get("for"); set != "" { // a row's "Set" link
		d.Form.Subjects = selecting(d.Form.Subjects, set)
	}
	a.render(w, r, status, "targets", d)
}

// targetSaved are the sentences a save redirects with.
var targetSaved = map[string]string{
	"created":     "Target set.",
	"saved":       "Target changed.",
	"deleted":     "Target deleted.",
	"fiscal-year": "Fiscal year saved.",
}

// targetsPage gathers the page for a period's key ("" for this fiscal
// quarter). A malformed key shows this quarter with the EINVALID error.
func (a *App) targetsPage(r *http.Request, key string) (*targetsPage, error) {
	ctx, p := r.Context(), httpx.Principal(r.Context())
	cal, err := a.st.FiscalCalendar(ctx)
	if err != nil {
		return nil, err
	}
	today := kam.DateOf(a.st.Now())
	period, keyErr := cal.At(kam.PeriodQuarter, today), error(nil)
	if key != "" {
		if parsed, err := cal.ParsePeriod(key); err != nil {
			keyErr = err
		} else {
			period = parsed
		}
	}
	d := &targetsPage{layout: layout{Title: "Targets", Nav: "targets"}, Period: period, Closed: period.Closed(today),
		IsAdmin: p.IsAdmin() && p.CanWrite(), CanSetQuotas: (p.IsAdmin() || p.Role == kam.RoleDirector) && p.CanWrite()}
	d.picker(cal, period, today)
	d.FiscalStartsIn = cal.StartMonth.String()
	for m := 1; m <= 12; m++ {
		d.FiscalMonths = append(d.FiscalMonths, option{Value: strconv.Itoa(m), Label: time.Month(m).String(), Selected: m == int(cal.StartMonth)})
	}
	if d.Figures, err = a.st.Attainment(ctx, p, store.AttainmentQuery{Period: period, Today: today, Reach: forecastReach}); err != nil {
		return nil, err
	}
	d.HasForecast = d.Figures.Window.Has
	if d.Figures.Window.Cut {
		d.Reach = forecastMonth(d.Figures.Window.To)
	}
	if err := a.targetRows(r, p, d); err != nil {
		return nil, err
	}
	return d, keyErr
}

// picker fills the links to the period's neighbours, kinds and the select.
func (d *targetsPage) picker(cal kam.FiscalCalendar, period kam.Period, today kam.Date) {
	link := func(p kam.Period) string { return "/targets?period=" + p.Key() }
	d.Prev = periodLink{Href: link(cal.Shift(period, -1)), Label: cal.Shift(period, -1).Label()}
	d.Next = periodLink{Href: link(cal.Shift(period, 1)), Label: cal.Shift(period, 1).Label()}
	if this := cal.At(period.Kind, today); this.Key() != period.Key() {
		d.Current = link(this)
	}
	anchor := period.First
	if !today.Before(period.First) && !period.Last.Before(today) {
		anchor = today
	}
	for _, kind := range kam.PeriodKinds {
		p := cal.At(kind, anchor)
		d.Kinds = append(d.Kinds, periodLink{Href: link(p), Label: capitalise(string(kind)), Current: kind == period.Kind})
	}
	for i := -4; i <= 4; i++ {
		p := cal.Shift(period, i)
		d.Periods = append(d.Periods, option{Value: p.Key(), Label: p.Label(), Selected: i == 0})
	}
}

// targetRows turns the figures into the page's rows: people by name,
// units in tree order, objectives by account; and the form's choices.
func (a *App) targetRows(r *http.Request, p *kam.Principal, d *targetsPage) error {
	tree, err := a.loadOrgTree(r.Context())
	if err != nil {
		return err
	}
	row := func(f *store.TargetFigures) *targetRow {
		return &targetRow{TargetFigures: f, Bar: newAttainmentBar(f, d.HasForecast), Key: d.Period.Key(), Forecasted: d.HasForecast}
	}
	var people, units, objectives []*targetRow
	currencies := map[string]bool{}
	for _, f := range d.Figures.Users {
		tr := row(f)
		tr.Editable = d.CanSetQuotas && !d.Closed && f.Set != nil && f.UserID != p.UserID
		if d.CanSetQuotas && !d.Closed && f.Set == nil && f.UserID != p.UserID {
			tr.SetFor = "user:" + strconv.FormatInt(f.UserID, 10)
		}
		people = append(people, tr)
		currencies[f.Currency] = true
	}
	order := map[int64]int{}
	for i, u := range tree.units {
		order[u.ID] = i
	}
	for _, f := range d.Figures.Units {
		tr := row(f)
		tr.Depth, tr.Editable = tree.depth[f.OrgUnitID], d.CanSetQuotas && !d.Closed && f.Set != nil
		if d.CanSetQuotas && !d.Closed && f.Set == nil {
			tr.SetFor = "unit:" + strconv.FormatInt(f.OrgUnitID, 10)
		}
		if f.HasMembersTarget {
			tr.Sub = "people's quotas " + money(f.MembersTarget, f.Currency)
		}
		units = append(units, tr)
		currencies[f.Currency] = true
	}
	slices.SortStableFunc(units, func(x, y *targetRow) int {
		return cmp.Or(cmp.Compare(order[x.OrgUnitID], order[y.OrgUnitID]), strings.Compare(x.Currency, y.Currency))
	})
	for _, f := range d.Figures.Accounts {
		tr := row(f)
		tr.Sub, tr.Link = f.Set.Description, "/accounts/"+strconv.FormatInt(f.AccountID, 10)+"#objectives"
		objectives = append(objectives, tr)
	}
	in := ""
	if len(currencies) == 1 {
		for cur := range currencies {
			d.OneCurrency, in = cur, ", in "+cur
		}
	}
	label := d.Period.Label()
	for _, t := range []targetTable{
		{"tg-people", "People" + in, label + ": each person's quota, what they achieved, the forecast and the projection", people, d.HasForecast},
		{"tg-units", "The org tree" + in, label + ": each unit's own quota beside the sum of its people's, and what the accounts of its subtree achieved", units, d.HasForecast},
		{"tg-objectives", "Account objectives for " + label, label + ": the accounts' objectives and what the accounts and those below them achieved", objectives, d.HasForecast},
	} {
		if len(t.Rows) > 0 {
			d.Tables = append(d.Tables, t)
		}
	}
	if d.CanSetQuotas {
		d.Form = a.newTargetForm(r, p, tree, d.OneCurrency)
	}
	return nil
}

// newTargetForm is the quota form's choices: the people and units the user
// sets quotas for, by name.
func (a *App) newTargetForm(r *http.Request, p *kam.Principal, tree *orgTree, currency string) targetForm {
	f := targetForm{Currency: cmp.Or(currency, "EUR"), Bases: targetBases(kam.BasisOrders)}
	users, err := a.st.FindUsers(r.Context(), p)
	if err != nil {
		return f
	}
	inScope := func(unit int64) bool { return p.IsAdmin() || slices.Contains(p.OrgSubtree, unit) }
	for _, u := range users {
		seller := u.Role == kam.RoleAM || u.Role == kam.RoleKAM || u.Role == kam.RoleDirector
		if u.Active && u.ID != p.UserID && seller && inScope(u.OrgUnitID) {
			f.Subjects = append(f.Subjects, option{Value: "user:" + strconv.FormatInt(u.ID, 10), Label: u.Name() + " · " + tree.name(u.OrgUnitID)})
		}
	}
	slices.SortFunc(f.Subjects, func(x, y option) int { return strings.Compare(strings.ToLower(x.Label), strings.ToLower(y.Label)) })
	for _, u := range tree.options(0) {
		if id, _ := strconv.ParseInt(u.Value, 10, 64); inScope(id) {
			f.Subjects = append(f.Subjects, option{Value: "unit:" + u.Value, Label: "Unit: " + strings.TrimLeft(u.Label, "\u00a0")})
		}
	}
	return f
}

// targetBases are the choices of what a target counts.
func targetBases(selected string) []option {
	return []option{{Value: kam.BasisOrders, Label: "Orders (net revenue)", Selected: selected != kam.BasisWon},
		{Value: kam.BasisWon, Label: "Won deals", Selected: selected == kam.BasisWon}}
}
