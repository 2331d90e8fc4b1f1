package api

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
	"github.com/kamhq/kam/store"
)

// productListParams are the query parameters of GET /api/v1/products.
var productListParams = []string{"family", "active", "q", "sort", "limit", "after"}

// productInput is the body of POST /api/v1/products.
type productInput struct {
	SKU       string    `json:"sku"`
	Name      string    `json:"name"`
	Family    string    `json:"family,omitempty"`
	ListPrice kam.Money `json:"list_price"`
	Currency  string    `json:"currency"`
	// Active is true unless given: a product leaves the catalogue with false.
	Active *bool `json:"active,omitempty"`
}

// productPatch is the body of PATCH /api/v1/products/{id}: the fields to
// change, each left out to keep it. version may stand in for If-Match.
type productPatch struct {
	Version   int64      `json:"version,omitempty"`
	Name      *string    `json:"name,omitempty"`
	Family    *string    `json:"family,omitempty"`
	ListPrice *kam.Money `json:"list_price,omitempty"`
	Currency  *string    `json:"currency,omitempty"`
	Active    *bool      `json:"active,omitempty"`
}

// productBulkItem is one product of POST /api/v1/products/bulk: its SKU and
// the fields to set.
type productBulkItem struct {
	SKU       string     `json:"sku"`
	Name      *string    `json:"name,omitempty"`
	Family    *string    `json:"family,omitempty"`
	ListPrice *kam.Money `json:"list_price,omitempty"`
	Currency  *string    `json:"currency,omitempty"`
	Active    *bool      `json:"active,omitempty"`
}

// update is the change a patch asks for.
func (b *productPatch) update() kam.ProductUpdate {
	return kam.ProductUpdate{Version: b.Version, Name: b.Name, Family: b.Family, ListPrice: b.ListPrice, Currency: b.Currency, Active: b.Active}
}

// ListProducts serves GET /api/v1/products: one page of the catalogue, by
// SKU or name, to anyone signed in.
func (h *Handler) ListProducts(w http.ResponseWriter, r *http.Request) {
	p := newParams(r.URL.Query(), productListParams...)
	f := store.ProductFilter{Family: p.str("family"), Active: p.optionalBool("active"), Query: p.str("q"),
		Sort: p.oneOf("sort", store.ProductSorts), Limit: p.intIn("limit", 50, 1, 500), After: p.str("after")}
	if p.err != nil {
		h.Error(w, r, p.err)
		return
	}
	page, err := h.st.FindProductList(r.Context(), httpx.Principal(r.Context()), f)
	if err != nil {
		h.Error(w, r, err)
		return
	}
	h.writeJSON(w, r, http.StatusOK, listResponse[*kam.Product]{Data: page.Products, NextCursor: page.Next})
}

// GetProduct serves GET /api/v1/products/{id}, with its version in ETag.
func (h *Handler) GetProduct(w http.ResponseWriter, r *http.Request) {
	id, err := pathTarget(r, "product")
	var prod *kam.Product
	if err == nil {
		prod, err = h.st.FindProduct(r.Context(), httpx.Principal(r.Context()), id)
	}
	answerRecord(h, w, r, http.StatusOK, prod, err, productVersion, nil)
}

// CreateProduct serves POST /api/v1/products (administrators): 201 with the
// new product; a SKU another product has is 409.
func (h *Handler) CreateProduct(w http.ResponseWriter, r *http.Request) {
	p, err := writer(r, "add products")
	var in productInput
	if err == nil {
		err = readJSON(w, r, &in)
	}
	prod := &kam.Product{SKU: in.SKU, Name: in.Name, Family: in.Family, ListPrice: in.ListPrice, Currency: in.Currency, Active: true}
	if in.Active != nil {
		prod.Active = *in.Active
	}
	if err == nil {
		err = h.st.CreateProduct(r.Context(), p, prod)
	}
	if err == nil {
		w.Header().Set("Location", "/api/v1/products/"+strconv.FormatInt(prod.ID, 10))
	}
	answerRecord(h, w, r, http.StatusCreated, prod, err, productVersion, nil)
}

// PatchProduct serves PATCH /api/v1/products/{id} (administrators), with
// the version in If-Match or the body: 428 without one, 412 with the
// product as it is now when it changed meanwhile.
func (h *Handler) PatchProduct(w http.ResponseWriter, r *http.Request) {
	p, id, err := h.accountChange(r, "change products", "product")
	var body productPatch
	if err == nil {
		err = readJSON(w, r, &body)
	}
	if err == nil {
		body.Version, err = requiredVersion(r, body.Version)
	}
	var prod *kam.Product
	if err == nil {
		prod, err = h.st.UpdateProduct(r.Context(), p, id, body.update())
	}
	answerRecord(h, w, r, http.StatusOK, prod, err, productVersion, func() (*kam.Product, error) {
		return h.st.FindProduct(r.Context(), p, id)
	})
}

// BulkProducts serves POST /api/v1/products/bulk: {"data": [...]} of up to
// 1,000 products upserted by SKU. A new SKU needs a name and a currency; a
// known one gets the fields the item gives. All or nothing, administrators,
// with an optional Idempotency-Key, as the other batch routes.
func (h *Handler) BulkProducts(w http.ResponseWriter, r *http.Request) {
	runBatch(h, w, r, "products/bulk", false, func(iw kam.ImportWriter, in *productBulkItem, _ json.RawMessage) (itemResult, error) {
		prod, out, err := store.UpsertProduct(iw, in.SKU, kam.ProductUpdate{Name: in.Name, Family: in.Family,
			ListPrice: in.ListPrice, Currency: in.Currency, Active: in.Active})
		if err != nil {
			return itemResult{}, err
		}
		return itemResult{ID: prod.ID, ExternalID: prod.SKU, Result: out.String()}, nil
	})
}

// productVersion is a product's version, for ETag.
func productVersion(p *kam.Product) int64 { return p.Version }

// optionalBool returns a parameter that is true or false, nil when absent.
func (p *params) optionalBool(name string) *bool {
	if p.v.Get(name) == "" {
		return nil
	}
	b := p.boolean(name)
	return &b
}

// answerRecord answers a read or a change of a versioned record: status
// with the record and its version in ETag. A change refused as stale
// (ESTALE) is 412 with the record as it is now (from reload, when given),
// so that the client can apply its change to it; any other error is
// answered as it is.
func answerRecord[T any](h *Handler, w http.ResponseWriter, r *http.Request, status int, rec T, err error,
	version func(T) int64, reload func() (T, error)) {
	if kam.ErrorCode(err) == kam.ESTALE && reload != nil {
		if now, ferr := reload(); ferr == nil {
			w.Header().Set("ETag", etag(version(now)))
			h.writeJSON(w, r, http.StatusPreconditionFailed, conflictBody[T]{
				Error: errorDetail{Code: kam.ESTALE, Message: kam.ErrorMessage(err)}, Data: now})
			return
		}
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(version(rec)))
	h.writeJSON(w, r, status, itemResponse[T]{Data: rec})
}
