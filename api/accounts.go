package api

import (
	"net/http"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
	"github.com/kamhq/kam/insight/score"
	"github.com/kamhq/kam/server/httpx"
	"github.com/kamhq/kam/store"
)

// accountListParams are the query parameters of GET /api/v1/accounts.
var accountListParams = []string{"q", "external_id", "source", "owner_id", "parent_id", "tier", "status",
	"country", "quadrant", "flag", "sort", "desc", "limit", "after", "total"}

// accountSorts are the orders an account list can be asked for.
var accountSorts = names(kam.AccountSorts)

// quadrantNames are the keys of the selection matrix's quadrants.
var quadrantNames = names(append(score.Quadrants, score.Unclassified))

// flagFilters are the values of the flag filter: any, or a kind of flag.
var flagFilters = append([]string{kam.FlagAny}, names(insight.FlagKinds)...)

// names returns string-typed values as plain strings, for parameter checks.
func names[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}

// statusNames are the account statuses as plain strings, for parameter checks.
var statusNames = names(kam.AccountStatuses)

// listResponse is one page of a list.
type listResponse[T any] struct {
	Data       []T    `json:"data"`
	NextCursor string `json:"next_cursor,omitempty"`
	// Total counts the list's items on all its pages, when asked for.
	Total *int `json:"total,omitempty"`
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
		Quadrant:   p.oneOf("quadrant", quadrantNames),
		Flag:       p.oneOf("flag", flagFilters),
		Sort:       kam.AccountSort(p.oneOf("sort", accountSorts)),
		Desc:       p.boolean("desc"),
		Limit:      p.intIn("limit", 50, 1, 500),
		After:      p.str("after"),
		Total:      p.boolean("total"),
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
// token's user may see, each with its latest figures (12-month revenue,
// health, priority, last order and contact, quadrant, open flags, revenue by
// month). Pass next_cursor as after for the next page; the last page has no
// next_cursor. With total=true the answer counts the list's accounts on all
// its pages in total.
func (h *Handler) ListAccounts(w http.ResponseWriter, r *http.Request) {
	f, err := accountFilter(r)
	if err != nil {
		h.Error(w, r, err)
		return
	}
	h.cachedList(w, r, func() (any, error) {
		page, err := h.st.FindPortfolio(r.Context(), httpx.Principal(r.Context()), f)
		if err != nil {
			return nil, err
		}
		return listResponse[*store.PortfolioRow]{Data: page.Rows, NextCursor: page.Next, Total: page.Total}, nil
	})
}

// GetAccount serves GET /api/v1/accounts/{id}, with its version in ETag
// for If-Match on a later change. An account outside the token
// user's scope is not found, exactly like one that does not exist.
func (h *Handler) GetAccount(w http.ResponseWriter, r *http.Request) {
	id, err := pathTarget(r, "account")
	var a *kam.Account
	if err == nil {
		a, err = h.st.FindAccountByID(r.Context(), httpx.Principal(r.Context()), id)
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(a.Version))
	h.writeJSON(w, r, http.StatusOK, itemResponse[*kam.Account]{Data: a})
}
