package api

import (
	"net/http"
	"strconv"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
	"github.com/kamhq/kam/store"
)

// approvalListParams are the query parameters of GET /api/v1/approvals.
var approvalListParams = []string{"view", "status", "account_id", "limit", "after"}

// approvalInput is the body of POST /api/v1/approvals.
type approvalInput struct {
	AccountID     int64    `json:"account_id"`
	Kind          string   `json:"kind,omitempty"`
	DepthBP       int64    `json:"depth_bp"`
	ProductIDs    []int64  `json:"product_ids,omitempty"`
	StartsOn      kam.Date `json:"starts_on"`
	EndsOn        kam.Date `json:"ends_on"`
	Reason        string   `json:"reason"`
	OpportunityID int64    `json:"opportunity_id,omitempty"`
	ContractID    int64    `json:"contract_id,omitempty"`
}

// approvalDecision is the body of POST /api/v1/approvals/{id}/decision.
type approvalDecision struct {
	Version   int64  `json:"version,omitempty"`
	Action    string `json:"action"`
	CounterBP int64  `json:"counter_bp,omitempty"`
	Comment   string `json:"comment,omitempty"`
}

// approvalAnswer is the body of the requester's accept and withdraw.
type approvalAnswer struct {
	Version int64  `json:"version,omitempty"`
	Comment string `json:"comment,omitempty"`
}

// ListApprovals serves GET /api/v1/approvals: one page of the discount
// requests the token's user may see, newest first: all of them, those
// waiting for the user's decision (view=waiting) or the user's own
// (view=mine).
func (h *Handler) ListApprovals(w http.ResponseWriter, r *http.Request) {
	p := newParams(r.URL.Query(), approvalListParams...)
	f := store.DiscountFilter{View: p.oneOf("view", store.DiscountViews), Status: p.oneOf("status", store.DiscountListStatuses),
		AccountID: p.id("account_id"), Limit: p.intIn("limit", 50, 1, 500), After: p.str("after")}
	if p.err != nil {
		h.Error(w, r, p.err)
		return
	}
	h.cachedList(w, r, func() (any, error) {
		page, err := h.st.FindDiscountRequests(r.Context(), httpx.Principal(r.Context()), f)
		if err != nil {
			return nil, err
		}
		return listResponse[*kam.DiscountRequest]{Data: orEmpty(page.Requests), NextCursor: page.Next}, nil
	})
}

// GetApproval serves GET /api/v1/approvals/{id}: a request with its steps
// and its version in ETag.
func (h *Handler) GetApproval(w http.ResponseWriter, r *http.Request) {
	id, err := pathTarget(r, "discount request")
	var d *kam.DiscountRequest
	if err == nil {
		d, err = h.st.FindDiscountRequest(r.Context(), httpx.Principal(r.Context()), id)
	}
	h.writeApproval(w, r, http.StatusOK, d, err)
}

// CreateApproval serves POST /api/v1/approvals: 201 with the request,
// routed to who must decide it.
func (h *Handler) CreateApproval(w http.ResponseWriter, r *http.Request) {
	p, err := writer(r, "request discounts")
	var in approvalInput
	if err == nil {
		err = readJSON(w, r, &in)
	}
	d := &kam.DiscountRequest{AccountID: in.AccountID, Kind: in.Kind, DepthBP: in.DepthBP, ProductIDs: in.ProductIDs,
		StartsOn: in.StartsOn, EndsOn: in.EndsOn, Reason: in.Reason, OpportunityID: in.OpportunityID, ContractID: in.ContractID}
	if err == nil {
		err = h.st.CreateDiscountRequest(r.Context(), p, d)
	}
	if err == nil {
		w.Header().Set("Location", "/api/v1/approvals/"+strconv.FormatInt(d.ID, 10))
		d, err = h.st.FindDiscountRequest(r.Context(), p, d.ID)
	}
	h.writeApproval(w, r, http.StatusCreated, d, err)
}

// DecideApproval serves POST /api/v1/approvals/{id}/decision: approve,
// reject or counter, by the request's approver or an administrator.
func (h *Handler) DecideApproval(w http.ResponseWriter, r *http.Request) {
	var body approvalDecision
	h.changeApproval(w, r, "decide discounts", &body, &body.Version, func(p *kam.Principal, id int64) error {
		_, err := h.st.DecideDiscount(r.Context(), p, id, kam.DiscountDecision{Version: body.Version, Action: body.Action,
			CounterBP: body.CounterBP, Comment: body.Comment})
		return err
	})
}

// AcceptApprovalCounter serves POST /api/v1/approvals/{id}/accept: the
// requester accepts a counter, and the discount is approved at its depth.
func (h *Handler) AcceptApprovalCounter(w http.ResponseWriter, r *http.Request) {
	var body approvalAnswer
	h.changeApproval(w, r, "accept counters", &body, &body.Version, func(p *kam.Principal, id int64) error {
		_, err := h.st.AcceptCounter(r.Context(), p, id, body.Version, body.Comment)
		return err
	})
}

// WithdrawApproval serves POST /api/v1/approvals/{id}/withdraw: the
// requester withdraws a pending or countered request.
func (h *Handler) WithdrawApproval(w http.ResponseWriter, r *http.Request) {
	var body approvalAnswer
	h.changeApproval(w, r, "withdraw requests", &body, &body.Version, func(p *kam.Principal, id int64) error {
		_, err := h.st.WithdrawDiscount(r.Context(), p, id, body.Version, body.Comment)
		return err
	})
}

// changeApproval reads a change's body and its version (If-Match or the
// body's; 428 without one), applies it, and answers with the request as it
// is now: 200, or 412 with it when the version was stale.
func (h *Handler) changeApproval(w http.ResponseWriter, r *http.Request, doing string, body any, version *int64,
	apply func(p *kam.Principal, id int64) error) {
	p, id, err := h.accountChange(r, doing, "discount request")
	if err == nil {
		err = readJSON(w, r, body)
	}
	if err == nil {
		*version, err = requiredVersion(r, *version)
	}
	if err == nil {
		err = apply(p, id)
	}
	var now *kam.DiscountRequest
	if err == nil || kam.ErrorCode(err) == kam.ESTALE {
		var ferr error
		if now, ferr = h.st.FindDiscountRequest(r.Context(), p, id); ferr != nil && err == nil {
			err = ferr
		}
	}
	if kam.ErrorCode(err) == kam.ESTALE && now != nil {
		w.Header().Set("ETag", etag(now.Version))
		h.writeJSON(w, r, http.StatusPreconditionFailed, conflictBody[*kam.DiscountRequest]{
			Error: errorDetail{Code: kam.ESTALE, Message: kam.ErrorMessage(err)}, Data: now})
		return
	}
	h.writeApproval(w, r, http.StatusOK, now, err)
}

// writeApproval answers with a request and its version in ETag, or err.
func (h *Handler) writeApproval(w http.ResponseWriter, r *http.Request, status int, d *kam.DiscountRequest, err error) {
	if err != nil {
		h.Error(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(d.Version))
	h.writeJSON(w, r, status, itemResponse[*kam.DiscountRequest]{Data: d})
}
