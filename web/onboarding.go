package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
	"github.com/kamhq/kam/store"
)

// onboardingsPage is the data of the onboardings list.
type onboardingsPage struct {
	layout
	Show        []option
	AccountID   int64
	Onboardings []onboardingView
	CanManage   bool
}

// onboardingShows are the list's choices: running, late or all.
var onboardingShows = []option{{Value: "", Label: "Running"}, {Value: "late", Label: "With late steps"}, {Value: "all", Label: "All"}}

// canManageChecklists reports whether the signed-in user manages checklist
// templates (the store decides; this only shows the links).
func canManageChecklists(u *kam.User) bool {
	return u != nil && (u.Role == kam.RoleAdmin || u.Role == kam.RoleDirector)
}

// Onboardings serves GET /onboarding: the onboardings of the accounts the
// user sees, running ones unless asked (?show=late, ?show=all), of one
// account with ?account_id=ID.
func (a *App) Onboardings(w http.ResponseWriter, r *http.Request) {
	q, p := r.URL.Query(), httpx.Principal(r.Context())
	show := q.Get("show")
	accountID, _ := strconv.ParseInt(q.Get("account_id"), 10, 64)
	f := store.OnboardingFilter{AccountID: accountID, Running: show == "", Late: show == "late", Limit: 200}
	list, err := a.st.FindOnboardings(r.Context(), p, f)
	if err != nil {
		a.Error(w, r, err)
		return
	}
	d := &onboardingsPage{layout: layout{Title: "Onboarding", Nav: "accounts"}, Show: selecting(onboardingShows, show),
		AccountID: accountID, CanManage: canManageChecklists(currentUser(r.Context()))}
	for _, o := range list {
		d.Onboardings = append(d.Onboardings, newOnboardingView(o))
	}
	a.render(w, r, http.StatusOK, "onboardings", d)
}

// onboardingPage is the data of an onboarding's page.
type onboardingPage struct {
	layout
	onboardingView
	CanEdit       bool
	Notice, Error string
}

// onboardingSaved are the sentences a change redirects with.
var onboardingSaved = map[string]string{
	"started": "Checklist started: a task for each step is on its owner's list.",
	"done":    "Step done.",
}

// OnboardingView serves GET /onboarding/{id}: the steps with their owners,
// due days and states, and a button that completes each step not done.
func (a *App) OnboardingView(w http.ResponseWriter, r *http.Request) {
	a.showOnboarding(w, r, http.StatusOK, onboardingSaved[r.URL.Query().Get("saved")], "")
}

// showOnboarding renders an onboarding's page with a notice or an error.
func (a *App) showOnboarding(w http.ResponseWriter, r *http.Request, status int, notice, problem string) {
	ctx, p := r.Context(), httpx.Principal(r.Context())
	id, ok := httpx.PathID(r, "id")
	if !ok {
		a.Error(w, r, kam.Errorf(kam.ENOTFOUND, "There is no onboarding %q.", r.PathValue("id")))
		return
	}
	o, err := a.st.FindOnboarding(ctx, p, id)
	var canEdit bool
	if err == nil {
		canEdit, err = a.st.CanEditAccount(ctx, p, o.AccountID)
	}
	if err != nil {
		a.Error(w, r, err)
		return
	}
	d := &onboardingPage{layout: layout{Title: o.Name + " · " + o.AccountName, Nav: "accounts"}, onboardingView: newOnboardingView(o),
		CanEdit: canEdit, Notice: notice, Error: problem}
	a.render(w, r, status, "onboarding", d)
}

// StartOnboarding serves POST /onboarding, the account page's form: it
// starts the checklist and shows the onboarding, or shows the account page
// again with the reason by the form.
func (a *App) StartOnboarding(w http.ResponseWriter, r *http.Request) {
	if !a.readForm(w, r) {
		return
	}
	ctx, p, f := r.Context(), httpx.Principal(r.Context()), r.PostForm
	accountID, _ := strconv.ParseInt(f.Get("account_id"), 10, 64)
	templateID, _ := strconv.ParseInt(f.Get("template_id"), 10, 64)
	var start kam.Date
	var err error
	if s := strings.TrimSpace(f.Get("start")); s != "" {
		if start, err = kam.ParseDate(s); err != nil {
			err = kam.FieldError("start", "Give the start as YYYY-MM-DD.")
		}
	}
	var o *kam.Onboarding
	if err == nil {
		o, err = a.st.StartOnboarding(ctx, p, accountID, templateID, start)
	}
	if err == nil {
		http.Redirect(w, r, "/onboarding/"+strconv.FormatInt(o.ID, 10)+"?saved=started", http.StatusSeeOther)
		return
	}
	code := kam.ErrorCode(err)
	if code != kam.EINVALID && code != kam.ECONFLICT && code != kam.EFORBIDDEN {
		a.Error(w, r, err)
		return
	}
	d, perr := a.accountPage(r, accountID)
	if perr != nil {
		a.Error(w, r, perr)
		return
	}
	if d.Work == nil || d.Work.Onboarding == nil {
		a.Error(w, r, err)
		return
	}
	d.Work.Onboarding.Error = kam.ErrorMessage(err)
	d.Work.Onboarding.Start = f.Get("start")
	d.Work.Onboarding.Templates = selecting(d.Work.Onboarding.Templates, f.Get("template_id"))
	a.render(w, r, httpx.Status(code), "account", d)
}

// CompleteOnboardingStep serves POST /onboarding-steps/{id}/done: the
// step's task is done, and its onboarding's page shows it.
func (a *App) CompleteOnboardingStep(w http.ResponseWriter, r *http.Request) {
	id, ok := httpx.PathID(r, "id")
	if !ok {
		a.Error(w, r, kam.Errorf(kam.ENOTFOUND, "There is no step %q.", r.PathValue("id")))
		return
	}
	o, err := a.st.CompleteOnboardingStep(r.Context(), httpx.Principal(r.Context()), id)
	if err != nil {
		a.Error(w, r, err)
		return
	}
	http.Redirect(w, r, "/onboarding/"+strconv.FormatInt(o.ID, 10)+"?saved=done", http.StatusSeeOther)
}

// CancelOnboarding serves POST /onboarding/{id}/cancel: the onboarding and
// the tasks of its steps not done go, and the account's page shows. An
// onboarding changed meanwhile shows again as it is now.
func (a *App) CancelOnboarding(w http.ResponseWriter, r *http.Request) {
	id, ok := httpx.PathID(r, "id")
	if !ok || !a.readForm(w, r) {
		if !ok {
			a.Error(w, r, kam.Errorf(kam.ENOTFOUND, "There is no onboarding %q.", r.PathValue("id")))
		}
		return
	}
	ctx, p := r.Context(), httpx.Principal(r.Context())
	o, err := a.st.FindOnboarding(ctx, p, id)
	version, _ := strconv.ParseInt(r.PostForm.Get("version"), 10, 64)
	if err == nil {
		err = a.st.CancelOnboarding(ctx, p, id, version)
	}
	switch kam.ErrorCode(err) {
	case "":
		http.Redirect(w, r, "/accounts/"+strconv.FormatInt(o.AccountID, 10)+"#onboarding", http.StatusSeeOther)
	case kam.ESTALE:
		a.showOnboarding(w, r, http.StatusConflict, "", "Someone changed this onboarding while you were looking at it, and it was not cancelled. "+
			"It is shown as it is now: cancel it again if you still mean to.")
	default:
		a.Error(w, r, err)
	}
}
