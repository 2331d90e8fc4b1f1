package server

import "net/http"

// cadence registers the pages and API routes of visit and call cadence, the call plan, and attrition (lost accounts, win-back, prospect lists).
func (rt *routes) cadence() {
	page, signedIn, pages := rt.page, rt.signedIn, rt.pages
	page("/calls", methods{http.MethodGet: signedIn(pages.Calls)})
	page("/calls/compliance", methods{http.MethodGet: signedIn(pages.CallCompliance)})
	page("/calls/settings", methods{http.MethodGet: signedIn(pages.CadenceSettings), http.MethodPost: signedIn(pages.SaveCadenceSettings)})
	page("/calls/lists", methods{http.MethodGet: signedIn(pages.CallLists), http.MethodPost: signedIn(pages.CreateCallList)})
	page("/calls/lists/{id}", methods{http.MethodGet: signedIn(pages.CallList), http.MethodPost: signedIn(pages.RecordCall)})
	page("/accounts/{id}/cadence", methods{http.MethodGet: signedIn(pages.AccountCadence), http.MethodPost: signedIn(pages.SaveAccountCadence)})
	page("/accounts/{id}/attrition", methods{http.MethodGet: signedIn(pages.AccountAttrition), http.MethodPost: signedIn(pages.SaveAccountAttrition)})
	page("/accounts/{id}/reactivate", methods{http.MethodPost: signedIn(pages.ReactivateAccount)})
	page("/attrition", methods{http.MethodGet: signedIn(pages.Attrition)})

	v1, endpoint := rt.v1, rt.endpoint
	endpoint("/api/v1/cadence", methods{http.MethodGet: http.HandlerFunc(v1.TierCadence), http.MethodPut: http.HandlerFunc(v1.PutTierCadence)})
	endpoint("/api/v1/cadence/compliance", methods{http.MethodGet: http.HandlerFunc(v1.CadenceCompliance)})
	endpoint("/api/v1/accounts/{id}/cadence", methods{http.MethodGet: http.HandlerFunc(v1.AccountCadence), http.MethodPut: http.HandlerFunc(v1.PutAccountCadence)})
	endpoint("/api/v1/call-plan", methods{http.MethodGet: http.HandlerFunc(v1.CallPlan)})
	endpoint("/api/v1/call-plan/owners", methods{http.MethodGet: http.HandlerFunc(v1.CallPlanOwners)})
	endpoint("/api/v1/accounts/{id}/attrition", methods{http.MethodGet: http.HandlerFunc(v1.AccountAttrition), http.MethodPut: http.HandlerFunc(v1.PutAccountAttrition)})
	endpoint("/api/v1/accounts/{id}/reactivate", methods{http.MethodPost: http.HandlerFunc(v1.Reactivate)})
	endpoint("/api/v1/attrition", methods{http.MethodGet: http.HandlerFunc(v1.Attrition)})
	endpoint("/api/v1/attrition/reasons", methods{http.MethodGet: http.HandlerFunc(v1.LostReasons), http.MethodPut: http.HandlerFunc(v1.PutLostReasons)})
	endpoint("/api/v1/call-lists", methods{http.MethodGet: http.HandlerFunc(v1.ListCallLists), http.MethodPost: http.HandlerFunc(v1.CreateCallList)})
	endpoint("/api/v1/call-lists/{id}", methods{http.MethodGet: http.HandlerFunc(v1.GetCallList), http.MethodDelete: http.HandlerFunc(v1.DeleteCallList)})
	endpoint("/api/v1/call-lists/{id}/entries/{account_id}", methods{http.MethodPatch: http.HandlerFunc(v1.PatchCallEntry)})
}
