package api

import (
	"net/http"

	"github.com/kamhq/kam/server/httpx"
	"github.com/kamhq/kam/store"
)

// calendarFeedBody is the answer to POST /api/v1/calendar/feed.
type calendarFeedBody struct {
	// URL is the feed's secret address, given this once.
	URL string `json:"url"`
}

// CreateCalendarFeed serves POST /api/v1/calendar/feed: it makes the token
// user's calendar feed, replacing the one they had (whose URL stops
// working), and answers 201 with {"data": {"url": "https://.../calendar/kamcal_....ics"}}.
// Only the URL's hash is kept, so it is shown this once. A read-only token
// is refused.
func (h *Handler) CreateCalendarFeed(w http.ResponseWriter, r *http.Request) {
	secret, err := h.st.CreateCalendarFeed(r.Context(), httpx.Principal(r.Context()))
	if err != nil {
		h.Error(w, r, err)
		return
	}
	url := httpx.Origin(r, h.secure) + store.CalendarFeedPath(secret)
	h.writeJSON(w, r, http.StatusCreated, itemResponse[calendarFeedBody]{Data: calendarFeedBody{URL: url}})
}

// DeleteCalendarFeed serves DELETE /api/v1/calendar/feed: it turns the
// token user's calendar feed off, so that its URL stops working, and
// answers 204, also when there was none. A read-only token is refused.
func (h *Handler) DeleteCalendarFeed(w http.ResponseWriter, r *http.Request) {
	if err := h.st.RevokeCalendarFeed(r.Context(), httpx.Principal(r.Context())); err != nil {
		h.Error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
