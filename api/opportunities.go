package api

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
	"github.com/kamhq/kam/store"
)

// The pipeline API lists the deals of the accounts the token's user may see,
// with their totals per stage and currency, and moves a deal to another
// stage. A move names the version of the deal it was made from, in the body
// or in an If-Match header, so that a change made meanwhile is refused (409,
// with the deal as it is now) instead of overwritten.

// opportunityParams are the query parameters of GET /api/v1/opportunities.
var opportunityParams = []string{"owner_id", "account_id", "stage", "open", "close_from", "close_to", "closed_since", "limit"}

// opportunityJSON is a deal with its account's and owner's names and its
// weighted amount.
type opportunityJSON struct {
	*kam.Opportunity
	AccountName string    `json:"account_name"`
	OwnerName   string    `json:"owner_name,omitempty"`
	Weighted    kam.Money `json:"weighted"`
	// Movable says whether the token's user may move the deal.
	Movable bool `json:"movable"`
}

// stageTotalJSON is what one stage's deals in one currency add up to.
type stageTotalJSON struct {
	Stage    string    `json:"stage"`
	Currency string    `json:"currency"`
	Deals    int       `json:"deals"`
	Amount   kam.Money `json:"amount"`
	Weighted kam.Money `json:"weighted"`
}

// opportunityListResponse is a pipeline: its deals, up to limit per stage,
// and the totals and counts left out of every deal that matches.
type opportunityListResponse struct {
	Data   []opportunityJSON `json:"data"`
	Totals []stageTotalJSON  `json:"totals"`
	// More counts per stage the deals that match beyond those listed.
	More map[string]int `json:"more"`
}

// moveRequest is the body of POST /api/v1/opportunities/{id}/stage.
type moveRequest struct {
	Stage   string `json:"stage"`
	Version int64  `json:"version"`
}

// conflictBody is a refused change (409 or 412) that carries the record as
// it is now, so that the client sees both its version and the newer one.
type conflictBody[T any] struct {
	Error errorDetail `json:"error"`
	Data  T           `json:"data"`
}

// ListOpportunities serves GET /api/v1/opportunities: the open deals and
// those won or lost in the last 90 days (closed_since=YYYY-MM-DD for
// another day; open=true for open deals only), up to limit per stage
// (default 200, at most 1000) in stage order, each stage by close date
// (won and lost the latest closed first). Filters: owner_id, account_id,
// stage (one or several, comma-separated), close_from and close_to.
func (h *Handler) ListOpportunities(w http.ResponseWriter, r *http.Request) {
	q := newParams(r.URL.Query(), opportunityParams...)
	f := store.OpportunityFilter{
		OwnerID:   q.id("owner_id"),
		AccountID: q.id("account_id"),
		OpenOnly:  q.boolean("open"),
		CloseFrom: q.date("close_from", kam.Date{}),
		CloseTo:   q.date("close_to", kam.Date{}),
		Limit:     q.intIn("limit", 200, 1, 1000),
	}
	if since := q.date("closed_since", kam.Date{}); !since.IsZero() {
		f.ClosedSince = since.Time()
	}
	if s := q.str("stage"); s != "" {
		for _, st := range strings.Split(s, ",") {
			if st = strings.TrimSpace(st); !slices.Contains(kam.Stages, st) {
				q.fail(kam.FieldError("stage", "stage must be one or more of %v, comma-separated, not %q.", kam.Stages, st))
			}
			f.Stages = append(f.Stages, strings.TrimSpace(st))
		}
	}
	if q.err != nil {
		h.Error(w, r, q.err)
		return
	}
	h.cachedList(w, r, func() (any, error) {
		list, err := h.st.FindOpportunities(r.Context(), httpx.Principal(r.Context()), f)
		if err != nil {
			return nil, err
		}
		return opportunityList(list), nil
	})
}

// opportunityList is the answer of a pipeline list.
func opportunityList(list *store.OpportunityList) opportunityListResponse {
	out := opportunityListResponse{Data: make([]opportunityJSON, len(list.Deals)), Totals: make([]stageTotalJSON, len(list.Totals)), More: list.More}
	for i, o := range list.Deals {
		out.Data[i] = opportunityJSON{Opportunity: &o.Opportunity, AccountName: o.AccountName, OwnerName: o.OwnerName, Weighted: o.Weighted(),
			Movable: o.Movable}
	}
	for i, t := range list.Totals {
		out.Totals[i] = stageTotalJSON{Stage: t.Stage, Currency: t.Currency, Deals: t.Deals, Amount: t.Amount, Weighted: t.Weighted}
	}
	return out
}

// MoveOpportunity serves POST /api/v1/opportunities/{id}/stage with the
// body {"stage": "negotiation", "version": 3}; the version may come instead
// in an If-Match header ("3" or 3). It answers 200 with the deal moved and
// its new version in ETag. A deal changed since that version is 409 with
// the message and the deal as it is now (in data); nothing is changed. A
// deal out of the user's scope is not found; a read-only token is refused.
func (h *Handler) MoveOpportunity(w http.ResponseWriter, r *http.Request) {
	p, id, err := h.accountChange(r, "move deals", "opportunity")
	var body moveRequest
	if err == nil {
		err = readJSON(w, r, &body)
	}
	if err == nil {
		body.Version, err = ifMatchVersion(r, body.Version)
	}
	switch {
	case err != nil:
	case body.Stage == "":
		err = kam.FieldError("stage", "Give stage: one of %v.", kam.Stages)
	case body.Version == 0:
		err = kam.FieldError("version", "Give the version of the deal you are moving (version in the body, or If-Match), so that a change made meanwhile is not overwritten.")
	}
	var o *kam.Opportunity
	if err == nil {
		o, err = h.st.MoveOpportunity(r.Context(), p, id, body.Stage, body.Version)
	}
	switch {
	case kam.ErrorCode(err) == kam.ECONFLICT && o != nil:
		w.Header().Set("ETag", etag(o.Version))
		h.writeJSON(w, r, http.StatusConflict, conflictBody[*kam.Opportunity]{
			Error: errorDetail{Code: kam.ECONFLICT, Message: kam.ErrorMessage(err)}, Data: o})
	case err != nil:
		h.Error(w, r, err)
	default:
		w.Header().Set("ETag", etag(o.Version))
		h.writeJSON(w, r, http.StatusOK, itemResponse[*kam.Opportunity]{Data: o})
	}
}

// ifMatchVersion reads a version from the If-Match header, "3" or 3, and
// checks it against the body's (0 when the body has none).
func ifMatchVersion(r *http.Request, body int64) (int64, error) {
	h := strings.TrimSpace(r.Header.Get("If-Match"))
	if h == "" {
		return body, nil
	}
	v, err := strconv.ParseInt(strings.Trim(strings.TrimPrefix(h, "W/"), `"`), 10, 64)
	switch {
	case err != nil || v <= 0:
		return 0, kam.FieldError("If-Match", "If-Match must hold the record's version, such as \"3\", not %s.", h)
	case body != 0 && body != v:
		return 0, kam.FieldError("version", "The body's version %d and If-Match %s differ; give one.", body, h)
	}
	return v, nil
}

// etag is a record's version as an entity tag.
func etag(version int64) string { return `"` + strconv.FormatInt(version, 10) + `"` }
