package api

import (
	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
)

// tagCases groups the operations on service cases.
const tagCases = "Cases"

// caseResponse is an answer with one case and its version.
func caseResponse(status int, description string) response {
	return response{Status: status, Description: description, Media: []medium{jsonOf[itemResponse[*kam.Case]]()},
		Headers: map[string]string{"ETag": "The case's version."}}
}

// caseOperations are the operations on service cases.
func caseOperations() []*operation {
	return []*operation{
		{Method: "GET", Path: "/api/v1/cases", ID: "listCases", Query: "?overdue=true", Tag: tagCases, Summary: "List cases",
			Description: "One page of the cases of the accounts the token's user may see, each with its account and owner: " +
				"the unresolved ones (open, in progress, waiting) unless status says otherwise, the earliest due first, " +
				"so that overdue cases lead; those without a due day come last.",
			Params: []*param{qEnum("status", store.CaseListStatuses, "unresolved (the default), all, or one status."),
				qEnum("severity", kam.CaseSeverities, "The severity."), qID("owner_id", "The owner's user id."),
				qID("account_id", "The account's id."), qBool("overdue", "Only unresolved cases past their due day."),
				limit(50, 500), qString("after", "The next_cursor of the page before.")},
			Responses: []response{ok[listResponse[store.CaseHit]]("The cases.")}},
		{Method: "POST", Path: "/api/v1/cases", ID: "createCase", Tag: tagCases, Summary: "Open a case",
			Description: "Opens a complaint, conflict, question or technical case on an account the user may change: 201 with the case, " +
				"its address in Location. Severity defaults to medium, the owner to the user (another owner must see the account), and " +
				"the due day to the opening plus the service level's hours for the severity (the case_sla setting: by default 8 hours " +
				"for critical, 48 for high, 120 for medium, 240 for low) unless due is given. A new case is open, in_progress or waiting.",
			Example: `{"account_id": 1, "kind": "complaint", "severity": "high", "subject": "Leaking valve"}`,
			Body:    jsonBody[caseInput]("account_id", "kind", "subject"), Errors: []int{403},
			Responses: []response{{Status: 201, Description: "The case.", Media: []medium{jsonOf[itemResponse[*kam.Case]]()},
				Headers: map[string]string{"Location": "The case's address.", "ETag": "The case's version."}}}},
		{Method: "GET", Path: "/api/v1/cases/{id}", ID: "getCase", Tag: tagCases, Summary: "Get a case",
			Description: "A case of an account the user may see, with its version in ETag.",
			PathParams:  idOf("case"), Responses: []response{caseResponse(200, "The case.")}},
		{Method: "PATCH", Path: "/api/v1/cases/{id}", ID: "updateCase", Tag: tagCases, Summary: "Change a case",
			Description: "Changes the fields given. The version it was made from goes in If-Match or the body's version " +
				"(428 without one); a case changed since is 412 with the case as it is now in data. The status moves freely between " +
				"open, in_progress and waiting; resolved needs the client's satisfaction, 1 to 5, and records when; closed comes only " +
				"after resolved; an open status again reopens the case and clears its resolution and satisfaction. A new severity " +
				"moves the due day to its service level from the opening, unless due is given too.",
			PathParams: idOf("case"), Example: `{"status": "resolved", "satisfaction": 4}`,
			Params: []*param{header("If-Match", "The case's version (its ETag), instead of version in the body.")},
			Body:   jsonBody[casePatch](), Errors: []int{403, 428},
			Responses: []response{caseResponse(200, "The case, changed."),
				{Status: 412, Description: "The case changed since the version given: the error, and the case as it is now.",
					Media: []medium{jsonOf[conflictBody[*kam.Case]]()}, Headers: map[string]string{"ETag": "The case's version now."}}}},
		{Method: "DELETE", Path: "/api/v1/cases/{id}", ID: "deleteCase", Tag: tagCases, Summary: "Delete a case",
			Description: "The case goes to the bin, from where an administrator can restore it; it no longer counts against health.",
			PathParams:  idOf("case"), Params: []*param{header("If-Match", "The case's version; the delete is refused (412) if it changed.")},
			Errors: []int{403, 412}, Responses: []response{noContent("The case is deleted.")}},
		{Method: "POST", Path: "/api/v1/cases/{id}/restore", ID: "restoreCase", Tag: tagCases, Summary: "Restore a deleted case",
			Description: "The deleted case comes back (administrators); not while its account is deleted (409).",
			PathParams:  idOf("case"), Errors: []int{403, 409}, Responses: []response{caseResponse(200, "The case.")}},
	}
}
