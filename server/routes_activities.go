package server

import "net/http"

// activityWrites registers the API routes that read one activity or task,
// change, delete and restore them.
func (rt *routes) activityWrites() {
	v1, endpoint := rt.v1, rt.endpoint
	endpoint("/api/v1/activities/{id}", methods{http.MethodGet: http.HandlerFunc(v1.GetActivity),
		http.MethodPatch: http.HandlerFunc(v1.PatchActivity), http.MethodDelete: http.HandlerFunc(v1.DeleteActivity)})
	endpoint("/api/v1/activities/{id}/restore", methods{http.MethodPost: http.HandlerFunc(v1.RestoreActivity)})
	endpoint("/api/v1/tasks/{id}", methods{http.MethodGet: http.HandlerFunc(v1.GetTask),
		http.MethodPatch: http.HandlerFunc(v1.PatchTask), http.MethodDelete: http.HandlerFunc(v1.DeleteTask)})
	endpoint("/api/v1/tasks/{id}/restore", methods{http.MethodPost: http.HandlerFunc(v1.RestoreTask)})
}
