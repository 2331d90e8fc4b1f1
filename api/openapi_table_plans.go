package api

// plansOperations are the operations on account plans (objectives, strategies, key messages, reference cases, competitors, budget, actions, reviews).
func plansOperations() []*operation {
	return nil
}
