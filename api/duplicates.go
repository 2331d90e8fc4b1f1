package api

import (
	"cmp"
	"net/http"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
)

// The duplicates API is for administrators: it lists the probable duplicate
// accounts kam queued, merges or dismisses them, and lists and undoes
// merges, as kam dedupe does. Reads need an administrator's token; changes
// need one that is not read only.

// duplicateParams are the query parameters of GET /api/v1/duplicates.
var duplicateParams = []string{"status", "limit"}

// duplicateStatuses are the statuses a pair can be listed by.
var duplicateStatuses = []string{"open", "merged", "dismissed"}

// mergeParams are the query parameters of GET /api/v1/merges.
var mergeParams = []string{"limit"}

// ListDuplicates serves GET /api/v1/duplicates: the pairs with a status
// (open, merged or dismissed; default open), highest score first, each with
// both accounts (limit, 1 to 500, default 100).
func (h *Handler) ListDuplicates(w http.ResponseWriter, r *http.Request) {
	q := newParams(r.URL.Query(), duplicateParams...)
	status := cmp.Or(q.oneOf("status", duplicateStatuses), "open")
	limit := q.intIn("limit", 100, 1, 500)
	err := q.err
	var pairs []*kam.DuplicatePair
	if err == nil {
		pairs, err = h.st.FindDuplicates(r.Context(), httpx.Principal(r.Context()), status, limit)
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	h.writeJSON(w, r, http.StatusOK, listResponse[*kam.DuplicatePair]{Data: orEmpty(pairs)})
}

// DismissDuplicate serves POST /api/v1/duplicates/{id}/dismiss: the pair's
// accounts are two companies. It answers 204; a pair that is not open is
// not found.
func (h *Handler) DismissDuplicate(w http.ResponseWriter, r *http.Request) {
	p, id, err := h.change(r, "dismiss duplicates", "pair")
	if err == nil {
		err = h.st.DismissDuplicate(r.Context(), p, id)
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusNoContent)
}

// scanResponse is the outcome of a scan for duplicates.
type scanResponse struct {
	Queued int `json:"queued"`
}

// ScanDuplicates serves POST /api/v1/duplicates/scan: it compares every
// account with its neighbours by name and queues the pairs not queued
// before, answering how many.
func (h *Handler) ScanDuplicates(w http.ResponseWriter, r *http.Request) {
	p := httpx.Principal(r.Context())
	err := adminWrite(p, "scan for duplicates")
	var n int
	if err == nil {
		n, err = h.st.ScanDuplicates(r.Context(), p)
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	h.writeJSON(w, r, http.StatusOK, scanResponse{Queued: n})
}

// mergeRequest is the body of POST /api/v1/accounts/{id}/merge.
type mergeRequest struct {
	MergedID int64 `json:"merged_id"`
}

// MergeAccounts serves POST /api/v1/accounts/{id}/merge with the body
// {"merged_id": N}: account N is merged into the account of the path, which
// survives with N's records and external ids. It answers the merge, whose id
// undoes it.
func (h *Handler) MergeAccounts(w http.ResponseWriter, r *http.Request) {
	p, survivor, err := h.change(r, "merge accounts", "account")
	var body mergeRequest
	if err == nil {
		err = readJSON(w, r, &body)
	}
	if err == nil && body.MergedID <= 0 {
		err = kam.FieldError("merged_id", "Give merged_id, the id of the account to merge into account %d.", survivor)
	}
	var m *kam.Merge
	if err == nil {
		m, err = h.st.MergeAccounts(r.Context(), p, survivor, body.MergedID)
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	h.writeJSON(w, r, http.StatusOK, itemResponse[*kam.Merge]{Data: m})
}

// ListMerges serves GET /api/v1/merges: the latest merges, newest first,
// with what each moved and when it was undone (limit, 1 to 500, default 50).
func (h *Handler) ListMerges(w http.ResponseWriter, r *http.Request) {
	q := newParams(r.URL.Query(), mergeParams...)
	limit := q.intIn("limit", 50, 1, 500)
	err := q.err
	var merges []*kam.Merge
	if err == nil {
		merges, err = h.st.FindMerges(r.Context(), httpx.Principal(r.Context()), limit)
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	h.writeJSON(w, r, http.StatusOK, listResponse[*kam.Merge]{Data: orEmpty(merges)})
}

// UndoMerge serves POST /api/v1/merges/{id}/undo: the merged account returns
// with what it had. Undoing a merge twice is a conflict (409).
func (h *Handler) UndoMerge(w http.ResponseWriter, r *http.Request) {
	p, id, err := h.change(r, "undo merges", "merge")
	var m *kam.Merge
	if err == nil {
		m, err = h.st.UndoMerge(r.Context(), p, id)
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	h.writeJSON(w, r, http.StatusOK, itemResponse[*kam.Merge]{Data: m})
}

// change checks a request that changes duplicates or merges: an
// administrator's token that may write, no query parameters, and the id of
// the path, a thing such as "merge".
func (h *Handler) change(r *http.Request, doing, thing string) (*kam.Principal, int64, error) {
	p := httpx.Principal(r.Context())
	if err := adminWrite(p, doing); err != nil {
		return p, 0, err
	}
	id, err := pathTarget(r, thing)
	return p, id, err
}

// pathTarget reads the id of the thing a request's path names, refusing
// any query parameter: the routes on one record take none.
func pathTarget(r *http.Request, thing string) (int64, error) {
	if q := newParams(r.URL.Query()); q.err != nil {
		return 0, q.err
	}
	id, ok := httpx.PathID(r, "id")
	if !ok {
		return 0, kam.FieldError("id", "The %s id must be a positive whole number, not %q.", thing, r.PathValue("id"))
	}
	return id, nil
}

// adminWrite refuses anyone but an administrator with a token that may
// write, saying which of the two is missing.
func adminWrite(p *kam.Principal, doing string) error {
	switch {
	case !p.IsAdmin():
		return kam.Errorf(kam.EFORBIDDEN, "Only an administrator may %s.", doing)
	case p.ReadOnly:
		return kam.Errorf(kam.EFORBIDDEN, "This token is read only; to %s, use a token that may write.", doing)
	}
	return nil
}

// orEmpty returns an empty list for nil, so that JSON shows [] and not null.
func orEmpty[T any](list []T) []T {
	if list == nil {
		return []T{}
	}
	return list
}
