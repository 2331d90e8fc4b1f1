package store

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/kamhq/kam"
)

// UpsertProduct upserts one product of a batch by its SKU, in the batch's
// transaction (iw is the BatchWriter of ImportOnce): a new SKU adds a product, which needs a
// name and a currency and is active unless upd says otherwise; a known SKU
// gets the fields upd gives, as UpdateProduct would, without a version
// check (a batch is a feed from the system that owns the catalogue). Each
// write is audited and advances the version; a product upd does not change
// is Unchanged and keeps its version. upd.Version is ignored.
func UpsertProduct(iw kam.ImportWriter, sku string, upd kam.ProductUpdate) (*kam.Product, kam.Outcome, error) {
	b, ok := iw.(batchWriter)
	if !ok {
		return nil, 0, fmt.Errorf("upsert product %s: not a batch of the store", sku)
	}
	s, p, c, ctx := b.l.s, b.l.p, b.c, b.ctx()
	sku = strings.TrimSpace(sku)
	if sku == "" {
		return nil, 0, kam.FieldError("sku", "Each item needs its product's SKU.")
	}
	prod, err := scanProduct(c.queryRow(ctx, "SELECT "+productColumns+" FROM products p WHERE p.sku = ?", sku).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		prod = &kam.Product{SKU: sku, Active: true}
		if upd.Active != nil {
			prod.Active = *upd.Active
		}
		for _, v := range []struct {
			dst *string
			v   *string
		}{{&prod.Name, trimmed(upd.Name)}, {&prod.Family, trimmed(upd.Family)}, {&prod.Currency, upd.Currency}} {
			if v.v != nil {
				*v.dst = *v.v
			}
		}
		if upd.ListPrice != nil {
			prod.ListPrice = *upd.ListPrice
		}
		if err := prod.Validate(); err != nil {
			return nil, 0, err
		}
		return prod, kam.New, s.insertProduct(ctx, c, p, prod)
	} else if err != nil {
		return nil, 0, fmt.Errorf("find product %s: %w", sku, err)
	}
	changed, err := s.changeProduct(ctx, c, p, prod, upd)
	if err != nil || !changed {
		return prod, kam.Unchanged, err
	}
	return prod, kam.Changed, nil
}
