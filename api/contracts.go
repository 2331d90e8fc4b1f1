package api

import (
	"net/http"
	"strconv"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
	"github.com/kamhq/kam/store"
)

// contractListParams are the query parameters of GET /api/v1/contracts.
var contractListParams = []string{"account_id", "status", "ending_after", "ending_before", "sort", "limit", "after"}

// contractInput is the body of POST /api/v1/contracts.
type contractInput struct {
	AccountID    int64     `json:"account_id"`
	Name         string    `json:"name"`
	StartDate    kam.Date  `json:"start_date"`
	EndDate      kam.Date  `json:"end_date"`
	Value        kam.Money `json:"value,omitempty"`
	Currency     string    `json:"currency"`
	AutoRenew    bool      `json:"auto_renew,omitempty"`
	RenewalTerms string    `json:"renewal_terms,omitempty"`
	NoticeDays   int       `json:"notice_days,omitempty"`
	Status       string    `json:"status,omitempty"`
}

// contractPatch is the body of PATCH /api/v1/contracts/{id}: the fields to
// change, each left out to keep it. version may stand in for If-Match.
type contractPatch struct {
	Version      int64      `json:"version,omitempty"`
	Name         *string    `json:"name,omitempty"`
	StartDate    *kam.Date  `json:"start_date,omitempty"`
	EndDate      *kam.Date  `json:"end_date,omitempty"`
	Value        *kam.Money `json:"value,omitempty"`
	Currency     *string    `json:"currency,omitempty"`
	AutoRenew    *bool      `json:"auto_renew,omitempty"`
	RenewalTerms *string    `json:"renewal_terms,omitempty"`
	NoticeDays   *int       `json:"notice_days,omitempty"`
	Status       *string    `json:"status,omitempty"`
}

// ListContracts serves GET /api/v1/contracts: one page of the contracts of
// the accounts the token's user may see, the earliest ending first.
func (h *Handler) ListContracts(w http.ResponseWriter, r *http.Request) {
	p := newParams(r.URL.Query(), contractListParams...)
	f := store.ContractFilter{AccountID: p.id("account_id"), Status: p.oneOf("status", kam.ContractStatuses),
		EndingAfter: p.date("ending_after", kam.Date{}), EndingBefore: p.date("ending_before", kam.Date{}),
		Sort: p.oneOf("sort", store.ContractSorts), Limit: p.intIn("limit", 50, 1, 500), After: p.str("after")}
	if p.err != nil {
		h.Error(w, r, p.err)
		return
	}
	page, err := h.st.FindContractList(r.Context(), httpx.Principal(r.Context()), f)
	if err != nil {
		h.Error(w, r, err)
		return
	}
	h.writeJSON(w, r, http.StatusOK, listResponse[store.ContractHit]{Data: page.Contracts, NextCursor: page.Next})
}

// GetContract serves GET /api/v1/contracts/{id}, with its version in ETag.
func (h *Handler) GetContract(w http.ResponseWriter, r *http.Request) {
	id, err := pathTarget(r, "contract")
	var k *kam.Contract
	if err == nil {
		k, err = h.st.FindContract(r.Context(), httpx.Principal(r.Context()), id)
	}
	answerRecord(h, w, r, http.StatusOK, k, err, contractVersion, nil)
}

// CreateContract serves POST /api/v1/contracts: 201 with the new contract
// of an account the user may change.
func (h *Handler) CreateContract(w http.ResponseWriter, r *http.Request) {
	p, err := writer(r, "add contracts")
	var in contractInput
	if err == nil {
		err = readJSON(w, r, &in)
	}
	k := &kam.Contract{AccountID: in.AccountID, Name: in.Name, StartDate: in.StartDate, EndDate: in.EndDate, Value: in.Value,
		Currency: in.Currency, AutoRenew: in.AutoRenew, RenewalTerms: in.RenewalTerms, NoticeDays: in.NoticeDays, Status: in.Status}
	if err == nil {
		err = h.st.CreateContract(r.Context(), p, k)
	}
	if err == nil {
		w.Header().Set("Location", "/api/v1/contracts/"+strconv.FormatInt(k.ID, 10))
	}
	answerRecord(h, w, r, http.StatusCreated, k, err, contractVersion, nil)
}

// PatchContract serves PATCH /api/v1/contracts/{id}, with the version in
// If-Match or the body: 428 without one, 412 with the contract as it is now
// when it changed meanwhile.
func (h *Handler) PatchContract(w http.ResponseWriter, r *http.Request) {
	p, id, err := h.accountChange(r, "change contracts", "contract")
	var body contractPatch
	if err == nil {
		err = readJSON(w, r, &body)
	}
	if err == nil {
		body.Version, err = requiredVersion(r, body.Version)
	}
	var k *kam.Contract
	if err == nil {
		k, err = h.st.UpdateContract(r.Context(), p, id, kam.ContractUpdate{Version: body.Version, Name: body.Name,
			StartDate: body.StartDate, EndDate: body.EndDate, Value: body.Value, Currency: body.Currency, AutoRenew: body.AutoRenew,
			RenewalTerms: body.RenewalTerms, NoticeDays: body.NoticeDays, Status: body.Status})
	}
	answerRecord(h, w, r, http.StatusOK, k, err, contractVersion, func() (*kam.Contract, error) {
		return h.st.FindContract(r.Context(), p, id)
	})
}

// DeleteContract serves DELETE /api/v1/contracts/{id}: 204, and the
// contract is in the bin. If-Match, when sent, must name the current
// version; a stale one is 412 with the contract as it is now.
func (h *Handler) DeleteContract(w http.ResponseWriter, r *http.Request) {
	p, id, err := h.accountChange(r, "delete contracts", "contract")
	var version int64
	if err == nil {
		version, err = ifMatchVersion(r, 0)
	}
	if err == nil {
		err = h.st.DeleteContract(r.Context(), p, id, version)
	}
	if err == nil {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	answerRecord(h, w, r, 0, nil, err, contractVersion, func() (*kam.Contract, error) {
		return h.st.FindContract(r.Context(), p, id)
	})
}

// RestoreContract serves POST /api/v1/contracts/{id}/restore
// (administrators).
func (h *Handler) RestoreContract(w http.ResponseWriter, r *http.Request) {
	p, id, err := h.accountChange(r, "restore contracts", "contract")
	var k *kam.Contract
	if err == nil {
		k, err = h.st.RestoreContract(r.Context(), p, id)
	}
	answerRecord(h, w, r, http.StatusOK, k, err, contractVersion, nil)
}

// contractVersion is a contract's version, for ETag.
func contractVersion(k *kam.Contract) int64 { return k.Version }
