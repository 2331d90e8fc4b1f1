package server

import "net/http"

// calendar registers the routes of its area (see routes): the calendar
// page of a signed-in user, the feed itself, open to whoever holds its
// secret URL (calendar applications send no session or token), and the
// API that makes and ends a feed.
func (rt *routes) calendar() {
	rt.page("/calendar", methods{http.MethodGet: rt.signedIn(rt.pages.Calendar), http.MethodPost: rt.signedIn(rt.pages.CalendarAction)})
	rt.page("/calendar/{file}", methods{http.MethodGet: http.HandlerFunc(rt.pages.CalendarFeed)})
	rt.endpoint("/api/v1/calendar/feed", methods{
		http.MethodPost:   http.HandlerFunc(rt.v1.CreateCalendarFeed),
		http.MethodDelete: http.HandlerFunc(rt.v1.DeleteCalendarFeed),
	})
}
