package api

import (
	"net/http"
	"strconv"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
)

// orgUnitInput is the body of POST /api/v1/org-units.
type orgUnitInput struct {
	ParentID int64           `json:"parent_id,omitempty"`
	Kind     kam.OrgUnitKind `json:"kind"`
	Name     string          `json:"name"`
}

// orgUnitPatch is the body of PATCH /api/v1/org-units/{id}: a new name, a
// new parent (0: the top), or both. version may stand in for If-Match.
type orgUnitPatch struct {
	Version  int64   `json:"version,omitempty"`
	Name     *string `json:"name,omitempty"`
	ParentID *int64  `json:"parent_id,omitempty"`
}

// ListOrgUnits serves GET /api/v1/org-units: the whole org tree as a flat
// list with parent ids, parents before children, to anyone signed in.
func (h *Handler) ListOrgUnits(w http.ResponseWriter, r *http.Request) {
	if p := newParams(r.URL.Query()); p.err != nil {
		h.Error(w, r, p.err)
		return
	}
	units, err := h.st.FindOrgUnits(r.Context())
	if err != nil {
		h.Error(w, r, err)
		return
	}
	h.writeJSON(w, r, http.StatusOK, listResponse[*kam.OrgUnit]{Data: orEmpty(units)})
}

// GetOrgUnit serves GET /api/v1/org-units/{id}, with its version in ETag.
func (h *Handler) GetOrgUnit(w http.ResponseWriter, r *http.Request) {
	id, err := pathTarget(r, "org unit")
	var u *kam.OrgUnit
	if err == nil {
		u, err = h.st.FindOrgUnit(r.Context(), httpx.Principal(r.Context()), id)
	}
	answerRecord(h, w, r, http.StatusOK, u, err, orgUnitVersion, nil)
}

// CreateOrgUnit serves POST /api/v1/org-units (administrators): 201 with
// the new unit.
func (h *Handler) CreateOrgUnit(w http.ResponseWriter, r *http.Request) {
	p, err := writer(r, "add org units")
	var in orgUnitInput
	if err == nil {
		err = readJSON(w, r, &in)
	}
	u := &kam.OrgUnit{ParentID: in.ParentID, Kind: in.Kind, Name: in.Name}
	if err == nil {
		err = h.st.CreateOrgUnit(r.Context(), p, u)
	}
	if err == nil {
		w.Header().Set("Location", "/api/v1/org-units/"+strconv.FormatInt(u.ID, 10))
	}
	answerRecord(h, w, r, http.StatusCreated, u, err, orgUnitVersion, nil)
}

// PatchOrgUnit serves PATCH /api/v1/org-units/{id} (administrators):
// rename, or move under another parent, never under itself or a unit below
// it. The version goes in If-Match or the body: 428 without one, 412 with
// the unit as it is now when it changed meanwhile.
func (h *Handler) PatchOrgUnit(w http.ResponseWriter, r *http.Request) {
	p, id, err := h.accountChange(r, "change org units", "org unit")
	var body orgUnitPatch
	if err == nil {
		err = readJSON(w, r, &body)
	}
	if err == nil {
		body.Version, err = requiredVersion(r, body.Version)
	}
	var u *kam.OrgUnit
	if err == nil {
		u, err = h.st.UpdateOrgUnit(r.Context(), p, id, kam.OrgUnitUpdate{Version: body.Version, Name: body.Name, ParentID: body.ParentID})
	}
	answerRecord(h, w, r, http.StatusOK, u, err, orgUnitVersion, func() (*kam.OrgUnit, error) {
		return h.st.FindOrgUnit(r.Context(), p, id)
	})
}

// orgUnitVersion is an org unit's version, for ETag.
func orgUnitVersion(u *kam.OrgUnit) int64 { return u.Version }
