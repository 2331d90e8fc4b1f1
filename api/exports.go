package api

import (
	"net/http"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/export"
	"github.com/kamhq/kam/server/httpx"
)

// Export serves GET /api/v1/exports/{kind}?format=csv|xlsx: the whole list
// the token's user may see, streamed as a file. Accounts take the filters of
// GET /api/v1/accounts (q, status, tier, country, owner_id, parent_id,
// external_id, source, sort, desc).
func (h *Handler) Export(w http.ResponseWriter, r *http.Request) {
	kind := r.PathValue("kind")
	known := []string{"format"}
	if kind == "accounts" {
		known = append(known, "q", "status", "tier", "country", "owner_id", "parent_id", "external_id", "source", "quadrant", "flag", "sort", "desc")
	}
	p := newParams(r.URL.Query(), known...)
	o := export.Options{Kind: kind, Format: p.oneOf("format", export.Formats)}
	if o.Format == "" {
		o.Format = "csv"
	}
	if kind == "accounts" {
		o.Accounts = kam.AccountFilter{Query: p.str("q"), Status: kam.AccountStatus(p.oneOf("status", statusNames)),
			Tier: p.oneOf("tier", kam.Tiers), Country: p.str("country"), Quadrant: p.oneOf("quadrant", quadrantNames), Flag: p.oneOf("flag", flagFilters), OwnerID: p.id("owner_id"), ParentID: p.id("parent_id"),
			ExternalID: p.str("external_id"), Source: p.str("source"), Sort: kam.AccountSort(p.oneOf("sort", accountSorts)),
			Desc: p.boolean("desc")}
	}
	if p.err != nil {
		h.Error(w, r, p.err)
		return
	}
	started, err := export.Serve(w, r, h.st, httpx.Principal(r.Context()), o)
	switch {
	case err != nil && !started:
		h.Error(w, r, err)
	case err != nil:
		httpx.LogInternal(h.log, r, err) // the download is cut short
	}
}
