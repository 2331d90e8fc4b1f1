package web

import (
	"net/http"
	"sync"

	"github.com/kamhq/kam/api"
)

// apiReferencePage is the data of the API reference page.
type apiReferencePage struct {
	layout
	Ref *api.Reference
}

// apiReference is the reference, built once: it changes only with the binary.
var apiReference = sync.OnceValue(api.APIReference)

// APIReference serves GET /api/docs, to anyone: the JSON API's routes by
// area, each with its parameters, bodies, answers and an example call, and
// the schemas they use. It is the OpenAPI document, /api/v1/openapi.json,
// made readable.
func (a *App) APIReference(w http.ResponseWriter, r *http.Request) {
	a.render(w, r, http.StatusOK, "api_reference", &apiReferencePage{layout: layout{Title: "API reference"}, Ref: apiReference()})
}
