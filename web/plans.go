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

// plansPage is the data of the list of plans.
type plansPage struct {
	layout
	Statuses []option
	Overdue  bool
	Filtered bool
	Plans    []planRow
	Error    string
	NextURL  string
	FirstURL string
}

// planRow is a plan in a list, with when its review is due in words.
type planRow struct {
	store.PlanHit
	When string // "today", "in 3 days", "2 days late"
}

// newPlanRow words when a plan's review is due.
func newPlanRow(h store.PlanHit, today kam.Date) planRow {
	row := planRow{PlanHit: h}
	if days := today.DaysUntil(h.NextReview); !h.NextReview.IsZero() && h.Status != "archived" {
		row.When = dueIn(days)
	}
	return row
}

// planStatusFilters are the status filter's choices.
var planStatusFilters = []option{
	{Value: "", Label: "Draft and active"}, {Value: "active", Label: "Active"}, {Value: "draft", Label: "Draft"},
	{Value: "archived", Label: "Archived"}, {Value: "all", Label: "All"},
}

// Plans serves GET /plans: the plans of the accounts the user may see,
// drafts and active ones unless asked, the earliest next review first so
// that overdue reviews lead; keyset paged (?after=CURSOR).
func (a *App) Plans(w http.ResponseWriter, r *http.Request) {
	q, p := r.URL.Query(), httpx.Principal(r.Context())
	today := kam.DateOf(a.st.Now())
	f := store.PlanFilter{Status: q.Get("status"), Overdue: q.Get("overdue") == "1", After: q.Get("after"), Today: today}
	d := &plansPage{layout: layout{Title: "Account plans", Nav: "plans"}, Overdue: f.Overdue, Statuses: selecting(planStatusFilters, f.Status)}
	link := filterLink(q, "status", "overdue")
	d.Filtered = len(link) > 0
	if f.After != "" {
		d.FirstURL = "/plans?" + link.Encode()
	}
	page, err := a.st.FindPlanList(r.Context(), p, f)
	switch {
	case kam.ErrorCode(err) == kam.EINVALID:
		d.Error = kam.ErrorMessage(err)
		a.render(w, r, http.StatusBadRequest, "plans", d)
		return
	case err != nil:
		a.Error(w, r, err)
		return
	}
	for _, h := range page.Plans {
		d.Plans = append(d.Plans, newPlanRow(h, today))
	}
	if page.Next != "" {
		link.Set("after", page.Next)
		d.NextURL = "/plans?" + link.Encode()
	}
	a.render(w, r, http.StatusOK, "plans", d)
}

// planDetailsForm is the form of a plan's own fields, as typed.
type planDetailsForm struct {
	Title, Status, PeriodStart, PeriodEnd string
	Budget, CompanyBudget, ReviewEvery    string
	NextReview, Currency                  string
	Statuses                              []option
	Open                                  bool
	Error, Field                          string
}

// newPlanDetailsForm is the form showing a plan's fields.
func newPlanDetailsForm(plan *kam.AccountPlan) *planDetailsForm {
	return &planDetailsForm{Title: plan.Title, Status: plan.Status, PeriodStart: plan.PeriodStart.String(), PeriodEnd: plan.PeriodEnd.String(),
		Budget: moneyValue(plan.Budget), CompanyBudget: moneyValue(plan.CompanyBudget), ReviewEvery: strconv.Itoa(plan.ReviewEvery),
		NextReview: plan.NextReview.String(), Currency: plan.Currency, Statuses: options(kam.PlanStatuses, plan.Status)}
}

// moneyValue is an amount as a form shows it: whole units without
// separators, or with the cents it has.
func moneyValue(m kam.Money) string {
	s := m.String()
	return strings.TrimSuffix(s, ".00")
}

// read reads the form into f and a change of the plan's fields; every field
// the form has is given.
func (f *planDetailsForm) read(v url.Values) (kam.PlanUpdate, error) {
	get := func(name string) string { return strings.TrimSpace(v.Get(name)) }
	*f = planDetailsForm{Title: get("title"), Status: get("status"), PeriodStart: get("period_start"), PeriodEnd: get("period_end"),
		Budget: get("budget"), CompanyBudget: get("company_budget"), ReviewEvery: get("review_every_days"), NextReview: get("next_review")}
	upd := kam.PlanUpdate{Title: &f.Title, Status: &f.Status}
	var err error
	day := func(field, text string, dst **kam.Date) {
		d, perr := kam.ParseDate(text)
		if perr != nil && err == nil {
			err = kam.FieldError(field, "Give the day as YYYY-MM-DD.")
		}
		*dst = &d
	}
	day("period_start", f.PeriodStart, &upd.PeriodStart)
	day("period_end", f.PeriodEnd, &upd.PeriodEnd)
	day("next_review", f.NextReview, &upd.NextReview)
	amount := func(field, text string, dst **kam.Money) {
		m, perr := kam.ParseMoney(cmpOr(text, "0"))
		if perr != nil && err == nil {
			err = kam.FieldError(field, "Give the budget as an amount such as 250000 or 250,000.50.")
		}
		*dst = &m
	}
	amount("budget", f.Budget, &upd.Budget)
	amount("company_budget", f.CompanyBudget, &upd.CompanyBudget)
	every, perr := strconv.Atoi(f.ReviewEvery)
	if perr != nil && err == nil {
		err = kam.FieldError("review_every_days", "Give the days between reviews as a whole number, such as 90.")
	}
	upd.ReviewEvery = &every
	return upd, err
}

// cmpOr is s, or def when s is empty.
func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// planNewPage is the data of the form that writes a new plan.
type planNewPage struct {
	layout
	Account *kam.Account
	Form    *planDetailsForm
}

// NewPlan serves GET /plans/new?account_id=ID: the form that writes a
// plan for an account the user may change, for the calendar year ahead.
func (a *App) NewPlan(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), httpx.Principal(r.Context())
	id, _ := strconv.ParseInt(r.URL.Query().Get("account_id"), 10, 64)
	acc, err := a.st.FindAccountByID(ctx, p, id)
	if err == nil {
		err = writable(a.st.CanEditAccount(ctx, p, id))
	}
	if err != nil {
		a.Error(w, r, err)
		return
	}
	today := kam.DateOf(a.st.Now())
	year := today.Time().Year()
	if today.Time().Month() >= 10 { // late in the year, plan the next
		year++
	}
	start, end := kam.NewDate(year, 1, 1), kam.NewDate(year, 12, 31)
	f := &planDetailsForm{Title: "Account plan " + strconv.Itoa(year), Status: "draft", PeriodStart: start.String(), PeriodEnd: end.String(),
		Budget: "0", CompanyBudget: "0", ReviewEvery: "90", NextReview: today.AddDays(90).String(), Currency: acc.Currency,
		Statuses: options(kam.PlanStatuses, "draft")}
	a.render(w, r, http.StatusOK, "plan_new", &planNewPage{layout: layout{Title: "New plan · " + acc.Name, Nav: "plans"}, Account: acc, Form: f})
}

// CreatePlan serves POST /plans: it writes the plan the form describes
// and shows it, or shows the form again with the reason.
func (a *App) CreatePlan(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), httpx.Principal(r.Context())
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		a.Error(w, r, kam.Errorf(kam.EINVALID, "The form could not be read; reload the page and try again."))
		return
	}
	id, _ := strconv.ParseInt(r.PostForm.Get("account_id"), 10, 64)
	acc, err := a.st.FindAccountByID(ctx, p, id)
	if err != nil {
		a.Error(w, r, err)
		return
	}
	f := &planDetailsForm{}
	upd, err := f.read(r.PostForm)
	plan := &kam.AccountPlan{AccountID: id, Title: f.Title, Status: f.Status}
	if err == nil {
		plan.PeriodStart, plan.PeriodEnd, plan.NextReview = *upd.PeriodStart, *upd.PeriodEnd, *upd.NextReview
		plan.Budget, plan.CompanyBudget, plan.ReviewEvery = *upd.Budget, *upd.CompanyBudget, *upd.ReviewEvery
		err = a.st.CreatePlan(ctx, p, plan)
	}
	if err == nil {
		http.Redirect(w, r, "/plans/"+strconv.FormatInt(plan.ID, 10)+"?saved=created", http.StatusSeeOther)
		return
	}
	code := kam.ErrorCode(err)
	if code != kam.EINVALID && code != kam.EFORBIDDEN {
		a.Error(w, r, err)
		return
	}
	f.Statuses, f.Currency, f.Error, f.Field = options(kam.PlanStatuses, f.Status), acc.Currency, kam.ErrorMessage(err), kam.ErrorField(err)
	a.render(w, r, httpx.Status(code), "plan_new", &planNewPage{layout: layout{Title: "New plan · " + acc.Name, Nav: "plans"}, Account: acc, Form: f})
}
