package web

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/export"
	"github.com/kamhq/kam/server/httpx"
	"github.com/kamhq/kam/sheet"
)

// changeRow is a change of a plan in words.
type changeRow struct {
	What   string // "Plan", "Objective “Grow share”"
	Code   string // added, removed, changed
	Action string // "Added", "Removed", "Changed"
	Field  string
	Old    string
	New    string
}

// planFieldWords name the fields of a plan and its items for people.
var planFieldWords = map[string]string{
	"title": "Title", "status": "Status", "period_start": "Period from", "period_end": "Period to",
	"budget": "Budget agreed with the client", "company_budget": "Budget agreed with the company", "currency": "Currency",
	"review_every_days": "Days between reviews", "next_review": "Next review", "detail": "Details", "measure": "Measure",
	"rating": "Rating", "standing": "Position", "owner_id": "Owner", "due": "Date", "done_on": "Done on", "linked_ids": "Supports",
}

// describeChanges words a plan's changes: owners by name, objectives by
// title (as the plan has them now), amounts grouped.
func describeChanges(changes []kam.PlanChange, plan *kam.AccountPlan, people *planPeople) []changeRow {
	value := func(field, v string) string {
		switch field {
		case "owner_id":
			id, _ := strconv.ParseInt(v, 10, 64)
			return people.name(id)
		case "linked_ids":
			var titles []string
			for _, s := range strings.Split(v, ", ") {
				id, _ := strconv.ParseInt(s, 10, 64)
				if o := plan.Item(id); o != nil {
					titles = append(titles, o.Title)
				} else if id != 0 {
					titles = append(titles, "objective "+s)
				}
			}
			return strings.Join(titles, "; ")
		case "budget", "company_budget":
			if m, err := kam.ParseMoney(v); err == nil {
				return m.FormatGrouped() + " " + plan.Currency
			}
		case "status", "rating":
			return label(v)
		}
		return v
	}
	out := make([]changeRow, 0, len(changes))
	for _, c := range changes {
		row := changeRow{What: "Plan", Code: c.Action, Action: capitalise(c.Action), Field: planFieldWords[c.Field],
			Old: value(c.Field, c.Old), New: value(c.Field, c.New)}
		if c.Kind != "" {
			row.What = capitalise(planSectionWords[c.Kind].One) + " “" + c.Title + "”"
		}
		out = append(out, row)
	}
	return out
}

// planChangesPage is the data of a plan's history: its versions, its
// reviews and what changed between two versions.
type planChangesPage struct {
	layout
	Plan      *kam.AccountPlan
	Account   *kam.Account
	From, To  int64
	Changes   []changeRow
	Revisions []planRevisionRow
	Reviews   []planReviewRow
	Error     string
}

// planRevisionRow is a version of a plan and the one before it (0 for
// the first).
type planRevisionRow struct {
	kam.PlanRevision
	Before int64
}

// planReviewRow is a review with its changes in words.
type planReviewRow struct {
	*kam.PlanReview
	Rows []changeRow
}

// PlanChanges serves GET /plans/{id}/changes?from=N&to=M: what changed
// between two versions (by default since the last review), every version
// with who saved it, and every review with what it saw changed.
func (a *App) PlanChanges(w http.ResponseWriter, r *http.Request) {
	d, err := a.planHistory(r)
	if err != nil {
		a.Error(w, r, err)
		return
	}
	status := http.StatusOK
	if d.Error != "" {
		status = http.StatusBadRequest
	}
	a.render(w, r, status, "plan_changes", d)
}

// planHistory gathers a plan's history page.
func (a *App) planHistory(r *http.Request) (*planChangesPage, error) {
	ctx, p := r.Context(), httpx.Principal(r.Context())
	id, ok := httpx.PathID(r, "id")
	if !ok {
		return nil, kam.Errorf(kam.ENOTFOUND, "There is no plan %q.", r.PathValue("id"))
	}
	plan, err := a.st.FindPlan(ctx, p, id)
	if err != nil {
		return nil, err
	}
	acc, err := a.st.FindAccountByID(ctx, p, plan.AccountID)
	if err != nil {
		return nil, err
	}
	people, err := a.planPeople(ctx, p, plan, false)
	if err != nil {
		return nil, err
	}
	d := &planChangesPage{layout: layout{Title: "Changes · " + plan.Title, Nav: "plans"}, Plan: plan, Account: acc}
	from, _ := strconv.ParseInt(r.URL.Query().Get("from"), 10, 64)
	to, _ := strconv.ParseInt(r.URL.Query().Get("to"), 10, 64)
	changes, from, to, err := a.st.PlanChangesSince(ctx, p, id, from, to)
	if kam.ErrorCode(err) == kam.EINVALID {
		d.Error = kam.ErrorMessage(err)
		changes, from, to, err = a.st.PlanChangesSince(ctx, p, id, 0, 0)
	}
	if err != nil {
		return nil, err
	}
	d.From, d.To, d.Changes = from, to, describeChanges(changes, plan, people)
	revisions, err := a.st.FindPlanRevisions(ctx, p, id)
	if err != nil {
		return nil, err
	}
	for _, rv := range revisions {
		d.Revisions = append(d.Revisions, planRevisionRow{PlanRevision: rv, Before: rv.Version - 1})
	}
	reviews, err := a.st.FindPlanReviews(ctx, p, id)
	if err != nil {
		return nil, err
	}
	for _, rv := range reviews {
		d.Reviews = append(d.Reviews, planReviewRow{PlanReview: rv, Rows: describeChanges(rv.Changes, plan, people)})
	}
	return d, nil
}

// planPrintPage is the data of a plan as a document to print.
type planPrintPage struct {
	*planPage
	Printed kam.Date
}

// PlanPrint serves GET /plans/{id}/print: the plan as a clean document,
// without forms, to print or save as PDF.
func (a *App) PlanPrint(w http.ResponseWriter, r *http.Request) {
	id, ok := httpx.PathID(r, "id")
	if !ok {
		a.Error(w, r, kam.Errorf(kam.ENOTFOUND, "There is no plan %q.", r.PathValue("id")))
		return
	}
	ctx := r.Context()
	d, err := a.planPage(ctx, httpx.Principal(ctx), id)
	if err != nil {
		a.Error(w, r, err)
		return
	}
	d.CanEdit = false
	for i := range d.Sections {
		d.Sections[i].Add = nil
	}
	a.render(w, r, http.StatusOK, "plan_print", &planPrintPage{planPage: d, Printed: kam.DateOf(a.st.Now())})
}

// planSheetColumns are the columns of a plan's items as a spreadsheet.
var planSheetColumns = []sheet.Column{
	{Name: "Section", Type: sheet.Text}, {Name: "Title", Type: sheet.Text, Width: 40}, {Name: "Details", Type: sheet.Text, Width: 50},
	{Name: "Measure", Type: sheet.Text}, {Name: "Rating", Type: sheet.Text}, {Name: "Position at the account", Type: sheet.Text},
	{Name: "Owner", Type: sheet.Text}, {Name: "Date", Type: sheet.Date}, {Name: "Done on", Type: sheet.Date},
	{Name: "Supports", Type: sheet.Text, Width: 40},
}

// PlanExport serves GET /plans/{id}/export?format=csv|xlsx: the plan's
// items as a spreadsheet, section by section.
func (a *App) PlanExport(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), httpx.Principal(r.Context())
	id, ok := httpx.PathID(r, "id")
	format := cmpOr(r.URL.Query().Get("format"), "csv")
	var err error
	if !ok {
		err = kam.Errorf(kam.ENOTFOUND, "There is no plan %q.", r.PathValue("id"))
	} else if format != "csv" && format != "xlsx" {
		err = kam.FieldError("format", "The format is csv or xlsx.")
	}
	var plan *kam.AccountPlan
	if err == nil {
		plan, err = a.st.FindPlan(ctx, p, id)
	}
	var people *planPeople
	if err == nil {
		people, err = a.planPeople(ctx, p, plan, false)
	}
	if err != nil {
		a.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", export.ContentType(format))
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="kam-plan-%d-v%d.%s"`, plan.ID, plan.Version, format))
	w.Header().Set("Cache-Control", "no-store")
	acc, err := a.st.FindAccountByID(ctx, p, plan.AccountID)
	if err != nil {
		httpx.LogInternal(a.log, r, err)
		acc = &kam.Account{Name: "Account " + strconv.FormatInt(plan.AccountID, 10)}
	}
	if err := writePlanSheet(w, format, plan, acc.Name, people); err != nil {
		httpx.LogInternal(a.log, r, err) // the download is cut short
	}
}

// writePlanSheet writes a plan's items as CSV or XLSX. The workbook's
// first row names the plan, its account, period and version; a CSV holds
// the items only, one a row, for the programs that read it (the file's
// name says which plan). Ratings read as people say them ("Strong"); the
// sheet writers guard values against formula injection.
func writePlanSheet(w io.Writer, format string, plan *kam.AccountPlan, account string, people *planPeople) error {
	var sw sheet.Writer
	var err error
	if format == "xlsx" {
		sw, err = sheet.NewXLSX(w, "Plan", planSheetColumns)
	} else {
		sw, err = sheet.NewCSV(w, planSheetColumns)
	}
	if err != nil {
		return err
	}
	if format == "xlsx" {
		about := fmt.Sprintf("Account: %s · %s to %s · version %d", account, plan.PeriodStart, plan.PeriodEnd, plan.Version)
		if err := sw.Row("Plan", plan.Title, about, nil, nil, nil, nil, nil, nil, nil); err != nil {
			return err
		}
	}
	for _, it := range plan.Items {
		var done any
		if it.Done() {
			done = it.DoneOn
		}
		var rating string
		if it.Rating != "" {
			rating = label(it.Rating)
		}
		err := sw.Row(planSectionWords[it.Kind].Label, it.Title, it.Detail, it.Measure, rating, it.Standing,
			people.name(it.OwnerID), it.Due, done, strings.Join(linkTitles(plan, it), "; "))
		if err != nil {
			return err
		}
	}
	return sw.Close()
}
