package api

import (
	"net/http"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
)

// GetApprovalRule serves GET /api/v1/approvals/rule: the depths up to which
// a requester's manager, then the director above, decide a discount; deeper
// ones go to an administrator.
func (h *Handler) GetApprovalRule(w http.ResponseWriter, r *http.Request) {
	err := newParams(r.URL.Query()).err
	var rule kam.DiscountRule
	if err == nil {
		rule, err = h.st.DiscountRule(r.Context())
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	h.writeJSON(w, r, http.StatusOK, itemResponse[kam.DiscountRule]{Data: rule})
}

// PutApprovalRule serves PUT /api/v1/approvals/rule for administrators: new
// thresholds route the requests made from now on; requests made before
// keep their approver.
func (h *Handler) PutApprovalRule(w http.ResponseWriter, r *http.Request) {
	p := httpx.Principal(r.Context())
	err := adminWrite(p, "change who approves discounts")
	var rule kam.DiscountRule
	if err == nil {
		err = readJSON(w, r, &rule)
	}
	if err == nil {
		err = h.st.SetDiscountRule(r.Context(), p, rule)
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	h.writeJSON(w, r, http.StatusOK, itemResponse[kam.DiscountRule]{Data: rule})
}
