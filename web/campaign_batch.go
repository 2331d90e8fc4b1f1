package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
	"github.com/kamhq/kam/store"
)

// readChosenItems reads the items ticked on a campaign's page: each an
// "item" value of the item's id and the version it was shown at ("12:3").
func readChosenItems(f url.Values) ([]store.CampaignItemVersion, error) {
	var out []store.CampaignItemVersion
	for _, v := range f["item"] {
		id, version, _ := strings.Cut(v, ":")
		var it store.CampaignItemVersion
		var err1, err2 error
		it.ID, err1 = strconv.ParseInt(id, 10, 64)
		it.Version, err2 = strconv.ParseInt(version, 10, 64)
		if err1 != nil || err2 != nil {
			return nil, kam.FieldError("items", "The accounts ticked could not be read; reload the page and try again.")
		}
		out = append(out, it)
	}
	return out, nil
}

// UpdateCampaignItems serves POST /campaigns/{id}/items: the status chosen
// set on every item ticked, all or none. It goes back to the page the form
// came from, saying how many accounts it set; or shows that page again
// with the reason by the form and the items still ticked: 400 for nothing
// ticked or no status, 403 when one is of an account the user may only
// read, 409 when someone else changed one first (the items shown as they
// are now), each naming the account.
func (a *App) UpdateCampaignItems(w http.ResponseWriter, r *http.Request) {
	id, _ := httpx.PathID(r, "id")
	if !a.readForm(w, r) {
		return
	}
	ctx, p, f := r.Context(), httpx.Principal(r.Context()), r.PostForm
	base := "/campaigns/" + strconv.FormatInt(id, 10)
	back, err := url.Parse(f.Get("back"))
	if err != nil || back.Path != base {
		back = &url.URL{Path: base}
	}
	items, err := readChosenItems(f)
	if err == nil && f.Get("status") == "" {
		err = kam.FieldError("status", "Choose the status to set.")
	}
	var set []*kam.CampaignItem
	if err == nil {
		set, err = a.st.UpdateCampaignItems(ctx, p, id, f.Get("status"), items)
	}
	code := kam.ErrorCode(err)
	switch code {
	case "":
		q := back.Query()
		q.Set("set", strconv.Itoa(len(set)))
		back.RawQuery = q.Encode()
		http.Redirect(w, r, back.String(), http.StatusSeeOther)
		return
	case kam.EINVALID, kam.EFORBIDDEN, kam.ESTALE:
	default:
		a.Error(w, r, err)
		return
	}
	// The page the form came from, with its filters, the reason and the
	// items still ticked.
	again := r.Clone(ctx)
	again.URL = &url.URL{Path: base, RawQuery: back.RawQuery}
	d, perr := a.campaignPageOf(again, id)
	if perr != nil {
		a.Error(w, r, perr)
		return
	}
	var status int
	d.SetManyError, status = kam.ErrorMessage(err), httpx.Status(code)
	if code == kam.ESTALE {
		d.SetManyError += " The accounts are shown as they are now: look them over and set the status again."
		status = http.StatusConflict
	}
	for _, it := range items {
		d.Chosen[it.ID] = true
	}
	d.SetStatuses = options(kam.CampaignItemStatuses, f.Get("status"))
	a.render(w, r, status, "campaign", d)
}
