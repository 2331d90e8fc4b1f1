package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
)

// The forms of targets: set a quota (POST /targets), change or delete a
// target (POST /targets/{id}, from the targets page or an account's
// objectives), add an objective to an account (POST
// /accounts/{id}/objectives) and move the fiscal year's start (POST
// /fiscal-year). Each saves and redirects (303), or shows its page
// again with the reason and what was typed: 400 for a bad value or a
// closed period, 403 for a user who may not, 409 for a second quota of a
// period, a target whose period has ended, or one someone else changed
// first (nothing is saved).

// staleTarget is what a form says when someone else changed the target.
const staleTarget = "Someone else changed this target while you were editing it, and nothing was saved. " +
	"It is shown as it is now: look it over, then make your change again."

// readForm reads a posted form of at most maxFormBytes; when it cannot, it
// answers with the error page and returns false.
func (a *App) readForm(w http.ResponseWriter, r *http.Request) bool {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		a.Error(w, r, kam.Errorf(kam.EINVALID, "The form could not be read; reload the page and try again."))
		return false
	}
	return true
}

// formAmount reads an amount field; empty is 0.
func formAmount(s string) (kam.Money, error) {
	if strings.TrimSpace(s) == "" {
		return 0, nil
	}
	m, err := kam.ParseMoney(s)
	if err != nil {
		return 0, kam.FieldError("amount", "Write the amount as a number, such as 120000 or 120,000.50.")
	}
	return m, nil
}

// refusedForm reports whether err is one a form shows by its fields
// rather than as an error page.
func refusedForm(err error) bool {
	switch kam.ErrorCode(err) {
	case kam.EINVALID, kam.EFORBIDDEN, kam.ECONFLICT, kam.ESTALE:
		return true
	}
	return false
}

// targetsLink is the targets page of a period's key, with what was saved.
func targetsLink(key, saved string) string {
	return "/targets?period=" + url.QueryEscape(key) + "&saved=" + saved
}

// SaveTarget serves POST /targets: the form that sets a quota for a person
// or unit ("user:12" or "unit:3") for the page's period.
func (a *App) SaveTarget(w http.ResponseWriter, r *http.Request) {
	if !a.readForm(w, r) {
		return
	}
	ctx, p, f := r.Context(), httpx.Principal(r.Context()), r.PostForm
	key := f.Get("period")
	cal, err := a.st.FiscalCalendar(ctx)
	if err != nil {
		a.Error(w, r, err)
		return
	}
	t := &kam.Target{Currency: f.Get("currency"), Basis: f.Get("basis")}
	kind, id, _ := strings.Cut(f.Get("for"), ":")
	n, _ := strconv.ParseInt(id, 10, 64)
	switch kind {
	case "user":
		t.UserID = n
	case "unit":
		t.OrgUnitID = n
	}
	if n == 0 {
		err = kam.FieldError("for", "Choose whom the quota is for.")
	}
	var period kam.Period
	if err == nil {
		period, err = cal.ParsePeriod(key)
		t.PeriodStart, t.PeriodEnd = period.First, period.Last
	}
	if err == nil {
		t.Amount, err = formAmount(f.Get("amount"))
	}
	if err == nil {
		err = a.st.CreateTarget(ctx, p, t)
	}
	if err == nil {
		http.Redirect(w, r, targetsLink(period.Key(), "created"), http.StatusSeeOther)
		return
	}
	if !refusedForm(err) {
		a.Error(w, r, err)
		return
	}
	d, perr := a.targetsPage(r, key)
	if perr != nil {
		a.Error(w, r, perr)
		return
	}
	d.Form.Error, d.Form.Field = kam.ErrorMessage(err), kam.ErrorField(err)
	if !d.CanSetQuotas || d.Closed { // the page shows no form to say it by
		d.Error = d.Form.Error
	}
	d.Form.Amount, d.Form.Currency = f.Get("amount"), f.Get("currency")
	d.Form.Subjects, d.Form.Bases = selecting(d.Form.Subjects, f.Get("for")), targetBases(f.Get("basis"))
	a.render(w, r, httpx.Status(kam.ErrorCode(err)), "targets", d)
}

// ChangeTarget serves POST /targets/{id}: a new amount (action save) or
// the delete (action delete) of a target, from the version the form was
// drawn at. It goes back to the targets page of period, or to the account
// page of back_account for an objective.
func (a *App) ChangeTarget(w http.ResponseWriter, r *http.Request) {
	id, ok := httpx.PathID(r, "id")
	if !ok {
		a.Error(w, r, kam.Errorf(kam.ENOTFOUND, "There is no target %q.", r.PathValue("id")))
		return
	}
	if !a.readForm(w, r) {
		return
	}
	ctx, p, f := r.Context(), httpx.Principal(r.Context()), r.PostForm
	account, _ := strconv.ParseInt(f.Get("back_account"), 10, 64)
	version, err := strconv.ParseInt(f.Get("version"), 10, 64)
	if err != nil || version <= 0 {
		err = kam.FieldError("version", "The form is incomplete; reload the page and edit again.")
	}
	saved := "saved"
	switch {
	case err != nil:
	case f.Get("action") == "delete":
		saved, err = "deleted", a.st.DeleteTarget(ctx, p, id, version)
	default:
		var amount kam.Money
		if amount, err = formAmount(f.Get("amount")); err == nil {
			_, err = a.st.UpdateTarget(ctx, p, id, kam.TargetUpdate{Version: version, Amount: &amount})
		}
	}
	switch {
	case err == nil && account != 0:
		http.Redirect(w, r, "/accounts/"+strconv.FormatInt(account, 10)+"?saved=objective#objectives", http.StatusSeeOther)
		return
	case err == nil:
		http.Redirect(w, r, targetsLink(f.Get("period"), saved), http.StatusSeeOther)
		return
	case !refusedForm(err):
		a.Error(w, r, err)
		return
	}
	message, status := kam.ErrorMessage(err), httpx.Status(kam.ErrorCode(err))
	if kam.ErrorCode(err) == kam.ESTALE {
		message, status = staleTarget, http.StatusConflict
	}
	if account != 0 {
		a.objectiveRefused(w, r, account, err, message, status)
		return
	}
	d, perr := a.targetsPage(r, f.Get("period"))
	if perr != nil {
		a.Error(w, r, perr)
		return
	}
	d.Error = message
	a.render(w, r, status, "targets", d)
}

// AddObjective serves POST /accounts/{id}/objectives: the account panel's
// form that adds an objective (a period, an amount, a description).
func (a *App) AddObjective(w http.ResponseWriter, r *http.Request) {
	id, ok := a.accountForm(w, r)
	if !ok {
		return
	}
	ctx, p, f := r.Context(), httpx.Principal(r.Context()), r.PostForm
	cal, err := a.st.FiscalCalendar(ctx)
	if err != nil {
		a.Error(w, r, err)
		return
	}
	t := &kam.Target{AccountID: id, Currency: f.Get("currency"), Basis: f.Get("basis"), Description: f.Get("description")}
	period, err := cal.ParsePeriod(f.Get("period"))
	t.PeriodStart, t.PeriodEnd = period.First, period.Last
	if err == nil {
		t.Amount, err = formAmount(f.Get("amount"))
	}
	if err == nil {
		err = a.st.CreateTarget(ctx, p, t)
	}
	switch {
	case err == nil:
		http.Redirect(w, r, "/accounts/"+strconv.FormatInt(id, 10)+"?saved=objective#objectives", http.StatusSeeOther)
	case !refusedForm(err):
		a.Error(w, r, err)
	default:
		a.objectiveRefused(w, r, id, err, kam.ErrorMessage(err), httpx.Status(kam.ErrorCode(err)))
	}
}

// objectiveRefused shows the account page again, with status, with the
// objectives panel's refusal and what its form held.
func (a *App) objectiveRefused(w http.ResponseWriter, r *http.Request, accountID int64, err error, message string, status int) {
	d, perr := a.accountPage(r, accountID)
	if perr != nil {
		a.Error(w, r, perr)
		return
	}
	if d.Work == nil || d.Work.Objectives == nil {
		a.Error(w, r, err)
		return
	}
	f, panel := r.PostForm, d.Work.Objectives
	panel.Error, panel.Field = message, kam.ErrorField(err)
	if f.Get("back_account") == "" {
		panel.Amount, panel.Currency, panel.Description = f.Get("amount"), f.Get("currency"), f.Get("description")
		panel.Periods, panel.Bases = selecting(panel.Periods, f.Get("period")), targetBases(f.Get("basis"))
	}
	a.render(w, r, status, "account", d)
}

// SetFiscalYear serves POST /fiscal-year: an administrator moves
// the month the fiscal year starts in.
func (a *App) SetFiscalYear(w http.ResponseWriter, r *http.Request) {
	if !a.readForm(w, r) {
		return
	}
	month, _ := strconv.Atoi(r.PostForm.Get("start_month"))
	ctx, p, cal := r.Context(), httpx.Principal(r.Context()), kam.FiscalCalendar{StartMonth: time.Month(month)}
	var err error
	if r.PostForm.Get("delete_targets") == "1" {
		var confirmed []int64
		for _, v := range r.PostForm["target"] {
			id, perr := strconv.ParseInt(v, 10, 64)
			if perr != nil {
				err = kam.FieldError("target", "The list of targets to delete could not be read; look at it again.")
				break
			}
			confirmed = append(confirmed, id)
		}
		if err == nil {
			err = a.st.MoveFiscalYearDeleting(ctx, p, cal, confirmed)
		}
	} else {
		err = a.st.SetFiscalCalendar(ctx, p, cal)
	}
	switch {
	case err == nil:
		http.Redirect(w, r, "/targets?saved=fiscal-year", http.StatusSeeOther)
		return
	case !refusedForm(err):
		a.Error(w, r, err)
		return
	}
	d, perr := a.targetsPage(r, "")
	if perr != nil {
		a.Error(w, r, perr)
		return
	}
	status := httpx.Status(kam.ErrorCode(err))
	d.FiscalError = kam.ErrorMessage(err)
	if kam.ErrorCode(err) == kam.ECONFLICT {
		if d.FiscalMisfits, err = a.st.FiscalMisfits(ctx, p, cal); err != nil {
			a.Error(w, r, err)
			return
		}
		d.FiscalMoveTo, d.FiscalMoveName = month, cal.StartMonth.String()
		d.FiscalMonths = selecting(d.FiscalMonths, strconv.Itoa(month))
	}
	a.render(w, r, status, "targets", d)
}
