package api

import (
	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
)

// tagPlans groups the operations on account plans.
const tagPlans = "Account plans"

// planResponse is an answer with one plan and its version.
func planResponse(status int, description string) response {
	return response{Status: status, Description: description, Media: []medium{jsonOf[itemResponse[*kam.AccountPlan]]()},
		Headers: map[string]string{"ETag": "The plan's version."}}
}

// planConflict is the answer to a save from a version that is no longer
// the plan's.
func planConflict() response {
	return response{Status: 412, Description: "The plan was saved since the version given: the error, and the plan as it is now.",
		Media: []medium{jsonOf[conflictBody[*kam.AccountPlan]]()}, Headers: map[string]string{"ETag": "The plan's version now."}}
}

// planIfMatch is the If-Match header of a save of a plan.
func planIfMatch() []*param {
	return []*param{header("If-Match", "The plan's version (its ETag), instead of version in the body.")}
}

// plansOperations are the operations on account plans (objectives, strategies, key messages, reference cases, competitors, budget, actions, reviews).
func plansOperations() []*operation {
	return []*operation{
		{Method: "GET", Path: "/api/v1/plans", ID: "listPlans", Query: "?overdue=true", Tag: tagPlans, Summary: "List plans",
			Description: "One page of the plans of the accounts the token's user may see, each with its account, its next review, " +
				"how many objectives it has and how many of its actions are open and late: drafts and active plans unless status " +
				"says otherwise, the earliest next review first, so that overdue reviews lead.",
			Params: []*param{qEnum("status", store.PlanListStatuses, "current (draft or active; the default), all, or one status."),
				qID("account_id", "The account's id."), qBool("overdue", "Only plans whose review is past."),
				limit(50, 500), qString("after", "The next_cursor of the page before.")},
			Responses: []response{ok[listResponse[store.PlanHit]]("The plans.")}},
		{Method: "POST", Path: "/api/v1/plans", ID: "createPlan", Tag: tagPlans, Summary: "Write a plan",
			Description: "Writes a plan for an account the user may change, with its first items if given (they link objectives " +
				"once the plan is saved): 201 with the plan at version 1. The status defaults to draft (an account has at most " +
				"one active plan), the currency to the account's, reviews to every 90 days with the first that many days from today. " +
				"budget is agreed with the client, company_budget with the company.",
			Example: `{"account_id": 1, "title": "Account plan 2027", "period_start": "2027-01-01", "period_end": "2027-12-31", ` +
				`"budget": 250000, "items": [{"kind": "objective", "title": "Grow share of wallet", "measure": "35% by Q4", "due": "2027-12-31"}]}`,
			Body: jsonBody[planInput]("account_id", "title", "period_start", "period_end"), Errors: []int{403},
			Responses: []response{{Status: 201, Description: "The plan.", Media: []medium{jsonOf[itemResponse[*kam.AccountPlan]]()},
				Headers: map[string]string{"Location": "The plan's address.", "ETag": "The plan's version."}}}},
		{Method: "GET", Path: "/api/v1/plans/{id}", ID: "getPlan", Tag: tagPlans, Summary: "Get a plan",
			Description: "A plan of an account the user may see, with its items section by section, its version in ETag. " +
				"With version, the plan as it was saved at that version.",
			PathParams: idOf("plan"), Params: []*param{qID("version", "An earlier version to read.")},
			Responses: []response{planResponse(200, "The plan.")}},
		{Method: "PATCH", Path: "/api/v1/plans/{id}", ID: "updatePlan", Tag: tagPlans, Summary: "Change a plan",
			Description: "Changes the plan's own fields given. The version it was made from goes in If-Match or the body's " +
				"version (428 without one); a plan saved since is 412 with the plan as it is now, and nothing is written. Each " +
				"save advances the version and keeps the plan as it was in its revisions.",
			PathParams: idOf("plan"), Example: `{"status": "active", "company_budget": 180000}`, Params: planIfMatch(),
			Body: jsonBody[planPatch](), Errors: []int{403, 428},
			Responses: []response{planResponse(200, "The plan, saved."), planConflict()}},
		{Method: "DELETE", Path: "/api/v1/plans/{id}", ID: "deletePlan", Tag: tagPlans, Summary: "Delete a plan",
			Description: "The plan goes to the bin, from where an administrator can restore it.",
			PathParams:  idOf("plan"), Params: []*param{header("If-Match", "The plan's version; the delete is refused (412) if it changed.")},
			Errors: []int{403, 412}, Responses: []response{noContent("The plan is deleted.")}},
		{Method: "POST", Path: "/api/v1/plans/{id}/restore", ID: "restorePlan", Tag: tagPlans, Summary: "Restore a deleted plan",
			Description: "The deleted plan comes back (administrators); an active plan whose account has another active plan " +
				"comes back as a draft.",
			PathParams: idOf("plan"), Errors: []int{403, 409}, Responses: []response{planResponse(200, "The plan.")}},
		{Method: "POST", Path: "/api/v1/plans/{id}/items", ID: "addPlanItem", Tag: tagPlans, Summary: "Add an item to a plan",
			Description: "Adds an objective (measure, due), strategy, key message or reference case (rated strong or weak; " +
				"linked_ids are the objectives it supports), competitor (standing: its position at the account) or action " +
				"(owner_id: a user who sees the account; due: its deadline) at the end of its section, as a save of the plan " +
				"from its version: 201 with the plan, the item's address in Location.",
			PathParams: idOf("plan"), Example: `{"version": 3, "kind": "key_message", "title": "Lowest total cost of ownership", "rating": "strong"}`,
			Params: planIfMatch(), Body: jsonBody[planItemInput]("kind", "title"), Errors: []int{403, 428},
			Responses: []response{{Status: 201, Description: "The plan, saved with the item.", Media: []medium{jsonOf[itemResponse[*kam.AccountPlan]]()},
				Headers: map[string]string{"Location": "The item's address.", "ETag": "The plan's version."}}, planConflict()}},
		{Method: "GET", Path: "/api/v1/plan-items/{id}", ID: "getPlanItem", Tag: tagPlans, Summary: "Get a plan item",
			Description: "One item of a plan the user may see, with the plan's version in ETag.",
			PathParams:  idOf("plan item"),
			Responses: []response{{Status: 200, Description: "The item.", Media: []medium{jsonOf[itemResponse[*kam.PlanItem]]()},
				Headers: map[string]string{"ETag": "The plan's version."}}}},
		{Method: "PATCH", Path: "/api/v1/plan-items/{id}", ID: "updatePlanItem", Tag: tagPlans, Summary: "Change a plan item",
			Description: "Changes the item's fields given, as a save of its plan from the plan's version (If-Match or version; " +
				"428 without one, 412 with the plan as it is now when it was saved since). The API is strict: any save of the plan " +
				"since refuses the change, even of another item (the web pages refuse only a change of the same item). done marks " +
				"an action done today, or open again.",
			PathParams: idOf("plan item"), Example: `{"version": 4, "done": true}`, Params: planIfMatch(),
			Body: jsonBody[planItemPatch](), Errors: []int{403, 428},
			Responses: []response{planResponse(200, "The plan, saved."), planConflict()}},
		{Method: "DELETE", Path: "/api/v1/plan-items/{id}", ID: "deletePlanItem", Tag: tagPlans, Summary: "Remove a plan item",
			Description: "Removes the item from its plan, as a save of the plan from its version in If-Match (428 without). " +
				"The plan's earlier revisions keep it.",
			PathParams: idOf("plan item"), Params: planIfMatch(), Errors: []int{403, 428},
			Responses: []response{planResponse(200, "The plan, saved without the item."), planConflict()}},
		{Method: "POST", Path: "/api/v1/plans/{id}/reviews", ID: "reviewPlan", Tag: tagPlans, Summary: "Review a plan",
			Description: "Records that the user reviewed the plan, with a note, as a save from the plan's version: the next " +
				"review moves to today plus the plan's cycle. 201 with the review and what changed since the review before " +
				"(or since the plan was written); the plan's new version in ETag.",
			PathParams: idOf("plan"), Example: `{"version": 7, "note": "Q1 review with the account team: on track."}`, Params: planIfMatch(),
			Body: jsonBody[reviewInput](), Errors: []int{403, 428},
			Responses: []response{{Status: 201, Description: "The review.", Media: []medium{jsonOf[itemResponse[*kam.PlanReview]]()},
				Headers: map[string]string{"ETag": "The plan's version."}}, planConflict()}},
		{Method: "GET", Path: "/api/v1/plans/{id}/reviews", ID: "listPlanReviews", Tag: tagPlans, Summary: "List a plan's reviews",
			Description: "The plan's reviews, newest first, each with what changed since the one before.",
			PathParams:  idOf("plan"), Responses: []response{ok[listResponse[*kam.PlanReview]]("The reviews.")}},
		{Method: "GET", Path: "/api/v1/plans/{id}/revisions", ID: "listPlanRevisions", Tag: tagPlans, Summary: "List a plan's versions",
			Description: "Every saved version of the plan, newest first, with who saved it and when; read one with GET " +
				"/api/v1/plans/{id}?version=N.",
			PathParams: idOf("plan"), Responses: []response{ok[listResponse[kam.PlanRevision]]("The versions.")}},
		{Method: "GET", Path: "/api/v1/plans/{id}/changes", ID: "getPlanChanges", Tag: tagPlans, Summary: "Compare two versions of a plan",
			Description: "What changed from version from to version to: the plan's own fields, then items added, changed field " +
				"by field, and removed. By default from the last review (or the plan's first version) to now.",
			PathParams: idOf("plan"), Params: []*param{qID("from", "The older version; default the last review's."),
				qID("to", "The newer version; default the plan's now.")},
			Responses: []response{ok[itemResponse[planChanges]]("The changes.")}},
	}
}
