package server

// targets registers the pages and API routes of targets: quotas per user, team and org unit, and objectives per account.
func (rt *routes) targets() {
}
