package web

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/portfolio"
	"github.com/kamhq/kam/server/httpx"
	"github.com/kamhq/kam/store"
)

// The forecasts and targets page: for a quarter (?q=2026Q4, this one by
// default), each account manager's revenue target, the revenue of the
// accounts they own so far, the forecast of those accounts for the rest of
// the quarter, and the attainment these make; then per team and in total,
// with a bar chart of target against actual and forecast (chart_bars.go).
// An account manager sees themselves, a director their org subtree.
//
// Actual is the stored orders less credit notes, dated in the quarter up to
// today. The forecast is each account's own (portfolio.AccountForecastOf,
// the method its backtest picks plus its weighted open deals, as the
// account page and `kam forecast` have it), as kam recompute last kept it
// for the months ahead, summed per owner by the store. Of each account's
// monthly points only the months of the quarter count; the current month,
// forecast whole, counts for its days after today.
// Amounts in different currencies are never added: a person, team or total
// has a row per currency.

const (
	// forecastReach is the most months ahead the page forecasts: those
	// recompute keeps, the current month and five more, so that the next
	// quarter is always covered and the one after in part.
	forecastReach = portfolio.StoredForecastMonths
	// z80Interval is the normal quantile of a two-sided 80% interval.
	z80Interval = 1.2815515655446004
	// chartNameRunes is the longest name a chart row shows whole.
	chartNameRunes = 26
)

// salesQuarter is a calendar quarter: N is 1 to 4.
type salesQuarter struct{ Year, N int }

// quarterAt is the quarter of a day.
func quarterAt(d kam.Date) salesQuarter {
	return salesQuarter{d.Time().Year(), (int(d.Time().Month())-1)/3 + 1}
}

// parseSalesQuarter reads a quarter written as 2026Q4 (or 2026q4).
func parseSalesQuarter(s string) (salesQuarter, error) {
	year, n, ok := strings.Cut(strings.ToUpper(s), "Q")
	y, yerr := strconv.Atoi(year)
	q, qerr := strconv.Atoi(n)
	if !ok || yerr != nil || qerr != nil || len(year) != 4 || len(n) != 1 || y < 1900 || q < 1 || q > 4 {
		return salesQuarter{}, kam.FieldError("q", "There is no quarter %q: write a year and a quarter, such as %s.", s,
			quarterAt(kam.DateOf(time.Now())))
	}
	return salesQuarter{y, q}, nil
}

// String is the quarter as the address writes it: 2026Q4.
func (q salesQuarter) String() string { return fmt.Sprintf("%dQ%d", q.Year, q.N) }

// Label is the quarter for people: Q4 2026.
func (q salesQuarter) Label() string { return fmt.Sprintf("Q%d %d", q.N, q.Year) }

// First is the quarter's first day, Last its last.
func (q salesQuarter) First() kam.Date { return kam.NewDate(q.Year, time.Month(3*q.N-2), 1) }
func (q salesQuarter) Last() kam.Date  { return q.Add(1).First().AddDays(-1) }

// Add is the quarter n quarters later (earlier for n < 0).
func (q salesQuarter) Add(n int) salesQuarter {
	i := q.Year*4 + q.N - 1 + n
	return salesQuarter{i / 4, i%4 + 1}
}

// link is the page's address for the quarter.
func (q salesQuarter) link() string { return "/forecasts?q=" + q.String() }

// forecastFigures are one row's figures, in one currency.
type forecastFigures struct {
	Currency string
	// Target is the quarter's revenue target; HasTarget says one is set.
	Target    kam.Money
	HasTarget bool
	// ProRata marks a target counted in part, from a period longer than
	// the quarter; TeamTarget one set for the team rather than summed.
	ProRata, TeamTarget bool
	Actual              kam.Money
	// Forecast is for the rest of the quarter; Projected is Actual plus it.
	Forecast, Projected kam.Money
	// Low and High bound Projected with 80% probability, when HasInterval.
	Low, High   kam.Money
	HasInterval bool
	// Forecasted says the quarter has a forecast: Forecast, Projected and
	// ProjectedAttainment mean something.
	Forecasted bool
	// Attainment and ProjectedAttainment are "67%", "" without a target;
	// Band is met, near or short for the projected one.
	Attainment, ProjectedAttainment string
	Band                            string
	actualPct, projectedPct         float64
	variance                        float64 // of Forecast, in currency units squared
	// bare leaves the currency out of amounts: the page has one, which
	// its headings name.
	bare bool
}

// Amount writes one of the row's amounts with thousands separators, and
// its currency unless the page names it once.
func (f *forecastFigures) Amount(m kam.Money) string {
	if f.bare {
		return m.FormatGrouped()
	}
	return money(m, f.Currency)
}

// Interval writes the 80% interval of the projection: "95,000–125,000".
func (f *forecastFigures) Interval() string {
	return f.Low.FormatGrouped() + "–" + f.Amount(f.High)
}

// forecastRow is a person's, a team's or the total's row.
type forecastRow struct {
	forecastFigures
	Name string
	// Sub says where the row sits: a person's team, a team's members.
	Sub    string
	UserID int64
	team   int64
}

// add sums another row's actual and forecast into r; targets are summed
// by the caller, which knows whether a team has its own.
func (r *forecastRow) add(o *forecastRow) {
	r.Actual += o.Actual
	r.Forecast += o.Forecast
	r.variance += o.variance
}

// finish derives the projection, interval and attainments from the sums.
func (r *forecastRow) finish(withForecast bool) {
	r.Projected, r.Forecasted = r.Actual+r.Forecast, withForecast
	if withForecast && r.variance > 0 {
		sd := z80Interval * math.Sqrt(r.variance)
		r.Low = r.Actual + moneyOf(math.Max(r.Forecast.Float()-sd, 0))
		r.High = r.Actual + moneyOf(r.Forecast.Float()+sd)
		r.HasInterval = true
	}
	if !r.HasTarget || r.Target <= 0 {
		return
	}
	r.actualPct = math.Round(r.Actual.Float() / r.Target.Float() * 100)
	r.projectedPct = math.Round(r.Projected.Float() / r.Target.Float() * 100)
	r.Attainment = fmt.Sprintf("%.0f%%", r.actualPct)
	r.ProjectedAttainment = fmt.Sprintf("%.0f%%", r.projectedPct)
	switch {
	case r.projectedPct >= 100:
		r.Band = "met"
	case r.projectedPct >= 85:
		r.Band = "near"
	default:
		r.Band = "short"
	}
}

// moneyOf turns currency units back into Money, rounded.
func moneyOf(units float64) kam.Money { return kam.Money(math.Round(units * kam.MoneyScale)) }

// forecastsPage is the data of the forecasts and targets page.
type forecastsPage struct {
	layout
	Quarter  string // Q4 2026
	First    kam.Date
	Last     kam.Date
	Prev     string // the previous quarter's link and label
	PrevName string
	Next     string
	NextName string
	Current  string // this quarter's link, "" when showing it
	Quarters []option
	Error    string
	// When is "past", "current" or "future".
	When  string
	Today kam.Date
	// HasForecast says the quarter has days left that the forecast reaches.
	HasForecast bool
	// Reach names the last month forecast when the quarter goes beyond it.
	Reach string
	// Partial describes the current month's share, "24 of 31 days".
	Partial string
	People  []*forecastRow
	Teams   []*forecastRow
	Totals  []*forecastRow // one per currency
	Charts  []*barChart
	// NoTargets says no target in the user's scope overlaps the quarter.
	NoTargets bool
	ProRata   bool
	TeamLevel string // what a team is: "the units below Worldwide"
	// OneCurrency is the currency of every amount, "" when there are
	// several; the tables then write it beside each amount instead.
	OneCurrency string
}

// Forecasts serves GET /forecasts: per account manager in the user's
// scope, the quarter's target, actual revenue, forecast for the rest of the
// quarter and attainment, then per team and in total, with a bar chart. A
// malformed ?q= is a 400 that says what a quarter looks like.
func (a *App) Forecasts(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), httpx.Principal(r.Context())
	today := kam.DateOf(time.Now())
	q, status := quarterAt(today), http.StatusOK
	d := &forecastsPage{layout: layout{Title: "Forecasts and targets", Nav: "forecasts"}, Today: today}
	if s := r.URL.Query().Get("q"); s != "" {
		var err error
		if q, err = parseSalesQuarter(s); err != nil {
			q, status, d.Error = quarterAt(today), http.StatusBadRequest, kam.ErrorMessage(err)
		}
	}
	d.picker(q, today)
	if d.Error != "" {
		a.render(w, r, status, "forecasts", d)
		return
	}
	// The figures sum a whole book's forecasts and orders: they are kept a
	// while per user, quarter and day (viewCache).
	key := fmt.Sprintf("forecasts:%d:%s:%s", p.UserID, q, today)
	v, err := a.views.get(ctx, key, func(ctx context.Context) (any, error) {
		figures := *d
		if err := a.forecastFigures(ctx, p, q, today, &figures); err != nil {
			return nil, err
		}
		return &figures, nil
	})
	if err != nil {
		a.Error(w, r, err)
		return
	}
	page := *v.(*forecastsPage) // a copy: the kept page is shared
	a.render(w, r, status, "forecasts", &page)
}

// picker fills the quarter's name, days and the links to its neighbours.
func (d *forecastsPage) picker(q salesQuarter, today kam.Date) {
	this := quarterAt(today)
	d.Quarter, d.First, d.Last = q.Label(), q.First(), q.Last()
	d.Prev, d.PrevName = q.Add(-1).link(), q.Add(-1).Label()
	d.Next, d.NextName = q.Add(1).link(), q.Add(1).Label()
	if q != this {
		d.Current = this.link()
	}
	found := false
	for i := -4; i <= 4; i++ {
		o := this.Add(i)
		l := o.Label()
		if i == 0 {
			l += " (this quarter)"
		}
		d.Quarters = append(d.Quarters, option{Value: o.String(), Label: l, Selected: o == q})
		found = found || o == q
	}
	if !found {
		d.Quarters = append(d.Quarters, option{Value: q.String(), Label: q.Label(), Selected: true})
		slices.SortFunc(d.Quarters, func(x, y option) int { return cmp.Compare(x.Value, y.Value) })
	}
}

// ownerKey is a person's (or a unit's) figures in one currency.
type ownerKey struct {
	id       int64
	currency string
}

// forecastFigures reads the quarter's targets, revenue and forecast in p's
// scope into d's rows, teams, totals and charts.
func (a *App) forecastFigures(ctx context.Context, p *kam.Principal, q salesQuarter, today kam.Date, d *forecastsPage) error {
	first, last := q.First(), q.Last()
	switch {
	case last.Before(today):
		d.When = "past"
	case today.Before(first):
		d.When = "future"
	default:
		d.When = "current"
	}
	// An account manager's page is theirs alone: the team accounts they
	// may see are their owners' figures, not theirs.
	mine := func(owner int64) bool { return p.SeesOrgSubtree() || p.IsAdmin() || owner == p.UserID }
	rows := map[ownerKey]*forecastRow{}
	row := func(owner int64, currency string) *forecastRow {
		k := ownerKey{owner, currency}
		if rows[k] == nil {
			rows[k] = &forecastRow{UserID: owner, forecastFigures: forecastFigures{Currency: currency}}
		}
		return rows[k]
	}

	// A person's or unit's target for the quarter is the one set for it,
	// else the sum of its months' targets, else the quarter's share of a
	// longer one (kam.QuotaFor), as on the targets page.
	targets, err := a.st.FindTargets(ctx, p, first, last)
	if err != nil {
		return err
	}
	userQuotas, unitQuotas := map[ownerKey][]*kam.Target{}, map[ownerKey][]*kam.Target{}
	for _, t := range targets {
		switch {
		case t.UserID != 0 && mine(t.UserID):
			userQuotas[ownerKey{t.UserID, t.Currency}] = append(userQuotas[ownerKey{t.UserID, t.Currency}], t)
		case t.UserID == 0:
			unitQuotas[ownerKey{t.OrgUnitID, t.Currency}] = append(unitQuotas[ownerKey{t.OrgUnitID, t.Currency}], t)
		}
	}
	unitTargets := map[ownerKey]kam.Money{}
	d.NoTargets = len(userQuotas)+len(unitQuotas) == 0
	for k, ts := range userQuotas {
		quota := kam.QuotaFor(ts, first, last)
		r := row(k.id, k.currency)
		r.Target, r.HasTarget, r.ProRata = quota.Amount, true, quota.Source == kam.QuotaProRata
		d.ProRata = d.ProRata || r.ProRata
	}
	for k, ts := range unitQuotas {
		quota := kam.QuotaFor(ts, first, last)
		unitTargets[k] = quota.Amount
		d.ProRata = d.ProRata || quota.Source == kam.QuotaProRata
	}

	if d.When != "future" {
		revenue, err := a.st.RevenueByOwner(ctx, p, first, earlierDay(last, today))
		if err != nil {
			return err
		}
		for _, rv := range revenue {
			if mine(rv.OwnerID) {
				row(rv.OwnerID, rv.Currency).Actual += rv.Amount
			}
		}
	}

	// The forecast's months start with the first that is not complete; the
	// month under way counts for its days still to come.
	if w := store.NewForecastWindow(first, last, today, forecastReach); w.Has {
		d.HasForecast = true
		if w.Cut {
			d.Reach = forecastMonth(w.To)
		}
		if w.From == w.Partial {
			days := daysInMonth(today)
			d.Partial = fmt.Sprintf("%d of %d days", days-today.Time().Day(), days)
		}
		// The forecasts are those recompute keeps for the months ahead.
		sums, err := a.st.ForecastByOwner(ctx, p, int(w.From), int(w.To), int(w.Partial), w.Share)
		if err != nil {
			return err
		}
		for _, f := range sums {
			if !mine(f.OwnerID) || (f.Amount == 0 && f.Variance == 0) {
				continue
			}
			r := row(f.OwnerID, f.Currency)
			r.Forecast += moneyOf(f.Amount)
			r.variance += f.Variance
		}
	}
	return a.forecastRows(ctx, p, rows, unitTargets, d)
}

// forecastRows names the people's rows, groups them in teams, sums the
// totals and draws the charts.
func (a *App) forecastRows(ctx context.Context, p *kam.Principal, rows map[ownerKey]*forecastRow, unitTargets map[ownerKey]kam.Money, d *forecastsPage) error {
	if len(rows) == 0 {
		return nil
	}
	users, err := a.st.FindUsers(ctx, p)
	if err != nil {
		return err
	}
	tree, err := a.loadOrgTree(ctx)
	if err != nil {
		return err
	}
	userByID := map[int64]*kam.User{}
	for _, u := range users {
		userByID[u.ID] = u
	}
	var homes []int64
	for _, r := range rows {
		switch u := userByID[r.UserID]; {
		case r.UserID == 0:
			r.Name = "No owner"
		case u == nil:
			r.Name = fmt.Sprintf("User %d", r.UserID)
		default:
			r.Name = u.Name()
			r.team = u.OrgUnitID
		}
		if r.team != 0 {
			homes = append(homes, r.team)
		}
		d.People = append(d.People, r)
	}
	// A team is the branch of the org tree just below the unit all the
	// people share; someone who sits in that unit is a team of their own.
	top := tree.commonAncestor(homes)
	for _, r := range d.People {
		r.team = tree.below(top, r.team)
		r.Sub = tree.name(r.team)
	}
	slices.SortFunc(d.People, func(x, y *forecastRow) int {
		return cmp.Or(strings.Compare(strings.ToLower(x.Sub), strings.ToLower(y.Sub)), strings.Compare(strings.ToLower(x.Name), strings.ToLower(y.Name)),
			cmp.Compare(x.UserID, y.UserID), strings.Compare(x.Currency, y.Currency))
	})

	teams := map[ownerKey]*forecastRow{}
	var teamOrder []*forecastRow
	members := map[ownerKey]int{}
	for _, r := range d.People {
		k := ownerKey{r.team, r.Currency}
		t := teams[k]
		if t == nil {
			t = &forecastRow{team: r.team, Name: cmp.Or(tree.name(r.team), "No team"), forecastFigures: forecastFigures{Currency: r.Currency}}
			teams[k] = t
			teamOrder = append(teamOrder, t)
		}
		t.add(r)
		members[k]++
		if r.HasTarget {
			t.Target += r.Target
			t.HasTarget = true
			t.ProRata = t.ProRata || r.ProRata
		}
	}
	totals := map[string]*forecastRow{}
	for _, t := range teamOrder {
		k := ownerKey{t.team, t.Currency}
		if own, ok := unitTargets[k]; ok && t.team != 0 {
			t.Target, t.HasTarget, t.TeamTarget, t.ProRata = own, true, true, false
		}
		if n := members[k]; n == 1 {
			t.Sub = "1 person"
		} else {
			t.Sub = fmt.Sprintf("%d people", n)
		}
		tot := totals[t.Currency]
		if tot == nil {
			tot = &forecastRow{Name: "Total", forecastFigures: forecastFigures{Currency: t.Currency}}
			totals[t.Currency] = tot
			d.Totals = append(d.Totals, tot)
		}
		tot.add(t)
		if t.HasTarget {
			tot.Target += t.Target
			tot.HasTarget = true
		}
	}
	for _, tot := range d.Totals {
		if own, ok := unitTargets[ownerKey{top, tot.Currency}]; ok && top != 0 && len(teamOrder) > 1 {
			tot.Target, tot.HasTarget, tot.TeamTarget = own, true, true
		}
	}
	slices.SortFunc(d.Totals, func(x, y *forecastRow) int { return strings.Compare(x.Currency, y.Currency) })
	if len(d.Totals) == 1 {
		d.OneCurrency = d.Totals[0].Currency
	}
	for _, r := range d.People {
		r.finish(d.HasForecast)
		r.bare = d.OneCurrency != ""
		if len(d.Totals) > 1 {
			r.Sub = strings.TrimPrefix(r.Sub+" · "+r.Currency, " · ")
		}
	}
	for _, t := range teamOrder {
		t.finish(d.HasForecast)
		t.bare = d.OneCurrency != ""
		if len(d.Totals) > 1 {
			t.Sub += " · " + t.Currency
		}
	}
	for _, t := range d.Totals {
		t.finish(d.HasForecast)
		t.bare = d.OneCurrency != ""
	}
	// Teams are worth a table when there are several.
	distinct := map[int64]bool{}
	for _, t := range teamOrder {
		distinct[t.team] = true
	}
	if len(distinct) > 1 {
		d.Teams = teamOrder
		d.TeamLevel = tree.name(top)
	}
	for _, tot := range d.Totals {
		var people []*forecastRow
		for _, r := range d.People {
			if r.Currency == tot.Currency {
				people = append(people, r)
			}
		}
		d.Charts = append(d.Charts, newBarChart(d, people, tot))
	}
	return nil
}

// daysInMonth is the number of days of a day's month.
func daysInMonth(d kam.Date) int {
	t := d.Time()
	return time.Date(t.Year(), t.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// earlierDay is the earlier of two days.
func earlierDay(a, b kam.Date) kam.Date {
	if b.Before(a) {
		return b
	}
	return a
}
