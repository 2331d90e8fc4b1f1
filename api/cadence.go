package api

import (
	"net/http"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
	"github.com/kamhq/kam/store"
)

// cadenceBody is the body of PUT /api/v1/accounts/{id}/cadence: the
// account's own cadence in days, or null to follow its tier's.
type cadenceBody struct {
	Days    *int  `json:"days"`
	Version int64 `json:"version,omitempty"`
}

// TierCadence serves GET /api/v1/cadence: the cadence of each tier, in
// days, to anyone signed in.
func (h *Handler) TierCadence(w http.ResponseWriter, r *http.Request) {
	tc, err := h.st.TierCadence(r.Context())
	if err == nil {
		err = newParams(r.URL.Query()).err
	}
	h.writeItem(w, r, http.StatusOK, tc, err)
}

// PutTierCadence serves PUT /api/v1/cadence for administrators: days by
// tier, 1 to 366; a tier left out takes its default.
func (h *Handler) PutTierCadence(w http.ResponseWriter, r *http.Request) {
	err := adminWrite(httpx.Principal(r.Context()), "change the cadence")
	var body []byte
	if err == nil {
		body, err = readSetting(w, r)
	}
	var tc kam.TierCadence
	if err == nil {
		tc, err = h.st.SetTierCadence(r.Context(), httpx.Principal(r.Context()), body)
	}
	h.writeItem(w, r, http.StatusOK, tc, err)
}

// AccountCadence serves GET /api/v1/accounts/{id}/cadence: the account's
// cadence, last contact and next contact due, its version in ETag.
func (h *Handler) AccountCadence(w http.ResponseWriter, r *http.Request) {
	id, err := pathTarget(r, "account")
	var c *kam.AccountCadence
	if err == nil {
		c, err = h.st.AccountCadence(r.Context(), httpx.Principal(r.Context()), id, kam.DateOf(h.st.Now()))
	}
	writeVersioned(h, w, r, http.StatusOK, c, cadenceVersion, err, nil)
}

// PutAccountCadence serves PUT /api/v1/accounts/{id}/cadence: sets or
// clears the account's own cadence, with the account's version in If-Match
// or the body (428 without one, 412 with the cadence as it is when stale).
func (h *Handler) PutAccountCadence(w http.ResponseWriter, r *http.Request) {
	p, id, err := h.accountChange(r, "change the cadence", "account")
	var body cadenceBody
	if err == nil {
		err = readJSON(w, r, &body)
	}
	if err == nil {
		body.Version, err = requiredVersion(r, body.Version)
	}
	var c *kam.AccountCadence
	if err == nil {
		c, err = h.st.SetAccountCadence(r.Context(), p, id, kam.CadenceUpdate{Version: body.Version, Days: body.Days})
	}
	writeVersioned(h, w, r, http.StatusOK, c, cadenceVersion, err, func() (*kam.AccountCadence, error) {
		return h.st.AccountCadence(r.Context(), p, id, kam.DateOf(h.st.Now()))
	})
}

// CallPlan serves GET /api/v1/call-plan: an account manager's next
// contacts due (owner_id; the token's user by default), overdue first,
// then week by week.
func (h *Handler) CallPlan(w http.ResponseWriter, r *http.Request) {
	q := newParams(r.URL.Query(), "owner_id", "weeks")
	f := store.CallPlanFilter{OwnerID: q.id("owner_id"), Weeks: q.intIn("weeks", store.DefaultPlanWeeks, store.MinPlanWeeks, store.MaxPlanWeeks)}
	var plan *store.CallPlan
	err := q.err
	if err == nil {
		plan, err = h.st.FindCallPlan(r.Context(), httpx.Principal(r.Context()), f)
	}
	h.writeItem(w, r, http.StatusOK, plan, err)
}

// CallPlanOwners serves GET /api/v1/call-plan/owners: the account managers
// who own accounts the token's user may see.
func (h *Handler) CallPlanOwners(w http.ResponseWriter, r *http.Request) {
	err := newParams(r.URL.Query()).err
	var owners []store.PlanOwner
	if err == nil {
		owners, err = h.st.CallPlanOwners(r.Context(), httpx.Principal(r.Context()))
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	h.writeJSON(w, r, http.StatusOK, listResponse[store.PlanOwner]{Data: orEmpty(owners)})
}

// CadenceCompliance serves GET /api/v1/cadence/compliance: per account
// manager, the accounts contacted within their cadence over a period (from
// and to; by default the quarter so far) and how late the others were.
func (h *Handler) CadenceCompliance(w http.ResponseWriter, r *http.Request) {
	q := newParams(r.URL.Query(), "from", "to", "owner_id")
	cal, err := h.st.FiscalCalendar(r.Context())
	if err != nil {
		h.Error(w, r, err)
		return
	}
	quarter := cal.At(kam.PeriodQuarter, kam.DateOf(h.st.Now()))
	f := store.ComplianceFilter{From: q.date("from", quarter.First), To: q.date("to", quarter.Last), OwnerID: q.id("owner_id")}
	var rep *store.ComplianceReport
	err = q.err
	if err == nil {
		rep, err = h.st.CadenceCompliance(r.Context(), httpx.Principal(r.Context()), f)
	}
	h.writeItem(w, r, http.StatusOK, rep, err)
}

// writeItem answers with {"data": v}, or err.
func (h *Handler) writeItem(w http.ResponseWriter, r *http.Request, status int, v any, err error) {
	if err != nil {
		h.Error(w, r, err)
		return
	}
	h.writeJSON(w, r, status, itemResponse[any]{Data: v})
}

// writeVersioned answers with a record of an account and the account's
// version (versionOf the record) in ETag; a stale change (ESTALE) is 412
// with the record as now reads it, when now is given.
func writeVersioned[T any](h *Handler, w http.ResponseWriter, r *http.Request, status int, v T, versionOf func(T) int64, err error, now func() (T, error)) {
	if kam.ErrorCode(err) == kam.ESTALE && now != nil {
		if cur, ferr := now(); ferr == nil {
			w.Header().Set("ETag", etag(versionOf(cur)))
			h.writeJSON(w, r, http.StatusPreconditionFailed, conflictBody[T]{
				Error: errorDetail{Code: kam.ESTALE, Message: kam.ErrorMessage(err)}, Data: cur})
			return
		}
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(versionOf(v)))
	h.writeJSON(w, r, status, itemResponse[T]{Data: v})
}

// cadenceVersion is the version of a cadence's account.
func cadenceVersion(c *kam.AccountCadence) int64 { return c.Version }
