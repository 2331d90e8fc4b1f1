package api

import (
	"net/http"
	"strconv"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
	"github.com/kamhq/kam/store"
)

// planListParams are the query parameters of GET /api/v1/plans.
var planListParams = []string{"status", "account_id", "overdue", "limit", "after"}

// planInput is the body of POST /api/v1/plans.
type planInput struct {
	AccountID     int64           `json:"account_id"`
	Title         string          `json:"title"`
	Status        string          `json:"status,omitempty"`
	PeriodStart   kam.Date        `json:"period_start"`
	PeriodEnd     kam.Date        `json:"period_end"`
	Budget        kam.Money       `json:"budget,omitempty"`
	CompanyBudget kam.Money       `json:"company_budget,omitempty"`
	Currency      string          `json:"currency,omitempty"`
	ReviewEvery   int             `json:"review_every_days,omitempty"`
	NextReview    kam.Date        `json:"next_review,omitzero"`
	Items         []planItemInput `json:"items,omitempty"`
}

// planPatch is the body of PATCH /api/v1/plans/{id}.
type planPatch struct {
	Version       int64      `json:"version,omitempty"`
	Title         *string    `json:"title,omitempty"`
	Status        *string    `json:"status,omitempty"`
	PeriodStart   *kam.Date  `json:"period_start,omitempty"`
	PeriodEnd     *kam.Date  `json:"period_end,omitempty"`
	Budget        *kam.Money `json:"budget,omitempty"`
	CompanyBudget *kam.Money `json:"company_budget,omitempty"`
	Currency      *string    `json:"currency,omitempty"`
	ReviewEvery   *int       `json:"review_every_days,omitempty"`
	NextReview    *kam.Date  `json:"next_review,omitempty"`
}

// ListPlans serves GET /api/v1/plans: one page of the plans of the
// accounts the token's user may see, drafts and active ones unless asked,
// the earliest next review first.
func (h *Handler) ListPlans(w http.ResponseWriter, r *http.Request) {
	p := newParams(r.URL.Query(), planListParams...)
	f := store.PlanFilter{Status: p.oneOf("status", store.PlanListStatuses), AccountID: p.id("account_id"),
		Overdue: p.boolean("overdue"), Limit: p.intIn("limit", 50, 1, 500), After: p.str("after")}
	if p.err != nil {
		h.Error(w, r, p.err)
		return
	}
	h.cachedList(w, r, func() (any, error) {
		page, err := h.st.FindPlanList(r.Context(), httpx.Principal(r.Context()), f)
		if err != nil {
			return nil, err
		}
		return listResponse[store.PlanHit]{Data: orEmpty(page.Plans), NextCursor: page.Next}, nil
	})
}

// GetPlan serves GET /api/v1/plans/{id}: the plan with its items and its
// version in ETag; ?version=N gives it as it was at version N.
func (h *Handler) GetPlan(w http.ResponseWriter, r *http.Request) {
	q, id, err := planTarget(r, "version")
	version := q.intIn("version", 0, 1, 1<<31)
	if err == nil {
		err = q.err
	}
	var plan *kam.AccountPlan
	if err == nil {
		plan, err = h.st.FindPlan(r.Context(), httpx.Principal(r.Context()), id)
	}
	if err == nil && version != 0 {
		plan, err = h.st.FindPlanRevision(r.Context(), httpx.Principal(r.Context()), id, int64(version))
	}
	h.writePlan(w, r, http.StatusOK, plan, err)
}

// CreatePlan serves POST /api/v1/plans: 201 with the new plan.
func (h *Handler) CreatePlan(w http.ResponseWriter, r *http.Request) {
	p, err := writer(r, "write plans")
	var in planInput
	if err == nil {
		err = readJSON(w, r, &in)
	}
	plan := &kam.AccountPlan{AccountID: in.AccountID, Title: in.Title, Status: in.Status, PeriodStart: in.PeriodStart,
		PeriodEnd: in.PeriodEnd, Budget: in.Budget, CompanyBudget: in.CompanyBudget, Currency: in.Currency,
		ReviewEvery: in.ReviewEvery, NextReview: in.NextReview}
	for _, it := range in.Items {
		plan.Items = append(plan.Items, it.item())
	}
	if err == nil {
		err = h.st.CreatePlan(r.Context(), p, plan)
	}
	if err == nil {
		w.Header().Set("Location", "/api/v1/plans/"+strconv.FormatInt(plan.ID, 10))
	}
	h.writePlan(w, r, http.StatusCreated, plan, err)
}

// PatchPlan serves PATCH /api/v1/plans/{id}, with the version in If-Match
// or the body: 428 without one, 412 with the plan as it is now when it was
// saved meanwhile.
func (h *Handler) PatchPlan(w http.ResponseWriter, r *http.Request) {
	p, id, err := h.accountChange(r, "change plans", "plan")
	var body planPatch
	if err == nil {
		err = readJSON(w, r, &body)
	}
	if err == nil {
		body.Version, err = requiredVersion(r, body.Version)
	}
	var plan *kam.AccountPlan
	if err == nil {
		plan, err = h.st.UpdatePlan(r.Context(), p, id, kam.PlanUpdate{Version: body.Version, Title: body.Title, Status: body.Status,
			PeriodStart: body.PeriodStart, PeriodEnd: body.PeriodEnd, Budget: body.Budget, CompanyBudget: body.CompanyBudget,
			Currency: body.Currency, ReviewEvery: body.ReviewEvery, NextReview: body.NextReview})
	}
	h.writePlanSave(w, r, http.StatusOK, id, plan, err)
}

// DeletePlan serves DELETE /api/v1/plans/{id}: 204; If-Match, when sent,
// must name the current version.
func (h *Handler) DeletePlan(w http.ResponseWriter, r *http.Request) {
	p, id, err := h.accountChange(r, "delete plans", "plan")
	var version int64
	if err == nil {
		version, err = ifMatchVersion(r, 0)
	}
	if err == nil {
		err = h.st.DeletePlan(r.Context(), p, id, version)
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// RestorePlan serves POST /api/v1/plans/{id}/restore (administrators).
func (h *Handler) RestorePlan(w http.ResponseWriter, r *http.Request) {
	p, id, err := h.accountChange(r, "restore plans", "plan")
	var plan *kam.AccountPlan
	if err == nil {
		plan, err = h.st.RestorePlan(r.Context(), p, id)
	}
	h.writePlan(w, r, http.StatusOK, plan, err)
}

// writePlan answers with a plan and its version in ETag, or err.
func (h *Handler) writePlan(w http.ResponseWriter, r *http.Request, status int, plan *kam.AccountPlan, err error) {
	if err != nil {
		h.Error(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(plan.Version))
	h.writeJSON(w, r, status, itemResponse[*kam.AccountPlan]{Data: plan})
}

// writePlanSave is writePlan for a save of plan planID: a save from an old
// version is 412 with the plan as it is now.
func (h *Handler) writePlanSave(w http.ResponseWriter, r *http.Request, status int, planID int64, plan *kam.AccountPlan, err error) {
	if kam.ErrorCode(err) == kam.ESTALE {
		if now, ferr := h.st.FindPlan(r.Context(), httpx.Principal(r.Context()), planID); ferr == nil {
			w.Header().Set("ETag", etag(now.Version))
			h.writeJSON(w, r, http.StatusPreconditionFailed, conflictBody[*kam.AccountPlan]{
				Error: errorDetail{Code: kam.ESTALE, Message: kam.ErrorMessage(err)}, Data: now})
			return
		}
	}
	h.writePlan(w, r, status, plan, err)
}

// planTarget reads the plan id of the path and the query parameters known.
func planTarget(r *http.Request, known ...string) (*params, int64, error) {
	q := newParams(r.URL.Query(), known...)
	id, ok := httpx.PathID(r, "id")
	if !ok {
		return q, 0, kam.FieldError("id", "The plan id must be a positive whole number, not %q.", r.PathValue("id"))
	}
	return q, id, q.err
}
