package api

// onboardingOperations are the operations on onboarding checklists and campaigns.
func onboardingOperations() []*operation {
	return nil
}
