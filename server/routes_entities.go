package server

import "net/http"

// entities registers the API routes of products, contracts, users and org
// units.
func (rt *routes) entities() {
	v1, endpoint := rt.v1, rt.endpoint
	endpoint("/api/v1/products", methods{http.MethodGet: http.HandlerFunc(v1.ListProducts), http.MethodPost: http.HandlerFunc(v1.CreateProduct)})
	endpoint("/api/v1/products/bulk", methods{http.MethodPost: http.HandlerFunc(v1.BulkProducts)})
	endpoint("/api/v1/products/{id}", methods{http.MethodGet: http.HandlerFunc(v1.GetProduct), http.MethodPatch: http.HandlerFunc(v1.PatchProduct)})

	endpoint("/api/v1/contracts", methods{http.MethodGet: http.HandlerFunc(v1.ListContracts), http.MethodPost: http.HandlerFunc(v1.CreateContract)})
	endpoint("/api/v1/contracts/{id}", methods{http.MethodGet: http.HandlerFunc(v1.GetContract),
		http.MethodPatch: http.HandlerFunc(v1.PatchContract), http.MethodDelete: http.HandlerFunc(v1.DeleteContract)})
	endpoint("/api/v1/contracts/{id}/restore", methods{http.MethodPost: http.HandlerFunc(v1.RestoreContract)})

	endpoint("/api/v1/me", methods{http.MethodGet: http.HandlerFunc(v1.GetMe)})
	endpoint("/api/v1/users", methods{http.MethodGet: http.HandlerFunc(v1.ListUsers), http.MethodPost: http.HandlerFunc(v1.CreateUser)})
	endpoint("/api/v1/users/{id}", methods{http.MethodGet: http.HandlerFunc(v1.GetUser), http.MethodPatch: http.HandlerFunc(v1.PatchUser)})
	endpoint("/api/v1/org-units", methods{http.MethodGet: http.HandlerFunc(v1.ListOrgUnits), http.MethodPost: http.HandlerFunc(v1.CreateOrgUnit)})
	endpoint("/api/v1/org-units/{id}", methods{http.MethodGet: http.HandlerFunc(v1.GetOrgUnit), http.MethodPatch: http.HandlerFunc(v1.PatchOrgUnit)})
}
