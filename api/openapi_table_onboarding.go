package api

import (
	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
)

// The tags of onboarding checklists and of campaigns.
const (
	tagOnboarding = "Onboarding"
	tagCampaigns  = "Campaigns"
)

// versionedResponse is an answer with one record of type T and its version.
func versionedResponse[T any](status int, description, what string) response {
	return response{Status: status, Description: description, Media: []medium{jsonOf[itemResponse[T]]()},
		Headers: map[string]string{"ETag": "The " + what + "'s version."}}
}

// createdVersioned is the 201 of a POST that makes a record of type T.
func createdVersioned[T any](what string) response {
	return response{Status: 201, Description: "The " + what + ".", Media: []medium{jsonOf[itemResponse[T]]()},
		Headers: map[string]string{"Location": "The " + what + "'s address.", "ETag": "The " + what + "'s version."}}
}

// staleResponse is the 412 of a change made from an old version of a T.
func staleResponse[T any](what string) response {
	return response{Status: 412, Description: "The " + what + " changed since the version given: the error, and the " + what + " as it is now.",
		Media: []medium{jsonOf[conflictBody[T]]()}, Headers: map[string]string{"ETag": "The " + what + "'s version now."}}
}

// ifMatchOf is the If-Match header of a change to a record.
func ifMatchOf(what string) []*param {
	return []*param{header("If-Match", "The "+what+"'s version (its ETag), instead of version in the body.")}
}

// onboardingOperations are the operations on onboarding checklists and campaigns.
func onboardingOperations() []*operation {
	return append(checklistOperations(), campaignOperations()...)
}

// checklistOperations are the operations on checklist templates and onboardings.
func checklistOperations() []*operation {
	type tpl = *kam.ChecklistTemplate
	type ob = *kam.Onboarding
	return []*operation{
		{Method: "GET", Path: "/api/v1/checklists", ID: "listChecklists", Tag: tagOnboarding, Summary: "List checklist templates",
			Description: "Every onboarding and implementation checklist template, by name, with its steps.",
			Responses:   []response{ok[listResponse[tpl]]("The templates.")}},
		{Method: "POST", Path: "/api/v1/checklists", ID: "createChecklist", Tag: tagOnboarding, Summary: "Make a checklist template",
			Description: "Saves a checklist template (administrators and directors): 201 at version 1. Each step has a title unique in " +
				"the template, an owner by role (owner: the account's owner; kam: its key account manager; manager: the owner's manager; " +
				"team: the account-team member whose team role is team_role), an offset in days from the start (0 to 3650) and the " +
				"titles of the steps it waits for. Dependencies that form a cycle are refused (400) with the cycle named, such as " +
				"\"Kick-off → Data load → Kick-off\", and nothing is saved.",
			Example: `{"name": "Key account onboarding", "steps": [{"title": "Kick-off", "owner": "owner"}, ` +
				`{"title": "Data load", "owner": "team", "team_role": "Technical sales", "offset_days": 7, "depends_on": ["Kick-off"]}]}`,
			Body: jsonBody[checklistInput]("name", "steps"), Errors: []int{403}, Responses: []response{createdVersioned[tpl]("template")}},
		{Method: "GET", Path: "/api/v1/checklists/{id}", ID: "getChecklist", Tag: tagOnboarding, Summary: "Get a checklist template",
			Description: "A template with its steps, its version in ETag.", PathParams: idOf("checklist template"),
			Responses: []response{versionedResponse[tpl](200, "The template.", "template")}},
		{Method: "PATCH", Path: "/api/v1/checklists/{id}", ID: "updateChecklist", Tag: tagOnboarding, Summary: "Change a checklist template",
			Description: "Changes the fields given (administrators and directors); steps, when given, replace every step and are checked " +
				"as a whole, a cycle refused with the cycle named. The version it was made from goes in If-Match or the body's version " +
				"(428 without one); a template changed since is 412 with the template as it is now. Onboardings already started keep " +
				"their steps.",
			PathParams: idOf("checklist template"), Example: `{"name": "Key account onboarding (2027)"}`, Params: ifMatchOf("template"),
			Body: jsonBody[checklistPatch](), Errors: []int{403, 428},
			Responses: []response{versionedResponse[tpl](200, "The template, changed.", "template"), staleResponse[tpl]("template")}},
		{Method: "DELETE", Path: "/api/v1/checklists/{id}", ID: "deleteChecklist", Tag: tagOnboarding, Summary: "Delete a checklist template",
			Description: "The template goes (administrators and directors); onboardings started from it go on.",
			PathParams:  idOf("checklist template"), Params: []*param{header("If-Match", "The template's version; the delete is refused (412) if it changed.")},
			Errors: []int{403, 412}, Responses: []response{noContent("The template is deleted.")}},
		{Method: "GET", Path: "/api/v1/onboardings", ID: "listOnboardings", Query: "?running=true", Tag: tagOnboarding, Summary: "List onboardings",
			Description: "The onboardings of the accounts the token's user may see, the latest started first, each with its steps " +
				"(state done, late, waiting, open or dropped as of today) and its progress: steps done of those that count, late " +
				"steps, and the positions of the next steps to do.",
			Params: []*param{qID("account_id", "The account's id."), qBool("running", "Only those with a step still to do."),
				qBool("late", "Only those with a step past its due day."), limit(100, 500)},
			Responses: []response{ok[listResponse[ob]]("The onboardings.")}},
		{Method: "POST", Path: "/api/v1/onboardings", ID: "startOnboarding", Tag: tagOnboarding, Summary: "Start an onboarding",
			Description: "Starts a checklist template on an account the user may change, in one transaction: a task per step, due on the " +
				"start (default today) plus the step's offset but never before the day after the steps it waits for are due, for the " +
				"user the step's role names on the account, or the account's owner when it names no one who can take it. The same " +
				"template cannot run twice at once on an account (409). A step past its due day and not done raises an " +
				"onboarding_late flag; completing its task completes the step.",
			Example: `{"account_id": 1, "template_id": 1, "start": "2027-01-04"}`,
			Body:    jsonBody[onboardingInput]("account_id", "template_id"), Errors: []int{403, 409},
			Responses: []response{createdVersioned[ob]("onboarding")}},
		{Method: "GET", Path: "/api/v1/onboardings/{id}", ID: "getOnboarding", Tag: tagOnboarding, Summary: "Get an onboarding",
			Description: "An onboarding of an account the user may see, with its steps and progress as of today.",
			PathParams:  idOf("onboarding"), Responses: []response{versionedResponse[ob](200, "The onboarding.", "onboarding")}},
		{Method: "DELETE", Path: "/api/v1/onboardings/{id}", ID: "cancelOnboarding", Tag: tagOnboarding, Summary: "Cancel an onboarding",
			Description: "The onboarding stops, on an account the user may change: it goes with the tasks of its steps not done yet.",
			PathParams:  idOf("onboarding"), Params: []*param{header("If-Match", "The onboarding's version; refused (412) if it changed.")},
			Errors: []int{403, 412}, Responses: []response{noContent("The onboarding is cancelled.")}},
		{Method: "POST", Path: "/api/v1/onboarding-steps/{id}/done", ID: "completeOnboardingStep", Tag: tagOnboarding, Summary: "Complete a step",
			Description: "Completes the step's task (its assignee, or whoever may change the account) and refreshes the account's flags, " +
				"so that the step's late flag is resolved: 200 with the onboarding. A step whose task was deleted is 409.",
			PathParams: idOf("onboarding step"), Errors: []int{403, 409},
			Responses: []response{versionedResponse[ob](200, "The onboarding.", "onboarding")}},
	}
}

// campaignOperations are the operations on campaigns and their items.
func campaignOperations() []*operation {
	type cm = *kam.Campaign
	type item = *kam.CampaignItem
	return []*operation{
		{Method: "GET", Path: "/api/v1/campaigns", ID: "listCampaigns", Tag: tagCampaigns, Summary: "List campaigns",
			Description: "The campaigns the token's user sees (their own, and those with an item on an account they see), the latest " +
				"ending first, each with the counts of the items on the accounts they see: by status, and the share presented " +
				"(presented, interested or won).",
			Responses: []response{ok[listResponse[cm]]("The campaigns.")}},
		{Method: "POST", Path: "/api/v1/campaigns", ID: "createCampaign", Tag: tagCampaigns, Summary: "Make a campaign",
			Description: "Saves a campaign and, in one transaction, one item to present for every account the user sees that the scope " +
				"selects (owner, org unit and the units below it, tier, status, country, industry; each given narrows it): 201 with " +
				"the campaign, counts.total saying how many items were made. A scope that selects no account is refused (400).",
			Example: `{"name": "Present the X200", "product_id": 3, "starts_on": "2027-01-01", "ends_on": "2027-03-31", "scope": {"tier": "key"}}`,
			Body:    jsonBody[campaignInput]("name", "starts_on", "ends_on"), Errors: []int{403},
			Responses: []response{createdVersioned[cm]("campaign")}},
		{Method: "GET", Path: "/api/v1/campaigns/{id}", ID: "getCampaign", Tag: tagCampaigns, Summary: "Get a campaign",
			Description: "A campaign the user sees, with the counts of the items on the accounts they see.",
			PathParams:  idOf("campaign"), Responses: []response{versionedResponse[cm](200, "The campaign.", "campaign")}},
		{Method: "PATCH", Path: "/api/v1/campaigns/{id}", ID: "updateCampaign", Tag: tagCampaigns, Summary: "Change a campaign",
			Description: "Changes the name, description, product or period (the campaign's creator or an administrator); its scope and " +
				"items stay. The version goes in If-Match or the body's version (428 without one); a campaign changed since is 412 " +
				"with the campaign as it is now.",
			PathParams: idOf("campaign"), Example: `{"ends_on": "2027-04-30"}`, Params: ifMatchOf("campaign"),
			Body: jsonBody[campaignPatch](), Errors: []int{403, 428},
			Responses: []response{versionedResponse[cm](200, "The campaign, changed.", "campaign"), staleResponse[cm]("campaign")}},
		{Method: "DELETE", Path: "/api/v1/campaigns/{id}", ID: "deleteCampaign", Tag: tagCampaigns, Summary: "Delete a campaign",
			Description: "The campaign goes with its items (its creator or an administrator).",
			PathParams:  idOf("campaign"), Params: []*param{header("If-Match", "The campaign's version; refused (412) if it changed.")},
			Errors: []int{403, 412}, Responses: []response{noContent("The campaign is deleted.")}},
		{Method: "GET", Path: "/api/v1/campaigns/{id}/items", ID: "listCampaignItems", Tag: tagCampaigns, Summary: "List a campaign's items",
			Description: "One page of the campaign's items on the accounts the user sees, by account name, each with the account's owner now.",
			PathParams:  idOf("campaign"),
			Params: []*param{qEnum("status", kam.CampaignItemStatuses, "The status."), qID("owner_id", "The account owner's user id."),
				limit(100, 500), qString("after", "The next_cursor of the page before.")},
			Responses: []response{ok[listResponse[kam.CampaignItem]]("The items.")}},
		{Method: "GET", Path: "/api/v1/campaigns/{id}/progress", ID: "campaignProgress", Tag: tagCampaigns, Summary: "A campaign's progress",
			Description: "The counts of the campaign's items by account manager (the account's owner) and status, with the share " +
				"presented, over the accounts the user sees: a director sees their organisation's, an account manager their own.",
			PathParams: idOf("campaign"), Responses: []response{ok[listResponse[store.CampaignOwnerProgress]]("The progress by owner.")}},
		{Method: "GET", Path: "/api/v1/campaign-items/{id}", ID: "getCampaignItem", Tag: tagCampaigns, Summary: "Get a campaign item",
			Description: "An item of an account the user sees.", PathParams: idOf("campaign item"),
			Responses: []response{versionedResponse[item](200, "The item.", "item")}},
		{Method: "PATCH", Path: "/api/v1/campaign-items/{id}", ID: "updateCampaignItem", Tag: tagCampaigns, Summary: "Update a campaign item",
			Description: "Moves an item on (to_present, presented, interested, not_relevant, won) or changes its note, on an account the " +
				"user may change; the change is in the account's audit log. The version goes in If-Match or the body's version " +
				"(428 without one); an item changed since is 412 with the item as it is now.",
			PathParams: idOf("campaign item"), Example: `{"status": "interested", "note": "Trial in March"}`, Params: ifMatchOf("item"),
			Body: jsonBody[campaignItemPatch](), Errors: []int{403, 428},
			Responses: []response{versionedResponse[item](200, "The item, changed.", "item"), staleResponse[item]("item")}},
	}
}
