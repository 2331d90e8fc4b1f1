package api

// approvalsOperations are the operations on discount and price approvals.
func approvalsOperations() []*operation {
	return nil
}
