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
	err = w.l.exec("UPDATE products SET name = ?, family = ?, list_price = ?, currency = ? WHERE id = ?",
		p.Name, p.Family, int64(p.ListPrice), p.Currency, p.ID)
	return kam.Changed, wrap("product", p.SKU, err)
}

// Order upserts an order with all its lines by (source, external id): when the
// account, kind, date, currency or any line differs, the stored lines are
// replaced by the new ones.
func (w *importWriter) Order(o *kam.Order) (kam.Outcome, error) {
	cur, err := w.storedOrder(o.Source, o.ExternalID)
	if err != nil {
		return 0, err
	}
	if cur == nil {
		return kam.New, w.l.Order(o)
	}
	o.ID = cur.ID
	if sameOrder(cur, o) {
		return kam.Unchanged, nil
	}
	if err := o.Validate(); err != nil {
		return 0, err
	}
	o.Total = 0
	for i, ln := range o.Lines {
		ln.LineNo = i + 1
		ln.Amount = ln.ComputeAmount()
		o.Total += ln.Amount
	}
	if err := w.l.flushAll(); err != nil { // queued lines of earlier orders first
		return 0, err
	}
	if err := w.l.exec("DELETE FROM order_lines WHERE order_id = ?", o.ID); err != nil {
		return 0, wrap("order", o.ExternalID, err)
	}
	if err := w.l.exec("UPDATE orders SET account_id = ?, kind = ?, order_date = ?, currency = ?, total = ? WHERE id = ?",
		o.AccountID, string(o.Kind), o.OrderDate, o.Currency, int64(o.Total), o.ID); err != nil {
		return 0, wrap("order", o.ExternalID, err)
	}
	for _, ln := range o.Lines {
		if err := w.l.add("order_lines", orderLineCols, o.ID, ln.LineNo, nullID(ln.ProductID), ln.Description,
			ln.Quantity, int64(ln.UnitPrice), ln.DiscountBP, int64(ln.Amount)); err != nil {
			return 0, err
		}
	}
	return kam.Changed, nil
}

// storedOrder reads an order and its lines by (source, external id), or nil.
func (w *importWriter) storedOrder(source, externalID string) (*kam.Order, error) {
	var o kam.Order
	err := w.l.queryRow(`SELECT id, account_id, kind, order_date, currency FROM orders WHERE source = ? AND external_id = ?`,
		source, externalID).Scan(&o.ID, &o.AccountID, &o.Kind, &o.OrderDate, &o.Currency)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("find order %s: %w", externalID, err)
	}
	rows, err := w.l.query(`SELECT COALESCE(product_id, 0), description, quantity, unit_price, discount_bp
		FROM order_lines WHERE order_id = ? ORDER BY line_no`, o.ID)
	if err != nil {
		return nil, fmt.Errorf("find order %s lines: %w", externalID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var ln kam.OrderLine
		if err := rows.Scan(&ln.ProductID, &ln.Description, &ln.Quantity, &ln.UnitPrice, &ln.DiscountBP); err != nil {
			return nil, err
		}
		o.Lines = append(o.Lines, &ln)
	}
	return &o, rows.Err()
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
