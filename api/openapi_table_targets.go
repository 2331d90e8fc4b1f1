package api

import (
	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
)

// tagTargets groups the operations on targets and attainment.
const tagTargets = "Targets"

// targetResponse is an answer with one target and its version.
func targetResponse(status int, description string) response {
	return response{Status: status, Description: description, Media: []medium{jsonOf[itemResponse[*kam.Target]]()},
		Headers: map[string]string{"ETag": "The target's version."}}
}

// periodWords says how a period is written, for the descriptions.
const periodWords = "A period is a calendar month (2026-04), a fiscal quarter (FY2027-Q1) or a fiscal year (FY2027); " +
	"the fiscal year starts in the month GET /api/v1/fiscal-year says (January by default) and is named after the calendar " +
	"year it ends in, so that with an April start FY2027-Q1 is April to June 2026."

// targetsOperations are the operations on targets: quotas per user, team and org unit, and objectives per account.
func targetsOperations() []*operation {
	return []*operation{
		{Method: "GET", Path: "/api/v1/targets", ID: "listTargets", Query: "?period=FY2026-Q2&kind=quota", Tag: tagTargets, Summary: "List targets",
			Description: "One page of the targets the token's user may see, the earliest period first: their own quota; the quotas " +
				"of the people and units of their org subtree for directors and viewers; every quota for administrators; and the " +
				"objectives of the accounts they see. " + periodWords,
			Params: []*param{qID("user_id", "The person's user id."), qID("org_unit_id", "The org unit's id."), qID("account_id", "The account's id."),
				qEnum("kind", store.TargetListKinds, "quota (people's and units') or objective (accounts')."),
				qString("period", "Only targets whose period overlaps this one: 2026-04, FY2027-Q1 or FY2027."),
				limit(100, 500), qString("after", "The next_cursor of the page before.")},
			Responses: []response{ok[listResponse[*kam.Target]]("The targets.")}},
		{Method: "POST", Path: "/api/v1/targets", ID: "createTarget", Tag: tagTargets, Summary: "Set a target",
			Description: "Sets a revenue quota for a person (user_id) or an org unit (org_unit_id), or an objective for an account " +
				"(account_id): 201 with the target, its address in Location. Directors set quotas for the people (not themselves) and " +
				"units of their org subtree, administrators for anyone; whoever may change an account sets its objectives. A quota " +
				"has an amount above zero and a currency; an objective an amount, a description, or both (its currency defaults to " +
				"the account's). basis says what attainment counts: orders (the default; net revenue, orders less credit notes) or " +
				"won (deals won). The period is given as period or as period_start and period_end, and must be a whole one that " +
				"has not ended: a closed period is refused. A person or unit has one quota per period (409). " + periodWords,
			Example: `{"user_id": 4, "period": "FY2026-Q3", "amount": 120000, "currency": "EUR"}`,
			Body:    jsonBody[targetInput](), Errors: []int{403, 409},
			Responses: []response{{Status: 201, Description: "The target.", Media: []medium{jsonOf[itemResponse[*kam.Target]]()},
				Headers: map[string]string{"Location": "The target's address.", "ETag": "The target's version."}}}},
		{Method: "GET", Path: "/api/v1/targets/{id}", ID: "getTarget", Tag: tagTargets, Summary: "Get a target",
			Description: "A target the user may see, with its version in ETag.",
			PathParams:  idOf("target"), Responses: []response{targetResponse(200, "The target.")}},
		{Method: "PATCH", Path: "/api/v1/targets/{id}", ID: "updateTarget", Tag: tagTargets, Summary: "Change a target",
			Description: "Changes the fields given: the period, amount, currency, basis or description; who or what the target is " +
				"for stays. The version it was made from goes in If-Match or the body's version (428 without one); a target " +
				"changed since is 412 with the target as it is now in data. A target whose period has ended is kept as it was " +
				"(409), and a new period must not have ended either (400).",
			PathParams: idOf("target"), Example: `{"amount": 125000}`,
			Params: []*param{header("If-Match", "The target's version (its ETag), instead of version in the body.")},
			Body:   jsonBody[targetPatch](), Errors: []int{403, 409, 428},
			Responses: []response{targetResponse(200, "The target, changed."),
				{Status: 412, Description: "The target changed since the version given: the error, and the target as it is now.",
					Media: []medium{jsonOf[conflictBody[*kam.Target]]()}, Headers: map[string]string{"ETag": "The target's version now."}}}},
		{Method: "DELETE", Path: "/api/v1/targets/{id}", ID: "deleteTarget", Tag: tagTargets, Summary: "Delete a target",
			Description: "The target goes to the bin and no longer counts; a target whose period has ended is kept (409).",
			PathParams:  idOf("target"), Params: []*param{header("If-Match", "The target's version; the delete is refused (412) if it changed.")},
			Errors: []int{403, 409, 412}, Responses: []response{noContent("The target is deleted.")}},
		{Method: "GET", Path: "/api/v1/attainment", ID: "getAttainment", Query: "?period=FY2026-Q2", Tag: tagTargets, Summary: "Attainment of a period",
			Description: "The targets of a period and what they attained, in the user's scope: a row per person (their own for an " +
				"account manager), per org unit (directors and viewers: their subtree; administrators: all) and per account " +
				"objective set for exactly the period, each in one currency (amounts in different currencies are never added). " +
				"A person's figures are those of the accounts they own now; a unit's those of the accounts in its subtree, beside " +
				"its own target and the sum of its people's quotas (members_target); an objective's those of the account and every " +
				"account below it. actual is orders less credit notes dated in the period up to today, won the deals won with a " +
				"close date in it; achieved is one or the other by the target's basis. forecast is the accounts' forecast for the " +
				"rest of the period, pipeline the open deals due in it weighted by probability; projected adds the one that suits " +
				"the basis. A target not set for exactly the period is the sum of the shorter ones inside it (target_source sum) or " +
				"a share by days of a longer one (pro_rata). " + periodWords,
			Params:    []*param{qString("period", "The period: 2026-04, FY2027-Q1 or FY2027; the current fiscal quarter by default.")},
			Responses: []response{ok[itemResponse[*store.Attainment]]("The period's attainment.")}},
		{Method: "GET", Path: "/api/v1/fiscal-year", ID: "getFiscalYear", Tag: tagTargets, Summary: "Get the fiscal year",
			Description: "The month the fiscal year starts in, 1 (January, the default) to 12; its quarters follow it.",
			Responses:   []response{ok[itemResponse[kam.FiscalCalendar]]("The fiscal year.")}},
		{Method: "PUT", Path: "/api/v1/fiscal-year", ID: "putFiscalYear", Tag: tagTargets, Summary: "Change the fiscal year",
			Description: "Sets the month the fiscal year starts in (administrators). Refused (409) while a target of a period not " +
				"yet ended would no longer be a whole quarter or year: change or delete those first.",
			Example: `{"start_month": 4}`, Body: jsonBody[fiscalYearInput]("start_month"), Errors: []int{403, 409},
			Responses: []response{ok[itemResponse[kam.FiscalCalendar]]("The fiscal year.")}},
	}
}
