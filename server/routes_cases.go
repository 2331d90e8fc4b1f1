package server

// cases registers the pages and API routes of service cases.
func (rt *routes) cases() {}
