package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
	"github.com/kamhq/kam/store"
)

// casesPage is the data of the cases list.
type casesPage struct {
	layout
	Statuses   []option
	Severities []option
	Mine       bool
	Overdue    bool
	Filtered   bool
	Cases      []caseRow
	Error      string
	NextURL    string
	FirstURL   string
}

// caseRow is a case in a list, with how late or soon it is due.
type caseRow struct {
	store.CaseHit
	When string // "today", "in 3 days", "2 days late"
}

// caseStatusFilters are the status filter's choices.
var caseStatusFilters = []option{
	{Value: "", Label: "Unresolved"}, {Value: "open", Label: "Open"}, {Value: "in_progress", Label: "In progress"}, {Value: "waiting", Label: "Waiting"},
	{Value: "resolved", Label: "Resolved"}, {Value: "closed", Label: "Closed"}, {Value: "all", Label: "All"},
}

// newCaseRow words how late or soon a case is due.
func newCaseRow(h store.CaseHit, today kam.Date) caseRow {
	row := caseRow{CaseHit: h}
	switch days := today.DaysUntil(h.Due); {
	case h.Due.IsZero() || !kam.CaseOpenStatus(h.Status):
	case days < 0:
		row.When = plural(-days, "day", "days") + " late"
	default:
		row.When = inDays(days)
	}
	return row
}

// Cases serves GET /cases: the cases of the accounts the user may see,
// unresolved unless asked, the earliest due first so that overdue cases
// lead; filtered by status, severity, the user's own and overdue; keyset
// paged (?after=CURSOR).
func (a *App) Cases(w http.ResponseWriter, r *http.Request) {
	q, p := r.URL.Query(), httpx.Principal(r.Context())
	today := kam.DateOf(a.st.Now())
	f := store.CaseFilter{Status: q.Get("status"), Severity: q.Get("severity"), Overdue: q.Get("overdue") == "1",
		After: q.Get("after"), Today: today}
	d := &casesPage{layout: layout{Title: "Cases", Nav: "cases"}, Mine: q.Get("mine") == "1", Overdue: f.Overdue,
		Severities: options(kam.CaseSeverities, f.Severity)}
	if d.Mine {
		f.OwnerID = p.UserID
	}
	d.Statuses = selecting(caseStatusFilters, f.Status)
	link := filterLink(q, "status", "severity", "mine", "overdue")
	d.Filtered = len(link) > 0
	if f.After != "" {
		d.FirstURL = "/cases?" + link.Encode()
	}
	page, err := a.st.FindCaseList(r.Context(), p, f)
	switch {
	case kam.ErrorCode(err) == kam.EINVALID:
		d.Error = kam.ErrorMessage(err)
		a.render(w, r, http.StatusBadRequest, "cases", d)
		return
	case err != nil:
		a.Error(w, r, err)
		return
	}
	for _, h := range page.Cases {
		d.Cases = append(d.Cases, newCaseRow(h, today))
	}
	if page.Next != "" {
		link.Set("after", page.Next)
		d.NextURL = "/cases?" + link.Encode()
	}
	a.render(w, r, http.StatusOK, "cases", d)
}

// caseNewPage is the data of the form that opens a case.
type caseNewPage struct {
	layout
	Account    *kam.Account
	Kinds      []option
	Severities []option
	Subject    string
	Details    string
	Due        string
	Error      string
}

// newCaseForm is the form for an account with the values typed.
func newCaseForm(acc *kam.Account, kind kam.CaseKind, severity, subject, details, due string) *caseNewPage {
	return &caseNewPage{layout: layout{Title: "New case · " + acc.Name, Nav: "cases"}, Account: acc,
		Kinds: options(kam.CaseKinds, kind), Severities: options(kam.CaseSeverities, severity),
		Subject: subject, Details: details, Due: due}
}

// caseFormFor is the empty form that opens a case on an account, for the
// account page.
func caseFormFor(acc *kam.Account) *caseNewPage {
	return newCaseForm(acc, kam.CaseComplaint, "medium", "", "", "")
}

// NewCase serves GET /cases/new?account_id=ID: the form to open a case on
// an account the user may change.
func (a *App) NewCase(w http.ResponseWriter, r *http.Request) {
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
	a.render(w, r, http.StatusOK, "case_new", newCaseForm(acc, kam.CaseComplaint, "medium", "", "", ""))
}

// CreateCase serves POST /cases: it opens the case the form describes and
// shows it, or shows the form again with the reason.
func (a *App) CreateCase(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), httpx.Principal(r.Context())
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		a.Error(w, r, kam.Errorf(kam.EINVALID, "The form could not be read; reload the page and try again."))
		return
	}
	f := r.PostForm
	id, _ := strconv.ParseInt(f.Get("account_id"), 10, 64)
	acc, err := a.st.FindAccountByID(ctx, p, id)
	if err != nil {
		a.Error(w, r, err)
		return
	}
	k := &kam.Case{AccountID: id, Kind: kam.CaseKind(f.Get("kind")), Severity: f.Get("severity"),
		Subject: strings.TrimSpace(f.Get("subject")), Description: strings.TrimSpace(f.Get("description"))}
	if due := strings.TrimSpace(f.Get("due")); due != "" {
		if k.Due, err = kam.ParseDate(due); err != nil {
			err = kam.FieldError("due", "Give the due day as YYYY-MM-DD, or leave it empty for the service level's.")
		}
	}
	if err == nil {
		err = a.st.CreateCase(ctx, p, k)
	}
	if err == nil {
		http.Redirect(w, r, "/cases/"+strconv.FormatInt(k.ID, 10)+"?saved=created", http.StatusSeeOther)
		return
	}
	code := kam.ErrorCode(err)
	if code != kam.EINVALID && code != kam.EFORBIDDEN {
		a.Error(w, r, err)
		return
	}
	d := newCaseForm(acc, k.Kind, k.Severity, k.Subject, k.Description, f.Get("due"))
	d.Error = kam.ErrorMessage(err)
	a.render(w, r, httpx.Status(code), "case_new", d)
}

// writable turns CanEditAccount's answer into an error for a user who may
// only read the account.
func writable(ok bool, err error) error {
	if err == nil && !ok {
		err = kam.Errorf(kam.EFORBIDDEN, "You may view this account but not change it.")
	}
	return err
}
