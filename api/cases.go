package api

import (
	"net/http"
	"strconv"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
	"github.com/kamhq/kam/store"
)

// caseListParams are the query parameters of GET /api/v1/cases.
var caseListParams = []string{"status", "severity", "owner_id", "account_id", "overdue", "limit", "after"}

// caseInput is the body of POST /api/v1/cases.
type caseInput struct {
	AccountID   int64        `json:"account_id"`
	Kind        kam.CaseKind `json:"kind"`
	Subject     string       `json:"subject"`
	Severity    string       `json:"severity,omitempty"`
	Status      string       `json:"status,omitempty"`
	Description string       `json:"description,omitempty"`
	ContactID   int64        `json:"contact_id,omitempty"`
	OwnerID     int64        `json:"owner_id,omitempty"`
	Due         kam.Date     `json:"due,omitzero"`
}

// casePatch is the body of PATCH /api/v1/cases/{id}.
type casePatch struct {
	Version      int64         `json:"version,omitempty"`
	Kind         *kam.CaseKind `json:"kind,omitempty"`
	Severity     *string       `json:"severity,omitempty"`
	Status       *string       `json:"status,omitempty"`
	Subject      *string       `json:"subject,omitempty"`
	Description  *string       `json:"description,omitempty"`
	ContactID    *int64        `json:"contact_id,omitempty"`
	OwnerID      *int64        `json:"owner_id,omitempty"`
	Due          *kam.Date     `json:"due,omitempty"`
	Satisfaction *int          `json:"satisfaction,omitempty"`
}

// ListCases serves GET /api/v1/cases: one page of the cases of the
// accounts the token's user may see, unresolved ones unless asked, the
// earliest due first.
func (h *Handler) ListCases(w http.ResponseWriter, r *http.Request) {
	p := newParams(r.URL.Query(), caseListParams...)
	f := store.CaseFilter{Status: p.oneOf("status", store.CaseListStatuses), Severity: p.oneOf("severity", kam.CaseSeverities),
		OwnerID: p.id("owner_id"), AccountID: p.id("account_id"), Overdue: p.boolean("overdue"),
		Limit: p.intIn("limit", 50, 1, 500), After: p.str("after")}
	if p.err != nil {
		h.Error(w, r, p.err)
		return
	}
	h.cachedList(w, r, func() (any, error) {
		page, err := h.st.FindCaseList(r.Context(), httpx.Principal(r.Context()), f)
		if err != nil {
			return nil, err
		}
		return listResponse[store.CaseHit]{Data: orEmpty(page.Cases), NextCursor: page.Next}, nil
	})
}

// GetCase serves GET /api/v1/cases/{id}, with its version in ETag.
func (h *Handler) GetCase(w http.ResponseWriter, r *http.Request) {
	id, err := pathTarget(r, "case")
	var c *kam.Case
	if err == nil {
		c, err = h.st.FindCase(r.Context(), httpx.Principal(r.Context()), id)
	}
	h.writeCase(w, r, http.StatusOK, c, err)
}

// CreateCase serves POST /api/v1/cases: 201 with the new case, due by the
// service level unless the body names a due day.
func (h *Handler) CreateCase(w http.ResponseWriter, r *http.Request) {
	p, err := writer(r, "open cases")
	var in caseInput
	if err == nil {
		err = readJSON(w, r, &in)
	}
	c := &kam.Case{AccountID: in.AccountID, Kind: in.Kind, Subject: in.Subject, Severity: in.Severity, Status: in.Status,
		Description: in.Description, ContactID: in.ContactID, OwnerID: in.OwnerID, Due: in.Due}
	if err == nil {
		err = h.st.CreateCase(r.Context(), p, c)
	}
	if err == nil {
		w.Header().Set("Location", "/api/v1/cases/"+strconv.FormatInt(c.ID, 10))
	}
	h.writeCase(w, r, http.StatusCreated, c, err)
}

// PatchCase serves PATCH /api/v1/cases/{id}, with the version in If-Match
// or the body: 428 without one, 412 with the case as it is now when it
// changed meanwhile.
func (h *Handler) PatchCase(w http.ResponseWriter, r *http.Request) {
	p, id, err := h.accountChange(r, "change cases", "case")
	var body casePatch
	if err == nil {
		err = readJSON(w, r, &body)
	}
	if err == nil {
		body.Version, err = requiredVersion(r, body.Version)
	}
	var c *kam.Case
	if err == nil {
		c, err = h.st.UpdateCase(r.Context(), p, id, kam.CaseUpdate{Version: body.Version, Kind: body.Kind, Severity: body.Severity,
			Status: body.Status, Subject: body.Subject, Description: body.Description, ContactID: body.ContactID,
			OwnerID: body.OwnerID, Due: body.Due, Satisfaction: body.Satisfaction})
	}
	if kam.ErrorCode(err) == kam.ESTALE {
		if now, ferr := h.st.FindCase(r.Context(), p, id); ferr == nil {
			w.Header().Set("ETag", etag(now.Version))
			h.writeJSON(w, r, http.StatusPreconditionFailed, conflictBody[*kam.Case]{
				Error: errorDetail{Code: kam.ESTALE, Message: kam.ErrorMessage(err)}, Data: now})
			return
		}
	}
	h.writeCase(w, r, http.StatusOK, c, err)
}

// DeleteCase serves DELETE /api/v1/cases/{id}: 204; If-Match, when sent,
// must name the current version.
func (h *Handler) DeleteCase(w http.ResponseWriter, r *http.Request) {
	p, id, err := h.accountChange(r, "delete cases", "case")
	var version int64
	if err == nil {
		version, err = ifMatchVersion(r, 0)
	}
	if err == nil {
		err = h.st.DeleteCase(r.Context(), p, id, version)
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// RestoreCase serves POST /api/v1/cases/{id}/restore (administrators).
func (h *Handler) RestoreCase(w http.ResponseWriter, r *http.Request) {
	p, id, err := h.accountChange(r, "restore cases", "case")
	var c *kam.Case
	if err == nil {
		c, err = h.st.RestoreCase(r.Context(), p, id)
	}
	h.writeCase(w, r, http.StatusOK, c, err)
}

// writeCase answers with a case and its version in ETag, or err.
func (h *Handler) writeCase(w http.ResponseWriter, r *http.Request, status int, c *kam.Case, err error) {
	if err != nil {
		h.Error(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(c.Version))
	h.writeJSON(w, r, status, itemResponse[*kam.Case]{Data: c})
}
