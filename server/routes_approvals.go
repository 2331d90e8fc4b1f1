package server

import "net/http"

// approvals registers the pages and API routes of discount and price approvals.
func (rt *routes) approvals() {
	page, signedIn, pages := rt.page, rt.signedIn, rt.pages
	page("/approvals", methods{http.MethodGet: signedIn(pages.Approvals), http.MethodPost: signedIn(pages.CreateApproval)})
	page("/approvals/new", methods{http.MethodGet: signedIn(pages.NewApproval)})
	page("/approvals/rule", methods{http.MethodPost: signedIn(pages.SetApprovalRule)})
	page("/approvals/{id}", methods{http.MethodGet: signedIn(pages.ApprovalView), http.MethodPost: signedIn(pages.ActOnApproval)})

	v1, endpoint := rt.v1, rt.endpoint
	endpoint("/api/v1/approvals", methods{http.MethodGet: http.HandlerFunc(v1.ListApprovals), http.MethodPost: http.HandlerFunc(v1.CreateApproval)})
	endpoint("/api/v1/approvals/rule", methods{http.MethodGet: http.HandlerFunc(v1.GetApprovalRule), http.MethodPut: http.HandlerFunc(v1.PutApprovalRule)})
	endpoint("/api/v1/approvals/{id}", methods{http.MethodGet: http.HandlerFunc(v1.GetApproval)})
	endpoint("/api/v1/approvals/{id}/decision", methods{http.MethodPost: http.HandlerFunc(v1.DecideApproval)})
	endpoint("/api/v1/approvals/{id}/accept", methods{http.MethodPost: http.HandlerFunc(v1.AcceptApprovalCounter)})
	endpoint("/api/v1/approvals/{id}/withdraw", methods{http.MethodPost: http.HandlerFunc(v1.WithdrawApproval)})
}
