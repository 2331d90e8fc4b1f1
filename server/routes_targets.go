package server

import "net/http"

// targets registers the pages and API routes of targets: quotas per user, team and org unit, and objectives per account.
func (rt *routes) targets() {
	page, signedIn, pages := rt.page, rt.signedIn, rt.pages
	page("/targets", methods{http.MethodGet: signedIn(pages.Targets), http.MethodPost: signedIn(pages.SaveTarget)})
	page("/fiscal-year", methods{http.MethodPost: signedIn(pages.SetFiscalYear)})
	page("/targets/{id}", methods{http.MethodPost: signedIn(pages.ChangeTarget)})
	page("/accounts/{id}/objectives", methods{http.MethodPost: signedIn(pages.AddObjective)})

	v1, endpoint := rt.v1, rt.endpoint
	endpoint("/api/v1/targets", methods{http.MethodGet: http.HandlerFunc(v1.ListTargets), http.MethodPost: http.HandlerFunc(v1.CreateTarget)})
	endpoint("/api/v1/targets/{id}", methods{http.MethodGet: http.HandlerFunc(v1.GetTarget),
		http.MethodPatch: http.HandlerFunc(v1.PatchTarget), http.MethodDelete: http.HandlerFunc(v1.DeleteTarget)})
	endpoint("/api/v1/attainment", methods{http.MethodGet: http.HandlerFunc(v1.GetAttainment)})
	endpoint("/api/v1/fiscal-year", methods{http.MethodGet: http.HandlerFunc(v1.GetFiscalYear), http.MethodPut: http.HandlerFunc(v1.PutFiscalYear)})
}
