package api

import (
	"net/http"
	"strconv"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
	"github.com/kamhq/kam/store"
)

// contactListParams are the query parameters of GET /api/v1/contacts.
var contactListParams = []string{"q", "role", "strength", "current", "limit", "after"}

// contactStrengths are the values of the strength filter.
var contactStrengths = []string{"strong", "weak", "unknown"}

// buyingRoleNames are the buying roles as plain strings, for checks.
var buyingRoleNames = names(kam.BuyingRoles)

// contactInput is the body of POST /api/v1/contacts.
type contactInput struct {
	AccountID   int64          `json:"account_id"`
	FirstName   string         `json:"first_name,omitempty"`
	LastName    string         `json:"last_name,omitempty"`
	Email       string         `json:"email,omitempty"`
	Phone       string         `json:"phone,omitempty"`
	Title       string         `json:"title,omitempty"`
	Seniority   string         `json:"seniority,omitempty"`
	BuyingRole  kam.BuyingRole `json:"buying_role,omitempty"`
	ReportsTo   int64          `json:"reports_to,omitempty"`
	Strength    int            `json:"relationship_strength,omitempty"`
	LeftCompany bool           `json:"left_company,omitempty"`
}

// contactPatch is the body of PATCH /api/v1/contacts/{id}.
type contactPatch struct {
	Version     int64           `json:"version,omitempty"`
	FirstName   *string         `json:"first_name,omitempty"`
	LastName    *string         `json:"last_name,omitempty"`
	Email       *string         `json:"email,omitempty"`
	Phone       *string         `json:"phone,omitempty"`
	Title       *string         `json:"title,omitempty"`
	Seniority   *string         `json:"seniority,omitempty"`
	BuyingRole  *kam.BuyingRole `json:"buying_role,omitempty"`
	ReportsTo   *int64          `json:"reports_to,omitempty"`
	Strength    *int            `json:"relationship_strength,omitempty"`
	LeftCompany *bool           `json:"left_company,omitempty"`
}

// ListContacts serves GET /api/v1/contacts: one page of the contacts of the
// accounts the token's user may see, by name, with their account.
func (h *Handler) ListContacts(w http.ResponseWriter, r *http.Request) {
	p := newParams(r.URL.Query(), contactListParams...)
	f := store.ContactFilter{Query: p.str("q"), Role: kam.BuyingRole(p.oneOf("role", buyingRoleNames)),
		Strength: p.oneOf("strength", contactStrengths), Current: p.boolean("current"),
		Limit: p.intIn("limit", 50, 1, 500), After: p.str("after")}
	if p.err != nil {
		h.Error(w, r, p.err)
		return
	}
	h.cachedList(w, r, func() (any, error) {
		page, err := h.st.FindContactList(r.Context(), httpx.Principal(r.Context()), f)
		if err != nil {
			return nil, err
		}
		return listResponse[store.ContactHit]{Data: orEmpty(page.Contacts), NextCursor: page.Next}, nil
	})
}

// GetContact serves GET /api/v1/contacts/{id}, with its version in ETag.
func (h *Handler) GetContact(w http.ResponseWriter, r *http.Request) {
	id, err := pathTarget(r, "contact")
	var c *kam.Contact
	if err == nil {
		c, err = h.st.FindContact(r.Context(), httpx.Principal(r.Context()), id)
	}
	h.writeContact(w, r, http.StatusOK, c, err)
}

// CreateContact serves POST /api/v1/contacts: 201 with the new contact.
func (h *Handler) CreateContact(w http.ResponseWriter, r *http.Request) {
	p, err := writer(r, "add contacts")
	var in contactInput
	if err == nil {
		err = readJSON(w, r, &in)
	}
	c := &kam.Contact{AccountID: in.AccountID, FirstName: in.FirstName, LastName: in.LastName, Email: in.Email, Phone: in.Phone,
		Title: in.Title, Seniority: in.Seniority, BuyingRole: in.BuyingRole, ReportsTo: in.ReportsTo, Strength: in.Strength,
		LeftCompany: in.LeftCompany}
	if err == nil {
		err = h.st.CreateContact(r.Context(), p, c)
	}
	if err == nil {
		w.Header().Set("Location", "/api/v1/contacts/"+strconv.FormatInt(c.ID, 10))
	}
	h.writeContact(w, r, http.StatusCreated, c, err)
}

// PatchContact serves PATCH /api/v1/contacts/{id}, with the version in
// If-Match or the body as for accounts: 428 without one, 412 with the
// contact as it is now when it changed meanwhile.
func (h *Handler) PatchContact(w http.ResponseWriter, r *http.Request) {
	p, id, err := h.accountChange(r, "change contacts", "contact")
	var body contactPatch
	if err == nil {
		err = readJSON(w, r, &body)
	}
	if err == nil {
		body.Version, err = requiredVersion(r, body.Version)
	}
	var c *kam.Contact
	if err == nil {
		c, err = h.st.UpdateContact(r.Context(), p, id, kam.ContactUpdate{Version: body.Version, FirstName: body.FirstName,
			LastName: body.LastName, Email: body.Email, Phone: body.Phone, Title: body.Title, Seniority: body.Seniority,
			BuyingRole: body.BuyingRole, ReportsTo: body.ReportsTo, Strength: body.Strength, LeftCompany: body.LeftCompany})
	}
	if kam.ErrorCode(err) == kam.ESTALE {
		if now, ferr := h.st.FindContact(r.Context(), p, id); ferr == nil {
			w.Header().Set("ETag", etag(now.Version))
			h.writeJSON(w, r, http.StatusPreconditionFailed, conflictBody[*kam.Contact]{
				Error: errorDetail{Code: kam.ESTALE, Message: kam.ErrorMessage(err)}, Data: now})
			return
		}
	}
	h.writeContact(w, r, http.StatusOK, c, err)
}

// DeleteContact serves DELETE /api/v1/contacts/{id}: 204; If-Match, when
// sent, must name the current version.
func (h *Handler) DeleteContact(w http.ResponseWriter, r *http.Request) {
	p, id, err := h.accountChange(r, "delete contacts", "contact")
	var version int64
	if err == nil {
		version, err = ifMatchVersion(r, 0)
	}
	if err == nil {
		err = h.st.DeleteContact(r.Context(), p, id, version)
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// RestoreContact serves POST /api/v1/contacts/{id}/restore (administrators).
func (h *Handler) RestoreContact(w http.ResponseWriter, r *http.Request) {
	p, id, err := h.accountChange(r, "restore contacts", "contact")
	var c *kam.Contact
	if err == nil {
		c, err = h.st.RestoreContact(r.Context(), p, id)
	}
	h.writeContact(w, r, http.StatusOK, c, err)
}

// writeContact answers with a contact and its version in ETag, or err.
func (h *Handler) writeContact(w http.ResponseWriter, r *http.Request, status int, c *kam.Contact, err error) {
	if err != nil {
		h.Error(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(c.Version))
	h.writeJSON(w, r, status, itemResponse[*kam.Contact]{Data: c})
}
