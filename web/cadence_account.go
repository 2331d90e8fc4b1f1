package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
)

// cadenceAccountPage is the form that sets an account's own cadence.
type cadenceAccountPage struct {
	layout
	Account *kam.Account
	Cadence *kam.AccountCadence
	CanEdit bool
	// Days is the field as typed; Error the reason it was refused.
	Days  string
	Error string
}

// cadencePage gathers an account's cadence page as stored.
func (a *App) cadencePage(r *http.Request, id int64) (*cadenceAccountPage, error) {
	ctx, p := r.Context(), httpx.Principal(r.Context())
	acc, err := a.st.FindAccountByID(ctx, p, id)
	if err != nil {
		return nil, err
	}
	d := &cadenceAccountPage{layout: layout{Title: "Cadence · " + acc.Name, Nav: "calls"}, Account: acc}
	if d.Cadence, err = a.st.AccountCadence(ctx, p, id, kam.DateOf(a.st.Now())); err != nil {
		return nil, err
	}
	if d.CanEdit, err = a.st.CanEditAccount(ctx, p, id); err != nil {
		return nil, err
	}
	if d.Cadence.Days != nil {
		d.Days = strconv.Itoa(*d.Cadence.Days)
	}
	return d, nil
}

// AccountCadence serves GET /accounts/{id}/cadence: the account's cadence
// and, for whoever may change the account, the form that sets its own.
func (a *App) AccountCadence(w http.ResponseWriter, r *http.Request) {
	id, ok := httpx.PathID(r, "id")
	if !ok {
		a.Error(w, r, kam.Errorf(kam.ENOTFOUND, "There is no account %q.", r.PathValue("id")))
		return
	}
	d, err := a.cadencePage(r, id)
	if err != nil {
		a.Error(w, r, err)
		return
	}
	a.render(w, r, http.StatusOK, "calls_account", d)
}

// SaveAccountCadence serves POST /accounts/{id}/cadence: sets the account's
// own cadence (days, 1 to 366) or clears it (empty) and goes back to the
// account, or shows the form again with the reason: 400 for a bad number,
// 403 for a user who may only read the account, 409 when the account
// changed meanwhile (nothing is saved).
func (a *App) SaveAccountCadence(w http.ResponseWriter, r *http.Request) {
	id, ok := a.accountForm(w, r)
	if !ok {
		return
	}
	f := r.PostForm
	text := strings.TrimSpace(f.Get("days"))
	version, verr := strconv.ParseInt(f.Get("version"), 10, 64)
	upd := kam.CadenceUpdate{Version: version}
	var err error
	if verr != nil {
		err = kam.FieldError("version", "The form is incomplete; reload the page and edit again.")
	} else if text != "" {
		days, cerr := strconv.Atoi(text)
		if cerr != nil {
			err = kam.FieldError("days", "A cadence is a whole number of days from 1 to %d.", kam.MaxCadenceDays)
		}
		upd.Days = &days
	}
	if err == nil {
		_, err = a.st.SetAccountCadence(r.Context(), httpx.Principal(r.Context()), id, upd)
	}
	status, reason, again := a.formRefusal(w, r, err, accountURL(id)+"?saved=cadence#cadence", staleAccountText)
	if !again {
		return
	}
	d, perr := a.cadencePage(r, id)
	if perr != nil {
		a.Error(w, r, perr)
		return
	}
	d.Error = reason
	if status != http.StatusConflict {
		d.Days, d.Cadence.Version = text, version // as typed, on the version it was made from
	}
	a.render(w, r, status, "calls_account", d)
}

// staleAccountText explains a form refused because its account changed.
const staleAccountText = "Someone else changed this account while you were editing, and nothing was saved. " +
	"It is shown as it is now: look it over, then make your change again."

// formRefusal answers the save of a form: a redirect (303) to next when err
// is nil, the error page when err is not about the form. Otherwise again
// is true with the status and reason to show the form with: 400 for bad
// input, 403 for a user who may only read, 409 and stale when the record
// changed meanwhile (nothing was saved).
func (a *App) formRefusal(w http.ResponseWriter, r *http.Request, err error, next, stale string) (status int, reason string, again bool) {
	switch code := kam.ErrorCode(err); code {
	case "":
		http.Redirect(w, r, next, http.StatusSeeOther)
	case kam.ESTALE:
		return http.StatusConflict, stale, true
	case kam.EINVALID, kam.EFORBIDDEN:
		return httpx.Status(code), kam.ErrorMessage(err), true
	default:
		a.Error(w, r, err)
	}
	return 0, "", false
}
