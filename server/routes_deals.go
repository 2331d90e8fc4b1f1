package server

// deals registers the API routes that create, change and delete
// opportunities.
func (rt *routes) deals() {}
