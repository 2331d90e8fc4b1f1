package api

// targetsOperations are the operations on targets: quotas per user, team and org unit, and objectives per account.
func targetsOperations() []*operation {
	return nil
}
