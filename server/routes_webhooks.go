package server

// webhooks registers the routes of its area (see routes).
func (rt *routes) webhooks() {}
