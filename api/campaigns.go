package api

import (
	"net/http"
	"strconv"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
	"github.com/kamhq/kam/store"
)

// campaignItemParams are the query parameters of GET /api/v1/campaigns/{id}/items.
var campaignItemParams = []string{"status", "owner_id", "limit", "after"}

// campaignInput is the body of POST /api/v1/campaigns.
type campaignInput struct {
	Name        string            `json:"name"`
	Description string            `json:"description,omitempty"`
	ProductID   int64             `json:"product_id,omitempty"`
	Starts      kam.Date          `json:"starts_on"`
	Ends        kam.Date          `json:"ends_on"`
	Scope       kam.CampaignScope `json:"scope,omitzero"`
}

// campaignPatch is the body of PATCH /api/v1/campaigns/{id}.
type campaignPatch struct {
	Version     int64     `json:"version,omitempty"`
	Name        *string   `json:"name,omitempty"`
	Description *string   `json:"description,omitempty"`
	ProductID   *int64    `json:"product_id,omitempty"`
	Starts      *kam.Date `json:"starts_on,omitempty"`
	Ends        *kam.Date `json:"ends_on,omitempty"`
}

// campaignItemPatch is the body of PATCH /api/v1/campaign-items/{id}.
type campaignItemPatch struct {
	Version int64   `json:"version,omitempty"`
	Status  *string `json:"status,omitempty"`
	Note    *string `json:"note,omitempty"`
}

// campaignVersion is a campaign's version; 0 for none.
func campaignVersion(c *kam.Campaign) int64 {
	if c == nil {
		return 0
	}
	return c.Version
}

// itemVersion is a campaign item's version; 0 for none.
func itemVersion(it *kam.CampaignItem) int64 {
	if it == nil {
		return 0
	}
	return it.Version
}

// ListCampaigns serves GET /api/v1/campaigns: the campaigns the user sees,
// with the counts of the items on the accounts they see.
func (h *Handler) ListCampaigns(w http.ResponseWriter, r *http.Request) {
	if p := newParams(r.URL.Query()); p.err != nil {
		h.Error(w, r, p.err)
		return
	}
	h.cachedList(w, r, func() (any, error) {
		list, err := h.st.FindCampaigns(r.Context(), httpx.Principal(r.Context()))
		return listResponse[*kam.Campaign]{Data: list}, err
	})
}

// GetCampaign serves GET /api/v1/campaigns/{id}.
func (h *Handler) GetCampaign(w http.ResponseWriter, r *http.Request) {
	id, err := pathTarget(r, "campaign")
	var c *kam.Campaign
	if err == nil {
		c, err = h.st.FindCampaign(r.Context(), httpx.Principal(r.Context()), id)
	}
	h.writeVersioned(w, r, http.StatusOK, c, campaignVersion(c), err)
}

// CreateCampaign serves POST /api/v1/campaigns: 201 with the campaign, its
// items counted in counts.total.
func (h *Handler) CreateCampaign(w http.ResponseWriter, r *http.Request) {
	p, err := writer(r, "make campaigns")
	var in campaignInput
	if err == nil {
		err = readJSON(w, r, &in)
	}
	c := &kam.Campaign{Name: in.Name, Description: in.Description, ProductID: in.ProductID, Starts: in.Starts, Ends: in.Ends, Scope: in.Scope}
	if err == nil {
		_, err = h.st.CreateCampaign(r.Context(), p, c)
	}
	if err == nil {
		w.Header().Set("Location", "/api/v1/campaigns/"+strconv.FormatInt(c.ID, 10))
		c, err = h.st.FindCampaign(r.Context(), p, c.ID)
	}
	h.writeVersioned(w, r, http.StatusCreated, c, campaignVersion(c), err)
}

// PatchCampaign serves PATCH /api/v1/campaigns/{id} (its creator or an
// administrator): If-Match or the body's version, 428 without, 412 with
// the campaign as it is now.
func (h *Handler) PatchCampaign(w http.ResponseWriter, r *http.Request) {
	p, id, err := h.accountChange(r, "change campaigns", "campaign")
	var body campaignPatch
	if err == nil {
		err = readJSON(w, r, &body)
	}
	if err == nil {
		body.Version, err = requiredVersion(r, body.Version)
	}
	var c *kam.Campaign
	if err == nil {
		c, err = h.st.UpdateCampaign(r.Context(), p, id, kam.CampaignUpdate{Version: body.Version, Name: body.Name,
			Description: body.Description, ProductID: body.ProductID, Starts: body.Starts, Ends: body.Ends})
	}
	if h.staleConflict(w, r, err, func() (any, int64, error) {
		now, err := h.st.FindCampaign(r.Context(), p, id)
		return now, campaignVersion(now), err
	}) {
		return
	}
	h.writeVersioned(w, r, http.StatusOK, c, campaignVersion(c), err)
}

// DeleteCampaign serves DELETE /api/v1/campaigns/{id}: 204.
func (h *Handler) DeleteCampaign(w http.ResponseWriter, r *http.Request) {
	h.deleteVersioned(w, r, "delete campaigns", "campaign", h.st.DeleteCampaign)
}

// ListCampaignItems serves GET /api/v1/campaigns/{id}/items: one page of
// the campaign's items on the accounts the user sees, by account name.
func (h *Handler) ListCampaignItems(w http.ResponseWriter, r *http.Request) {
	id, ok := httpx.PathID(r, "id")
	p := newParams(r.URL.Query(), campaignItemParams...)
	f := store.CampaignItemFilter{Status: p.oneOf("status", kam.CampaignItemStatuses), OwnerID: p.id("owner_id"),
		Limit: p.intIn("limit", 100, 1, 500), After: p.str("after")}
	if !ok {
		p.fail(kam.FieldError("id", "The campaign id must be a positive whole number, not %q.", r.PathValue("id")))
	}
	if p.err != nil {
		h.Error(w, r, p.err)
		return
	}
	h.cachedList(w, r, func() (any, error) {
		page, err := h.st.FindCampaignItems(r.Context(), httpx.Principal(r.Context()), id, f)
		if err != nil {
			return nil, err
		}
		return listResponse[kam.CampaignItem]{Data: page.Items, NextCursor: page.Next}, nil
	})
}

// CampaignProgress serves GET /api/v1/campaigns/{id}/progress: the counts
// by account manager, of the accounts the user sees.
func (h *Handler) CampaignProgress(w http.ResponseWriter, r *http.Request) {
	id, err := pathTarget(r, "campaign")
	var rows []store.CampaignOwnerProgress
	if err == nil {
		rows, err = h.st.FindCampaignProgress(r.Context(), httpx.Principal(r.Context()), id)
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	h.writeJSON(w, r, http.StatusOK, listResponse[store.CampaignOwnerProgress]{Data: rows})
}

// GetCampaignItem serves GET /api/v1/campaign-items/{id}.
func (h *Handler) GetCampaignItem(w http.ResponseWriter, r *http.Request) {
	id, err := pathTarget(r, "campaign item")
	var it *kam.CampaignItem
	if err == nil {
		it, err = h.st.FindCampaignItem(r.Context(), httpx.Principal(r.Context()), id)
	}
	h.writeVersioned(w, r, http.StatusOK, it, itemVersion(it), err)
}

// PatchCampaignItem serves PATCH /api/v1/campaign-items/{id}: whoever may
// change the account moves its item on; If-Match or the body's version
// (428 without), 412 with the item as it is now.
func (h *Handler) PatchCampaignItem(w http.ResponseWriter, r *http.Request) {
	p, id, err := h.accountChange(r, "update campaign items", "campaign item")
	var body campaignItemPatch
	if err == nil {
		err = readJSON(w, r, &body)
	}
	if err == nil {
		body.Version, err = requiredVersion(r, body.Version)
	}
	var it *kam.CampaignItem
	if err == nil {
		it, err = h.st.UpdateCampaignItem(r.Context(), p, id, kam.CampaignItemUpdate{Version: body.Version, Status: body.Status, Note: body.Note})
	}
	if h.staleConflict(w, r, err, func() (any, int64, error) {
		now, err := h.st.FindCampaignItem(r.Context(), p, id)
		return now, itemVersion(now), err
	}) {
		return
	}
	h.writeVersioned(w, r, http.StatusOK, it, itemVersion(it), err)
}
