package web

import (
	"net/http"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
	"github.com/kamhq/kam/store"
)

// accountPage is the data of an account's page.
type accountPage struct {
	layout
	Account  *kam.Account
	Parent   *kam.Account // nil when there is none or it is outside the user's scope
	Summary  *store.AccountSummary
	Revenue  delta // the last 12 months against the 12 before
	Children []*kam.Account
	// MoreChildren is set when there are more child accounts than shown.
	MoreChildren bool
	Contacts     []*kam.Contact
	Orders       []*kam.Order
	// Flags are the account's open and acknowledged change flags.
	Flags []*kam.AccountFlag
	// Insights are the account's health, standing, buying, forecast,
	// products and what to offer next, as of today.
	Insights *insights
	// Records are its team, timeline, deals, contracts, cases, invoices
	// and buying centre.
	Records *accountRecords
	// CanEdit is whether the user may change the account; Edit is then
	// the facts form, and Saved names what was just saved.
	CanEdit bool
	Edit    *accountEdit
	Saved   string
	// Capture logs a call, visit, note, task or deal on the account.
	Capture *captureForm
	// Work is the account's plan, approvals, objectives, cadence and
	// onboarding.
	Work *accountWork
}

const (
	maxChildren     = 100 // child accounts listed on the page
	recentOrderRows = 20  // orders listed on the page
)

// Account serves GET /accounts/{id}: the account's facts, headline figures,
// insights, child accounts, contacts and recent orders. An account that does
// not exist, is outside the user's scope or has a malformed id is not found.
// After the stage form it says the stage was saved (?saved=stage).
func (a *App) Account(w http.ResponseWriter, r *http.Request) {
	id, ok := accountID(r)
	if !ok {
		a.Error(w, r, kam.Errorf(kam.ENOTFOUND, "There is no account %q.", r.PathValue("id")))
		return
	}
	d, err := a.accountPage(r, id)
	if err != nil {
		a.Error(w, r, err)
		return
	}
	d.Saved = r.URL.Query().Get("saved")
	d.Insights.Standing.Saved = d.Saved == "stage"
	a.render(w, r, http.StatusOK, "account", d)
}

// accountForm reads the account id of a form's path and the posted form;
// when either is wrong it answers with the error page and returns false.
func (a *App) accountForm(w http.ResponseWriter, r *http.Request) (int64, bool) {
	id, ok := accountID(r)
	if !ok {
		a.Error(w, r, kam.Errorf(kam.ENOTFOUND, "There is no account %q.", r.PathValue("id")))
		return 0, false
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		a.Error(w, r, kam.Errorf(kam.EINVALID, "The form could not be read; reload the page and try again."))
		return 0, false
	}
	return id, true
}

// accountID reads the account id of the path, false when it is malformed.
func accountID(r *http.Request) (int64, bool) {
	return httpx.PathID(r, "id")
}

// accountPage gathers everything an account's page shows.
func (a *App) accountPage(r *http.Request, id int64) (*accountPage, error) {
	ctx, p := r.Context(), httpx.Principal(r.Context())
	acc, err := a.st.FindAccountByID(ctx, p, id)
	if err != nil {
		return nil, err
	}
	today := kam.DateOf(a.st.Now())
	d := &accountPage{layout: layout{Title: acc.Name, Nav: "accounts"}, Account: acc}
	// Each step runs only while the ones before succeeded.
	steps := []func() error{
		func() error {
			if acc.ParentID == 0 {
				return nil
			}
			parent, err := a.st.FindAccountByID(ctx, p, acc.ParentID)
			if kam.ErrorCode(err) == kam.ENOTFOUND {
				return nil // the page names no account the user may not see
			}
			d.Parent = parent
			return err
		},
		func() (err error) {
			d.Summary, err = a.st.Summarize(ctx, p, id, today)
			return err
		},
		func() error {
			page, err := a.st.FindAccounts(ctx, p, kam.AccountFilter{ParentID: id, Limit: maxChildren})
			if err == nil {
				d.Children, d.MoreChildren = page.Accounts, page.Next != ""
			}
			return err
		},
		func() (err error) {
			d.Contacts, err = a.st.FindContacts(ctx, p, id)
			return err
		},
		func() (err error) {
			d.Orders, err = a.st.FindRecentOrders(ctx, p, id, recentOrderRows)
			return err
		},
		func() (err error) {
			d.Flags, err = a.st.FindAccountFlags(ctx, p, id)
			return err
		},
		func() (err error) {
			d.Insights, err = a.insights(ctx, p, id, today)
			return err
		},
		func() (err error) {
			d.Records, err = a.records(ctx, p, id, d.Contacts, today)
			return err
		},
		func() (err error) {
			d.Work, err = a.accountWork(ctx, p, acc, today)
			return err
		},
		func() (err error) {
			d.CanEdit, err = a.st.CanEditAccount(ctx, p, id)
			if d.CanEdit {
				d.Edit = newAccountEdit(acc, factsOf(acc))
				d.Capture = captureFor(acc, accountURL(id)+"#timeline")
			}
			return err
		},
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	d.Revenue = change(d.Summary.Revenue12M, d.Summary.RevenuePrev)
	return d, nil
}

// SetStage serves POST /accounts/{id}/stage: the relational stage the
// account's manager judges it to be in. It redirects back to the account
// page; a stage that is not one of the six, or a user who may see the
// account but not change it, gets the page again with the reason by the
// form. An account the user may not see is not found.
func (a *App) SetStage(w http.ResponseWriter, r *http.Request) {
	id, ok := a.accountForm(w, r)
	if !ok {
		return
	}
	err := a.setStage(r.Context(), httpx.Principal(r.Context()), id, r.PostForm.Get("stage"))
	switch code := kam.ErrorCode(err); {
	case err == nil:
		http.Redirect(w, r, accountURL(id)+"?saved=stage#standing", http.StatusSeeOther)
	case code == kam.EINVALID || code == kam.EFORBIDDEN:
		d, perr := a.accountPage(r, id)
		if perr != nil {
			a.Error(w, r, perr)
			return
		}
		d.Insights.Standing.Error = kam.ErrorMessage(err)
		a.render(w, r, httpx.Status(code), "account", d)
	default:
		a.Error(w, r, err)
	}
}
