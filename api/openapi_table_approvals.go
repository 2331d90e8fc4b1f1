package api

import (
	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
)

// tagApprovals groups the operations on discount approvals.
const tagApprovals = "Discount approvals"

// approvalResponse is an answer with one discount request and its version.
func approvalResponse(status int, description string) response {
	return response{Status: status, Description: description, Media: []medium{jsonOf[itemResponse[*kam.DiscountRequest]]()},
		Headers: map[string]string{"ETag": "The request's version."}}
}

// approvalStale is the 412 of a change made from an older version.
var approvalStale = response{Status: 412, Description: "The request changed since the version given (someone decided first): the error, and the request as it is now.",
	Media: []medium{jsonOf[conflictBody[*kam.DiscountRequest]]()}, Headers: map[string]string{"ETag": "The request's version now."}}

// approvalVersion is the If-Match header of a change to a request.
func approvalVersion() []*param {
	return []*param{header("If-Match", "The request's version (its ETag), instead of version in the body.")}
}

// approvalRule says how a request is routed, for the descriptions.
const approvalRule = "The approver is found from the org tree and the depth, under the discount_approval setting " +
	"(by default up to 10% the requester's manager, or the director of their org unit or the nearest one above; up to 25% " +
	"the next director up the org tree from that person; deeper, or when the tree has no such director, any administrator). " +
	"approver_id, approver_level and route_reason say who must decide and why."

// approvalsOperations are the operations on discount and price approvals.
func approvalsOperations() []*operation {
	return []*operation{
		{Method: "GET", Path: "/api/v1/approvals", ID: "listApprovals", Query: "?view=waiting", Tag: tagApprovals, Summary: "List discount requests",
			Description: "One page of the discount requests the token's user may see (those of the accounts they see, and those they " +
				"asked for or are to decide), newest first, without their steps. view=waiting keeps the pending requests the user is to " +
				"decide (for an administrator, also those for any administrator); view=mine those the user asked for.",
			Params: []*param{qEnum("view", store.DiscountViews, "all (the default), waiting or mine."),
				qEnum("status", store.DiscountListStatuses, "all (the default); open (pending or countered); current (open, or approved and not yet ended); or one status."),
				qID("account_id", "The account's id."), limit(50, 500), qString("after", "The next_cursor of the page before.")},
			Responses: []response{ok[listResponse[*kam.DiscountRequest]]("The requests.")}},
		{Method: "POST", Path: "/api/v1/approvals", ID: "createApproval", Tag: tagApprovals, Summary: "Request a discount",
			Description: "Asks for a promotional, loyalty or volume discount on an account the user may change: a depth in basis " +
				"points (1 to 9,999), the products it covers (none: all), the days it runs (at most three years), a reason, and " +
				"optionally the opportunity or contract of the account it is for. " + approvalRule + " 201 with the request, its " +
				"address in Location; the approval.requested webhook event is sent.",
			Example: `{"account_id": 1, "kind": "loyalty", "depth_bp": 800, "starts_on": "2026-01-01", "ends_on": "2026-12-31", "reason": "Three-year renewal"}`,
			Body:    jsonBody[approvalInput]("account_id", "depth_bp", "starts_on", "ends_on", "reason"), Errors: []int{403},
			Responses: []response{{Status: 201, Description: "The request.", Media: []medium{jsonOf[itemResponse[*kam.DiscountRequest]]()},
				Headers: map[string]string{"Location": "The request's address.", "ETag": "The request's version."}}}},
		{Method: "GET", Path: "/api/v1/approvals/rule", ID: "getApprovalRule", Tag: tagApprovals, Summary: "Get who approves discounts",
			Description: "The depths, in basis points, up to which the requester's manager (manager_up_to_bp) and then the director " +
				"one level up (director_up_to_bp) decide; deeper requests go to an administrator. " + approvalRule,
			Responses: []response{ok[itemResponse[kam.DiscountRule]]("The thresholds.")}},
		{Method: "PUT", Path: "/api/v1/approvals/rule", ID: "setApprovalRule", Tag: tagApprovals, Summary: "Change who approves discounts",
			Description: "Sets both thresholds (administrators): 0 <= manager_up_to_bp <= director_up_to_bp <= 10000. Requests made " +
				"from now on are routed by them; requests made before keep the approver they were given.",
			Example: `{"manager_up_to_bp": 500, "director_up_to_bp": 2000}`,
			Body:    jsonBody[kam.DiscountRule]("manager_up_to_bp", "director_up_to_bp"), Errors: []int{403},
			Responses: []response{ok[itemResponse[kam.DiscountRule]]("The thresholds.")}},
		{Method: "GET", Path: "/api/v1/approvals/{id}", ID: "getApproval", Tag: tagApprovals, Summary: "Get a discount request",
			Description: "A request the user may see, with every step (who, when, what, at which depth, with what comment), oldest first.",
			PathParams:  idOf("discount request"), Responses: []response{approvalResponse(200, "The request.")}},
		{Method: "POST", Path: "/api/v1/approvals/{id}/decision", ID: "decideApproval", Tag: tagApprovals, Summary: "Decide a discount request",
			Description: "The approver's decision on a pending request: approve (the depth asked is granted), reject, or counter with " +
				"counter_bp, another depth within the approver's authority; reject and counter need a comment. Only the request's " +
				"approver or an administrator may decide, never its requester (403 with the reason). The version goes in If-Match or " +
				"the body (428 without one); a request decided meanwhile is 412 with it as it is now, one no longer pending 409. " +
				"The requester gets a task saying what was decided.",
			PathParams: idOf("discount request"), Example: `{"action": "counter", "counter_bp": 500, "comment": "5% for a year, then we review"}`,
			Params: approvalVersion(), Body: jsonBody[approvalDecision]("action"), Errors: []int{403, 409, 428},
			Responses: []response{approvalResponse(200, "The request, decided."), approvalStale}},
		{Method: "POST", Path: "/api/v1/approvals/{id}/accept", ID: "acceptApprovalCounter", Tag: tagApprovals, Summary: "Accept a counter",
			Description: "The requester accepts the approver's counter: the discount is approved at the counter's depth. Only the " +
				"requester may (403); a request with no counter is 409; version as for a decision.",
			PathParams: idOf("discount request"), Example: `{"comment": "Agreed with the client"}`,
			Params: approvalVersion(), Body: jsonBody[approvalAnswer](), Errors: []int{403, 409, 428},
			Responses: []response{approvalResponse(200, "The request, approved."), approvalStale}},
		{Method: "POST", Path: "/api/v1/approvals/{id}/withdraw", ID: "withdrawApproval", Tag: tagApprovals, Summary: "Withdraw a discount request",
			Description: "The requester (or an administrator) withdraws a pending or countered request; a decided one is 409. " +
				"Version as for a decision.",
			PathParams: idOf("discount request"), Example: `{"comment": "The client signed without it"}`,
			Params: approvalVersion(), Body: jsonBody[approvalAnswer](), Errors: []int{403, 409, 428},
			Responses: []response{approvalResponse(200, "The request, withdrawn."), approvalStale}},
	}
}
