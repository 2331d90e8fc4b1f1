package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
	"github.com/kamhq/kam/store"
)

// onboardingListParams are the query parameters of GET /api/v1/onboardings.
var onboardingListParams = []string{"account_id", "running", "late", "limit"}

// checklistInput is the body of POST /api/v1/checklists.
type checklistInput struct {
	Name        string              `json:"name"`
	Description string              `json:"description,omitempty"`
	Steps       []kam.ChecklistStep `json:"steps"`
}

// checklistPatch is the body of PATCH /api/v1/checklists/{id}.
type checklistPatch struct {
	Version     int64                `json:"version,omitempty"`
	Name        *string              `json:"name,omitempty"`
	Description *string              `json:"description,omitempty"`
	Steps       *[]kam.ChecklistStep `json:"steps,omitempty"`
}

// onboardingInput is the body of POST /api/v1/onboardings.
type onboardingInput struct {
	AccountID  int64    `json:"account_id"`
	TemplateID int64    `json:"template_id"`
	Start      kam.Date `json:"start,omitzero"`
}

// ListChecklists serves GET /api/v1/checklists: every checklist template.
func (h *Handler) ListChecklists(w http.ResponseWriter, r *http.Request) {
	if p := newParams(r.URL.Query()); p.err != nil {
		h.Error(w, r, p.err)
		return
	}
	list, err := h.st.FindChecklistTemplates(r.Context(), httpx.Principal(r.Context()))
	if err != nil {
		h.Error(w, r, err)
		return
	}
	h.writeJSON(w, r, http.StatusOK, listResponse[*kam.ChecklistTemplate]{Data: list})
}

// GetChecklist serves GET /api/v1/checklists/{id}, with its version in ETag.
func (h *Handler) GetChecklist(w http.ResponseWriter, r *http.Request) {
	id, err := pathTarget(r, "checklist")
	var t *kam.ChecklistTemplate
	if err == nil {
		t, err = h.st.FindChecklistTemplate(r.Context(), httpx.Principal(r.Context()), id)
	}
	h.writeVersioned(w, r, http.StatusOK, t, versionOf(t), err)
}

// CreateChecklist serves POST /api/v1/checklists (administrators and
// directors): 201 with the template; a cycle among its steps is 400 with
// the cycle named.
func (h *Handler) CreateChecklist(w http.ResponseWriter, r *http.Request) {
	p, err := writer(r, "manage checklists")
	var in checklistInput
	if err == nil {
		err = readJSON(w, r, &in)
	}
	t := &kam.ChecklistTemplate{Name: in.Name, Description: in.Description, Steps: in.Steps}
	if err == nil {
		err = h.st.CreateChecklistTemplate(r.Context(), p, t)
	}
	if err == nil {
		w.Header().Set("Location", "/api/v1/checklists/"+strconv.FormatInt(t.ID, 10))
	}
	h.writeVersioned(w, r, http.StatusCreated, t, versionOf(t), err)
}

// PatchChecklist serves PATCH /api/v1/checklists/{id}: If-Match or the
// body's version (428 without), 412 with the template as it is now.
func (h *Handler) PatchChecklist(w http.ResponseWriter, r *http.Request) {
	p, id, err := h.accountChange(r, "manage checklists", "checklist")
	var body checklistPatch
	if err == nil {
		err = readJSON(w, r, &body)
	}
	if err == nil {
		body.Version, err = requiredVersion(r, body.Version)
	}
	var t *kam.ChecklistTemplate
	if err == nil {
		t, err = h.st.UpdateChecklistTemplate(r.Context(), p, id, kam.ChecklistTemplateUpdate{Version: body.Version, Name: body.Name,
			Description: body.Description, Steps: body.Steps})
	}
	if h.staleConflict(w, r, err, func() (any, int64, error) {
		now, err := h.st.FindChecklistTemplate(r.Context(), p, id)
		return now, versionOf(now), err
	}) {
		return
	}
	h.writeVersioned(w, r, http.StatusOK, t, versionOf(t), err)
}

// DeleteChecklist serves DELETE /api/v1/checklists/{id}: 204; onboardings
// started from it go on.
func (h *Handler) DeleteChecklist(w http.ResponseWriter, r *http.Request) {
	h.deleteVersioned(w, r, "delete checklists", "checklist", h.st.DeleteChecklistTemplate)
}

// ListOnboardings serves GET /api/v1/onboardings: the onboardings of the
// accounts the user sees, the latest started first, each with its steps
// and progress.
func (h *Handler) ListOnboardings(w http.ResponseWriter, r *http.Request) {
	p := newParams(r.URL.Query(), onboardingListParams...)
	f := store.OnboardingFilter{AccountID: p.id("account_id"), Running: p.boolean("running"), Late: p.boolean("late"),
		Limit: p.intIn("limit", 100, 1, 500)}
	if p.err != nil {
		h.Error(w, r, p.err)
		return
	}
	h.cachedList(w, r, func() (any, error) {
		list, err := h.st.FindOnboardings(r.Context(), httpx.Principal(r.Context()), f)
		return listResponse[*kam.Onboarding]{Data: list}, err
	})
}

// GetOnboarding serves GET /api/v1/onboardings/{id}.
func (h *Handler) GetOnboarding(w http.ResponseWriter, r *http.Request) {
	id, err := pathTarget(r, "onboarding")
	var o *kam.Onboarding
	if err == nil {
		o, err = h.st.FindOnboarding(r.Context(), httpx.Principal(r.Context()), id)
	}
	h.writeVersioned(w, r, http.StatusOK, o, onboardingVersion(o), err)
}

// StartOnboarding serves POST /api/v1/onboardings: 201 with the onboarding
// and its steps' tasks.
func (h *Handler) StartOnboarding(w http.ResponseWriter, r *http.Request) {
	p, err := writer(r, "start onboardings")
	var in onboardingInput
	if err == nil {
		err = readJSON(w, r, &in)
	}
	var o *kam.Onboarding
	if err == nil {
		o, err = h.st.StartOnboarding(r.Context(), p, in.AccountID, in.TemplateID, in.Start)
		if kam.ErrorCode(err) == kam.ENOTFOUND {
			err = kam.FieldError("account_id", "%s", kam.ErrorMessage(err))
		}
	}
	if err == nil {
		w.Header().Set("Location", "/api/v1/onboardings/"+strconv.FormatInt(o.ID, 10))
	}
	h.writeVersioned(w, r, http.StatusCreated, o, onboardingVersion(o), err)
}

// CancelOnboarding serves DELETE /api/v1/onboardings/{id}: 204; the tasks
// of its steps not done go too.
func (h *Handler) CancelOnboarding(w http.ResponseWriter, r *http.Request) {
	h.deleteVersioned(w, r, "cancel onboardings", "onboarding", h.st.CancelOnboarding)
}

// CompleteOnboardingStep serves POST /api/v1/onboarding-steps/{id}/done:
// the step's task is done; 200 with the onboarding.
func (h *Handler) CompleteOnboardingStep(w http.ResponseWriter, r *http.Request) {
	p, id, err := h.accountChange(r, "complete steps", "step")
	var o *kam.Onboarding
	if err == nil {
		o, err = h.st.CompleteOnboardingStep(r.Context(), p, id)
	}
	h.writeVersioned(w, r, http.StatusOK, o, onboardingVersion(o), err)
}

// versionOf is a template's version; 0 for none.
func versionOf(t *kam.ChecklistTemplate) int64 {
	if t == nil {
		return 0
	}
	return t.Version
}

// onboardingVersion is an onboarding's version; 0 for none.
func onboardingVersion(o *kam.Onboarding) int64 {
	if o == nil {
		return 0
	}
	return o.Version
}

// writeVersioned answers with a record and its version in ETag, or err.
func (h *Handler) writeVersioned(w http.ResponseWriter, r *http.Request, status int, v any, version int64, err error) {
	if err != nil {
		h.Error(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(version))
	h.writeJSON(w, r, status, itemResponse[any]{Data: v})
}

// staleConflict answers a change refused as stale with 412 and the record
// as it is now, read by now; it reports whether it answered.
func (h *Handler) staleConflict(w http.ResponseWriter, r *http.Request, err error, now func() (any, int64, error)) bool {
	if kam.ErrorCode(err) != kam.ESTALE {
		return false
	}
	v, version, ferr := now()
	if ferr != nil {
		return false
	}
	w.Header().Set("ETag", etag(version))
	h.writeJSON(w, r, http.StatusPreconditionFailed, conflictBody[any]{
		Error: errorDetail{Code: kam.ESTALE, Message: kam.ErrorMessage(err)}, Data: v})
	return true
}

// deleteVersioned serves a DELETE of a record by {id} through del: 204;
// If-Match, when sent, must name the current version.
func (h *Handler) deleteVersioned(w http.ResponseWriter, r *http.Request, doing, thing string,
	del func(ctx context.Context, p *kam.Principal, id, version int64) error) {
	p, id, err := h.accountChange(r, doing, thing)
	var version int64
	if err == nil {
		version, err = ifMatchVersion(r, 0)
	}
	if err == nil {
		err = del(r.Context(), p, id, version)
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
