package api

import (
	"net/http"
	"strconv"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
)

// The deal API adds, reads, changes, deletes and restores one deal, as the
// contact API does contacts: every answer with a deal carries its version
// in ETag, and a change names the version it was made from.

// opportunityInput is the body of POST /api/v1/opportunities.
type opportunityInput struct {
	AccountID   int64               `json:"account_id"`
	Name        string              `json:"name"`
	Kind        kam.OpportunityKind `json:"kind,omitempty"`
	Stage       string              `json:"stage,omitempty"`
	Amount      kam.Money           `json:"amount,omitempty"`
	Currency    string              `json:"currency,omitempty"`
	Probability int                 `json:"probability,omitempty"`
	CloseDate   kam.Date            `json:"close_date,omitempty"`
	OwnerID     int64               `json:"owner_id,omitempty"`
	Competitor  string              `json:"competitor,omitempty"`
	LostReason  string              `json:"lost_reason,omitempty"`
}

// opportunityPatch is the body of PATCH /api/v1/opportunities/{id}: the
// fields to change, each left out to keep it. version may stand in for
// If-Match.
type opportunityPatch struct {
	Version     int64                `json:"version,omitempty"`
	Name        *string              `json:"name,omitempty"`
	Kind        *kam.OpportunityKind `json:"kind,omitempty"`
	Stage       *string              `json:"stage,omitempty"`
	Amount      *kam.Money           `json:"amount,omitempty"`
	Currency    *string              `json:"currency,omitempty"`
	Probability *int                 `json:"probability,omitempty"`
	CloseDate   *kam.Date            `json:"close_date,omitempty"`
	OwnerID     *int64               `json:"owner_id,omitempty"`
	Competitor  *string              `json:"competitor,omitempty"`
	LostReason  *string              `json:"lost_reason,omitempty"`
}

// GetOpportunity serves GET /api/v1/opportunities/{id}: a deal on an
// account the user may see, with its version in ETag.
func (h *Handler) GetOpportunity(w http.ResponseWriter, r *http.Request) {
	id, err := pathTarget(r, "opportunity")
	var o *kam.Opportunity
	if err == nil {
		o, err = h.findDeal(r, httpx.Principal(r.Context()), id)
	}
	h.writeDeal(w, r, http.StatusOK, o, err)
}

// CreateOpportunity serves POST /api/v1/opportunities: 201 with the new
// deal, its address in Location and its version in ETag. Fields left out
// default as in the app: stage prospecting, kind new, the stage's
// probability, the account's currency, a close date 90 days ahead and the
// token's user as owner.
func (h *Handler) CreateOpportunity(w http.ResponseWriter, r *http.Request) {
	p, err := writer(r, "add deals")
	var in opportunityInput
	if err == nil {
		err = readJSON(w, r, &in)
	}
	o := &kam.Opportunity{AccountID: in.AccountID, Name: in.Name, Kind: in.Kind, Stage: in.Stage, Amount: in.Amount,
		Currency: in.Currency, Probability: in.Probability, CloseDate: in.CloseDate, OwnerID: in.OwnerID,
		Competitor: in.Competitor, LostReason: in.LostReason}
	if err == nil {
		err = h.st.CreateOpportunity(r.Context(), p, o)
	}
	if kam.ErrorCode(err) == kam.ENOTFOUND { // the account, not this route
		err = kam.FieldError("account_id", "%s", kam.ErrorMessage(err))
	}
	if err == nil {
		w.Header().Set("Location", "/api/v1/opportunities/"+strconv.FormatInt(o.ID, 10))
	}
	h.writeDeal(w, r, http.StatusCreated, o, err)
}

// PatchOpportunity serves PATCH /api/v1/opportunities/{id}, with the
// version in If-Match or the body as for accounts: 428 without one, 412
// with the deal as it is now when it changed meanwhile. A new stage moves
// the deal as POST .../stage does.
func (h *Handler) PatchOpportunity(w http.ResponseWriter, r *http.Request) {
	p, id, err := h.accountChange(r, "change deals", "opportunity")
	var body opportunityPatch
	if err == nil {
		err = readJSON(w, r, &body)
	}
	if err == nil {
		body.Version, err = requiredVersion(r, body.Version)
	}
	var o *kam.Opportunity
	if err == nil {
		o, err = h.st.UpdateOpportunity(r.Context(), p, id, kam.OpportunityUpdate{Version: body.Version, Name: body.Name,
			Kind: body.Kind, Stage: body.Stage, Amount: body.Amount, Currency: body.Currency, Probability: body.Probability,
			CloseDate: body.CloseDate, OwnerID: body.OwnerID, Competitor: body.Competitor, LostReason: body.LostReason})
	}
	if kam.ErrorCode(err) == kam.ESTALE {
		if now, ferr := h.findDeal(r, p, id); ferr == nil {
			w.Header().Set("ETag", etag(now.Version))
			h.writeJSON(w, r, http.StatusPreconditionFailed, conflictBody[*kam.Opportunity]{
				Error: errorDetail{Code: kam.ESTALE, Message: kam.ErrorMessage(err)}, Data: now})
			return
		}
	}
	h.writeDeal(w, r, http.StatusOK, o, err)
}

// DeleteOpportunity serves DELETE /api/v1/opportunities/{id}: 204, and the
// deal is in the bin; If-Match, when sent, must name the current version.
func (h *Handler) DeleteOpportunity(w http.ResponseWriter, r *http.Request) {
	p, id, err := h.accountChange(r, "delete deals", "opportunity")
	var version int64
	if err == nil {
		version, err = ifMatchVersion(r, 0)
	}
	if err == nil {
		err = h.st.DeleteOpportunity(r.Context(), p, id, version)
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// RestoreOpportunity serves POST /api/v1/opportunities/{id}/restore
// (administrators): the deleted deal comes back, 200 with it.
func (h *Handler) RestoreOpportunity(w http.ResponseWriter, r *http.Request) {
	p, id, err := h.accountChange(r, "restore deals", "opportunity")
	var o *kam.Opportunity
	if err == nil {
		o, err = h.st.RestoreOpportunity(r.Context(), p, id)
	}
	h.writeDeal(w, r, http.StatusOK, o, err)
}

// findDeal reads a deal p may see.
func (h *Handler) findDeal(r *http.Request, p *kam.Principal, id int64) (*kam.Opportunity, error) {
	row, err := h.st.FindOpportunity(r.Context(), p, id)
	if err != nil {
		return nil, err
	}
	return &row.Opportunity, nil
}

// writeDeal answers with a deal and its version in ETag, or err.
func (h *Handler) writeDeal(w http.ResponseWriter, r *http.Request, status int, o *kam.Opportunity, err error) {
	if err != nil {
		h.Error(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(o.Version))
	h.writeJSON(w, r, status, itemResponse[*kam.Opportunity]{Data: o})
}
