package server

// cadence registers the pages and API routes of visit and call cadence, the call plan, and attrition (lost accounts, win-back, prospect lists).
func (rt *routes) cadence() {
}
