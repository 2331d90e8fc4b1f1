package web

import (
	"net/http"
	"slices"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
	"github.com/kamhq/kam/store"
)

// attritionPage is the data of the attrition report.
type attritionPage struct {
	layout
	Tabs    []option
	Periods []option
	Report  *store.AttritionReport
	// Prev and Next are the days of the periods before and after.
	Prev, Next kam.Date
	// MaxLost scales the trend's bars.
	MaxLost int
	Error   string
}

// Attrition serves GET /attrition: the accounts lost in a month or quarter
// (?period=month|quarter, ?day= a day of it; this quarter by default), what
// they were worth, by reason and by competitor, the win-backs, and the
// trend over the periods before.
func (a *App) Attrition(w http.ResponseWriter, r *http.Request) {
	q, p := r.URL.Query(), httpx.Principal(r.Context())
	f := store.AttritionFilter{Period: q.Get("period")}
	if f.Period == "" || !slices.Contains(kam.ReportPeriods, f.Period) {
		f.Period = "quarter"
	}
	if day, err := kam.ParseDate(q.Get("day")); err == nil {
		f.Day = day
	}
	d := &attritionPage{layout: layout{Title: "Attrition", Nav: "calls"}, Tabs: callsTabs("/attrition", p),
		Periods: options(kam.ReportPeriods, f.Period)}
	rep, err := a.st.FindAttrition(r.Context(), p, f)
	if err != nil {
		a.Error(w, r, err)
		return
	}
	d.Report, d.Prev, d.Next = rep, rep.From.AddDays(-1), rep.To.AddDays(1)
	for _, t := range rep.Trend {
		d.MaxLost = max(d.MaxLost, t.Lost, t.WonBack)
	}
	a.render(w, r, http.StatusOK, "attrition", d)
}
