package api

import (
	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
)

// The tags of the catalogue, contracts and the organisation.
const (
	tagProducts  = "Products"
	tagContracts = "Contracts"
	tagUsers     = "Users"
)

// entitiesOperations are the operations on products, contracts, users and
// org units.
func entitiesOperations() []*operation {
	return append(append(productOperations(), contractOperations()...), peopleOperations()...)
}

// productOperations are the operations on the product catalogue.
func productOperations() []*operation {
	return []*operation{
		{Method: "GET", Path: "/api/v1/products", ID: "listProducts", Query: "?q=pump&active=true", Tag: tagProducts, Summary: "List products",
			Description: "One page of the product catalogue, which everyone signed in reads, by SKU (or by name), with filters.",
			Params: []*param{qString("family", "The product family, exactly."), qBool("active", "Only active (true) or inactive (false) products; both when left out."),
				qString("q", "Text the name or SKU contains, in any case."), qEnum("sort", store.ProductSorts, "The order: sku (the default) or name."),
				limit(50, 500), qString("after", "The next_cursor of the page before.")},
			Responses: []response{ok[listResponse[*kam.Product]]("The products.")}},
		{Method: "POST", Path: "/api/v1/products", ID: "createProduct", Tag: tagProducts, Summary: "Add a product",
			Description: "Adds a product to the catalogue (administrators): 201 with it, its address in Location. A SKU another product " +
				"has is 409. A product is active unless active is false.",
			Example: `{"sku": "PT-400", "name": "Pump 400", "family": "Pumps", "list_price": 250.00, "currency": "EUR"}`,
			Body:    jsonBody[productInput]("sku", "name", "currency"), Errors: []int{403, 409},
			Responses: []response{createdVersioned[*kam.Product]("product")}},
		{Method: "GET", Path: "/api/v1/products/{id}", ID: "getProduct", Tag: tagProducts, Summary: "Get a product",
			Description: "A product, active or not, with its version in ETag.",
			PathParams:  idOf("product"), Responses: []response{versionedResponse[*kam.Product](200, "The product.", "product")}},
		{Method: "PATCH", Path: "/api/v1/products/{id}", ID: "updateProduct", Tag: tagProducts, Summary: "Change a product",
			Description: "Changes the fields given (administrators). The version it was made from goes in If-Match or the body's version " +
				"(428 without one); a product changed since is 412 with the product as it is now in data. Products are never deleted, " +
				"since orders refer to them: active false takes one out of the catalogue.",
			PathParams: idOf("product"), Example: `{"active": false}`, Params: ifMatchOf("product"),
			Body: jsonBody[productPatch](), Errors: []int{403, 428},
			Responses: []response{versionedResponse[*kam.Product](200, "The product, changed.", "product"), staleResponse[*kam.Product]("product")}},
		{Method: "POST", Path: "/api/v1/products/bulk", ID: "bulkProducts", Tag: tagProducts, Summary: "Upsert products in bulk",
			Description: "Up to 1,000 products, each upserted by SKU: a new SKU needs a name and a currency; a known one gets the fields " +
				"the item gives, without a version check, and its version advances when it changes. Each item's result names the SKU " +
				"in external_id. All or nothing (administrators): if any item is refused, nothing is written and the 400 lists each " +
				"with its index, field and reason. An optional Idempotency-Key, as the other batch routes.",
			Example: `{"data": [{"sku": "PT-400", "name": "Pump 400", "list_price": 250.00, "currency": "EUR"}, {"sku": "VL-10", "active": false}]}`,
			Params:  []*param{header("Idempotency-Key", "A retry with the same key and body gets the first answer back and writes nothing.")}, Body: jsonBody[batchOf[productBulkItem]]("data"),
			Errors: []int{403, 422}, Responses: batchResponses()},
	}
}

// contractOperations are the operations on contracts.
func contractOperations() []*operation {
	return []*operation{
		{Method: "GET", Path: "/api/v1/contracts", ID: "listContracts", Query: "?ending_before=2027-03-31", Tag: tagContracts, Summary: "List contracts",
			Description: "One page of the contracts of the accounts the token's user may see, each with its account's name and the last " +
				"day to give notice, the earliest ending first (or by name).",
			Params: []*param{qID("account_id", "The account's id."), qEnum("status", kam.ContractStatuses, "The status."),
				qDate("ending_after", "Only contracts ending on or after this day."), qDate("ending_before", "Only contracts ending on or before this day."),
				qEnum("sort", store.ContractSorts, "The order: end_date (the default) or name."), limit(50, 500),
				qString("after", "The next_cursor of the page before.")},
			Responses: []response{ok[listResponse[store.ContractHit]]("The contracts.")}},
		{Method: "POST", Path: "/api/v1/contracts", ID: "createContract", Tag: tagContracts, Summary: "Add a contract",
			Description: "Adds a contract to an account the user may change: 201 with it, its address in Location. The end is on or after " +
				"the start, the notice period 0 to 3650 days, the status draft, active (the default), expired or terminated. A contract " +
				"inside its notice period (or within 30 days of it) raises a contract_notice flag on the account from the answer on.",
			Example: `{"account_id": 12, "name": "Framework 2027", "start_date": "2027-01-01", "end_date": "2028-12-31", ` +
				`"value": 240000.00, "currency": "EUR", "notice_days": 90, "auto_renew": true}`,
			Body: jsonBody[contractInput]("account_id", "name", "start_date", "end_date", "currency"), Errors: []int{403},
			Responses: []response{createdVersioned[*kam.Contract]("contract")}},
		{Method: "GET", Path: "/api/v1/contracts/{id}", ID: "getContract", Tag: tagContracts, Summary: "Get a contract",
			Description: "A contract of an account the user may see, with its version in ETag.",
			PathParams:  idOf("contract"), Responses: []response{versionedResponse[*kam.Contract](200, "The contract.", "contract")}},
		{Method: "PATCH", Path: "/api/v1/contracts/{id}", ID: "updateContract", Tag: tagContracts, Summary: "Change a contract",
			Description: "Changes the fields given, by the rules of a new contract. The version it was made from goes in If-Match or the " +
				"body's version (428 without one); a contract changed since is 412 with the contract as it is now in data. The account's " +
				"flags follow at once.",
			PathParams: idOf("contract"), Example: `{"end_date": "2029-12-31", "status": "active"}`, Params: ifMatchOf("contract"),
			Body: jsonBody[contractPatch](), Errors: []int{403, 428},
			Responses: []response{versionedResponse[*kam.Contract](200, "The contract, changed.", "contract"), staleResponse[*kam.Contract]("contract")}},
		{Method: "DELETE", Path: "/api/v1/contracts/{id}", ID: "deleteContract", Tag: tagContracts, Summary: "Delete a contract",
			Description: "The contract goes to the bin, from where an administrator can restore it; its dates no longer raise flags.",
			PathParams:  idOf("contract"), Params: []*param{header("If-Match", "The contract's version; the delete is refused (412) if it changed.")},
			Errors: []int{403}, Responses: []response{noContent("The contract is deleted."), staleResponse[*kam.Contract]("contract")}},
		{Method: "POST", Path: "/api/v1/contracts/{id}/restore", ID: "restoreContract", Tag: tagContracts, Summary: "Restore a deleted contract",
			Description: "The deleted contract comes back (administrators); not while its account is deleted (409).",
			PathParams:  idOf("contract"), Errors: []int{403, 409},
			Responses: []response{versionedResponse[*kam.Contract](200, "The contract.", "contract")}},
	}
}

// peopleOperations are the operations on users and org units.
func peopleOperations() []*operation {
	return []*operation{
		{Method: "GET", Path: "/api/v1/me", ID: "getMe", Tag: tagUsers, Summary: "Get the token's user",
			Description: "The user the token belongs to, with the version in ETag.",
			Responses:   []response{versionedResponse[*kam.User](200, "The user.", "user")}},
		{Method: "GET", Path: "/api/v1/users", ID: "listUsers", Query: "?role=kam", Tag: tagUsers, Summary: "List users",
			Description: "One page of the users the token's user may see, by username: administrators see every user, directors and " +
				"viewers the users of their org subtree and themselves, everyone else only themselves. Never a password.",
			Params: []*param{qEnum("role", roleNames, "The role."), qID("org_unit_id", "The org unit (not the units below it)."),
				qBool("active", "Only active (true) or inactive (false) users; both when left out."), limit(50, 500),
				qString("after", "The next_cursor of the page before.")},
			Responses: []response{ok[listResponse[*kam.User]]("The users.")}},
		{Method: "POST", Path: "/api/v1/users", ID: "createUser", Tag: tagUsers, Summary: "Add a user",
			Description: "Adds a user (administrators): 201 with the user, its address in Location; a taken username is 409. A password, " +
				"when given, must be at least 10 characters (at most 256 bytes); it is stored hashed and never " +
				"answered or logged. Without one, the user signs in once a password is set (kam user passwd).",
			Example: `{"username": "jvirtanen", "display_name": "Jonna Virtanen", "email": "jonna@example.com", "role": "kam", "org_unit_id": 3}`,
			Body:    jsonBody[userInput]("username", "role"), Errors: []int{403, 409},
			Responses: []response{createdVersioned[*kam.User]("user")}},
		{Method: "GET", Path: "/api/v1/users/{id}", ID: "getUser", Tag: tagUsers, Summary: "Get a user",
			Description: "A user the token's user may see (as in the list), with the version in ETag.",
			PathParams:  idOf("user"), Responses: []response{versionedResponse[*kam.User](200, "The user.", "user")}},
		{Method: "PATCH", Path: "/api/v1/users/{id}", ID: "updateUser", Tag: tagUsers, Summary: "Change a user",
			Description: "Changes a user's display name, email, role, org unit, manager or whether they may sign in (administrators). " +
				"The version goes in If-Match or the body's version (428 without one); a user changed since is 412 with the user as " +
				"it is now. An administrator cannot take away their own role or deactivate themselves, and the last active " +
				"administrator stays one (400). A new role or a deactivation ends the user's sessions.",
			PathParams: idOf("user"), Example: `{"role": "director", "org_unit_id": 3}`, Params: ifMatchOf("user"),
			Body: jsonBody[userPatch](), Errors: []int{403, 428},
			Responses: []response{versionedResponse[*kam.User](200, "The user, changed.", "user"), staleResponse[*kam.User]("user")}},
		{Method: "GET", Path: "/api/v1/org-units", ID: "listOrgUnits", Tag: tagUsers, Summary: "List the org tree",
			Description: "The whole org tree (global, regions, countries, territories) as one flat list with parent ids, parents " +
				"before children, to anyone signed in.",
			Responses: []response{ok[listResponse[*kam.OrgUnit]]("The org units.")}},
		{Method: "POST", Path: "/api/v1/org-units", ID: "createOrgUnit", Tag: tagUsers, Summary: "Add an org unit",
			Description: "Adds a unit to the org tree under parent_id, or at the top (administrators): 201 with it.",
			Example:     `{"parent_id": 1, "kind": "country", "name": "Finland"}`,
			Body:        jsonBody[orgUnitInput]("kind", "name"), Errors: []int{403},
			Responses: []response{createdVersioned[*kam.OrgUnit]("org unit")}},
		{Method: "GET", Path: "/api/v1/org-units/{id}", ID: "getOrgUnit", Tag: tagUsers, Summary: "Get an org unit",
			Description: "One unit of the org tree, with its version in ETag.",
			PathParams:  idOf("org unit"), Responses: []response{versionedResponse[*kam.OrgUnit](200, "The org unit.", "org unit")}},
		{Method: "PATCH", Path: "/api/v1/org-units/{id}", ID: "updateOrgUnit", Tag: tagUsers, Summary: "Rename or move an org unit",
			Description: "Renames a unit or moves it, with everything below it, under another parent (0: the top) (administrators); " +
				"never under itself or a unit below it (400). Org units are not deleted. The version goes in If-Match or the body's " +
				"version (428 without one); a unit changed since is 412 with the unit as it is now.",
			PathParams: idOf("org unit"), Example: `{"parent_id": 2}`, Params: ifMatchOf("org unit"),
			Body: jsonBody[orgUnitPatch](), Errors: []int{403, 428},
			Responses: []response{versionedResponse[*kam.OrgUnit](200, "The org unit, changed.", "org unit"), staleResponse[*kam.OrgUnit]("org unit")}},
	}
}
