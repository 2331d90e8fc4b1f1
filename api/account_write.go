package api

import (
	"net/http"
	"strconv"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
)

// accountInput is the body of POST /api/v1/accounts and one item of
// POST /api/v1/accounts/bulk.
type accountInput struct {
	Name        string            `json:"name"`
	LegalName   string            `json:"legal_name,omitempty"`
	TaxID       string            `json:"tax_id,omitempty"`
	Industry    string            `json:"industry,omitempty"`
	Country     string            `json:"country,omitempty"`
	Segment     string            `json:"segment,omitempty"`
	Tier        string            `json:"tier,omitempty"`
	Status      kam.AccountStatus `json:"status,omitempty"`
	ParentID    int64             `json:"parent_id,omitempty"`
	OwnerID     int64             `json:"owner_id,omitempty"`
	OrgUnitID   int64             `json:"org_unit_id,omitempty"`
	Currency    string            `json:"currency,omitempty"`
	Domains     []string          `json:"domains,omitempty"`
	ExternalIDs []kam.ExternalID  `json:"external_ids,omitempty"`
}

// account returns the account the input describes.
func (in *accountInput) account() *kam.Account {
	return &kam.Account{Name: in.Name, LegalName: in.LegalName, TaxID: in.TaxID, Industry: in.Industry, Country: in.Country,
		Segment: in.Segment, Tier: in.Tier, Status: in.Status, ParentID: in.ParentID, OwnerID: in.OwnerID,
		OrgUnitID: in.OrgUnitID, Currency: in.Currency, Domains: in.Domains, ExternalIDs: in.ExternalIDs}
}

// accountPatch is the body of PATCH /api/v1/accounts/{id}: the fields to
// change, each left out to keep it. version may stand in for If-Match.
type accountPatch struct {
	Version        int64              `json:"version,omitempty"`
	Name           *string            `json:"name,omitempty"`
	LegalName      *string            `json:"legal_name,omitempty"`
	Industry       *string            `json:"industry,omitempty"`
	Country        *string            `json:"country,omitempty"`
	Segment        *string            `json:"segment,omitempty"`
	Tier           *string            `json:"tier,omitempty"`
	Status         *kam.AccountStatus `json:"status,omitempty"`
	LostReason     *string            `json:"lost_reason,omitempty"`
	LostCompetitor *string            `json:"lost_competitor,omitempty"`
	ParentID       *int64             `json:"parent_id,omitempty"`
	OwnerID        *int64             `json:"owner_id,omitempty"`
}

// CreateAccount serves POST /api/v1/accounts: 201 with the new account, its
// address in Location and its version in ETag. A company that already has
// an account (same tax id, domain, or name in the same country) is 409.
func (h *Handler) CreateAccount(w http.ResponseWriter, r *http.Request) {
	p, err := writer(r, "create accounts")
	var in accountInput
	if err == nil {
		err = readJSON(w, r, &in)
	}
	a := in.account()
	if err == nil {
		err = h.st.CreateAccount(r.Context(), p, a)
	}
	if err == nil {
		a, err = h.st.FindAccountByID(r.Context(), p, a.ID)
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/accounts/"+strconv.FormatInt(a.ID, 10))
	w.Header().Set("ETag", etag(a.Version))
	h.writeJSON(w, r, http.StatusCreated, itemResponse[*kam.Account]{Data: a})
}

// PatchAccount serves PATCH /api/v1/accounts/{id}. The version the change
// started from is required, in If-Match ("3") or as version in the body
// (428 without one). An account changed since is 412 with the account as it
// is now in data; nothing is written.
func (h *Handler) PatchAccount(w http.ResponseWriter, r *http.Request) {
	p, id, err := h.accountChange(r, "change accounts", "account")
	var body accountPatch
	if err == nil {
		err = readJSON(w, r, &body)
	}
	if err == nil {
		body.Version, err = requiredVersion(r, body.Version)
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	a, err := h.st.UpdateAccount(r.Context(), p, id, kam.AccountUpdate{Version: body.Version, Name: body.Name,
		LegalName: body.LegalName, Industry: body.Industry, Country: body.Country, Segment: body.Segment, Tier: body.Tier,
		Status: body.Status, LostReason: body.LostReason, LostCompetitor: body.LostCompetitor, ParentID: body.ParentID,
		OwnerID: body.OwnerID})
	if kam.ErrorCode(err) == kam.ECONFLICT {
		h.refuseStale(w, r, p, id, body.Version, err)
		return
	}
	if err == nil {
		a, err = h.st.FindAccountByID(r.Context(), p, id)
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(a.Version))
	h.writeJSON(w, r, http.StatusOK, itemResponse[*kam.Account]{Data: a})
}

// refuseStale answers a refused account change: 412 with the account as it
// is now when it has moved past version, else err as it is (a 409 for a
// taken identity, say).
func (h *Handler) refuseStale(w http.ResponseWriter, r *http.Request, p *kam.Principal, id, version int64, err error) {
	now, ferr := h.st.FindAccountByID(r.Context(), p, id)
	if ferr != nil || now.Version == version {
		h.Error(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(now.Version))
	h.writeJSON(w, r, http.StatusPreconditionFailed, conflictBody[*kam.Account]{Data: now, Error: errorDetail{Code: kam.ESTALE,
		Message: "Account " + strconv.FormatInt(id, 10) + " was changed by someone else (your version " + strconv.FormatInt(version, 10) +
			", now " + strconv.FormatInt(now.Version, 10) + "). It is in data as it is now; apply your change to it and send it again."}})
}

// DeleteAccount serves DELETE /api/v1/accounts/{id}: 204, and the account is
// in the bin, from where an administrator can restore it. If-Match, when
// sent, must name the current version (412 otherwise).
func (h *Handler) DeleteAccount(w http.ResponseWriter, r *http.Request) {
	p, id, err := h.accountChange(r, "delete accounts", "account")
	var version int64
	if err == nil {
		version, err = ifMatchVersion(r, 0)
	}
	if err == nil {
		err = h.st.DeleteAccount(r.Context(), p, id, version)
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// RestoreAccount serves POST /api/v1/accounts/{id}/restore (administrators):
// the deleted account comes back, 200 with it.
func (h *Handler) RestoreAccount(w http.ResponseWriter, r *http.Request) {
	p, id, err := h.accountChange(r, "restore accounts", "account")
	var a *kam.Account
	if err == nil {
		a, err = h.st.RestoreAccount(r.Context(), p, id)
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(a.Version))
	h.writeJSON(w, r, http.StatusOK, itemResponse[*kam.Account]{Data: a})
}

// writer returns the request's principal if it may write at all.
func writer(r *http.Request, doing string) (*kam.Principal, error) {
	p := httpx.Principal(r.Context())
	if p.ReadOnly {
		return p, kam.Errorf(kam.EFORBIDDEN, "This token is read only; to %s, use a token that may write.", doing)
	}
	return p, nil
}

// requiredVersion is ifMatchVersion for changes that cannot go without a
// version: none at all is 428.
func requiredVersion(r *http.Request, body int64) (int64, error) {
	v, err := ifMatchVersion(r, body)
	if err == nil && v == 0 {
		err = kam.Errorf(kam.EPRECONDITION, "Send the version you are changing in If-Match (the ETag of your GET, such as \"3\"), so that a change made meanwhile is not overwritten.")
	}
	return v, err
}
