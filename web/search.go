package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
	"github.com/kamhq/kam/store"
)

// searchSize is how many hits of each kind the search page lists.
const searchSize = 20

// searchPage is the data of the global search page.
type searchPage struct {
	layout
	Text          string
	Accounts      []*kam.Account
	MoreAccounts  bool
	Contacts      []store.ContactHit
	MoreContacts  bool
	ContactsURL   string
	Opportunities []store.OpportunityHit
	// AccountsURL lists every matching account on the account list.
	AccountsURL string
}

// Search serves GET /search?q=: the accounts, contacts and opportunities the
// user may see whose names hold the text, each kind in its own list. The top
// bar's search box, opened with "/" or Ctrl+K, sends here.
func (a *App) Search(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), httpx.Principal(r.Context())
	text := strings.TrimSpace(r.URL.Query().Get("q"))
	if r := []rune(text); len(r) > 200 {
		text = string(r[:200])
	}
	d := &searchPage{layout: layout{Title: "Search", SearchText: text}, Text: text}
	if text != "" {
		d.Title = "Search: " + text
		page, err := a.st.FindAccounts(ctx, p, kam.AccountFilter{Query: text, Limit: searchSize})
		if err != nil {
			a.Error(w, r, err)
			return
		}
		d.Accounts, d.MoreAccounts = page.Accounts, page.Next != ""
		d.AccountsURL = "/accounts?q=" + url.QueryEscape(text)
		contacts, err := a.st.FindContactList(ctx, p, store.ContactFilter{Query: text, Limit: searchSize})
		if err != nil {
			a.Error(w, r, err)
			return
		}
		d.Contacts, d.MoreContacts = contacts.Contacts, contacts.Next != ""
		d.ContactsURL = "/contacts?q=" + url.QueryEscape(text)
		if d.Opportunities, err = a.st.SearchOpportunities(ctx, p, text, searchSize); err != nil {
			a.Error(w, r, err)
			return
		}
	}
	a.render(w, r, http.StatusOK, "search", d)
}
