package server

import "net/http"

// history registers the field history of records: a page for each kind of
// record that has one (with its CSV download), and the API routes of the
// kinds not registered with the records.
func (rt *routes) history() {
	page, signedIn, pages := rt.page, rt.signedIn, rt.pages
	page("/accounts/{id}/history", methods{http.MethodGet: signedIn(pages.History("account"))})
	page("/contacts/{id}/history", methods{http.MethodGet: signedIn(pages.History("contact"))})
	page("/opportunities/{id}/history", methods{http.MethodGet: signedIn(pages.History("opportunity"))})
	page("/cases/{id}/history", methods{http.MethodGet: signedIn(pages.History("case"))})
	page("/plans/{id}/history", methods{http.MethodGet: signedIn(pages.History("plan"))})
	page("/targets/{id}/history", methods{http.MethodGet: signedIn(pages.History("target"))})
	page("/approvals/{id}/history", methods{http.MethodGet: signedIn(pages.History("discount_request"))})

	v1, endpoint := rt.v1, rt.endpoint
	endpoint("/api/v1/plans/{id}/history", methods{http.MethodGet: v1.History("plan")})
	endpoint("/api/v1/targets/{id}/history", methods{http.MethodGet: v1.History("target")})
	endpoint("/api/v1/approvals/{id}/history", methods{http.MethodGet: v1.History("discount_request")})
}
