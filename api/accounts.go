package api

import (
	"net/http"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
)

// accountListParams are the query parameters of GET /api/v1/accounts.
var accountListParams = []string{"q", "external_id", "source", "owner_id", "parent_id", "tier", "status",
	"country", "sort", "desc", "limit", "after"}

// accountSorts are the orders an account list can be asked for.
var accountSorts = []string{string(kam.SortByName), string(kam.SortByUpdated), string(kam.SortByCreated)}

// statusNames are the account statuses as plain strings, for parameter checks.
var statusNames = func() []string {
	out := make([]string, len(kam.AccountStatuses))
	for i, s := range kam.AccountStatuses {
		out[i] = string(s)
	}
	return out
}()

// listResponse is one page of a list.
type listResponse[T any] struct {
	Data       []T    `json:"data"`
	NextCursor string `json:"next_cursor,omitempty"`
}

// itemResponse is a single record.
type itemResponse[T any] struct {
	Data T `json:"data"`
}

// accountFilter reads the filter of an account list from the query string.
func accountFilter(r *http.Request) (kam.AccountFilter, error) {
	p := newParams(r.URL.Query(), accountListParams...)
	f := kam.AccountFilter{
		Query:      p.str("q"),
		ExternalID: p.str("external_id"),
		Source:     p.str("source"),
		OwnerID:    p.id("owner_id"),
		ParentID:   p.id("parent_id"),
		Tier:       p.oneOf("tier", kam.Tiers),
		Status:     kam.AccountStatus(p.oneOf("status", statusNames)),
		Country:    p.str("country"),
		Sort:       kam.AccountSort(p.oneOf("sort", accountSorts)),
		Desc:       p.boolean("desc"),
		Limit:      p.intIn("limit", 50, 1, 500),
		After:      p.str("after"),
	}
	if f.Source != "" && f.ExternalID == "" {
		p.fail(kam.FieldError("source", "source narrows external_id; give external_id too."))
	}
	if p.err != nil {
		return f, p.err
	}
	return f, nil
}

// ListAccounts serves GET /api/v1/accounts: one page of the accounts the
// token's user may see. Pass next_cursor as after for the next page; the last
// page has no next_cursor.
func (h *Handler) ListAccounts(w http.ResponseWriter, r *http.Request) {
	f, err := accountFilter(r)
	if err != nil {
		h.Error(w, r, err)
		return
	}
	page, err := h.st.FindAccounts(r.Context(), httpx.Principal(r.Context()), f)
	if err != nil {
		h.Error(w, r, err)
		return
	}
	h.writeJSON(w, r, http.StatusOK, listResponse[*kam.Account]{Data: page.Accounts, NextCursor: page.Next})
}

// GetAccount serves GET /api/v1/accounts/{id}. An account outside the token
// user's scope is not found, exactly like one that does not exist.
func (h *Handler) GetAccount(w http.ResponseWriter, r *http.Request) {
	id, ok := httpx.PathID(r, "id")
	if !ok {
		h.Error(w, r, kam.FieldError("id", "The account id must be a positive whole number, not %q.", r.PathValue("id")))
		return
	}
	a, err := h.st.FindAccountByID(r.Context(), httpx.Principal(r.Context()), id)
	if err != nil {
		h.Error(w, r, err)
		return
	}
	h.writeJSON(w, r, http.StatusOK, itemResponse[*kam.Account]{Data: a})
}
