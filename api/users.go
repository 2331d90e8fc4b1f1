package api

import (
	"net/http"
	"strconv"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
	"github.com/kamhq/kam/store"
)

// userListParams are the query parameters of GET /api/v1/users.
var userListParams = []string{"role", "org_unit_id", "active", "limit", "after"}

// roleNames are the roles as plain strings, for parameter checks.
var roleNames = names(kam.Roles)

// userInput is the body of POST /api/v1/users. The password is optional:
// without one the user signs in once it is set (kam user passwd). It is
// never stored as given, logged or answered.
type userInput struct {
	Username    string   `json:"username"`
	DisplayName string   `json:"display_name,omitempty"`
	Email       string   `json:"email,omitempty"`
	Role        kam.Role `json:"role"`
	OrgUnitID   int64    `json:"org_unit_id,omitempty"`
	ManagerID   int64    `json:"manager_id,omitempty"`
	Password    string   `json:"password,omitempty"`
}

// userPatch is the body of PATCH /api/v1/users/{id}: the fields to change,
// each left out to keep it (0 clears org_unit_id and manager_id). version
// may stand in for If-Match.
type userPatch struct {
	Version     int64     `json:"version,omitempty"`
	DisplayName *string   `json:"display_name,omitempty"`
	Email       *string   `json:"email,omitempty"`
	Role        *kam.Role `json:"role,omitempty"`
	OrgUnitID   *int64    `json:"org_unit_id,omitempty"`
	ManagerID   *int64    `json:"manager_id,omitempty"`
	Active      *bool     `json:"active,omitempty"`
}

// ListUsers serves GET /api/v1/users: one page of the users the token's
// user may see, by username: administrators all, directors and viewers
// their org subtree and themselves, everyone else themselves.
func (h *Handler) ListUsers(w http.ResponseWriter, r *http.Request) {
	p := newParams(r.URL.Query(), userListParams...)
	f := store.UserFilter{Role: kam.Role(p.oneOf("role", roleNames)), OrgUnitID: p.id("org_unit_id"),
		Active: p.optionalBool("active"), Limit: p.intIn("limit", 50, 1, 500), After: p.str("after")}
	if p.err != nil {
		h.Error(w, r, p.err)
		return
	}
	page, err := h.st.FindUserList(r.Context(), httpx.Principal(r.Context()), f)
	if err != nil {
		h.Error(w, r, err)
		return
	}
	h.writeJSON(w, r, http.StatusOK, listResponse[*kam.User]{Data: page.Users, NextCursor: page.Next})
}

// GetUser serves GET /api/v1/users/{id}: a user the token's user may see,
// with the version in ETag.
func (h *Handler) GetUser(w http.ResponseWriter, r *http.Request) {
	id, err := pathTarget(r, "user")
	var u *kam.User
	if err == nil {
		u, err = h.st.FindUserFor(r.Context(), httpx.Principal(r.Context()), id)
	}
	answerRecord(h, w, r, http.StatusOK, u, err, userVersion, nil)
}

// GetMe serves GET /api/v1/me: the token's own user.
func (h *Handler) GetMe(w http.ResponseWriter, r *http.Request) {
	p := httpx.Principal(r.Context())
	err := newParams(r.URL.Query()).err
	var u *kam.User
	if err == nil {
		u, err = h.st.FindUserFor(r.Context(), p, p.UserID)
	}
	answerRecord(h, w, r, http.StatusOK, u, err, userVersion, nil)
}

// CreateUser serves POST /api/v1/users (administrators): 201 with the new
// user; a taken username is 409.
func (h *Handler) CreateUser(w http.ResponseWriter, r *http.Request) {
	p, err := writer(r, "add users")
	var in userInput
	if err == nil {
		err = readJSON(w, r, &in)
	}
	u := &kam.User{Username: in.Username, DisplayName: in.DisplayName, Email: in.Email, Role: in.Role,
		OrgUnitID: in.OrgUnitID, ManagerID: in.ManagerID}
	if err == nil {
		err = h.st.AddUser(r.Context(), p, u, in.Password)
	}
	if err == nil {
		w.Header().Set("Location", "/api/v1/users/"+strconv.FormatInt(u.ID, 10))
	}
	answerRecord(h, w, r, http.StatusCreated, u, err, userVersion, nil)
}

// PatchUser serves PATCH /api/v1/users/{id} (administrators), with the
// version in If-Match or the body: 428 without one, 412 with the user as
// it is now when it changed meanwhile. An administrator cannot demote or
// deactivate themselves, nor the last active administrator.
func (h *Handler) PatchUser(w http.ResponseWriter, r *http.Request) {
	p, id, err := h.accountChange(r, "change users", "user")
	var body userPatch
	if err == nil {
		err = readJSON(w, r, &body)
	}
	if err == nil {
		body.Version, err = requiredVersion(r, body.Version)
	}
	var u *kam.User
	if err == nil {
		u, err = h.st.UpdateUser(r.Context(), p, id, kam.UserUpdate{Version: body.Version, DisplayName: body.DisplayName,
			Email: body.Email, Role: body.Role, OrgUnitID: body.OrgUnitID, ManagerID: body.ManagerID, Active: body.Active})
	}
	answerRecord(h, w, r, http.StatusOK, u, err, userVersion, func() (*kam.User, error) {
		return h.st.FindUserFor(r.Context(), p, id)
	})
}

// userVersion is a user's version, for ETag.
func userVersion(u *kam.User) int64 { return u.Version }
