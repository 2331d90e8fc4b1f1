package api

// cadenceOperations are the operations on visit and call cadence, the call plan, and attrition (lost accounts, win-back, prospect lists).
func cadenceOperations() []*operation {
	return nil
}
