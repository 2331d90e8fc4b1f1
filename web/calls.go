package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
	"github.com/kamhq/kam/store"
)

// callsTabs are the pages of the calls section, for its tab bar.
func callsTabs(current string, p *kam.Principal) []option {
	tabs := []option{{Value: "/calls", Label: "Call plan"}, {Value: "/calls/compliance", Label: "Compliance"},
		{Value: "/calls/lists", Label: "Cold-call lists"}, {Value: "/attrition", Label: "Attrition"}}
	if p.IsAdmin() {
		tabs = append(tabs, option{Value: "/calls/settings", Label: "Settings"})
	}
	return selecting(tabs, current)
}

// callsPage is the data of the call plan.
type callsPage struct {
	layout
	Tabs   []option
	Owners []option
	Weeks  []option
	Plan   *store.CallPlan
	// Groups are the plan's overdue accounts and then its weeks, as the
	// row groups of one table.
	Groups []callGroup
	// Mine is whether the plan is the user's own.
	Mine  bool
	Error string
}

// callGroup is a heading of the call plan's table and its accounts.
type callGroup struct {
	ID, Title, Empty string
	Calls            []store.CallDue
	// Total counts the group's accounts; More those not shown, with
	// AllLink the address that shows them.
	Total, More int
	AllLink     string
}

// callGroupRows is how many accounts a group of the call plan shows unless
// all are asked for: a large book's overdue accounts run to thousands.
const callGroupRows = 100

// callGroups are the row groups of a call plan: the overdue accounts, then
// each week's, each cut at callGroupRows unless all is set; allLink shows
// them all.
func callGroups(plan *store.CallPlan, all bool, allLink string) []callGroup {
	group := func(id, title, empty string, calls []store.CallDue) callGroup {
		g := callGroup{ID: id, Title: title, Empty: empty, Calls: calls, Total: len(calls), AllLink: allLink}
		if !all && len(calls) > callGroupRows {
			g.Calls, g.More = calls[:callGroupRows], len(calls)-callGroupRows
		}
		return g
	}
	out := []callGroup{group("plan-overdue-h", "Overdue", "Nothing overdue.", plan.Overdue)}
	for _, wk := range plan.Weeks {
		out = append(out, group("plan-week-"+wk.Start.String(), "Week of "+date(wk.Start), "No contact due.", wk.Calls))
	}
	return out
}

// Calls serves GET /calls: an account manager's call plan (?owner=ID, the
// user's own by default; directors choose among their team), the overdue
// accounts first, then the coming weeks (?weeks=N), each account with its
// planned visits and tasks and a link to log the call.
func (a *App) Calls(w http.ResponseWriter, r *http.Request) {
	ctx, p, q := r.Context(), httpx.Principal(r.Context()), r.URL.Query()
	owner, _ := strconv.ParseInt(q.Get("owner"), 10, 64)
	weeks, _ := strconv.Atoi(q.Get("weeks"))
	if weeks == 0 {
		weeks = store.DefaultPlanWeeks
	}
	d := &callsPage{layout: layout{Title: "Call plan", Nav: "calls"}, Tabs: callsTabs("/calls", p)}
	owners, err := a.st.CallPlanOwners(ctx, p)
	if err != nil {
		a.Error(w, r, err)
		return
	}
	if owner == 0 {
		owner = p.UserID
		if len(owners) > 0 && !ownsAny(owners, p.UserID) {
			owner = owners[0].ID // a director or an administrator owns none: the first of the team
		}
	}
	for _, o := range owners {
		d.Owners = append(d.Owners, option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name, Selected: o.ID == owner})
	}
	for _, n := range []int{4, 6, 8, 12} {
		d.Weeks = append(d.Weeks, option{Value: strconv.Itoa(n), Label: strconv.Itoa(n) + " weeks", Selected: n == weeks})
	}
	d.Mine = owner == p.UserID
	d.Plan, err = a.st.FindCallPlan(ctx, p, store.CallPlanFilter{OwnerID: owner, Weeks: weeks})
	switch {
	case kam.ErrorCode(err) == kam.EINVALID:
		d.Error = kam.ErrorMessage(err)
		a.render(w, r, http.StatusBadRequest, "calls", d)
		return
	case err != nil:
		a.Error(w, r, err)
		return
	}
	all := url.Values{"owner": {strconv.FormatInt(owner, 10)}, "weeks": {strconv.Itoa(weeks)}, "all": {"1"}}
	d.Groups = callGroups(d.Plan, q.Get("all") == "1", "/calls?"+all.Encode())
	a.render(w, r, http.StatusOK, "calls", d)
}

// ownsAny reports whether a user is among the owners.
func ownsAny(owners []store.PlanOwner, id int64) bool {
	for _, o := range owners {
		if o.ID == id {
			return true
		}
	}
	return false
}

// compliancePage is the data of the cadence compliance report.
type compliancePage struct {
	layout
	Tabs    []option
	Periods []option
	Report  *store.ComplianceReport
	Names   map[int64]string // owners by id, for the accounts
	Error   string
	// NextURL and FirstURL page the accounts; "" when there is no such page.
	NextURL, FirstURL string
	// Total counts the accounts judged, on all pages.
	Total int
}

// complianceRows is how many accounts a page of the compliance report lists.
const complianceRows = 50

// compliancePeriods are the periods the report offers: this and last
// month and quarter.
var compliancePeriods = []option{{Value: "month", Label: "This month"}, {Value: "last-month", Label: "Last month"},
	{Value: "quarter", Label: "This quarter"}, {Value: "last-quarter", Label: "Last quarter"}}

// compliancePeriod is the first and last day of a period of
// compliancePeriods as of a day, quarters being fiscal ones; this quarter
// for an unknown one.
func compliancePeriod(cal kam.FiscalCalendar, period string, today kam.Date) (kam.Date, kam.Date) {
	kind, last := strings.CutPrefix(period, "last-")
	if kind != "month" {
		kind = "quarter"
	}
	p := cal.At(kam.PeriodKind(kind), today)
	if last {
		p = cal.At(kam.PeriodKind(kind), p.First.AddDays(-1))
	}
	return p.First, p.Last
}

// CallCompliance serves GET /calls/compliance: per account manager, the
// accounts contacted within their cadence over a period (?period= this or
// last month or quarter; this quarter by default) and how late the others
// were, with their accounts the latest first, a page at a time (?after=).
func (a *App) CallCompliance(w http.ResponseWriter, r *http.Request) {
	ctx, p, q := r.Context(), httpx.Principal(r.Context()), r.URL.Query()
	period := q.Get("period")
	cal, err := a.st.FiscalCalendar(ctx)
	if err != nil {
		a.Error(w, r, err)
		return
	}
	from, to := compliancePeriod(cal, period, kam.DateOf(a.st.Now()))
	if period == "" {
		period = "quarter"
	}
	d := &compliancePage{layout: layout{Title: "Cadence compliance", Nav: "calls"}, Tabs: callsTabs("/calls/compliance", p),
		Periods: selecting(compliancePeriods, period), Names: map[int64]string{}}
	after := q.Get("after")
	rep, err := a.st.CadenceCompliance(ctx, p, store.ComplianceFilter{From: from, To: to, Limit: complianceRows, After: after})
	if kam.ErrorCode(err) == kam.EINVALID {
		a.renderError(w, r, http.StatusBadRequest, kam.ErrorMessage(err))
		return
	} else if err != nil {
		a.Error(w, r, err)
		return
	}
	d.Report = rep
	for _, o := range rep.Owners {
		d.Names[o.OwnerID] = o.OwnerName
		d.Total += o.Accounts
	}
	link := filterLink(q, "period")
	if after != "" {
		d.FirstURL = "/calls/compliance?" + link.Encode()
	}
	if rep.Next != "" {
		link.Set("after", rep.Next)
		d.NextURL = "/calls/compliance?" + link.Encode()
	}
	a.render(w, r, http.StatusOK, "calls_compliance", d)
}
