package server

import "net/http"

// cases registers the pages and API routes of service cases.
func (rt *routes) cases() {
	page, signedIn, pages := rt.page, rt.signedIn, rt.pages
	page("/cases", methods{http.MethodGet: signedIn(pages.Cases), http.MethodPost: signedIn(pages.CreateCase)})
	page("/cases/new", methods{http.MethodGet: signedIn(pages.NewCase)})
	page("/cases/{id}", methods{http.MethodGet: signedIn(pages.CaseView), http.MethodPost: signedIn(pages.UpdateCase)})

	v1, endpoint := rt.v1, rt.endpoint
	endpoint("/api/v1/cases", methods{http.MethodGet: http.HandlerFunc(v1.ListCases), http.MethodPost: http.HandlerFunc(v1.CreateCase)})
	endpoint("/api/v1/cases/{id}", methods{http.MethodGet: http.HandlerFunc(v1.GetCase),
		http.MethodPatch: http.HandlerFunc(v1.PatchCase), http.MethodDelete: http.HandlerFunc(v1.DeleteCase)})
	endpoint("/api/v1/cases/{id}/restore", methods{http.MethodPost: http.HandlerFunc(v1.RestoreCase)})
}
