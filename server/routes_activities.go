package server

// activityWrites registers the API routes that change and delete
// activities and tasks.
func (rt *routes) activityWrites() {}
