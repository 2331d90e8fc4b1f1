package store

import (
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/kamhq/kam"
)

// ProductID finds a product by SKU; 0 when there is none.
func (w *importWriter) ProductID(sku string) (int64, error) {
	var id int64
	err := w.l.queryRow("SELECT id FROM products WHERE sku = ?", sku).Scan(&id)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("find product %s: %w", sku, err)
	}
	return id, nil
}

// Products lists every product.
func (w *importWriter) Products() ([]*kam.Product, error) {
	rows, err := w.c.query(w.ctx(), "SELECT id, sku, name, family, list_price, currency, active FROM products ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("list products: %w", err)
	}
	defer rows.Close()
	var out []*kam.Product
	for rows.Next() {
		var p kam.Product
		if err := rows.Scan(&p.ID, &p.SKU, &p.Name, &p.Family, &p.ListPrice, &p.Currency, &p.Active); err != nil {
			return nil, err
		}
		out = append(out, &p)
	}
	return out, rows.Err()
}

// Product upserts a product by SKU.
func (w *importWriter) Product(p *kam.Product, fields []string) (kam.Outcome, error) {
	var cur kam.Product
	err := w.c.queryRow(w.ctx(), "SELECT id, name, family, list_price, currency FROM products WHERE sku = ?", p.SKU).
		Scan(&cur.ID, &cur.Name, &cur.Family, &cur.ListPrice, &cur.Currency)
	if errors.Is(err, sql.ErrNoRows) {
		p.Active = true
		if p.Name == "" {
			p.Name = p.SKU
		}
		return kam.New, w.l.Product(p)
	}
	if err != nil {
		return 0, fmt.Errorf("find product %s: %w", p.SKU, err)
	}
	p.ID = cur.ID
	changed := false
	set := func(field string, same bool) bool {
		if slices.Contains(fields, field) && !same {
			changed = true
			return true
		}
		return false
	}
	if !set("name", p.Name == cur.Name || p.Name == "") {
		p.Name = cur.Name
	}
	if !set("family", p.Family == cur.Family) {
		p.Family = cur.Family
	}
	if !set("list_price", p.ListPrice == cur.ListPrice) {
		p.ListPrice = cur.ListPrice
	}
	if !set("currency", p.Currency == cur.Currency) {
		p.Currency = cur.Currency
	}
	if !changed {
		return kam.Unchanged, nil
	}
	err = w.l.exec("UPDATE products SET name = ?, family = ?, list_price = ?, currency = ?, version = version + 1 WHERE id = ?",
		p.Name, p.Family, int64(p.ListPrice), p.Currency, p.ID)
	return kam.Changed, wrap("product", p.SKU, err)
}

func sameOrder(a, b *kam.Order) bool {
	if a.AccountID != b.AccountID || a.Kind != b.Kind || a.OrderDate != b.OrderDate || a.Currency != b.Currency || len(a.Lines) != len(b.Lines) {
		return false
	}
	for i, x := range a.Lines {
		y := b.Lines[i]
		if x.ProductID != y.ProductID || x.Description != y.Description || x.Quantity != y.Quantity ||
			x.UnitPrice != y.UnitPrice || x.DiscountBP != y.DiscountBP {
			return false
		}
	}
	return true
}
