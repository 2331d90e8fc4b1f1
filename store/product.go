package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/kamhq/kam"
)

// The product catalogue: everyone signed in reads it, administrators change
// it. A product is never deleted, since orders refer to it: it leaves the
// catalogue by becoming inactive. Every change is audited as "product" and
// advances the product's version.

// productColumns are the columns scanProduct reads, in its order.
const productColumns = `p.id, p.sku, p.name, p.family, p.list_price, p.currency, p.active, p.version, p.created_at`

// scanProduct reads a row of productColumns.
func scanProduct(scan func(...any) error) (*kam.Product, error) {
	var p kam.Product
	err := scan(&p.ID, &p.SKU, &p.Name, &p.Family, &p.ListPrice, &p.Currency, &p.Active, &p.Version, &p.CreatedAt)
	return &p, err
}

// requireSignedIn refuses a request without a principal.
func requireSignedIn(p *kam.Principal) error {
	if p == nil {
		return kam.Errorf(kam.EUNAUTHORIZED, "Sign in first.")
	}
	return nil
}

// FindProduct returns a product, active or not; ENOTFOUND when there is none.
func (s *Store) FindProduct(ctx context.Context, p *kam.Principal, id int64) (*kam.Product, error) {
	if err := requireSignedIn(p); err != nil {
		return nil, err
	}
	return findProduct(ctx, s.reader(), id)
}

func findProduct(ctx context.Context, c conn, id int64) (*kam.Product, error) {
	out, err := scanProduct(c.queryRow(ctx, "SELECT "+productColumns+" FROM products p WHERE p.id = ?", id).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kam.Errorf(kam.ENOTFOUND, "Product %d not found.", id)
	} else if err != nil {
		return nil, fmt.Errorf("find product %d: %w", id, err)
	}
	return out, nil
}

// CreateProduct adds a product to the catalogue (administrators). A SKU
// that another product has is ECONFLICT.
func (s *Store) CreateProduct(ctx context.Context, p *kam.Principal, prod *kam.Product) error {
	if err := requireAdmin(p); err != nil {
		return err
	}
	prod.SKU, prod.Name, prod.Family = strings.TrimSpace(prod.SKU), strings.TrimSpace(prod.Name), strings.TrimSpace(prod.Family)
	if err := prod.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(c conn) error { return s.insertProduct(ctx, c, p, prod) })
}

// insertProduct writes a new, valid product and audits it.
func (s *Store) insertProduct(ctx context.Context, c conn, p *kam.Principal, prod *kam.Product) error {
	prod.CreatedAt, prod.Version = s.Now(), 1
	id, err := c.insert(ctx, `INSERT INTO products (sku, name, family, list_price, currency, active, version, created_at)
		VALUES (?,?,?,?,?,?,?,?)`, prod.SKU, prod.Name, prod.Family, int64(prod.ListPrice), prod.Currency, prod.Active,
		prod.Version, prod.CreatedAt)
	if isUniqueViolation(err) {
		return skuTaken(prod.SKU)
	} else if err != nil {
		return fmt.Errorf("create product: %w", err)
	}
	prod.ID = id
	return s.audit(ctx, c, p, "product", id, "create", change{field: "sku", new: prod.SKU},
		change{field: "name", new: prod.Name}, change{field: "list_price", new: prod.ListPrice.String()})
}

// skuTaken is the answer to a product whose SKU another product has.
func skuTaken(sku string) error {
	return kam.Errorf(kam.ECONFLICT, "Another product has the SKU %q.", sku)
}

// UpdateProduct applies upd to a product (administrators) if upd.Version
// is still its version; a newer one is ESTALE and nothing is written. A
// change that changes nothing writes nothing and keeps the version.
func (s *Store) UpdateProduct(ctx context.Context, p *kam.Principal, id int64, upd kam.ProductUpdate) (*kam.Product, error) {
	if err := requireAdmin(p); err != nil {
		return nil, err
	}
	var out *kam.Product
	err := s.inTx(ctx, func(c conn) error {
		prod, err := findProduct(ctx, c, id)
		if err != nil {
			return err
		}
		if upd.Version != prod.Version {
			return staleError("Product", id, upd.Version, prod.Version)
		}
		out = prod
		_, err = s.changeProduct(ctx, c, p, prod, upd)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// changeProduct applies upd to prod, checks the result and, if anything
// changed, writes it with its audit entry and advances its version.
func (s *Store) changeProduct(ctx context.Context, c conn, p *kam.Principal, prod *kam.Product, upd kam.ProductUpdate) (bool, error) {
	var pt patch
	pt.str("name", &prod.Name, trimmed(upd.Name))
	pt.str("family", &prod.Family, trimmed(upd.Family))
	patchValue(&pt, "list_price", &prod.ListPrice, upd.ListPrice)
	pt.str("currency", &prod.Currency, upd.Currency)
	pt.flag("active", &prod.Active, upd.Active)
	if err := prod.Validate(); err != nil || len(pt.changes) == 0 {
		return false, err
	}
	res, err := c.exec(ctx, `UPDATE products SET name = ?, family = ?, list_price = ?, currency = ?, active = ?, version = version + 1
		WHERE id = ? AND version = ?`, prod.Name, prod.Family, int64(prod.ListPrice), prod.Currency, prod.Active, prod.ID, prod.Version)
	if err != nil {
		return false, fmt.Errorf("update product %d: %w", prod.ID, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return false, staleError("Product", prod.ID, prod.Version, prod.Version+1)
	}
	prod.Version++
	return true, s.audit(ctx, c, p, "product", prod.ID, "update", pt.changes...)
}

// flag sets *dst to *v when v is given and differs.
func (p *patch) flag(field string, dst, v *bool) {
	if v != nil && *v != *dst {
		p.changes = append(p.changes, change{field, strconv.FormatBool(*dst), strconv.FormatBool(*v)})
		*dst = *v
	}
}

// trimmed is v without surrounding space; nil stays nil.
func trimmed(v *string) *string {
	if v == nil {
		return nil
	}
	t := strings.TrimSpace(*v)
	return &t
}
