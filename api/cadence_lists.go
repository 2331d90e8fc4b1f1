package api

import (
	"net/http"
	"strconv"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
	"github.com/kamhq/kam/store"
)

// callListInput is the body of POST /api/v1/call-lists.
type callListInput struct {
	Name       string               `json:"name"`
	AssigneeID int64                `json:"assignee_id,omitempty"`
	Filter     store.CallListFilter `json:"filter"`
}

// callListDetail is a call list with its entries.
type callListDetail struct {
	List    *store.CallList       `json:"list"`
	Entries []store.CallListEntry `json:"entries"`
}

// callOutcomeBody is the body of PATCH
// /api/v1/call-lists/{id}/entries/{account_id}.
type callOutcomeBody struct {
	Outcome string  `json:"outcome"`
	Note    *string `json:"note,omitempty"`
	Convert string  `json:"convert,omitempty"`
	Version int64   `json:"version,omitempty"`
}

// ListCallLists serves GET /api/v1/call-lists: the cold-call lists the
// token's user may see, the newest first.
func (h *Handler) ListCallLists(w http.ResponseWriter, r *http.Request) {
	err := newParams(r.URL.Query()).err
	var lists []*store.CallList
	if err == nil {
		lists, err = h.st.FindCallLists(r.Context(), httpx.Principal(r.Context()))
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	h.writeJSON(w, r, http.StatusOK, listResponse[*store.CallList]{Data: lists})
}

// CreateCallList serves POST /api/v1/call-lists: 201 with the list of the
// prospects its filter picks.
func (h *Handler) CreateCallList(w http.ResponseWriter, r *http.Request) {
	p, err := writer(r, "make call lists")
	var in callListInput
	if err == nil {
		err = readJSON(w, r, &in)
	}
	l := &store.CallList{Name: in.Name, AssigneeID: in.AssigneeID, Filter: in.Filter}
	if err == nil {
		err = h.st.CreateCallList(r.Context(), p, l)
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/call-lists/"+strconv.FormatInt(l.ID, 10))
	w.Header().Set("ETag", etag(l.Version))
	h.writeJSON(w, r, http.StatusCreated, itemResponse[*store.CallList]{Data: l})
}

// GetCallList serves GET /api/v1/call-lists/{id}: the list and its
// prospects that the token's user may see.
func (h *Handler) GetCallList(w http.ResponseWriter, r *http.Request) {
	id, err := pathTarget(r, "call list")
	var d callListDetail
	if err == nil {
		d.List, d.Entries, err = h.st.FindCallList(r.Context(), httpx.Principal(r.Context()), id)
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(d.List.Version))
	h.writeJSON(w, r, http.StatusOK, itemResponse[callListDetail]{Data: d})
}

// DeleteCallList serves DELETE /api/v1/call-lists/{id}: 204; If-Match,
// when sent, must name the list's version.
func (h *Handler) DeleteCallList(w http.ResponseWriter, r *http.Request) {
	p, id, err := h.accountChange(r, "delete call lists", "call list")
	var version int64
	if err == nil {
		version, err = ifMatchVersion(r, 0)
	}
	if err == nil {
		err = h.st.DeleteCallList(r.Context(), p, id, version)
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// PatchCallEntry serves PATCH /api/v1/call-lists/{id}/entries/{account_id}:
// what came of the call, with the entry's version in If-Match or the body
// (428 without one, 412 when stale).
func (h *Handler) PatchCallEntry(w http.ResponseWriter, r *http.Request) {
	p, id, err := h.accountChange(r, "record calls", "call list")
	account, ok := httpx.PathID(r, "account_id")
	if err == nil && !ok {
		err = kam.FieldError("account_id", "The account id must be a positive whole number, not %q.", r.PathValue("account_id"))
	}
	var body callOutcomeBody
	if err == nil {
		err = readJSON(w, r, &body)
	}
	if err == nil {
		body.Version, err = requiredVersion(r, body.Version)
	}
	var e *store.CallListEntry
	if err == nil {
		e, err = h.st.UpdateCallOutcome(r.Context(), p, id, account, store.CallOutcomeUpdate{Version: body.Version,
			Outcome: body.Outcome, Note: body.Note, Convert: body.Convert})
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(e.Version))
	h.writeJSON(w, r, http.StatusOK, itemResponse[*store.CallListEntry]{Data: e})
}
