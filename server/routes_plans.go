package server

import "net/http"

// plans registers the pages and API routes of account plans (objectives, strategies, key messages, reference cases, competitors, budget, actions, reviews).
func (rt *routes) plans() {
	page, signedIn, pages := rt.page, rt.signedIn, rt.pages
	page("/plans", methods{http.MethodGet: signedIn(pages.Plans), http.MethodPost: signedIn(pages.CreatePlan)})
	page("/plans/new", methods{http.MethodGet: signedIn(pages.NewPlan)})
	page("/plans/{id}", methods{http.MethodGet: signedIn(pages.PlanView), http.MethodPost: signedIn(pages.UpdatePlan)})
	page("/plans/{id}/review", methods{http.MethodPost: signedIn(pages.ReviewPlan)})
	page("/plans/{id}/delete", methods{http.MethodPost: signedIn(pages.DeletePlan)})
	page("/plans/{id}/items", methods{http.MethodPost: signedIn(pages.AddPlanItem)})
	page("/plans/{id}/items/{item}", methods{http.MethodPost: signedIn(pages.UpdatePlanItem)})
	page("/plans/{id}/items/{item}/remove", methods{http.MethodPost: signedIn(pages.RemovePlanItem)})
	page("/plans/{id}/items/{item}/done", methods{http.MethodPost: signedIn(pages.PlanItemDone)})
	page("/plans/{id}/print", methods{http.MethodGet: signedIn(pages.PlanPrint)})
	page("/plans/{id}/changes", methods{http.MethodGet: signedIn(pages.PlanChanges)})
	page("/plans/{id}/export", methods{http.MethodGet: signedIn(pages.PlanExport)})

	v1, endpoint := rt.v1, rt.endpoint
	endpoint("/api/v1/plans", methods{http.MethodGet: http.HandlerFunc(v1.ListPlans), http.MethodPost: http.HandlerFunc(v1.CreatePlan)})
	endpoint("/api/v1/plans/{id}", methods{http.MethodGet: http.HandlerFunc(v1.GetPlan),
		http.MethodPatch: http.HandlerFunc(v1.PatchPlan), http.MethodDelete: http.HandlerFunc(v1.DeletePlan)})
	endpoint("/api/v1/plans/{id}/restore", methods{http.MethodPost: http.HandlerFunc(v1.RestorePlan)})
	endpoint("/api/v1/plans/{id}/items", methods{http.MethodPost: http.HandlerFunc(v1.AddPlanItem)})
	endpoint("/api/v1/plans/{id}/reviews", methods{http.MethodGet: http.HandlerFunc(v1.ListPlanReviews), http.MethodPost: http.HandlerFunc(v1.ReviewPlan)})
	endpoint("/api/v1/plans/{id}/revisions", methods{http.MethodGet: http.HandlerFunc(v1.ListPlanRevisions)})
	endpoint("/api/v1/plans/{id}/changes", methods{http.MethodGet: http.HandlerFunc(v1.PlanChanges)})
	endpoint("/api/v1/plan-items/{id}", methods{http.MethodGet: http.HandlerFunc(v1.GetPlanItem),
		http.MethodPatch: http.HandlerFunc(v1.PatchPlanItem), http.MethodDelete: http.HandlerFunc(v1.DeletePlanItem)})
}
