package server

// calendar registers the routes of its area (see routes).
func (rt *routes) calendar() {}
