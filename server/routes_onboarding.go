package server

// onboarding registers the pages and API routes of onboarding checklists and campaigns.
func (rt *routes) onboarding() {
}
