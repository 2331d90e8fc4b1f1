package api

import (
	"net/http"
	"strconv"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
)

// The webhook routes are for administrators: a subscription receives the
// changes of every account. Reads take a read-only token too; changes need
// one that may write. A webhook's secret is in the answer to its creation
// only.

// webhookCreateRequest is the body of POST /api/v1/webhooks.
type webhookCreateRequest struct {
	URL    string   `json:"url"`
	Events []string `json:"events"`
}

// webhookPatchRequest is the body of PATCH /api/v1/webhooks/{id}; absent
// fields stay as they are.
type webhookPatchRequest struct {
	URL     *string   `json:"url"`
	Events  *[]string `json:"events"`
	Active  *bool     `json:"active"`
	Version int64     `json:"version"`
}

// pingResponse is the answer to POST /api/v1/webhooks/{id}/ping.
type pingResponse struct {
	DeliveryID int64 `json:"delivery_id"`
}

// deliveryParams are the query parameters of the delivery log.
var deliveryParams = []string{"status", "limit"}

// deliveryStatuses are the statuses the delivery log filters by.
var deliveryStatuses = []string{kam.DeliveryPending, kam.DeliverySucceeded, kam.DeliveryFailed}

// ListWebhooks serves GET /api/v1/webhooks: every webhook, oldest first,
// without secrets.
func (h *Handler) ListWebhooks(w http.ResponseWriter, r *http.Request) {
	if q := newParams(r.URL.Query()); q.err != nil {
		h.Error(w, r, q.err)
		return
	}
	hooks, err := h.st.FindWebhooks(r.Context(), httpx.Principal(r.Context()))
	if err != nil {
		h.Error(w, r, err)
		return
	}
	h.writeJSON(w, r, http.StatusOK, listResponse[*kam.Webhook]{Data: hooks})
}

// CreateWebhook serves POST /api/v1/webhooks with {"url": "https://...",
// "events": ["flag.raised", ...]}. It answers 201 with the webhook and its
// secret, which no other answer shows.
func (h *Handler) CreateWebhook(w http.ResponseWriter, r *http.Request) {
	p := httpx.Principal(r.Context())
	err := adminWrite(p, "manage webhooks")
	if q := newParams(r.URL.Query()); err == nil {
		err = q.err
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	var body webhookCreateRequest
	if err := readJSON(w, r, &body); err != nil {
		h.Error(w, r, err)
		return
	}
	hook := &kam.Webhook{URL: body.URL, Events: body.Events}
	if err := h.st.CreateWebhook(r.Context(), p, hook); err != nil {
		h.Error(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/webhooks/"+strconv.FormatInt(hook.ID, 10))
	w.Header().Set("ETag", etag(hook.Version))
	h.writeJSON(w, r, http.StatusCreated, itemResponse[*kam.Webhook]{Data: hook})
}

// GetWebhook serves GET /api/v1/webhooks/{id}.
func (h *Handler) GetWebhook(w http.ResponseWriter, r *http.Request) {
	id, err := pathTarget(r, "webhook")
	var hook *kam.Webhook
	if err == nil {
		hook, err = h.st.FindWebhook(r.Context(), httpx.Principal(r.Context()), id)
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(hook.Version))
	h.writeJSON(w, r, http.StatusOK, itemResponse[*kam.Webhook]{Data: hook})
}

// UpdateWebhook serves PATCH /api/v1/webhooks/{id} with any of url, events
// and active, and the version changed from (in the body or If-Match).
// "active": true re-enables a disabled webhook and clears its failures.
// Without a version it is 428; a stale version answers 412.
func (h *Handler) UpdateWebhook(w http.ResponseWriter, r *http.Request) {
	p, id, err := h.change(r, "manage webhooks", "webhook")
	if err != nil {
		h.Error(w, r, err)
		return
	}
	var body webhookPatchRequest
	if err := readJSON(w, r, &body); err != nil {
		h.Error(w, r, err)
		return
	}
	version, err := requiredVersion(r, body.Version)
	var hook *kam.Webhook
	if err == nil {
		hook, err = h.st.UpdateWebhook(r.Context(), p, id, kam.WebhookUpdate{URL: body.URL, Events: body.Events, Active: body.Active, Version: version})
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(hook.Version))
	h.writeJSON(w, r, http.StatusOK, itemResponse[*kam.Webhook]{Data: hook})
}

// DeleteWebhook serves DELETE /api/v1/webhooks/{id}: the webhook goes with
// its delivery log. It answers 204.
func (h *Handler) DeleteWebhook(w http.ResponseWriter, r *http.Request) {
	p, id, err := h.change(r, "manage webhooks", "webhook")
	if err == nil {
		err = h.st.DeleteWebhook(r.Context(), p, id)
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusNoContent)
}

// ListDeliveries serves GET /api/v1/webhooks/{id}/deliveries: the delivery
// log, newest first, with status (pending, succeeded, failed) and limit (1
// to 500, default 50).
func (h *Handler) ListDeliveries(w http.ResponseWriter, r *http.Request) {
	q := newParams(r.URL.Query(), deliveryParams...)
	status := q.oneOf("status", deliveryStatuses)
	limit := q.intIn("limit", 50, 1, 500)
	if q.err != nil {
		h.Error(w, r, q.err)
		return
	}
	id, ok := httpx.PathID(r, "id")
	if !ok {
		h.Error(w, r, kam.FieldError("id", "The webhook id must be a positive whole number, not %q.", r.PathValue("id")))
		return
	}
	log, err := h.st.FindDeliveries(r.Context(), httpx.Principal(r.Context()), id, status, limit)
	if err != nil {
		h.Error(w, r, err)
		return
	}
	h.writeJSON(w, r, http.StatusOK, listResponse[*kam.WebhookDelivery]{Data: log})
}

// PingWebhook serves POST /api/v1/webhooks/{id}/ping: it queues a "ping"
// delivery to try the endpoint and answers 202 with the delivery's id, to
// follow in the delivery log.
func (h *Handler) PingWebhook(w http.ResponseWriter, r *http.Request) {
	p, id, err := h.change(r, "manage webhooks", "webhook")
	var delivery int64
	if err == nil {
		delivery, err = h.st.PingWebhook(r.Context(), p, id)
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	h.writeJSON(w, r, http.StatusAccepted, itemResponse[pingResponse]{Data: pingResponse{DeliveryID: delivery}})
}
