package api

import (
	"net/http"

	"github.com/kamhq/kam/store"
)

// handoverRequest is the body of POST /api/v1/accounts/handover.
type handoverRequest struct {
	FromUserID int64   `json:"from_user_id"`
	ToUserID   int64   `json:"to_user_id"`
	AccountIDs []int64 `json:"account_ids"`
	Reason     string  `json:"reason"`
}

// HandOver serves POST /api/v1/accounts/handover: a director or an
// administrator moves accounts from one owner to another (all the old
// owner's that they may change, or those of account_ids), with the old
// owner's open deals and tasks on them; the new owner gets a task saying
// so. All or nothing.
func (h *Handler) HandOver(w http.ResponseWriter, r *http.Request) {
	p, err := writer(r, "re-assign accounts")
	var body handoverRequest
	if err == nil {
		err = readJSON(w, r, &body)
	}
	var out *store.Handover
	if err == nil {
		out, err = h.st.HandOver(r.Context(), p, body.FromUserID, body.ToUserID, body.AccountIDs, body.Reason)
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	h.writeJSON(w, r, http.StatusOK, itemResponse[*store.Handover]{Data: out})
}
