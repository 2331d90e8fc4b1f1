package api

// caseOperations are the operations on service cases.
func caseOperations() []*operation { return nil }
