package server

import "net/http"

// onboarding registers the pages and API routes of onboarding checklists and campaigns.
func (rt *routes) onboarding() {
	page, signedIn, pages := rt.page, rt.signedIn, rt.pages
	page("/onboarding", methods{http.MethodGet: signedIn(pages.Onboardings), http.MethodPost: signedIn(pages.StartOnboarding)})
	page("/onboarding/{id}", methods{http.MethodGet: signedIn(pages.OnboardingView)})
	page("/onboarding/{id}/cancel", methods{http.MethodPost: signedIn(pages.CancelOnboarding)})
	page("/onboarding-steps/{id}/done", methods{http.MethodPost: signedIn(pages.CompleteOnboardingStep)})
	page("/checklists", methods{http.MethodGet: signedIn(pages.Checklists), http.MethodPost: signedIn(pages.SaveChecklist)})
	page("/checklists/new", methods{http.MethodGet: signedIn(pages.NewChecklist)})
	page("/checklists/{id}", methods{http.MethodGet: signedIn(pages.ChecklistView), http.MethodPost: signedIn(pages.SaveChecklist)})
	page("/checklists/{id}/delete", methods{http.MethodPost: signedIn(pages.DeleteChecklist)})
	page("/campaigns", methods{http.MethodGet: signedIn(pages.Campaigns), http.MethodPost: signedIn(pages.CreateCampaign)})
	page("/campaigns/new", methods{http.MethodGet: signedIn(pages.NewCampaign)})
	page("/campaigns/{id}", methods{http.MethodGet: signedIn(pages.CampaignView)})
	page("/campaigns/{id}/items", methods{http.MethodPost: signedIn(pages.UpdateCampaignItems)})
	page("/campaign-items/{id}", methods{http.MethodPost: signedIn(pages.UpdateCampaignItem)})

	v1, endpoint := rt.v1, rt.endpoint
	endpoint("/api/v1/checklists", methods{http.MethodGet: http.HandlerFunc(v1.ListChecklists), http.MethodPost: http.HandlerFunc(v1.CreateChecklist)})
	endpoint("/api/v1/checklists/{id}", methods{http.MethodGet: http.HandlerFunc(v1.GetChecklist),
		http.MethodPatch: http.HandlerFunc(v1.PatchChecklist), http.MethodDelete: http.HandlerFunc(v1.DeleteChecklist)})
	endpoint("/api/v1/onboardings", methods{http.MethodGet: http.HandlerFunc(v1.ListOnboardings), http.MethodPost: http.HandlerFunc(v1.StartOnboarding)})
	endpoint("/api/v1/onboardings/{id}", methods{http.MethodGet: http.HandlerFunc(v1.GetOnboarding), http.MethodDelete: http.HandlerFunc(v1.CancelOnboarding)})
	endpoint("/api/v1/onboarding-steps/{id}/done", methods{http.MethodPost: http.HandlerFunc(v1.CompleteOnboardingStep)})
	endpoint("/api/v1/campaigns", methods{http.MethodGet: http.HandlerFunc(v1.ListCampaigns), http.MethodPost: http.HandlerFunc(v1.CreateCampaign)})
	endpoint("/api/v1/campaigns/{id}", methods{http.MethodGet: http.HandlerFunc(v1.GetCampaign),
		http.MethodPatch: http.HandlerFunc(v1.PatchCampaign), http.MethodDelete: http.HandlerFunc(v1.DeleteCampaign)})
	endpoint("/api/v1/campaigns/{id}/items", methods{http.MethodGet: http.HandlerFunc(v1.ListCampaignItems)})
	endpoint("/api/v1/campaigns/{id}/progress", methods{http.MethodGet: http.HandlerFunc(v1.CampaignProgress)})
	endpoint("/api/v1/campaign-items/{id}", methods{http.MethodGet: http.HandlerFunc(v1.GetCampaignItem), http.MethodPatch: http.HandlerFunc(v1.PatchCampaignItem)})
}
