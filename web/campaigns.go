package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
)

// campaignsPage is the data of the campaigns list.
type campaignsPage struct {
	layout
	Campaigns []*kam.Campaign
}

// Campaigns serves GET /campaigns: the campaigns the user sees, each with
// the counts of the items on the accounts they see.
func (a *App) Campaigns(w http.ResponseWriter, r *http.Request) {
	list, err := a.st.FindCampaigns(r.Context(), httpx.Principal(r.Context()))
	if err != nil {
		a.Error(w, r, err)
		return
	}
	a.render(w, r, http.StatusOK, "campaigns", &campaignsPage{layout: layout{Title: "Campaigns", Nav: "campaigns"}, Campaigns: list})
}

// campaignNewPage is the data of the form that makes a campaign.
type campaignNewPage struct {
	layout
	Name, Description, Product, Starts, Ends, Country, Industry string
	Owners, Units, Tiers, Statuses                              []option
	Error                                                       string
}

// newCampaignForm is the form with the values typed (v nil: empty, the
// period starting today for a quarter).
func (a *App) newCampaignForm(r *http.Request, v url.Values) (*campaignNewPage, error) {
	today := kam.DateOf(a.st.Now())
	d := &campaignNewPage{layout: layout{Title: "New campaign", Nav: "campaigns"}, Starts: today.String(), Ends: today.AddDays(90).String()}
	if v != nil {
		d.Name, d.Description, d.Product = v.Get("name"), v.Get("description"), v.Get("product")
		d.Starts, d.Ends, d.Country, d.Industry = v.Get("starts_on"), v.Get("ends_on"), v.Get("country"), v.Get("industry")
	}
	owner, _ := strconv.ParseInt(v.Get("owner_id"), 10, 64)
	unit, _ := strconv.ParseInt(v.Get("org_unit_id"), 10, 64)
	var err error
	if d.Owners, err = a.ownerOptions(r, owner); err != nil {
		return nil, err
	}
	units, err := a.st.FindOrgUnits(r.Context())
	if err != nil {
		return nil, err
	}
	for _, u := range units {
		d.Units = append(d.Units, option{Value: strconv.FormatInt(u.ID, 10), Label: u.Name, Selected: u.ID == unit})
	}
	d.Tiers = options(kam.Tiers, v.Get("tier"))
	d.Statuses = options(kam.AccountStatuses, kam.AccountStatus(v.Get("status")))
	return d, nil
}

// NewCampaign serves GET /campaigns/new.
func (a *App) NewCampaign(w http.ResponseWriter, r *http.Request) {
	d, err := a.newCampaignForm(r, nil)
	if err != nil {
		a.Error(w, r, err)
		return
	}
	a.render(w, r, http.StatusOK, "campaign_new", d)
}

// readCampaign reads the campaign the form describes.
func (a *App) readCampaign(r *http.Request, f url.Values) (*kam.Campaign, error) {
	c := &kam.Campaign{Name: f.Get("name"), Description: f.Get("description"), Scope: kam.CampaignScope{
		Tier: f.Get("tier"), Status: kam.AccountStatus(f.Get("status")),
		Country: strings.TrimSpace(f.Get("country")), Industry: strings.TrimSpace(f.Get("industry"))}}
	c.Scope.OwnerID, _ = strconv.ParseInt(f.Get("owner_id"), 10, 64)
	c.Scope.OrgUnitID, _ = strconv.ParseInt(f.Get("org_unit_id"), 10, 64)
	var err error
	for _, d := range []struct {
		field string
		to    *kam.Date
	}{{"starts_on", &c.Starts}, {"ends_on", &c.Ends}} {
		if s := strings.TrimSpace(f.Get(d.field)); s != "" {
			if *d.to, err = kam.ParseDate(s); err != nil {
				return nil, kam.FieldError(d.field, "Give the day as YYYY-MM-DD.")
			}
		}
	}
	if sku := strings.TrimSpace(f.Get("product")); sku != "" {
		ids, err := a.st.ProductIDsBySKU(r.Context(), []string{sku})
		if err != nil {
			return nil, kam.FieldError("product", "%s", kam.ErrorMessage(err))
		}
		c.ProductID = ids[0]
	}
	return c, nil
}

// CreateCampaign serves POST /campaigns: it makes the campaign and its
// items and shows it, saying how many accounts it covers; or shows the
// form again with the reason.
func (a *App) CreateCampaign(w http.ResponseWriter, r *http.Request) {
	if !a.readForm(w, r) {
		return
	}
	c, err := a.readCampaign(r, r.PostForm)
	var n int
	if err == nil {
		n, err = a.st.CreateCampaign(r.Context(), httpx.Principal(r.Context()), c)
	}
	if err == nil {
		http.Redirect(w, r, "/campaigns/"+strconv.FormatInt(c.ID, 10)+"?made="+strconv.Itoa(n), http.StatusSeeOther)
		return
	}
	code := kam.ErrorCode(err)
	if code != kam.EINVALID && code != kam.EFORBIDDEN {
		a.Error(w, r, err)
		return
	}
	d, ferr := a.newCampaignForm(r, r.PostForm)
	if ferr != nil {
		a.Error(w, r, ferr)
		return
	}
	d.Error = kam.ErrorMessage(err)
	a.render(w, r, httpx.Status(code), "campaign_new", d)
}
