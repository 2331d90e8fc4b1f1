package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
	"github.com/kamhq/kam/store"
)

// caseView is the data of a case's page: the case, its account and owner,
// and the form that moves it on when the user may change the account.
type caseView struct {
	layout
	Case    *kam.Case
	Account *kam.Account
	Owner   string
	Overdue bool
	When    string
	CanEdit bool
	// The form's choices, and its state after a failed save.
	Statuses, Severities, Owners, Scores []option
	Due                                  string
	Notice, Error                        string
}

// caseSaved are the sentences a save redirects with.
var caseSaved = map[string]string{
	"created": "Case opened.",
	"saved":   "Case saved.",
}

// CaseView serves GET /cases/{id}.
func (a *App) CaseView(w http.ResponseWriter, r *http.Request) {
	id, ok := httpx.PathID(r, "id")
	if !ok {
		a.Error(w, r, kam.Errorf(kam.ENOTFOUND, "There is no case %q.", r.PathValue("id")))
		return
	}
	d, err := a.casePage(r, id)
	if err != nil {
		a.Error(w, r, err)
		return
	}
	d.Notice = caseSaved[r.URL.Query().Get("saved")]
	a.render(w, r, http.StatusOK, "case", d)
}

// casePage gathers a case's page with its form set to the case as stored.
func (a *App) casePage(r *http.Request, id int64) (*caseView, error) {
	ctx, p := r.Context(), httpx.Principal(r.Context())
	k, err := a.st.FindCase(ctx, p, id)
	if err != nil {
		return nil, err
	}
	acc, err := a.st.FindAccountByID(ctx, p, k.AccountID)
	if err != nil {
		return nil, err
	}
	d := &caseView{layout: layout{Title: k.Subject + " · Case", Nav: "cases"}, Case: k, Account: acc}
	today := kam.DateOf(a.st.Now())
	if k.IsOpen() && !k.Due.IsZero() {
		d.Overdue = k.Due.Before(today)
		d.When = newCaseRow(store.CaseHit{Due: k.Due, Status: k.Status}, today).When
	}
	if d.CanEdit, err = a.st.CanEditAccount(ctx, p, k.AccountID); err != nil {
		return nil, err
	}
	team, err := a.st.FindAccountTeam(ctx, p, k.AccountID)
	if err != nil {
		return nil, err
	}
	seen := map[int64]bool{}
	for _, s := range team {
		if s.UserID == k.OwnerID {
			d.Owner = s.Name
		}
		if !seen[s.UserID] {
			seen[s.UserID] = true
			d.Owners = append(d.Owners, option{Value: strconv.FormatInt(s.UserID, 10), Label: s.Name, Selected: s.UserID == k.OwnerID})
		}
	}
	if u := currentUser(ctx); u != nil && !seen[u.ID] && d.CanEdit {
		d.Owners = append(d.Owners, option{Value: strconv.FormatInt(u.ID, 10), Label: u.DisplayName + " (you)", Selected: u.ID == k.OwnerID})
	}
	if d.Owner == "" && k.OwnerID != 0 {
		d.Owner = "User " + strconv.FormatInt(k.OwnerID, 10)
		d.Owners = append(d.Owners, option{Value: strconv.FormatInt(k.OwnerID, 10), Label: d.Owner, Selected: true})
	}
	d.setForm(k.Status, k.Severity, k.Satisfaction, k.Due.String())
	return d, nil
}

// setForm sets the form's choices to the values given.
func (d *caseView) setForm(status, severity string, satisfaction int, due string) {
	d.Statuses = options(kam.CaseStatuses, status)
	d.Severities = options(kam.CaseSeverities, severity)
	d.Scores = []option{{Value: "", Label: "Not asked yet", Selected: satisfaction == 0}}
	for i, words := range []string{"1 · very unhappy", "2 · unhappy", "3 · neutral", "4 · happy", "5 · very happy"} {
		d.Scores = append(d.Scores, option{Value: strconv.Itoa(i + 1), Label: words, Selected: satisfaction == i+1})
	}
	d.Due = due
}

// UpdateCase serves POST /cases/{id}: the case's form. It saves and
// redirects back to the case (?saved=saved), or shows the page again with
// the reason and the values typed: 400 for a bad value or a resolution
// without the client's satisfaction, 403 for a user who may only read the
// account, 409 when someone else changed the case first (nothing is saved;
// the page shows the case as it is now).
func (a *App) UpdateCase(w http.ResponseWriter, r *http.Request) {
	id, ok := httpx.PathID(r, "id")
	if !ok {
		a.Error(w, r, kam.Errorf(kam.ENOTFOUND, "There is no case %q.", r.PathValue("id")))
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		a.Error(w, r, kam.Errorf(kam.EINVALID, "The form could not be read; reload the page and try again."))
		return
	}
	f := r.PostForm
	status, severity, dueText := f.Get("status"), f.Get("severity"), strings.TrimSpace(f.Get("due"))
	sat, _ := strconv.Atoi(f.Get("satisfaction"))
	if kam.CaseOpenStatus(status) {
		sat = 0 // a case open again has no satisfaction yet
	}
	owner, _ := strconv.ParseInt(f.Get("owner_id"), 10, 64)
	version, verr := strconv.ParseInt(f.Get("version"), 10, 64)
	upd := kam.CaseUpdate{Version: version, Status: &status, Severity: &severity, Satisfaction: &sat}
	if owner != 0 {
		upd.OwnerID = &owner
	}
	var err error
	if verr != nil {
		err = kam.FieldError("version", "The form is incomplete; reload the page and edit again.")
	} else if dueText != "" && dueText != f.Get("was_due") {
		due, derr := kam.ParseDate(dueText)
		if derr != nil {
			err = kam.FieldError("due", "Give the due day as YYYY-MM-DD.")
		}
		upd.Due = &due
	}
	if err == nil {
		_, err = a.st.UpdateCase(r.Context(), httpx.Principal(r.Context()), id, upd)
	}
	code := kam.ErrorCode(err)
	switch code {
	case "":
		http.Redirect(w, r, "/cases/"+strconv.FormatInt(id, 10)+"?saved=saved", http.StatusSeeOther)
		return
	case kam.EINVALID, kam.EFORBIDDEN, kam.ESTALE:
	default:
		a.Error(w, r, err)
		return
	}
	d, perr := a.casePage(r, id)
	if perr != nil {
		a.Error(w, r, perr)
		return
	}
	d.Error = kam.ErrorMessage(err)
	if code == kam.ESTALE {
		d.Error = "Someone else changed this case while you were editing it, and nothing was saved. " +
			"The case is shown as it is now: look it over, then make your change again."
		a.render(w, r, http.StatusConflict, "case", d)
		return
	}
	d.setForm(status, severity, sat, dueText) // keep what the user chose
	for i := range d.Owners {
		d.Owners[i].Selected = d.Owners[i].Value == strconv.FormatInt(owner, 10)
	}
	d.Case.Version = version
	a.render(w, r, httpx.Status(code), "case", d)
}
