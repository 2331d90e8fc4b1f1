package api

import (
	"net/http"
	"reflect"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
	"github.com/kamhq/kam/store"
)

// Reading, changing, deleting and restoring one activity or task, as for
// contacts: GET answers with the version in ETag; PATCH needs the version it
// started from (428 without one, 412 with the record as it is now when it
// changed meanwhile); DELETE moves the record to the bin, from where an
// administrator restores it.

// dateChange is a day in a PATCH body that can be cleared: left out, the
// day stays; null clears it; "YYYY-MM-DD" sets it.
type dateChange struct {
	set bool
	day kam.Date
}

// UnmarshalJSON reads "YYYY-MM-DD" or null, noting that the field was sent.
func (d *dateChange) UnmarshalJSON(b []byte) error {
	d.set = true
	return d.day.UnmarshalJSON(b)
}

// update is the change the field asks for: nil to keep the day.
func (d dateChange) update() *kam.Date {
	if !d.set {
		return nil
	}
	return &d.day
}

func init() {
	specialSchemas[reflect.TypeFor[dateChange]()] = func() *Schema {
		return &Schema{Type: []string{"string", "null"}, Format: "date",
			Description: "A day as YYYY-MM-DD; null clears it, and left out it stays."}
	}
}

// activityPatch is the body of PATCH /api/v1/activities/{id}: the fields to
// change, each left out to keep it. version may stand in for If-Match.
type activityPatch struct {
	Version     int64             `json:"version,omitempty"`
	Kind        *kam.ActivityKind `json:"kind,omitempty"`
	OccurredAt  *time.Time        `json:"occurred_at,omitempty"`
	Subject     *string           `json:"subject,omitempty"`
	Notes       *string           `json:"notes,omitempty"`
	Outcome     *string           `json:"outcome,omitempty"`
	NextStep    *string           `json:"next_step,omitempty"`
	NextStepDue dateChange        `json:"next_step_due,omitzero"`
}

// taskPatch is the body of PATCH /api/v1/tasks/{id}.
type taskPatch struct {
	Version    int64      `json:"version,omitempty"`
	Title      *string    `json:"title,omitempty"`
	Due        dateChange `json:"due,omitzero"`
	AssigneeID *int64     `json:"assignee_id,omitempty"`
}

// GetActivity serves GET /api/v1/activities/{id}: an activity of an account
// the user may see, with its version in ETag.
func (h *Handler) GetActivity(w http.ResponseWriter, r *http.Request) {
	id, err := pathTarget(r, "activity")
	var a *store.ActivityRow
	if err == nil {
		a, err = h.st.FindActivity(r.Context(), httpx.Principal(r.Context()), id)
	}
	h.writeActivity(w, r, http.StatusOK, a, err)
}

// PatchActivity serves PATCH /api/v1/activities/{id}: whoever may change the
// account changes the fields given, with the version in If-Match or the
// body; the account's last contact follows.
func (h *Handler) PatchActivity(w http.ResponseWriter, r *http.Request) {
	p, id, err := h.accountChange(r, "change activities", "activity")
	var body activityPatch
	if err == nil {
		err = readJSON(w, r, &body)
	}
	if err == nil {
		body.Version, err = requiredVersion(r, body.Version)
	}
	var a *store.ActivityRow
	if err == nil {
		a, err = h.st.UpdateActivity(r.Context(), p, id, kam.ActivityUpdate{Version: body.Version, Kind: body.Kind,
			OccurredAt: body.OccurredAt, Subject: body.Subject, Notes: body.Notes, Outcome: body.Outcome, NextStep: body.NextStep,
			NextStepDue: body.NextStepDue.update()})
	}
	if kam.ErrorCode(err) == kam.ESTALE {
		if now, ferr := h.st.FindActivity(r.Context(), p, id); ferr == nil {
			refuseStaleRecord(h, w, r, now, now.Version, err)
			return
		}
	}
	h.writeActivity(w, r, http.StatusOK, a, err)
}

// DeleteActivity serves DELETE /api/v1/activities/{id}: 204; If-Match, when
// sent, must name the current version.
func (h *Handler) DeleteActivity(w http.ResponseWriter, r *http.Request) {
	p, id, err := h.accountChange(r, "delete activities", "activity")
	var version int64
	if err == nil {
		version, err = ifMatchVersion(r, 0)
	}
	if err == nil {
		err = h.st.DeleteActivity(r.Context(), p, id, version)
	}
	writeDeleted(h, w, r, err)
}

// RestoreActivity serves POST /api/v1/activities/{id}/restore
// (administrators).
func (h *Handler) RestoreActivity(w http.ResponseWriter, r *http.Request) {
	p, id, err := h.accountChange(r, "restore activities", "activity")
	var a *store.ActivityRow
	if err == nil {
		a, err = h.st.RestoreActivity(r.Context(), p, id)
	}
	h.writeActivity(w, r, http.StatusOK, a, err)
}

// GetTask serves GET /api/v1/tasks/{id}: a task the user may see, open or
// done, with its version in ETag.
func (h *Handler) GetTask(w http.ResponseWriter, r *http.Request) {
	id, err := pathTarget(r, "task")
	var t *store.TaskRow
	if err == nil {
		t, err = h.st.FindTask(r.Context(), httpx.Principal(r.Context()), id)
	}
	h.writeTask(w, r, http.StatusOK, t, err)
}

// PatchTask serves PATCH /api/v1/tasks/{id}: the task's assignee, or anyone
// who may change its account, changes its title and due day; only the
// latter give it to someone else. The version is required as for
// activities.
func (h *Handler) PatchTask(w http.ResponseWriter, r *http.Request) {
	p, id, err := h.accountChange(r, "change tasks", "task")
	var body taskPatch
	if err == nil {
		err = readJSON(w, r, &body)
	}
	if err == nil {
		body.Version, err = requiredVersion(r, body.Version)
	}
	var t *store.TaskRow
	if err == nil {
		t, err = h.st.UpdateTask(r.Context(), p, id, kam.TaskUpdate{Version: body.Version, Title: body.Title,
			Due: body.Due.update(), AssigneeID: body.AssigneeID})
	}
	if kam.ErrorCode(err) == kam.ESTALE {
		if now, ferr := h.st.FindTask(r.Context(), p, id); ferr == nil {
			refuseStaleRecord(h, w, r, now, now.Version, err)
			return
		}
	}
	h.writeTask(w, r, http.StatusOK, t, err)
}

// DeleteTask serves DELETE /api/v1/tasks/{id}: 204; If-Match, when sent,
// must name the current version.
func (h *Handler) DeleteTask(w http.ResponseWriter, r *http.Request) {
	p, id, err := h.accountChange(r, "delete tasks", "task")
	var version int64
	if err == nil {
		version, err = ifMatchVersion(r, 0)
	}
	if err == nil {
		err = h.st.DeleteTask(r.Context(), p, id, version)
	}
	writeDeleted(h, w, r, err)
}

// RestoreTask serves POST /api/v1/tasks/{id}/restore (administrators).
func (h *Handler) RestoreTask(w http.ResponseWriter, r *http.Request) {
	p, id, err := h.accountChange(r, "restore tasks", "task")
	var t *store.TaskRow
	if err == nil {
		t, err = h.st.RestoreTask(r.Context(), p, id)
	}
	h.writeTask(w, r, http.StatusOK, t, err)
}

// writeActivity answers with an activity and its version in ETag, or err.
func (h *Handler) writeActivity(w http.ResponseWriter, r *http.Request, status int, a *store.ActivityRow, err error) {
	if err != nil {
		h.Error(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(a.Version))
	h.writeJSON(w, r, status, itemResponse[*store.ActivityRow]{Data: a})
}

// writeTask answers with a task and its version in ETag, or err.
func (h *Handler) writeTask(w http.ResponseWriter, r *http.Request, status int, t *store.TaskRow, err error) {
	if err != nil {
		h.Error(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(t.Version))
	h.writeJSON(w, r, status, itemResponse[*store.TaskRow]{Data: t})
}

// refuseStaleRecord answers a change refused as stale: 412 with the record
// as it is now and its version in ETag.
func refuseStaleRecord[T any](h *Handler, w http.ResponseWriter, r *http.Request, now T, version int64, err error) {
	w.Header().Set("ETag", etag(version))
	h.writeJSON(w, r, http.StatusPreconditionFailed, conflictBody[T]{
		Error: errorDetail{Code: kam.ESTALE, Message: kam.ErrorMessage(err)}, Data: now})
}

// writeDeleted answers a delete: 204, or err.
func writeDeleted(h *Handler, w http.ResponseWriter, r *http.Request, err error) {
	if err != nil {
		h.Error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
