package api

import (
	"github.com/kamhq/kam"
	"github.com/kamhq/kam/export"
	"github.com/kamhq/kam/portfolio"
	"github.com/kamhq/kam/server/httpx"
	"github.com/kamhq/kam/store"
)

// The tags group the operations on the reference page, in this order.
const (
	tagAccounts   = "Accounts"
	tagActivities = "Activities and tasks"
	tagPipeline   = "Pipeline"
	tagInsights   = "Insights"
	tagSettings   = "Settings"
	tagImports    = "Imports and exports"
	tagDuplicates = "Duplicates"
	tagReference  = "Reference"
	tagContacts   = "Contacts"
	tagIngest     = "Orders and invoices"
	tagWebhooks   = "Webhooks"
	tagCalendar   = "Calendar"
)

var tags = []docTag{
	{tagAccounts, "The accounts the token's user may see, with their latest figures."},
	{tagContacts, "The people at the accounts: roles in the buying centre, reporting lines, relationship strength."},
	{tagIngest, "Orders and invoices from the ERP, in batches, idempotent (administrators)."},
	{tagActivities, "What the account team did on an account (calls, visits, meetings, emails, notes) and what it is to do."},
	{tagProducts, "The product catalogue: everyone reads it, administrators change it; products leave it by becoming inactive."},
	{tagContracts, "The accounts' contracts, with their term, value, renewal and notice period."},
	{tagUsers, "The people who sign in to kam, and the org tree they sit in (administrators change both)."},
	{tagCases, "Complaints, conflicts and questions of the accounts, each due by the service level until resolved with the client's satisfaction."},
	{tagPlans, "Account plans: objectives, strategies, key messages, reference cases, competitors, budgets and actions, versioned and reviewed."},
	{tagPipeline, "Deals by stage, with totals per currency; moving a deal names the version it was moved from."},
	{tagApprovals, "Discounts requested by account managers, routed by depth and the org tree to who decides, approved, rejected or countered."},
	{tagTargets, "Quotas of people and org units and objectives of accounts per month, fiscal quarter or fiscal year, and their attainment."},
	{tagOnboarding, "Onboarding and implementation checklists: templates, and their steps started on accounts as tasks."},
	{tagCampaigns, "Campaigns such as presenting a new product to every account in a scope, tracked account by account."},
	{tagCalls, "Visit and call cadence per tier and account, each account manager's call plan and compliance, and cold-call lists of prospects."},
	{tagAttrition, "Accounts lost, with the reason, the competitor and the revenue lost; win-backs; the report per period."},
	{tagInsights, "What kam computes of each account: change flags, the contact queue, forecasts, recommendations, segments."},
	{tagSettings, "The settings that shape kam's scores; administrators change them."},
	{tagImports, "Files in (administrators) and whole lists out."},
	{tagDuplicates, "Probable duplicate accounts, merges and their undoing (administrators)."},
	{tagWebhooks, "Subscriptions to kam's events, signed and retried (administrators)."},
	{tagCalendar, "A personal iCalendar feed of tasks, visits and contract dates."},
	{tagReference, "This document."},
}

// accountFilterParams are the filters and order of an account list, shared
// by the list and its export.
func accountFilterParams() []*param {
	return []*param{
		qString("q", "Search the name, ignoring case and accents."),
		qString("external_id", "An external id in any source system."),
		qString("source", "With external_id: the source system it is from."),
		qID("owner_id", "The owner's user id."),
		qID("parent_id", "The parent account's id: its direct subsidiaries."),
		qEnum("tier", kam.Tiers, "The tier."),
		qEnum("status", statusNames, "The lifecycle status."),
		qString("country", "The ISO country code, such as DE."),
		qEnum("quadrant", quadrantNames, "The quadrant of the latest key-account classification."),
		qEnum("flag", flagFilters, "Accounts with an open or acknowledged flag of this kind, or any."),
		qEnum("sort", accountSorts, "The order; default name."),
		qBool("desc", "Reverse the order."),
	}
}

// batchOf is the body of a batch route: {"data": [item, ...]}. (The handlers
// read the items one by one, as raw JSON; this is their wire shape.)
type batchOf[T any] struct {
	Data []T `json:"data"`
}

// xlsxType is the media type of an Excel workbook.
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

var settingKeys = []string{portfolio.SettingHealth, portfolio.SettingClassify, portfolio.SettingKeyAccount, portfolio.SettingCaseSLA}

// operations is the table of the API's operations.
func operations() []*operation {
	return append([]*operation{
		// Accounts.
		{Method: "GET", Path: "/api/v1/accounts", ID: "listAccounts", Query: "?q=nordic&limit=20", Tag: tagAccounts, Summary: "List accounts",
			Description: "One page of the accounts the token's user may see, each with its latest figures (12-month revenue, health, " +
				"priority, last order and contact, quadrant, open flags, revenue by month). Pass next_cursor as after for the next " +
				"page; the last page has no next_cursor.",
			Params: append(accountFilterParams(), limit(50, 500), qString("after", "The next_cursor of the previous page."),
				qBool("total", "Count the list's accounts on all its pages, in total.")),
			Responses: []response{ok[listResponse[*store.PortfolioRow]]("One page of accounts.")}},
		{Method: "GET", Path: "/api/v1/accounts/{id}", ID: "getAccount", Tag: tagAccounts, Summary: "Get an account",
			Description: "One account. An account outside the token user's scope is not found, exactly like one that does not exist.",
			PathParams:  idOf("account"), Responses: []response{ok[itemResponse[*kam.Account]]("The account.")}},
		{Method: "POST", Path: "/api/v1/accounts", ID: "createAccount", Tag: tagAccounts, Summary: "Create an account",
			Description: "Answers 201 with the new account, its address in Location and its version in ETag. A company that already " +
				"has an account (same tax id, domain, or name in the same country) is 409.",
			Example: `{"name": "Nordic Foods Group", "country": "FI", "tier": "key", "currency": "EUR"}`,
			Body:    jsonBody[accountInput]("name"), Errors: []int{403, 409},
			Responses: []response{{Status: 201, Description: "The account.", Media: []medium{jsonOf[itemResponse[*kam.Account]]()},
				Headers: map[string]string{"Location": "The account's address.", "ETag": "The account's version."}}}},
		{Method: "PATCH", Path: "/api/v1/accounts/{id}", ID: "updateAccount", Tag: tagAccounts, Summary: "Change an account",
			Description: "Changes the fields given; a field left out keeps its value. The version the change started from is " +
				"required, in If-Match (\"3\") or as version in the body (428 without one). An account changed since is 412 with " +
				"the account as it is now in data; nothing is written. The status does not become lost, or leave lost, here, and " +
				"lost_reason and lost_competitor are not changed here (400): an account is marked lost with PUT " +
				"/api/v1/accounts/{id}/attrition and comes back with POST /api/v1/accounts/{id}/reactivate.",
			PathParams: idOf("account"), Example: `{"version": 3, "tier": "strategic"}`,
			Params: []*param{header("If-Match", "The account's version (its ETag), instead of version in the body.")},
			Body:   jsonBody[accountPatch](), Errors: []int{403, 409, 428},
			Responses: []response{
				{Status: 200, Description: "The account, changed.", Media: []medium{jsonOf[itemResponse[*kam.Account]]()},
					Headers: map[string]string{"ETag": "The account's new version."}},
				{Status: 412, Description: "The account changed since the version given: the error, and the account as it is now.",
					Media: []medium{jsonOf[conflictBody[*kam.Account]]()}, Headers: map[string]string{"ETag": "The account's version now."}},
			}},
		{Method: "DELETE", Path: "/api/v1/accounts/{id}", ID: "deleteAccount", Tag: tagAccounts, Summary: "Delete an account",
			Description: "The account goes to the bin, from where an administrator can restore it. If-Match, when sent, must name " +
				"the current version.",
			PathParams: idOf("account"), Params: []*param{header("If-Match", "The account's version; the delete is refused (412) if it changed.")},
			Errors: []int{403, 412}, Responses: []response{noContent("The account is deleted.")}},
		{Method: "POST", Path: "/api/v1/accounts/{id}/restore", ID: "restoreAccount", Tag: tagAccounts, Summary: "Restore a deleted account",
			Description: "The deleted account comes back (administrators).",
			PathParams:  idOf("account"), Errors: []int{403},
			Responses: []response{{Status: 200, Description: "The account.", Media: []medium{jsonOf[itemResponse[*kam.Account]]()},
				Headers: map[string]string{"ETag": "The account's version."}}}},
		{Method: "POST", Path: "/api/v1/accounts/bulk", ID: "bulkAccounts", Tag: tagAccounts, Summary: "Upsert accounts in bulk",
			Description: "Up to 1,000 accounts, each upserted by (source, external_id): a new key makes a new account, unless the " +
				"company already has one (same tax id, domain, or name in the same country), to which the key is then attached " +
				"(matched). A known key updates only the fields the item gives. All or nothing (administrators): if any item is " +
				"refused, nothing is written and the 400 lists every refused item. An Idempotency-Key makes a retry get the first " +
				"answer back without writing again.",
			Example: `{"data": [{"source": "erp", "external_id": "C-10042", "name": "Nordic Foods Group", "country": "FI"}]}`,
			Params:  []*param{header("Idempotency-Key", "Up to 255 visible ASCII characters, such as a UUID.")},
			Body:    jsonBody[batchOf[accountBulkItem]]("data"), Errors: []int{403, 422},
			Responses: []response{
				{Status: 200, Description: "What was done with each item.", Media: []medium{jsonOf[batchResponse]()},
					Headers: map[string]string{"Idempotent-Replayed": "true when this is the answer of an earlier request with the key."}},
				{Status: 400, Description: "The request, or some items, are not valid; nothing was written.",
					Media: []medium{jsonAnyOf(typeOf[errorBody](), typeOf[batchRefusal]())}},
			}},
		{Method: "GET", Path: "/api/v1/accounts/{id}/insights", ID: "getAccountInsights", Tag: tagAccounts, Summary: "Get an account's insights",
			Description: "The account's stored roll-up (own and hierarchy figures, health) as of the last recompute, its " +
				"classification history (newest first) and its open and acknowledged flags.",
			PathParams: idOf("account"), Responses: []response{ok[itemResponse[accountInsights]]("The account's insights.")}},
		{Method: "PUT", Path: "/api/v1/accounts/{id}/stage", ID: "setAccountStage", Example: `{"stage": "mid_kam"}`, Tag: tagAccounts, Summary: "Set an account's relational stage",
			Description: "The relational stage the account's manager judges it to be in (\"Mid KAM\" and \"mid\" are read too). Anyone " +
				"who may change the account may. It answers the newest classification entry.",
			PathParams: idOf("account"), Body: jsonBody[stageRequest]("stage"), Errors: []int{403},
			Responses: []response{ok[itemResponse[store.Classification]]("The newest classification entry.")}},

		// Activities and tasks.
		{Method: "GET", Path: "/api/v1/accounts/{id}/activities", ID: "listActivities", Tag: tagActivities, Summary: "List an account's activities",
			Description: "The latest activities of an account, newest first, each with the account's name and who logged it.",
			PathParams:  idOf("account"), Params: []*param{limit(50, 500)},
			Responses: []response{ok[listResponse[*store.ActivityRow]]("The activities.")}},
		{Method: "POST", Path: "/api/v1/accounts/{id}/activities", ID: "createActivity", Example: `{"kind": "call", "subject": "Quarterly review", "occurred_at": "2026-05-04T09:30:00Z", "contact_ids": [12]}`, Tag: tagActivities, Summary: "Log an activity",
			Description: "Logs an activity on the account as done by the token's user, now unless occurred_at says when. A subject is " +
				"required unless there are notes.",
			PathParams: idOf("account"), Body: jsonBody[activityRequest]("kind"), Errors: []int{403},
			Responses: []response{created[itemResponse[*kam.Activity]]("The activity logged.")}},
		{Method: "GET", Path: "/api/v1/tasks", ID: "listTasks", Query: "?due_before=2026-05-08", Tag: tagActivities, Summary: "List open tasks",
			Description: "The token user's open tasks, the soonest due first and those with no due day last; with account_id, that " +
				"account's open tasks, whoever they are for.",
			Params: []*param{qDate("due_before", "Only tasks due on or before this day, overdue ones included."),
				qID("account_id", "The account's open tasks instead of the user's."), limit(100, 500)},
			Responses: []response{ok[listResponse[*store.TaskRow]]("The tasks.")}},
		{Method: "POST", Path: "/api/v1/tasks", ID: "createTask", Example: `{"title": "Send the proposal", "due": "2026-05-08", "account_id": 12}`, Tag: tagActivities, Summary: "Add a task",
			Description: "Only the title is required; the assignee defaults to the token's user, who must be allowed to change the " +
				"account, if any.",
			Body: jsonBody[taskRequest]("title"), Errors: []int{403}, Responses: []response{created[itemResponse[*kam.Task]]("The task.")}},
		{Method: "POST", Path: "/api/v1/tasks/{id}/done", ID: "completeTask", Tag: tagActivities, Summary: "Mark a task done",
			Description: "The task's assignee, or anyone who may change its account, marks it done; a task done already stays as it was.",
			PathParams:  idOf("task"), Errors: []int{403}, Responses: []response{ok[itemResponse[*store.TaskRow]]("The task.")}},

		// Pipeline.
		{Method: "GET", Path: "/api/v1/opportunities", ID: "listOpportunities", Tag: tagPipeline, Summary: "List the pipeline",
			Description: "The open deals and those won or lost in the last 90 days, up to limit per stage in stage order, each stage by " +
				"close date (won and lost the latest closed first), with the totals and counts of every deal that matches.",
			Params: []*param{qID("owner_id", "The owner's user id."), qID("account_id", "The account's id."),
				qString("stage", "One or more of "+sentence(kam.Stages)+", comma-separated."),
				qBool("open", "Open deals only."), qDate("close_from", "Deals closing on or after this day."),
				qDate("close_to", "Deals closing on or before this day."),
				qDate("closed_since", "Won and lost deals closed since this day; default 90 days ago."), limit(200, 1000)},
			Responses: []response{ok[opportunityListResponse]("The pipeline.")}},
		{Method: "POST", Path: "/api/v1/opportunities/{id}/stage", ID: "moveOpportunity", Example: `{"stage": "negotiation", "version": 3}`, Tag: tagPipeline, Summary: "Move a deal to a stage",
			Description: "The version may come in the body or in If-Match (\"3\" or 3). A deal changed since that version is 409 with " +
				"the deal as it is now in data; nothing is changed.",
			PathParams: idOf("opportunity"), Params: []*param{header("If-Match", "The deal's version, instead of version in the body.")},
			Body: jsonBody[moveRequest]("stage"), Errors: []int{403},
			Responses: []response{
				{Status: 200, Description: "The deal moved.", Media: []medium{jsonOf[itemResponse[*kam.Opportunity]]()},
					Headers: map[string]string{"ETag": "The deal's new version."}},
				{Status: 409, Description: "The deal changed since the version given: the error, and the deal as it is now.",
					Media: []medium{jsonOf[conflictBody[*kam.Opportunity]]()}, Headers: map[string]string{"ETag": "The deal's version now."}},
			}},

		// Insights.
		{Method: "GET", Path: "/api/v1/flags", ID: "listFlags", Query: "?state=acknowledged", Tag: tagInsights, Summary: "List change flags",
			Description: "Without as_of, the flags kam keeps in a state (default open), the most severe and newest first. With " +
				"as_of, every flag the accounts' histories raise as of that day, as kam flags --as-of does: those have no id and " +
				"no state, so state cannot be given with it.",
			Params: []*param{qDate("as_of", "Compute the flags as of this day (YYYY-MM-DD) instead of listing the stored ones."),
				qEnum("state", kam.FlagStates, "The stored flags' state; default open.")},
			Responses: []response{{Status: 200, Description: "The stored flags, or with as_of the computed ones.",
				Media: []medium{jsonAnyOf(typeOf[listResponse[storedFlag]](), typeOf[listResponse[portfolio.FlagRow]]())}}}},
		{Method: "POST", Path: "/api/v1/flags/{id}/state", ID: "setFlagState", Example: `{"state": "dismissed", "reason": "Seasonal dip; they order in spring."}`, Tag: tagInsights, Summary: "Acknowledge, resolve or dismiss a flag",
			Description: "Changes a flag on an account the token's user may change; dismissing needs a reason.",
			PathParams:  idOf("flag"), Body: jsonBody[flagStateRequest]("state"), Errors: []int{403},
			Responses: []response{noContent("The flag's state is changed.")}},
		{Method: "GET", Path: "/api/v1/queue", ID: "getQueue", Tag: tagInsights, Summary: "Get the contact queue",
			Description: "The token user's contact queue, the accounts most worth a contact first, each with its score and reasons. " +
				"Without as_of it reads the stored roll-ups and open flags; with as_of it computes them as of that day.",
			Params:    []*param{asOf("the queue"), limit(20, 500)},
			Responses: []response{ok[listResponse[portfolio.QueueRow]]("The queue.")}},
		{Method: "GET", Path: "/api/v1/forecasts", ID: "getForecasts", Tag: tagInsights, Summary: "Get forecasts",
			Description: "The forecast of the months after as_of of every account the token's user may see, with its open pipeline " +
				"and intervals, summed per account manager, per org unit and in total.",
			Params:    []*param{asOf("the forecast"), qInt("months", 3, 1, 24, "How many months ahead.")},
			Responses: []response{ok[itemResponse[*portfolio.ForecastReport]]("The forecasts.")}},
		{Method: "GET", Path: "/api/v1/recommendations", ID: "listRecommendations", Tag: tagInsights, Summary: "List recommendations",
			Description: "For every account, its top n cross-sell recommendations with their reasons, and its next order. Learns from " +
				"the whole portfolio on each call, so it is slower than the other routes.",
			Params:    []*param{asOf("the recommendations"), qInt("n", 10, 1, 50, "Recommendations per account.")},
			Responses: []response{ok[listResponse[portfolio.AccountAdvice]]("The accounts' recommendations.")}},
		{Method: "GET", Path: "/api/v1/segments", ID: "listSegments", Tag: tagInsights, Summary: "List segments",
			Description: "For every account, its health score with its parts, its place in the key-account selection matrix, its " +
				"relational stage, its RFM segment and whether it meets the company's definition of a key account.",
			Params:    []*param{asOf("the segments")},
			Responses: []response{ok[listResponse[portfolio.AccountSegment]]("The accounts' segments.")}},

		// Settings.
		{Method: "GET", Path: "/api/v1/settings/{key}", ID: "getSetting", Tag: tagSettings, Summary: "Get a setting",
			Description: "A setting's value, or null with default_applies true when it was never set.",
			PathParams:  map[string]*param{"key": pathEnum("key", settingKeys, "The setting.")},
			Responses:   []response{ok[itemResponse[settingBody]]("The setting.")}},
		{Method: "PUT", Path: "/api/v1/settings/{key}", ID: "putSetting", Example: `{"purchase_trend": 40, "payment": 20, "cases": 10, "engagement": 20, "coverage": 10}`, Tag: tagSettings, Summary: "Change a setting",
			Description: "The body is the setting's new JSON value, checked as kam config set checks it (administrators). It applies " +
				"from the next recompute or report.",
			PathParams: map[string]*param{"key": pathEnum("key", settingKeys, "The setting.")},
			Body:       &body{Media: []medium{{Type: "application/json", Schema: &Schema{Description: "The setting's value."}}}},
			Errors:     []int{403}, Responses: []response{ok[itemResponse[settingBody]]("The setting.")}},

		// Imports and exports.
		{Method: "GET", Path: "/api/v1/exports/{kind}", ID: "exportList", Query: "?format=xlsx&tier=key", Tag: tagImports, Summary: "Export a list",
			Description: "The whole list the token's user may see, streamed as a file. Accounts take the list's filters.",
			PathParams:  map[string]*param{"kind": pathEnum("kind", export.Kinds, "The list.")},
			Params:      append([]*param{qEnum("format", export.Formats, "The file format; default csv.")}, accountFilterParams()...),
			Responses: []response{{Status: 200, Description: "The file, as an attachment.", Media: []medium{
				{Type: "text/csv", Schema: &Schema{Type: "string"}},
				{Type: xlsxType, Schema: &Schema{Type: "string", ContentMediaType: xlsxType}},
			}, Headers: map[string]string{"Content-Disposition": "attachment; filename=\"kam-KIND-DATE.csv\""}}}},
		{Method: "POST", Path: "/api/v1/imports", ID: "importFiles", Example: "-F file=@accounts.csv", Query: "?kind=accounts&source=erp", Tag: tagImports, Summary: "Import files",
			Description: "Imports the files of the request and answers when done, with the run and a summary by kind (administrators). " +
				"The files come as multipart/form-data (the field file, repeated for more files) or as the whole body, named by name. " +
				"Rejected rows are not errors; the summary lists the first 1,000.",
			Params: []*param{qEnum("kind", names(httpx.ImportKinds), "What the files hold; or give profile."),
				qString("profile", "A known system's files, each file's kind told by its columns: online-retail, maven-crm, salesforce, or a saved profile."),
				qString("source", "The system the files' ids come from."), qString("currency", "The currency of amounts without one."),
				qBool("dry_run", "Do everything, report, and roll back."), qString("name", "The file's name, for a file sent as the whole body.")},
			Body: &body{Media: []medium{
				{Type: "multipart/form-data", Schema: &Schema{Type: "object", Required: []string{"file"}, Properties: map[string]*Schema{
					"file": {Type: "array", Items: &Schema{Type: "string", ContentMediaType: "application/octet-stream"}}}}},
				{Type: "text/csv", Schema: &Schema{Type: "string"}},
				{Type: "application/json", Schema: &Schema{Description: "A Salesforce SObject tree."}},
				{Type: xlsxType, Schema: &Schema{Type: "string", ContentMediaType: xlsxType}},
			}},
			Errors: []int{403}, Responses: []response{ok[importResponse]("The run and its summary.")}},
		{Method: "GET", Path: "/api/v1/imports", ID: "listImports", Tag: tagImports, Summary: "List import runs",
			Description: "The latest imports, newest first, as recorded in the history.",
			Params:      []*param{limit(50, 500)}, Responses: []response{ok[listResponse[*kam.ImportRun]]("The runs.")}},

		// Duplicates.
		{Method: "GET", Path: "/api/v1/duplicates", ID: "listDuplicates", Query: "?status=open", Tag: tagDuplicates, Summary: "List probable duplicates",
			Description: "The pairs with a status, highest score first, each with both accounts.",
			Params:      []*param{qEnum("status", duplicateStatuses, "The pairs' status; default open."), limit(100, 500)},
			Errors:      []int{403}, Responses: []response{ok[listResponse[*kam.DuplicatePair]]("The pairs.")}},
		{Method: "POST", Path: "/api/v1/duplicates/scan", ID: "scanDuplicates", Tag: tagDuplicates, Summary: "Scan for duplicates",
			Description: "Compares every account with its neighbours by name and queues the pairs not queued before.",
			Errors:      []int{403}, Responses: []response{ok[scanResponse]("How many pairs were queued.")}},
		{Method: "POST", Path: "/api/v1/duplicates/{id}/dismiss", ID: "dismissDuplicate", Tag: tagDuplicates, Summary: "Keep a pair apart",
			Description: "The pair's accounts are two companies. A pair that is not open is not found.",
			PathParams:  idOf("pair"), Errors: []int{403}, Responses: []response{noContent("The pair is dismissed.")}},
		{Method: "POST", Path: "/api/v1/accounts/{id}/merge", ID: "mergeAccounts", Example: `{"merged_id": 43}`, Tag: tagDuplicates, Summary: "Merge two accounts",
			Description: "Account merged_id is merged into the account of the path, which survives with its records and external " +
				"ids. The merge's id undoes it.",
			PathParams: idOf("surviving account"), Body: jsonBody[mergeRequest]("merged_id"), Errors: []int{403, 409},
			Responses: []response{ok[itemResponse[*kam.Merge]]("The merge.")}},
		{Method: "GET", Path: "/api/v1/merges", ID: "listMerges", Tag: tagDuplicates, Summary: "List merges",
			Description: "The latest merges, newest first, with what each moved and when it was undone.",
			Params:      []*param{limit(50, 500)}, Errors: []int{403}, Responses: []response{ok[listResponse[*kam.Merge]]("The merges.")}},
		{Method: "POST", Path: "/api/v1/merges/{id}/undo", ID: "undoMerge", Tag: tagDuplicates, Summary: "Undo a merge",
			Description: "The merged account returns with what it had. Undoing a merge twice is a conflict.",
			PathParams:  idOf("merge"), Errors: []int{403, 409}, Responses: []response{ok[itemResponse[*kam.Merge]]("The merge, undone.")}},

		// Reference.
		{Method: "GET", Path: "/api/v1/openapi.json", ID: "getOpenAPI", Tag: tagReference, Summary: "Get this document",
			Description: "The OpenAPI 3.1 document of the API. It needs no token.", Public: true,
			Responses: []response{{Status: 200, Description: "The document.",
				Media: []medium{{Type: "application/json", Schema: &Schema{Type: "object", Description: "An OpenAPI 3.1 document."}}}}}},
	}, extraOperations()...)
}
