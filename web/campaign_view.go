package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
	"github.com/kamhq/kam/store"
)

// campaignPage is the data of a campaign's page: its progress by account
// manager and one page of its items, each with its form where the user may
// change the account.
type campaignPage struct {
	layout
	Campaign *kam.Campaign
	// Scope says in words which accounts the campaign covers.
	Scope    string
	Progress []store.CampaignOwnerProgress
	Items    []campaignItemRow
	Statuses []option
	Mine     bool
	Filtered bool
	NextURL  string
	FirstURL string
	Notice   string
	Error    string
	// The form that sets the status of the items ticked: shown when the
	// user may change one of the items listed, with the page to come back
	// to, the items ticked and the reason a change was refused.
	CanSetMany   bool
	SetStatuses  []option
	Back         string
	Chosen       map[int64]bool
	SetManyError string
}

// campaignPageOf gathers a campaign's page for the request's filters
// (?status=, ?mine=1, ?after=).
func (a *App) campaignPageOf(r *http.Request, id int64) (*campaignPage, error) {
	ctx, p, q := r.Context(), httpx.Principal(r.Context()), r.URL.Query()
	c, err := a.st.FindCampaign(ctx, p, id)
	if err != nil {
		return nil, err
	}
	d := &campaignPage{layout: layout{Title: c.Name + " · Campaign", Nav: "campaigns"}, Campaign: c, Mine: q.Get("mine") == "1",
		SetStatuses: options(kam.CampaignItemStatuses, ""), Chosen: map[int64]bool{}}
	if d.Scope, err = a.campaignScopeWords(ctx, p, c.Scope); err != nil {
		return nil, err
	}
	if d.Progress, err = a.st.FindCampaignProgress(ctx, p, id); err != nil {
		return nil, err
	}
	f := store.CampaignItemFilter{Status: q.Get("status"), After: q.Get("after")}
	if d.Mine {
		f.OwnerID = p.UserID
	}
	d.Statuses = options(kam.CampaignItemStatuses, f.Status)
	link := filterLink(q, "status", "mine")
	d.Filtered = len(link) > 0
	base := "/campaigns/" + strconv.FormatInt(id, 10)
	if f.After != "" {
		d.FirstURL = base + "?" + link.Encode()
	}
	page, err := a.st.FindCampaignItems(ctx, p, id, f)
	if err != nil {
		return nil, err
	}
	back := base
	if len(link) > 0 {
		back += "?" + link.Encode()
	}
	d.Back = back
	if f.After != "" {
		d.Back = base + "?" + filterLink(q, "status", "mine", "after").Encode()
	}
	for _, it := range page.Items {
		// An owner may change their account; anyone else is asked.
		can := it.OwnerID == p.UserID && p.CanWrite()
		if !can {
			if can, err = a.st.CanEditAccount(ctx, p, it.AccountID); err != nil {
				return nil, err
			}
		}
		d.Items = append(d.Items, newCampaignItemRow(store.AccountCampaignItem{CampaignItem: it, CampaignName: c.Name}, can, back))
		d.CanSetMany = d.CanSetMany || can
	}
	if page.Next != "" {
		link.Set("after", page.Next)
		d.NextURL = base + "?" + link.Encode()
	}
	return d, nil
}

// CampaignView serves GET /campaigns/{id}.
func (a *App) CampaignView(w http.ResponseWriter, r *http.Request) {
	id, _ := httpx.PathID(r, "id")
	d, err := a.campaignPageOf(r, id)
	if kam.ErrorCode(err) == kam.EINVALID {
		a.renderError(w, r, http.StatusBadRequest, kam.ErrorMessage(err))
		return
	} else if err != nil {
		a.Error(w, r, err)
		return
	}
	if n, err := strconv.Atoi(r.URL.Query().Get("made")); err == nil {
		d.Notice = "Campaign made: " + plural(n, "account", "accounts") + " to present it to."
	} else if n, err := strconv.Atoi(r.URL.Query().Get("set")); err == nil {
		d.Notice = "Status set on " + plural(n, "account", "accounts") + "."
	} else if r.URL.Query().Get("saved") != "" {
		d.Notice = "Saved."
	}
	a.render(w, r, http.StatusOK, "campaign", d)
}

// UpdateCampaignItem serves POST /campaign-items/{id}: the item's status
// and note, from a campaign's page or an account's. It saves and goes back
// to that page, or shows it again with the reason by the item: 400 for a
// bad value, 403 for a user who may only read the account, 409 when
// someone else changed the item first (nothing is saved; the page shows
// the item as it is now).
func (a *App) UpdateCampaignItem(w http.ResponseWriter, r *http.Request) {
	id, _ := httpx.PathID(r, "id")
	if !a.readForm(w, r) {
		return
	}
	ctx, p, f := r.Context(), httpx.Principal(r.Context()), r.PostForm
	choice, note := f.Get("status"), strings.TrimSpace(f.Get("note"))
	version, _ := strconv.ParseInt(f.Get("version"), 10, 64)
	it, err := a.st.FindCampaignItem(ctx, p, id)
	if err == nil {
		_, err = a.st.UpdateCampaignItem(ctx, p, id, kam.CampaignItemUpdate{Version: version, Status: &choice, Note: &note})
	}
	back := f.Get("back")
	code := kam.ErrorCode(err)
	switch {
	case code == "" && (strings.HasPrefix(back, "/campaigns/") || strings.HasPrefix(back, "/accounts/")):
		http.Redirect(w, r, back, http.StatusSeeOther)
		return
	case code == "":
		http.Redirect(w, r, "/campaigns/"+strconv.FormatInt(it.CampaignID, 10)+"?saved=1", http.StatusSeeOther)
		return
	case code != kam.EINVALID && code != kam.EFORBIDDEN && code != kam.ESTALE:
		a.Error(w, r, err)
		return
	}
	msg, status := kam.ErrorMessage(err), httpx.Status(code)
	if code == kam.ESTALE {
		msg, status = "Someone else changed this item while you were editing it, and nothing was saved. It is shown as it is now.", http.StatusConflict
	}
	// Show the page the form came from again, with the reason by the item.
	var rows []campaignItemRow
	var render func()
	if strings.HasPrefix(back, "/accounts/") {
		d, perr := a.accountPage(r, it.AccountID)
		if perr != nil || d.Work == nil || d.Work.Onboarding == nil {
			a.Error(w, r, err)
			return
		}
		rows, render = d.Work.Onboarding.Items, func() { a.render(w, r, status, "account", d) }
	} else {
		d, perr := a.campaignPageOf(r, it.CampaignID)
		if perr != nil {
			a.Error(w, r, perr)
			return
		}
		rows, render = d.Items, func() { a.render(w, r, status, "campaign", d) }
	}
	for i := range rows {
		if rows[i].ID == id {
			rows[i].Error = msg
			if code != kam.ESTALE { // keep what was typed
				rows[i].Statuses, rows[i].Note = options(kam.CampaignItemStatuses, choice), note
			}
		}
	}
	render()
}
