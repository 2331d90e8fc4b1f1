package server

import "net/http"

// webhooks registers the routes of its area (see routes): webhook
// subscriptions, their delivery logs and test pings, for administrators.
func (rt *routes) webhooks() {
	v1 := rt.v1
	rt.endpoint("/api/v1/webhooks", methods{
		http.MethodGet:  http.HandlerFunc(v1.ListWebhooks),
		http.MethodPost: http.HandlerFunc(v1.CreateWebhook),
	})
	rt.endpoint("/api/v1/webhooks/{id}", methods{
		http.MethodGet:    http.HandlerFunc(v1.GetWebhook),
		http.MethodPatch:  http.HandlerFunc(v1.UpdateWebhook),
		http.MethodDelete: http.HandlerFunc(v1.DeleteWebhook),
	})
	rt.endpoint("/api/v1/webhooks/{id}/deliveries", methods{http.MethodGet: http.HandlerFunc(v1.ListDeliveries)})
	rt.endpoint("/api/v1/webhooks/{id}/ping", methods{http.MethodPost: http.HandlerFunc(v1.PingWebhook)})
}
