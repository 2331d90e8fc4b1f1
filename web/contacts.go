package web

import (
	"net/http"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
	"github.com/kamhq/kam/store"
)

// contactsPage is the data of the contacts list.
type contactsPage struct {
	layout
	Query     string
	Roles     []option
	Strengths []option
	Current   bool
	Filtered  bool
	Contacts  []store.ContactHit
	Error     string
	NextURL   string
	FirstURL  string
	// ExportCSV downloads every contact the user may see.
	ExportCSV string
}

// contactStrengths are the relationship filter's choices.
var contactStrengths = []option{
	{Value: "strong", Label: "Strong relationship (3–5)"}, {Value: "weak", Label: "Weak relationship (1–2)"}, {Value: "unknown", Label: "Relationship unknown"},
}

// Contacts serves GET /contacts: the people at the accounts the user may
// see, by name, searched by name or email and filtered by buying role,
// relationship strength and whether they are still at their company; keyset
// paged (?after=CURSOR).
func (a *App) Contacts(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := store.ContactFilter{Query: q.Get("q"), Role: kam.BuyingRole(q.Get("role")), Strength: q.Get("strength"),
		Current: q.Get("current") == "1", After: q.Get("after")}
	d := &contactsPage{layout: layout{Title: "Contacts", Nav: "contacts"}, Query: f.Query, Current: f.Current,
		Roles: options(kam.BuyingRoles, f.Role), ExportCSV: "/export/contacts?format=csv"}
	d.Strengths = selecting(contactStrengths, f.Strength)
	link := filterLink(q, "q", "role", "strength", "current")
	d.Filtered = len(link) > 0
	if f.After != "" {
		d.FirstURL = "/contacts?" + link.Encode()
	}
	page, err := a.st.FindContactList(r.Context(), httpx.Principal(r.Context()), f)
	switch {
	case kam.ErrorCode(err) == kam.EINVALID:
		d.Error = kam.ErrorMessage(err)
		a.render(w, r, http.StatusBadRequest, "contacts", d)
		return
	case err != nil:
		a.Error(w, r, err)
		return
	}
	d.Contacts = page.Contacts
	if page.Next != "" {
		link.Set("after", page.Next)
		d.NextURL = "/contacts?" + link.Encode()
	}
	a.render(w, r, http.StatusOK, "contacts", d)
}
