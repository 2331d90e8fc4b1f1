package api

import (
	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
)

// batchResponses are the answers of a batch route.
func batchResponses() []response {
	return []response{
		{Status: 200, Description: "What was done with each item.", Media: []medium{jsonOf[batchResponse]()},
			Headers: map[string]string{"Idempotent-Replayed": "true when this is the answer of an earlier request with the key."}},
		{Status: 400, Description: "The request, or some items, are not valid; nothing was written.",
			Media: []medium{jsonAnyOf(typeOf[errorBody](), typeOf[batchRefusal]())}},
	}
}

// contactResponse is an answer with one contact and its version.
func contactResponse(status int, description string) response {
	return response{Status: status, Description: description, Media: []medium{jsonOf[itemResponse[*kam.Contact]]()},
		Headers: map[string]string{"ETag": "The contact's version."}}
}

// recordOperations are the operations on contacts, orders, invoices and the
// calendar feed.
func recordOperations() []*operation {
	idempotencyKey := header("Idempotency-Key", "Up to 255 visible ASCII characters, such as a UUID: a retry with the same key and body gets the first answer back and writes nothing.")
	return []*operation{
		{Method: "GET", Path: "/api/v1/contacts", ID: "listContacts", Query: "?q=virtanen", Tag: tagContacts, Summary: "List contacts",
			Description: "One page of the contacts of the accounts the token's user may see, by name, each with its account. " +
				"Pass next_cursor as after for the next page.",
			Params: []*param{qString("q", "Part of the name (ignoring case and accents) or of the email address."),
				qEnum("role", buyingRoleNames, "The buying role."), qEnum("strength", contactStrengths, "strong (3 to 5), weak (1 or 2) or unknown (0)."),
				qBool("current", "Leave out the contacts who left their company."), limit(50, 500), qString("after", "The next_cursor of the page before.")},
			Responses: []response{ok[listResponse[store.ContactHit]]("The contacts.")}},
		{Method: "POST", Path: "/api/v1/contacts", ID: "createContact", Tag: tagContacts, Summary: "Add a contact",
			Description: "Adds a contact to an account the user may change: 201 with the contact, its address in Location.",
			Example:     `{"account_id": 12, "first_name": "Aino", "last_name": "Virtanen", "buying_role": "decision_maker"}`,
			Body:        jsonBody[contactInput]("account_id"), Errors: []int{403},
			Responses: []response{{Status: 201, Description: "The contact.", Media: []medium{jsonOf[itemResponse[*kam.Contact]]()},
				Headers: map[string]string{"Location": "The contact's address.", "ETag": "The contact's version."}}}},
		{Method: "GET", Path: "/api/v1/contacts/{id}", ID: "getContact", Tag: tagContacts, Summary: "Get a contact",
			Description: "A contact of an account the user may see, with its version in ETag.",
			PathParams:  idOf("contact"), Responses: []response{contactResponse(200, "The contact.")}},
		{Method: "PATCH", Path: "/api/v1/contacts/{id}", ID: "updateContact", Tag: tagContacts, Summary: "Change a contact",
			Description: "Changes the fields given. The version the change started from is required, in If-Match or as version " +
				"(428 without one); a contact changed since is 412 with the contact as it is now in data. A reporting line cannot loop.",
			PathParams: idOf("contact"), Example: `{"title": "CFO", "relationship_strength": 4}`,
			Params: []*param{header("If-Match", "The contact's version (its ETag), instead of version in the body.")},
			Body:   jsonBody[contactPatch](), Errors: []int{403, 428},
			Responses: []response{contactResponse(200, "The contact, changed."),
				{Status: 412, Description: "The contact changed since the version given: the error, and the contact as it is now.",
					Media: []medium{jsonOf[conflictBody[*kam.Contact]]()}, Headers: map[string]string{"ETag": "The contact's version now."}}}},
		{Method: "DELETE", Path: "/api/v1/contacts/{id}", ID: "deleteContact", Tag: tagContacts, Summary: "Delete a contact",
			Description: "The contact goes to the bin, from where an administrator can restore it; those who reported to them report to no one.",
			PathParams:  idOf("contact"), Params: []*param{header("If-Match", "The contact's version; the delete is refused (412) if it changed.")},
			Errors: []int{403, 412}, Responses: []response{noContent("The contact is deleted.")}},
		{Method: "POST", Path: "/api/v1/contacts/{id}/restore", ID: "restoreContact", Tag: tagContacts, Summary: "Restore a deleted contact",
			Description: "The deleted contact comes back (administrators).",
			PathParams:  idOf("contact"), Errors: []int{403, 409}, Responses: []response{contactResponse(200, "The contact.")}},

		{Method: "POST", Path: "/api/v1/accounts/handover", ID: "handOverAccounts", Tag: tagAccounts, Summary: "Re-assign accounts",
			Description: "A director (within their organisation) or an administrator moves accounts from one owner to another: all " +
				"the old owner's accounts they may change, or those of account_ids. Each account's tenure ends and a new one starts, " +
				"with the reason; the old owner's open deals and tasks on them move too; the new owner gets a task saying what they " +
				"received. All or nothing.",
			Example: `{"from_user_id": 7, "to_user_id": 9, "reason": "Jonas left the company"}`,
			Body:    jsonBody[handoverRequest]("from_user_id", "to_user_id", "reason"), Errors: []int{403},
			Responses: []response{ok[itemResponse[*store.Handover]]("What moved.")}},
		{Method: "POST", Path: "/api/v1/contacts/bulk", ID: "bulkContacts", Tag: tagContacts, Summary: "Upsert contacts in bulk",
			Description: "Up to 1,000 contacts, each upserted by (source, external_id) at the account given by account_id or account " +
				"{source, external_id}. Each item gives the account and a name, as a new contact needs; a known key updates only the " +
				"fields the item gives. All or nothing (administrators), with an " +
				"optional Idempotency-Key, as the other batch routes.",
			Example: `{"data": [{"source": "crm", "external_id": "003A1", "account": {"source": "erp", "external_id": "C-10042"}, ` +
				`"first_name": "Aino", "last_name": "Virtanen", "buying_role": "decision_maker"}]}`,
			Params: []*param{idempotencyKey}, Body: jsonBody[batchOf[contactBulkItem]]("data"),
			Errors: []int{403, 422}, Responses: batchResponses()},
		{Method: "POST", Path: "/api/v1/opportunities/bulk", ID: "bulkOpportunities", Tag: tagPipeline, Summary: "Upsert deals in bulk",
			Description: "Up to 1,000 deals, each upserted by (source, external_id). Each item gives what a new deal needs " +
				"(account, name, stage, currency, close_date); a new deal's probability defaults to its stage's. A known key updates " +
				"only the fields the item gives. All or nothing (administrators), with an optional " +
				"Idempotency-Key, as the other batch routes.",
			Example: `{"data": [{"source": "crm", "external_id": "006B7", "account_id": 12, "name": "Line 4 retrofit", ` +
				`"stage": "proposal", "amount": 48000, "currency": "EUR", "close_date": "2027-02-26"}]}`,
			Params: []*param{idempotencyKey}, Body: jsonBody[batchOf[dealBulkItem]]("data"),
			Errors: []int{403, 422}, Responses: batchResponses()},
		{Method: "POST", Path: "/api/v1/orders", ID: "ingestOrders", Tag: tagIngest, Summary: "Send orders",
			Description: "One order, or {\"data\": [...]} of up to 1,000, each upserted with all its lines by (source, external_id); " +
				"source defaults to api. The account is account_id or account {source, external_id}; lines name products by SKU. " +
				"All or nothing (administrators): if any order is refused, nothing is written and the 400 lists each. The accounts' " +
				"roll-ups and flags are up to date when the answer comes.",
			Example: `{"source": "erp", "external_id": "SO-1001", "account": {"source": "erp", "external_id": "C-10042"}, ` +
				`"order_date": "2026-11-30", "currency": "EUR", "lines": [{"sku": "PT-400", "quantity": 4, "unit_price": 250.00}]}`,
			Params: []*param{idempotencyKey}, Body: &body{Media: []medium{jsonAnyOf(typeOf[orderInput](), typeOf[batchOf[orderInput]]())}},
			Errors: []int{403, 422}, Responses: batchResponses()},
		{Method: "POST", Path: "/api/v1/invoices", ID: "ingestInvoices", Tag: tagIngest, Summary: "Send invoices",
			Description: "One invoice, or {\"data\": [...]}, upserted by (source, external_id), as orders are; order_external_id links " +
				"the invoice to an order of the same source. Overdue invoices count in the account's roll-up and flags from the answer on.",
			Example: `{"source": "erp", "external_id": "INV-77", "number": "2026-0077", "account_id": 12, "issued_on": "2026-11-01", ` +
				`"due_on": "2026-12-01", "amount": 1080.00, "currency": "EUR"}`,
			Params: []*param{idempotencyKey}, Body: &body{Media: []medium{jsonAnyOf(typeOf[invoiceInput](), typeOf[batchOf[invoiceInput]]())}},
			Errors: []int{403, 422}, Responses: batchResponses()},

		{Method: "POST", Path: "/api/v1/calendar/feed", ID: "createCalendarFeed", Tag: tagCalendar, Summary: "Make a calendar feed URL",
			Description: "Makes the token user's calendar feed (an iCalendar of their tasks, next steps, visits, contract ends, notice " +
				"deadlines and closing deals), replacing the one they had, whose URL stops working. The secret URL is given this once.",
			Errors: []int{403}, Responses: []response{created[itemResponse[calendarFeedBody]]("The feed's secret URL.")}},
		{Method: "DELETE", Path: "/api/v1/calendar/feed", ID: "deleteCalendarFeed", Tag: tagCalendar, Summary: "Turn the calendar feed off",
			Description: "Ends the token user's calendar feed, so that its URL stops working; there may have been none.",
			Errors:      []int{403}, Responses: []response{noContent("The feed is off.")}},
	}
}

// extraOperations are the operations documented outside the main table,
// area by area.
func extraOperations() []*operation {
	var ops []*operation
	for _, area := range []func() []*operation{recordOperations, moreOperations, dealOperations, activityOperations, caseOperations, auditOperations,
		plansOperations, approvalsOperations, targetsOperations, cadenceOperations, onboardingOperations, entitiesOperations} {
		ops = append(ops, area()...)
	}
	return ops
}
