package server

import "net/http"

// deals registers the API routes that list, create, change and delete
// opportunities.
func (rt *routes) deals() {
	v1, endpoint := rt.v1, rt.endpoint
	endpoint("/api/v1/opportunities", methods{http.MethodGet: http.HandlerFunc(v1.ListOpportunities),
		http.MethodPost: http.HandlerFunc(v1.CreateOpportunity)})
	endpoint("/api/v1/opportunities/{id}", methods{http.MethodGet: http.HandlerFunc(v1.GetOpportunity),
		http.MethodPatch: http.HandlerFunc(v1.PatchOpportunity), http.MethodDelete: http.HandlerFunc(v1.DeleteOpportunity)})
	endpoint("/api/v1/opportunities/{id}/restore", methods{http.MethodPost: http.HandlerFunc(v1.RestoreOpportunity)})
}
