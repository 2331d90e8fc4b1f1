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
}

const (
	maxChildren     = 100 // child accounts listed on the page
	recentOrderRows = 20  // orders listed on the page
)

// Account serves GET /accounts/{id}: the account's facts, headline figures,
// child accounts, contacts and recent orders. An account that does not
// exist, is outside the user's scope or has a malformed id is not found.
func (a *App) Account(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), httpx.Principal(r.Context())
	id, ok := httpx.PathID(r, "id")
	if !ok {
		a.Error(w, r, kam.Errorf(kam.ENOTFOUND, "There is no account %q.", r.PathValue("id")))
		return
	}
	acc, err := a.st.FindAccountByID(ctx, p, id)
	if err != nil {
		a.Error(w, r, err)
		return
	}
	d := &accountPage{layout: layout{Title: acc.Name}, Account: acc}
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
			d.Summary, err = a.st.Summarize(ctx, p, id, kam.DateOf(a.st.Now()))
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
	}
	for _, step := range steps {
		if err := step(); err != nil {
			a.Error(w, r, err)
			return
		}
	}
	d.Revenue = change(d.Summary.Revenue12M, d.Summary.RevenuePrev)
	a.render(w, r, http.StatusOK, "account", d)
}
