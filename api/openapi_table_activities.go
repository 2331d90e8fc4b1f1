package api

// activityOperations are the operations that change activities and tasks.
func activityOperations() []*operation { return nil }
