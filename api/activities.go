package api

import (
	"net/http"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
	"github.com/kamhq/kam/store"
)

// Activities and tasks: what the account team did on an account (calls,
// visits, meetings, emails, notes) and what it is to do. Activities are
// logged as the token's user; tasks default to them.

var (
	activityListParams = []string{"limit"}
	taskListParams     = []string{"due_before", "account_id", "limit"}
)

// activityRequest is the body of POST /api/v1/accounts/{id}/activities: an
// activity without the fields kam sets (ids, user, source, times of record).
type activityRequest struct {
	Kind        kam.ActivityKind `json:"kind"`
	OccurredAt  *time.Time       `json:"occurred_at"`
	ContactIDs  []int64          `json:"contact_ids"`
	Subject     string           `json:"subject"`
	Notes       string           `json:"notes"`
	Outcome     string           `json:"outcome"`
	NextStep    string           `json:"next_step"`
	NextStepDue kam.Date         `json:"next_step_due"`
}

// taskRequest is the body of POST /api/v1/tasks.
type taskRequest struct {
	AccountID  int64    `json:"account_id"`
	AssigneeID int64    `json:"assignee_id"`
	Title      string   `json:"title"`
	Due        kam.Date `json:"due"`
}

// writeToken refuses a read-only token, saying what it was for.
func writeToken(p *kam.Principal, doing string) error {
	if p.ReadOnly {
		return kam.Errorf(kam.EFORBIDDEN, "This token is read only; to %s, use a token that may write.", doing)
	}
	return nil
}

// CreateActivity serves POST /api/v1/accounts/{id}/activities with an
// activity as JSON ({"kind": "call", "subject": "...", "occurred_at":
// "2026-05-04T09:30:00Z", "notes": "...", "contact_ids": [12]}): it logs it
// on the account as done by the token's user, now unless occurred_at says
// when, and answers 201 with the activity. A subject is required unless
// there are notes. An account out of the user's scope is not found.
func (h *Handler) CreateActivity(w http.ResponseWriter, r *http.Request) {
	p, id, err := h.accountChange(r, "log activities", "account")
	var body activityRequest
	if err == nil {
		err = readJSON(w, r, &body)
	}
	a := &kam.Activity{AccountID: id, Kind: body.Kind, ContactIDs: body.ContactIDs, Subject: body.Subject, Notes: body.Notes,
		Outcome: body.Outcome, NextStep: body.NextStep, NextStepDue: body.NextStepDue}
	if body.OccurredAt != nil {
		a.OccurredAt = *body.OccurredAt
	}
	if err == nil && body.Kind == "" {
		err = kam.FieldError("kind", "Give kind: call, visit, meeting, email or note.")
	}
	if err == nil {
		err = h.st.CreateActivity(r.Context(), p, a)
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	h.writeJSON(w, r, http.StatusCreated, itemResponse[*kam.Activity]{Data: a})
}

// ListActivities serves GET /api/v1/accounts/{id}/activities: the latest
// activities of an account (limit, 1 to 500, default 50), newest first,
// each with the account's name and who logged it.
func (h *Handler) ListActivities(w http.ResponseWriter, r *http.Request) {
	q := newParams(r.URL.Query(), activityListParams...)
	limit := q.intIn("limit", 50, 1, 500)
	id, ok := httpx.PathID(r, "id")
	if !ok {
		q.fail(kam.FieldError("id", "The account id must be a positive whole number, not %q.", r.PathValue("id")))
	}
	if q.err != nil {
		h.Error(w, r, q.err)
		return
	}
	rows, err := h.st.FindActivities(r.Context(), httpx.Principal(r.Context()), id, limit)
	if err != nil {
		h.Error(w, r, err)
		return
	}
	h.writeJSON(w, r, http.StatusOK, listResponse[*store.ActivityRow]{Data: rows})
}

// CreateTask serves POST /api/v1/tasks with {"title": "...", "due":
// "2026-05-08", "account_id": 12, "assignee_id": 3}: only the title is
// required; the assignee defaults to the token's user, who must be allowed
// to change the account, if any. It answers 201 with the task.
func (h *Handler) CreateTask(w http.ResponseWriter, r *http.Request) {
	p := httpx.Principal(r.Context())
	err := writeToken(p, "add tasks")
	if q := newParams(r.URL.Query()); err == nil && q.err != nil {
		err = q.err
	}
	var body taskRequest
	if err == nil {
		err = readJSON(w, r, &body)
	}
	t := &kam.Task{AccountID: body.AccountID, AssigneeID: body.AssigneeID, Title: body.Title, Due: body.Due}
	if err == nil {
		err = h.st.CreateTask(r.Context(), p, t)
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	h.writeJSON(w, r, http.StatusCreated, itemResponse[*kam.Task]{Data: t})
}

// ListTasks serves GET /api/v1/tasks: the token user's open tasks, the
// soonest due first and those with no due day last; with
// due_before=YYYY-MM-DD, those due on or before that day (overdue ones
// included); with account_id, that account's open tasks, whoever they are
// for. limit is 1 to 500, default 100.
func (h *Handler) ListTasks(w http.ResponseWriter, r *http.Request) {
	q := newParams(r.URL.Query(), taskListParams...)
	p := httpx.Principal(r.Context())
	f := store.TaskFilter{
		DueBy:     q.date("due_before", kam.Date{}),
		AccountID: q.id("account_id"),
		Limit:     q.intIn("limit", 100, 1, 500),
	}
	if q.err != nil {
		h.Error(w, r, q.err)
		return
	}
	if f.AccountID == 0 {
		f.AssigneeID = p.UserID
	}
	rows, err := h.st.FindTasks(r.Context(), p, f)
	if err != nil {
		h.Error(w, r, err)
		return
	}
	h.writeJSON(w, r, http.StatusOK, listResponse[*store.TaskRow]{Data: rows})
}

// CompleteTask serves POST /api/v1/tasks/{id}/done: the task's assignee, or
// anyone who may change its account, marks it done; a task done already
// stays as it was. It answers with the task.
func (h *Handler) CompleteTask(w http.ResponseWriter, r *http.Request) {
	p := httpx.Principal(r.Context())
	err := writeToken(p, "complete tasks")
	var id int64
	if err == nil {
		id, err = pathTarget(r, "task")
	}
	if err == nil {
		err = h.st.CompleteTask(r.Context(), p, id)
	}
	var t *store.TaskRow
	if err == nil {
		t, err = h.st.FindTask(r.Context(), p, id)
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	h.writeJSON(w, r, http.StatusOK, itemResponse[*store.TaskRow]{Data: t})
}
