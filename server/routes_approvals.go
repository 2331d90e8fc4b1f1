package server

// approvals registers the pages and API routes of discount and price approvals.
func (rt *routes) approvals() {
}
