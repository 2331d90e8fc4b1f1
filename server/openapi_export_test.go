package server

import (
	"slices"

	"github.com/kamhq/kam/store"
)

// APIRoutes returns every API route that New registers, as "METHOD path",
// sorted: what the OpenAPI document must describe.
func APIRoutes(st *store.Store) []string {
	_, rt := build(Config{}, st, nil)
	out := slices.Clone(rt.api)
	slices.Sort(out)
	return out
}
