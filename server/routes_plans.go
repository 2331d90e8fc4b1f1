package server

// plans registers the pages and API routes of account plans (objectives, strategies, key messages, reference cases, competitors, budget, actions, reviews).
func (rt *routes) plans() {
}
