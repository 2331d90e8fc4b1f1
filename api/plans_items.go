package api

import (
	"net/http"
	"strconv"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
)

// planItemInput is an item of a new plan, and the body of POST
// /api/v1/plans/{id}/items.
type planItemInput struct {
	// Version is the plan's version the item is added to (or If-Match).
	Version   int64            `json:"version,omitempty"`
	Kind      kam.PlanItemKind `json:"kind"`
	Title     string           `json:"title"`
	Detail    string           `json:"detail,omitempty"`
	Measure   string           `json:"measure,omitempty"`
	Rating    string           `json:"rating,omitempty"`
	Standing  string           `json:"standing,omitempty"`
	OwnerID   int64            `json:"owner_id,omitempty"`
	Due       kam.Date         `json:"due,omitzero"`
	LinkedIDs []int64          `json:"linked_ids,omitempty"`
}

// item is the input as a plan item.
func (in planItemInput) item() *kam.PlanItem {
	return &kam.PlanItem{Kind: in.Kind, Title: in.Title, Detail: in.Detail, Measure: in.Measure, Rating: in.Rating,
		Standing: in.Standing, OwnerID: in.OwnerID, Due: in.Due, LinkedIDs: in.LinkedIDs}
}

// planItemPatch is the body of PATCH /api/v1/plan-items/{id}.
type planItemPatch struct {
	// Version is the plan's version the change is made from (or If-Match).
	Version   int64     `json:"version,omitempty"`
	Title     *string   `json:"title,omitempty"`
	Detail    *string   `json:"detail,omitempty"`
	Measure   *string   `json:"measure,omitempty"`
	Rating    *string   `json:"rating,omitempty"`
	Standing  *string   `json:"standing,omitempty"`
	OwnerID   *int64    `json:"owner_id,omitempty"`
	Due       *kam.Date `json:"due,omitempty"`
	Done      *bool     `json:"done,omitempty"`
	LinkedIDs *[]int64  `json:"linked_ids,omitempty"`
	Position  *int      `json:"position,omitempty"`
}

// reviewInput is the body of POST /api/v1/plans/{id}/reviews.
type reviewInput struct {
	Version int64  `json:"version,omitempty"`
	Note    string `json:"note,omitempty"`
}

// planChanges is what changed in a plan between two versions.
type planChanges struct {
	From    int64            `json:"from"`
	To      int64            `json:"to"`
	Changes []kam.PlanChange `json:"changes"`
}

// AddPlanItem serves POST /api/v1/plans/{id}/items: 201 with the plan
// saved, the item's address in Location.
func (h *Handler) AddPlanItem(w http.ResponseWriter, r *http.Request) {
	p, id, err := h.accountChange(r, "change plans", "plan")
	var in planItemInput
	if err == nil {
		err = readJSON(w, r, &in)
	}
	if err == nil {
		in.Version, err = requiredVersion(r, in.Version)
	}
	var plan *kam.AccountPlan
	it := in.item()
	if err == nil {
		plan, err = h.st.AddPlanItem(r.Context(), p, id, in.Version, it)
	}
	if err == nil {
		w.Header().Set("Location", "/api/v1/plan-items/"+strconv.FormatInt(it.ID, 10))
	}
	h.writePlanSave(w, r, http.StatusCreated, id, plan, err)
}

// GetPlanItem serves GET /api/v1/plan-items/{id}: the item, with its plan's
// version in ETag.
func (h *Handler) GetPlanItem(w http.ResponseWriter, r *http.Request) {
	id, err := pathTarget(r, "plan item")
	var it *kam.PlanItem
	var plan *kam.AccountPlan
	if err == nil {
		it, plan, err = h.st.FindPlanItem(r.Context(), httpx.Principal(r.Context()), id)
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(plan.Version))
	h.writeJSON(w, r, http.StatusOK, itemResponse[*kam.PlanItem]{Data: it})
}

// PatchPlanItem serves PATCH /api/v1/plan-items/{id}: the plan saved, or
// 412 with the plan as it is now.
func (h *Handler) PatchPlanItem(w http.ResponseWriter, r *http.Request) {
	p, id, err := h.accountChange(r, "change plans", "plan item")
	var body planItemPatch
	if err == nil {
		err = readJSON(w, r, &body)
	}
	if err == nil {
		body.Version, err = requiredVersion(r, body.Version)
	}
	var plan *kam.AccountPlan
	if err == nil {
		plan, err = h.st.UpdatePlanItem(r.Context(), p, id, body.Version, kam.PlanItemUpdate{Title: body.Title, Detail: body.Detail,
			Measure: body.Measure, Rating: body.Rating, Standing: body.Standing, OwnerID: body.OwnerID, Due: body.Due,
			Done: body.Done, LinkedIDs: body.LinkedIDs, Position: body.Position})
	}
	h.writeItemSave(w, r, id, plan, err)
}

// DeletePlanItem serves DELETE /api/v1/plan-items/{id}: the plan saved
// without the item.
func (h *Handler) DeletePlanItem(w http.ResponseWriter, r *http.Request) {
	p, id, err := h.accountChange(r, "change plans", "plan item")
	var version int64
	if err == nil {
		version, err = requiredVersion(r, 0)
	}
	var plan *kam.AccountPlan
	if err == nil {
		plan, err = h.st.RemovePlanItem(r.Context(), p, id, version)
	}
	h.writeItemSave(w, r, id, plan, err)
}

// writeItemSave answers a save of an item's plan.
func (h *Handler) writeItemSave(w http.ResponseWriter, r *http.Request, itemID int64, plan *kam.AccountPlan, err error) {
	var planID int64
	if kam.ErrorCode(err) == kam.ESTALE {
		if _, now, ferr := h.st.FindPlanItem(r.Context(), httpx.Principal(r.Context()), itemID); ferr == nil {
			planID = now.ID
		}
	}
	h.writePlanSave(w, r, http.StatusOK, planID, plan, err)
}

// ReviewPlan serves POST /api/v1/plans/{id}/reviews: 201 with the review
// and what changed since the one before; the plan's new version in ETag.
func (h *Handler) ReviewPlan(w http.ResponseWriter, r *http.Request) {
	p, id, err := h.accountChange(r, "review plans", "plan")
	var in reviewInput
	if err == nil {
		err = readJSON(w, r, &in)
	}
	if err == nil {
		in.Version, err = requiredVersion(r, in.Version)
	}
	var review *kam.PlanReview
	var plan *kam.AccountPlan
	if err == nil {
		review, plan, err = h.st.ReviewPlan(r.Context(), p, id, in.Version, in.Note)
	}
	if err != nil {
		h.writePlanSave(w, r, 0, id, nil, err)
		return
	}
	w.Header().Set("ETag", etag(plan.Version))
	h.writeJSON(w, r, http.StatusCreated, itemResponse[*kam.PlanReview]{Data: review})
}

// ListPlanReviews serves GET /api/v1/plans/{id}/reviews, newest first.
func (h *Handler) ListPlanReviews(w http.ResponseWriter, r *http.Request) {
	id, err := pathTarget(r, "plan")
	var reviews []*kam.PlanReview
	if err == nil {
		reviews, err = h.st.FindPlanReviews(r.Context(), httpx.Principal(r.Context()), id)
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	h.writeJSON(w, r, http.StatusOK, listResponse[*kam.PlanReview]{Data: reviews})
}

// ListPlanRevisions serves GET /api/v1/plans/{id}/revisions, newest first.
func (h *Handler) ListPlanRevisions(w http.ResponseWriter, r *http.Request) {
	id, err := pathTarget(r, "plan")
	var revisions []kam.PlanRevision
	if err == nil {
		revisions, err = h.st.FindPlanRevisions(r.Context(), httpx.Principal(r.Context()), id)
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	h.writeJSON(w, r, http.StatusOK, listResponse[kam.PlanRevision]{Data: revisions})
}

// PlanChanges serves GET /api/v1/plans/{id}/changes?from=N&to=M: what
// changed between two versions, by default since the last review.
func (h *Handler) PlanChanges(w http.ResponseWriter, r *http.Request) {
	q, id, err := planTarget(r, "from", "to")
	from, to := q.intIn("from", 0, 1, 1<<31), q.intIn("to", 0, 1, 1<<31)
	if err == nil {
		err = q.err
	}
	var out planChanges
	if err == nil {
		out.Changes, out.From, out.To, err = h.st.PlanChangesSince(r.Context(), httpx.Principal(r.Context()), id, int64(from), int64(to))
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	h.writeJSON(w, r, http.StatusOK, itemResponse[planChanges]{Data: out})
}
