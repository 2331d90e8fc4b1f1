package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
)

// attritionAccountPage is an account's attrition: the form that marks it
// lost (or corrects its loss and plans a win-back), its losses, and the
// form that reactivates it.
type attritionAccountPage struct {
	layout
	Account *kam.Account
	Losses  []*kam.Loss
	Current *kam.Loss // the loss of a lost account
	CanEdit bool
	Reasons []option
	// The form as typed, and the reason it was refused.
	Detail, Competitor, LostOn, WinBackOn, WinBackNote string
	Error, Field                                       string
	Statuses                                           []option
	Saved                                              bool
}

// attritionPage gathers an account's attrition page, the form set to its
// current loss.
func (a *App) attritionPage(r *http.Request, id int64) (*attritionAccountPage, error) {
	ctx, p := r.Context(), httpx.Principal(r.Context())
	acc, err := a.st.FindAccountByID(ctx, p, id)
	if err != nil {
		return nil, err
	}
	d := &attritionAccountPage{layout: layout{Title: "Attrition · " + acc.Name, Nav: "calls"}, Account: acc,
		Statuses: options([]kam.AccountStatus{kam.StatusActive, kam.StatusOnboarding}, kam.StatusActive)}
	if d.Losses, err = a.st.AccountLosses(ctx, p, id); err != nil {
		return nil, err
	}
	if d.CanEdit, err = a.st.CanEditAccount(ctx, p, id); err != nil {
		return nil, err
	}
	reason := ""
	if acc.Status == kam.StatusLost && len(d.Losses) > 0 && d.Losses[0].WonBackOn.IsZero() {
		d.Current = d.Losses[0]
		reason, d.Detail, d.Competitor = d.Current.Reason, d.Current.Detail, d.Current.Competitor
		d.LostOn, d.WinBackNote = d.Current.LostOn.String(), d.Current.WinBackNote
		if !d.Current.WinBackOn.IsZero() {
			d.WinBackOn = d.Current.WinBackOn.String()
		}
	}
	reasons, err := a.st.LostReasons(ctx)
	if err != nil {
		return nil, err
	}
	d.Reasons = lostReasonOptions(reasons, reason)
	return d, nil
}

// lostReasonOptions are the reasons to choose from, with one that is no
// longer listed kept when it is the loss's.
func lostReasonOptions(reasons []string, current string) []option {
	if current != "" && !slices.Contains(reasons, current) {
		reasons = append(reasons, current)
	}
	out := []option{{Value: "", Label: "Choose a reason", Selected: current == ""}}
	for _, r := range reasons {
		out = append(out, option{Value: r, Label: r, Selected: r == current})
	}
	return out
}

// AccountAttrition serves GET /accounts/{id}/attrition.
func (a *App) AccountAttrition(w http.ResponseWriter, r *http.Request) {
	id, ok := httpx.PathID(r, "id")
	if !ok {
		a.Error(w, r, kam.Errorf(kam.ENOTFOUND, "There is no account %q.", r.PathValue("id")))
		return
	}
	d, err := a.attritionPage(r, id)
	if err != nil {
		a.Error(w, r, err)
		return
	}
	d.Saved = r.URL.Query().Get("saved") == "1"
	a.render(w, r, http.StatusOK, "attrition_account", d)
}

// SaveAccountAttrition serves POST /accounts/{id}/attrition: marks the
// account lost (or corrects its loss, and plans a win-back) and shows the
// account's attrition, or the form again with the reason by its field.
func (a *App) SaveAccountAttrition(w http.ResponseWriter, r *http.Request) {
	id, ok := a.accountForm(w, r)
	if !ok {
		return
	}
	f := r.PostForm
	in := kam.LossInput{Reason: f.Get("reason"), Detail: f.Get("detail"), Competitor: f.Get("competitor"), WinBackNote: f.Get("winback_note")}
	var err error
	in.Version, err = formVersion(f)
	for field, dst := range map[string]*kam.Date{"lost_on": &in.LostOn, "winback_on": &in.WinBackOn} {
		if v := strings.TrimSpace(f.Get(field)); v != "" && err == nil {
			if *dst, err = kam.ParseDate(v); err != nil {
				err = kam.FieldError(field, "Give the day as YYYY-MM-DD.")
			}
		}
	}
	if err == nil {
		_, err = a.st.MarkLost(r.Context(), httpx.Principal(r.Context()), id, in)
	}
	a.afterAttrition(w, r, id, in.Version, err, func(d *attritionAccountPage) {
		d.Reasons = lostReasonOptions(optionValues(d.Reasons[1:]), in.Reason)
		d.Detail, d.Competitor, d.WinBackNote = in.Detail, in.Competitor, in.WinBackNote
		d.LostOn, d.WinBackOn = f.Get("lost_on"), f.Get("winback_on")
	})
}

// ReactivateAccount serves POST /accounts/{id}/reactivate: the lost
// account comes back, active or onboarding, and the page shows it.
func (a *App) ReactivateAccount(w http.ResponseWriter, r *http.Request) {
	id, ok := a.accountForm(w, r)
	if !ok {
		return
	}
	f := r.PostForm
	version, err := formVersion(f)
	if err == nil {
		_, err = a.st.Reactivate(r.Context(), httpx.Principal(r.Context()), id,
			kam.Reactivation{Version: version, Status: kam.AccountStatus(f.Get("status"))})
	}
	a.afterAttrition(w, r, id, version, err, nil)
}

// afterAttrition redirects after a saved change of attrition, or shows the
// account's attrition page with the reason (keep restores the form as
// typed, on the version it was made from): 400, 403, or 409 when the
// account changed meanwhile.
func (a *App) afterAttrition(w http.ResponseWriter, r *http.Request, id, version int64, err error, keep func(*attritionAccountPage)) {
	status, reason, again := a.formRefusal(w, r, err, accountURL(id)+"/attrition?saved=1", staleAccountText)
	if !again {
		return
	}
	d, perr := a.attritionPage(r, id)
	if perr != nil {
		a.Error(w, r, perr)
		return
	}
	d.Error = reason
	if status == http.StatusConflict {
		a.render(w, r, status, "attrition_account", d)
		return
	}
	d.Field = errorField(err)
	if keep != nil {
		keep(d)
	}
	d.Account.Version = version // the form stays on the version it was made from
	a.render(w, r, status, "attrition_account", d)
}

// formVersion reads the version a form was made from.
func formVersion(f url.Values) (int64, error) {
	v, err := strconv.ParseInt(f.Get("version"), 10, 64)
	if err != nil {
		return 0, kam.FieldError("version", "The form is incomplete; reload the page and edit again.")
	}
	return v, nil
}

// optionValues are the values of a select's options.
func optionValues(list []option) []string {
	out := make([]string, len(list))
	for i, o := range list {
		out[i] = o.Value
	}
	return out
}
