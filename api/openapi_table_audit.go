package api

import (
	"github.com/kamhq/kam"
	"github.com/kamhq/kam/export"
)

// auditOperations are the operations that read the audit log.
func auditOperations() []*operation {
	history := func(path, id, kind, tag string) *operation {
		return &operation{Method: "GET", Path: path, ID: id, Tag: tag, Summary: "Get a" + article(kind) + " " + kind + "'s history",
			Description: "One page of every change of the " + kind + ", newest first: when, by whom (actor_id, and actor_name for " +
				"a person), through which channel (web, api, import, cli or system), the action, the field and its old and new " +
				"value. The log is append-only: no route changes it.",
			PathParams: idOf(kind), Params: []*param{limit(50, 500), qString("after", "The next_cursor of the page before.")},
			Responses: []response{ok[listResponse[*kam.AuditEntry]]("The changes.")}}
	}
	return []*operation{
		history("/api/v1/accounts/{id}/history", "getAccountHistory", "account", tagAccounts),
		history("/api/v1/contacts/{id}/history", "getContactHistory", "contact", tagContacts),
		history("/api/v1/opportunities/{id}/history", "getOpportunityHistory", "opportunity", tagPipeline),
		history("/api/v1/cases/{id}/history", "getCaseHistory", "case", tagCases),
		history("/api/v1/plans/{id}/history", "getPlanHistory", "plan", tagPlans),
		history("/api/v1/targets/{id}/history", "getTargetHistory", "target", tagTargets),
		history("/api/v1/approvals/{id}/history", "getApprovalHistory", "discount request", tagApprovals),
		{Method: "GET", Path: "/api/v1/audit", ID: "exportAudit", Query: "?from=2026-11-01&to=2026-11-30", Tag: tagImports, Summary: "Export the audit log",
			Description: "The audit log of the days from from to to (default the last 30), oldest first, streamed as CSV " +
				"(administrators): " + sentence(auditColumnNames()) + ".",
			Params: []*param{qDate("from", "The first day; default 30 days ago."), qDate("to", "The last day; default today.")},
			Errors: []int{403},
			Responses: []response{{Status: 200, Description: "The log, as an attachment.", Media: []medium{{Type: "text/csv", Schema: &Schema{Type: "string"}}},
				Headers: map[string]string{"Content-Disposition": "attachment; filename=\"kam-audit-FROM-TO.csv\""}}}},
	}
}

// auditColumnNames are the names of the audit export's columns.
func auditColumnNames() []string {
	var out []string
	for _, c := range export.AuditColumns {
		out = append(out, c.Name)
	}
	return out
}

// article is the "n" that makes "a" read "an" before a vowel.
func article(word string) string {
	if word != "" && (word[0] == 'a' || word[0] == 'o' || word[0] == 'e' || word[0] == 'i' || word[0] == 'u') {
		return "n"
	}
	return ""
}
