package server

// reference registers the routes of its area (see routes).
func (rt *routes) reference() {}
