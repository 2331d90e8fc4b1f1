package server

import "net/http"

// reference registers the API's description: the OpenAPI document and the
// page that makes it readable. Both are open to everyone. The document is an
// API route without a token, recorded with the others so that the contract
// test holds it to its own description.
func (rt *routes) reference() {
	const doc = "/api/v1/openapi.json"
	handle(rt.mux, doc, methods{http.MethodGet: http.HandlerFunc(rt.v1.ServeOpenAPI)}, rt.v1.MethodNotAllowed)
	rt.api = append(rt.api, http.MethodGet+" "+doc)
	rt.page("/api/docs", methods{http.MethodGet: http.HandlerFunc(rt.pages.APIReference)})
}
