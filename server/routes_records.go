package server

import "net/http"

// records registers the API's create, update, delete and ingest routes of
// accounts, contacts, orders and invoices.
func (rt *routes) records() {
	v1, endpoint := rt.v1, rt.endpoint
	rt.page("/me", methods{http.MethodGet: rt.signedIn(rt.pages.Me)})
	rt.page("/me/tokens/{id}/revoke", methods{http.MethodPost: rt.signedIn(rt.pages.RevokeMyToken)})
	rt.page("/logout/everywhere", methods{http.MethodPost: rt.signedIn(rt.pages.LogoutEverywhere)})
	rt.page("/handover", methods{http.MethodGet: rt.signedIn(rt.pages.HandoverForm), http.MethodPost: rt.signedIn(rt.pages.HandOver)})
	endpoint("/api/v1/accounts", methods{http.MethodGet: http.HandlerFunc(v1.ListAccounts), http.MethodPost: http.HandlerFunc(v1.CreateAccount)})
	endpoint("/api/v1/accounts/{id}", methods{http.MethodGet: http.HandlerFunc(v1.GetAccount),
		http.MethodPatch: http.HandlerFunc(v1.PatchAccount), http.MethodDelete: http.HandlerFunc(v1.DeleteAccount)})
	endpoint("/api/v1/accounts/{id}/restore", methods{http.MethodPost: http.HandlerFunc(v1.RestoreAccount)})
	endpoint("/api/v1/accounts/bulk", methods{http.MethodPost: http.HandlerFunc(v1.BulkAccounts)})
	endpoint("/api/v1/accounts/handover", methods{http.MethodPost: http.HandlerFunc(v1.HandOver)})
	endpoint("/api/v1/contacts", methods{http.MethodGet: http.HandlerFunc(v1.ListContacts), http.MethodPost: http.HandlerFunc(v1.CreateContact)})
	endpoint("/api/v1/contacts/{id}", methods{http.MethodGet: http.HandlerFunc(v1.GetContact),
		http.MethodPatch: http.HandlerFunc(v1.PatchContact), http.MethodDelete: http.HandlerFunc(v1.DeleteContact)})
	endpoint("/api/v1/contacts/{id}/restore", methods{http.MethodPost: http.HandlerFunc(v1.RestoreContact)})
	endpoint("/api/v1/contacts/bulk", methods{http.MethodPost: http.HandlerFunc(v1.BulkContacts)})
	endpoint("/api/v1/opportunities/bulk", methods{http.MethodPost: http.HandlerFunc(v1.BulkOpportunities)})
	endpoint("/api/v1/accounts/{id}/history", methods{http.MethodGet: v1.History("account")})
	endpoint("/api/v1/contacts/{id}/history", methods{http.MethodGet: v1.History("contact")})
	endpoint("/api/v1/opportunities/{id}/history", methods{http.MethodGet: v1.History("opportunity")})
	endpoint("/api/v1/cases/{id}/history", methods{http.MethodGet: v1.History("case")})
	endpoint("/api/v1/audit", methods{http.MethodGet: http.HandlerFunc(v1.ExportAudit)})
	endpoint("/api/v1/orders", methods{http.MethodPost: http.HandlerFunc(v1.IngestOrders)})
	endpoint("/api/v1/invoices", methods{http.MethodPost: http.HandlerFunc(v1.IngestInvoices)})
}
