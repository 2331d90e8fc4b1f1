package api

import "github.com/kamhq/kam"

// dealResponse is an answer with one deal and its version.
func dealResponse(status int, description string) response {
	return response{Status: status, Description: description, Media: []medium{jsonOf[itemResponse[*kam.Opportunity]]()},
		Headers: map[string]string{"ETag": "The deal's version."}}
}

// dealOperations are the operations on opportunities.
func dealOperations() []*operation {
	return []*operation{
		{Method: "POST", Path: "/api/v1/opportunities", ID: "createOpportunity", Tag: tagPipeline, Summary: "Add a deal",
			Description: "Adds a deal to an account the user may change: 201 with the deal, its address in Location and its version " +
				"in ETag. Left out, stage is prospecting, kind new, probability the stage's, currency the account's, the close date " +
				"90 days ahead and the owner the token's user; another owner must be an active account manager the user may hand work to.",
			Example: `{"account_id": 12, "name": "Nordic rollout", "kind": "upsell", "stage": "proposal", "amount": 120000, ` +
				`"currency": "EUR", "close_date": "2026-09-30"}`,
			Body: jsonBody[opportunityInput]("account_id", "name"), Errors: []int{403},
			Responses: []response{{Status: 201, Description: "The deal.", Media: []medium{jsonOf[itemResponse[*kam.Opportunity]]()},
				Headers: map[string]string{"Location": "The deal's address.", "ETag": "The deal's version."}}}},
		{Method: "GET", Path: "/api/v1/opportunities/{id}", ID: "getOpportunity", Tag: tagPipeline, Summary: "Get a deal",
			Description: "A deal on an account the user may see, with its version in ETag. A deal outside the user's scope is not " +
				"found, exactly like one that does not exist.",
			PathParams: idOf("opportunity"), Responses: []response{dealResponse(200, "The deal.")}},
		{Method: "PATCH", Path: "/api/v1/opportunities/{id}", ID: "updateOpportunity", Tag: tagPipeline, Summary: "Change a deal",
			Description: "Changes the fields given; a field left out keeps its value. The version the change started from is " +
				"required, in If-Match or as version (428 without one); a deal changed since is 412 with the deal as it is now in " +
				"data, and nothing is written. A new stage moves the deal as POST .../stage does (the probability follows a default " +
				"one; won is 100, lost 0) unless probability is given too, and emits opportunity.stage_changed. Only directors and " +
				"administrators hand a deal to another owner.",
			PathParams: idOf("opportunity"), Example: `{"stage": "negotiation", "amount": 135000, "close_date": "2026-10-15"}`,
			Params: []*param{header("If-Match", "The deal's version (its ETag), instead of version in the body.")},
			Body:   jsonBody[opportunityPatch](), Errors: []int{403, 428},
			Responses: []response{dealResponse(200, "The deal, changed."),
				{Status: 412, Description: "The deal changed since the version given: the error, and the deal as it is now.",
					Media: []medium{jsonOf[conflictBody[*kam.Opportunity]]()}, Headers: map[string]string{"ETag": "The deal's version now."}}}},
		{Method: "DELETE", Path: "/api/v1/opportunities/{id}", ID: "deleteOpportunity", Tag: tagPipeline, Summary: "Delete a deal",
			Description: "The deal goes to the bin, from where an administrator can restore it: it leaves the pipeline, its totals " +
				"and the account's figures. If-Match, when sent, must name the current version.",
			PathParams: idOf("opportunity"), Params: []*param{header("If-Match", "The deal's version; the delete is refused (412) if it changed.")},
			Errors: []int{403, 412}, Responses: []response{noContent("The deal is deleted.")}},
		{Method: "POST", Path: "/api/v1/opportunities/{id}/restore", ID: "restoreOpportunity", Tag: tagPipeline, Summary: "Restore a deleted deal",
			Description: "The deleted deal comes back (administrators); not while its account is deleted (409).",
			PathParams:  idOf("opportunity"), Errors: []int{403, 409}, Responses: []response{dealResponse(200, "The deal.")}},
	}
}
