package api

import (
	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
)

// The tags of visit and call cadence, and of attrition.
const (
	tagCalls     = "Calls and cadence"
	tagAttrition = "Attrition"
)

// versionedResponses are the answers of a change to an account's record
// made from its version: the record, or 412 with the record as it is now.
func versionedResponses[T any](what string) []response {
	return []response{{Status: 200, Description: "The " + what + ", changed.", Media: []medium{jsonOf[itemResponse[T]]()},
		Headers: map[string]string{"ETag": "The account's version."}},
		{Status: 412, Description: "The account changed since the version given: the error, and the " + what + " as it is now.",
			Media: []medium{jsonOf[conflictBody[T]]()}, Headers: map[string]string{"ETag": "The account's version now."}}}
}

// ifMatchAccount is the If-Match header of a change to an account.
func ifMatchAccount() []*param {
	return []*param{header("If-Match", "The account's version (its ETag), instead of version in the body.")}
}

// cadenceOperations are the operations on visit and call cadence, the call plan, and attrition (lost accounts, win-back, prospect lists).
func cadenceOperations() []*operation {
	return []*operation{
		{Method: "GET", Path: "/api/v1/cadence", ID: "getTierCadence", Tag: tagCalls, Summary: "Get the cadence of each tier",
			Description: "How often, in days, the accounts of each tier are to be called on: by default key every 14, strategic 30, " +
				"core 60, standard (and untiered) 90. An account's own cadence overrides its tier's.",
			Responses: []response{ok[itemResponse[kam.TierCadence]]("Days by tier.")}},
		{Method: "PUT", Path: "/api/v1/cadence", ID: "setTierCadence", Tag: tagCalls, Summary: "Set the cadence of each tier",
			Description: "Administrators: days by tier, 1 to 366; a tier left out takes its default. The contact queue, the no-contact " +
				"flag and health judge by it from the next roll-up of each account.",
			Example: `{"key": 14, "strategic": 21}`, Body: &body{Media: []medium{jsonOf[kam.TierCadence]()}}, Errors: []int{403},
			Responses: []response{ok[itemResponse[kam.TierCadence]]("Days by tier, now.")}},
		{Method: "GET", Path: "/api/v1/accounts/{id}/cadence", ID: "getAccountCadence", Tag: tagCalls, Summary: "Get an account's cadence",
			Description: "The account's tier cadence, its own (null when it follows its tier's), the one that applies, its last contact " +
				"(a call, visit, meeting or email) and when the next one is due, with the account's version in ETag.",
			PathParams: idOf("account"), Responses: []response{{Status: 200, Description: "The cadence.",
				Media: []medium{jsonOf[itemResponse[*kam.AccountCadence]]()}, Headers: map[string]string{"ETag": "The account's version."}}}},
		{Method: "PUT", Path: "/api/v1/accounts/{id}/cadence", ID: "setAccountCadence", Tag: tagCalls, Summary: "Set an account's cadence",
			Description: "Sets the account's own cadence in days (1 to 366), or null to follow its tier's; by whoever may change the " +
				"account, audited. The account's version goes in If-Match or the body's version (428 without one); a stale version is " +
				"412 with the cadence as it is now.",
			PathParams: idOf("account"), Params: ifMatchAccount(), Example: `{"days": 21}`,
			Body: jsonBody[cadenceBody]("days"), Errors: []int{403, 428}, Responses: versionedResponses[*kam.AccountCadence]("cadence")},
		{Method: "GET", Path: "/api/v1/call-plan", ID: "getCallPlan", Tag: tagCalls, Summary: "Get a call plan",
			Description: "An account manager's next contacts due (the last contact plus the cadence) on the active, onboarding and " +
				"at-risk accounts they own that the token's user may see: the overdue ones first, then week by week (Monday to " +
				"Sunday), each with the visits, meetings, calls and tasks already planned on the account.",
			Params: []*param{qID("owner_id", "The account manager; the token's user by default."),
				qInt("weeks", store.DefaultPlanWeeks, store.MinPlanWeeks, store.MaxPlanWeeks, "How many weeks ahead.")},
			Responses: []response{ok[itemResponse[*store.CallPlan]]("The plan.")}},
		{Method: "GET", Path: "/api/v1/call-plan/owners", ID: "listCallPlanOwners", Tag: tagCalls, Summary: "List the account managers to plan for",
			Description: "The users who own accounts the token's user may see: whose call plan it may look at.",
			Responses:   []response{ok[listResponse[store.PlanOwner]]("The account managers, by name.")}},
		{Method: "GET", Path: "/api/v1/cadence/compliance", ID: "getCadenceCompliance", Tag: tagCalls, Summary: "Report cadence compliance",
			Description: "Per account manager, over a period (by default this quarter so far), how many of the accounts they own " +
				"were contacted within their cadence throughout it, and how late the others were (days past a due day, to the " +
				"contact that came late or to the period's end); with each account.",
			Params: []*param{qDate("from", "The period's first day."), qDate("to", "The period's last day; days to come are not judged."),
				qID("owner_id", "One account manager's accounts.")},
			Responses: []response{ok[itemResponse[*store.ComplianceReport]]("The report.")}},
		{Method: "GET", Path: "/api/v1/accounts/{id}/attrition", ID: "getAccountAttrition", Tag: tagAttrition, Summary: "Get an account's losses",
			Description: "Whether the account is lost, and each time it was: the day, reason, competitor, the revenue of the 12 " +
				"months before, the win-back planned and the day it was won back.",
			PathParams: idOf("account"), Responses: []response{{Status: 200, Description: "The account's attrition.",
				Media: []medium{jsonOf[itemResponse[*accountAttrition]]()}, Headers: map[string]string{"ETag": "The account's version."}}}},
		{Method: "PUT", Path: "/api/v1/accounts/{id}/attrition", ID: "markAccountLost", Tag: tagAttrition, Summary: "Mark an account lost",
			Description: "The one way to mark an account lost: a reason from the lost reasons is required, the competitor and details " +
				"are optional, lost_on (default today) cannot be in the future. On a lost account it corrects the loss. winback_on " +
				"plans a win-back: a task for the account's owner on that day. The account's version goes in If-Match or the body " +
				"(428 without one); a stale version is 412 and nothing changes.",
			PathParams: idOf("account"), Params: ifMatchAccount(),
			Example: `{"reason": "Price", "competitor": "Acme Supplies", "winback_on": "2026-09-01"}`,
			Body:    jsonBody[lossBody]("reason"), Errors: []int{403, 428}, Responses: versionedResponses[*accountAttrition]("account's attrition")},
		{Method: "POST", Path: "/api/v1/accounts/{id}/reactivate", ID: "reactivateAccount", Tag: tagAttrition, Summary: "Reactivate a lost account",
			Description: "A lost account comes back, active (the default) or onboarding, and counts as won back; its open win-back task " +
				"is done. An account that is not lost stays as it is. The account's version goes in If-Match or the body.",
			PathParams: idOf("account"), Params: ifMatchAccount(), Example: `{"status": "active"}`,
			Body: jsonBody[reactivateBody](), Errors: []int{403, 428}, Responses: versionedResponses[*kam.Account]("account")},
		{Method: "GET", Path: "/api/v1/attrition", ID: "getAttrition", Tag: tagAttrition, Summary: "Report attrition",
			Description: "The accounts lost in a month or quarter, the most valuable first, with the revenue of their 12 months before " +
				"the loss (per currency), by reason and by competitor; the accounts won back; and the trend over the periods before.",
			Params: []*param{qEnum("period", kam.ReportPeriods, "month or quarter (the default)."),
				qDate("day", "A day of the period; today by default."), qInt("trend", 12, 1, 36, "How many periods the trend shows (default 12 months or 8 quarters).")},
			Responses: []response{ok[itemResponse[*store.AttritionReport]]("The report.")}},
		{Method: "GET", Path: "/api/v1/attrition/reasons", ID: "listLostReasons", Tag: tagAttrition, Summary: "List the lost reasons",
			Description: "The reasons an account may be marked lost for.",
			Responses:   []response{ok[listResponse[string]]("The reasons.")}},
		{Method: "PUT", Path: "/api/v1/attrition/reasons", ID: "setLostReasons", Tag: tagAttrition, Summary: "Set the lost reasons",
			Description: "Administrators: a JSON array of 1 to 40 distinct reasons of up to 80 characters. Losses recorded keep theirs.",
			Example:     `["Price", "Service quality", "Business closed"]`, Body: &body{Media: []medium{jsonOf[[]string]()}}, Errors: []int{403},
			Responses: []response{ok[listResponse[string]]("The reasons, now.")}},
		{Method: "GET", Path: "/api/v1/call-lists", ID: "listCallLists", Tag: tagCalls, Summary: "List cold-call lists",
			Description: "The lists of prospects the token's user may see (their own, those they made, their organisation's for " +
				"directors), the newest first, with their outcomes counted over the prospects the user may see.",
			Responses: []response{ok[listResponse[*store.CallList]]("The lists.")}},
		{Method: "POST", Path: "/api/v1/call-lists", ID: "createCallList", Tag: tagCalls, Summary: "Make a cold-call list",
			Description: "A named list of the prospects (accounts in the prospect status) that the filter picks (country, industry, " +
				"segment, tier) and that both the user and the assignee may see, by name, at most 500. Account managers make lists " +
				"for themselves; directors for their organisation. A filter that picks none is 400.",
			Example: `{"name": "Finnish food", "filter": {"country": "FI", "industry": "Food"}}`,
			Body:    jsonBody[callListInput]("name"), Errors: []int{403},
			Responses: []response{{Status: 201, Description: "The list.", Media: []medium{jsonOf[itemResponse[*store.CallList]]()},
				Headers: map[string]string{"Location": "The list's address.", "ETag": "The list's version."}}}},
		{Method: "GET", Path: "/api/v1/call-lists/{id}", ID: "getCallList", Tag: tagCalls, Summary: "Get a cold-call list",
			Description: "The list and, in its order, its prospects the user may see, each with what came of the call.",
			PathParams:  idOf("call list"), Responses: []response{{Status: 200, Description: "The list.",
				Media: []medium{jsonOf[itemResponse[callListDetail]]()}, Headers: map[string]string{"ETag": "The list's version."}}}},
		{Method: "DELETE", Path: "/api/v1/call-lists/{id}", ID: "deleteCallList", Tag: tagCalls, Summary: "Delete a cold-call list",
			Description: "Its author, a director over its assignee or an administrator deletes it; its assignee may not.",
			PathParams:  idOf("call list"), Params: []*param{header("If-Match", "The list's version; refused (412) if it changed.")},
			Errors: []int{403, 412}, Responses: []response{noContent("The list is deleted.")}},
		{Method: "PATCH", Path: "/api/v1/call-lists/{id}/entries/{account_id}", ID: "recordCall", Tag: tagCalls, Summary: "Record a call",
			Description: "What came of the call to a prospect of the list: to_call, no_answer, interested or not_interested, with a " +
				"note. With interested, convert makes the prospect an opportunity (a new deal owned by the user) or starts its " +
				"onboarding, which needs the right to change the account. The entry's version goes in If-Match or the body.",
			PathParams: map[string]*param{"id": pathID("id", "The call list's id."), "account_id": pathID("account_id", "The prospect's account id.")},
			Params:     []*param{header("If-Match", "The entry's version.")}, Example: `{"outcome": "interested", "convert": "opportunity"}`,
			Body: jsonBody[callOutcomeBody]("outcome"), Errors: []int{403, 412, 428},
			Responses: []response{{Status: 200, Description: "The entry.", Media: []medium{jsonOf[itemResponse[*store.CallListEntry]]()},
				Headers: map[string]string{"ETag": "The entry's version."}}}},
	}
}
