package store

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kamhq/kam"
)

// Orders upserts orders with all their lines by (source, external id), a
// batch at a time: one query finds the stored ones, one reads their lines,
// and one multi-row INSERT adds the new ones, so that the number of round
// trips to the database does not grow with the number of orders. An order
// whose account, kind, date, currency or any line differs gets its lines
// replaced. errs[i] is set for an order the store refuses (invalid); the
// others are written.
func (w *importWriter) Orders(orders []*kam.Order) (outs []kam.Outcome, errs []error, err error) {
	outs, errs = make([]kam.Outcome, len(orders)), make([]error, len(orders))
	valid := make([]*kam.Order, 0, len(orders))
	index := map[*kam.Order]int{}
	for i, o := range orders {
		if errs[i] = prepareOrder(o); errs[i] == nil {
			valid = append(valid, o)
			index[o] = i
		}
	}
	stored, err := w.storedOrders(valid)
	if err != nil {
		return nil, nil, err
	}
	var fresh []*kam.Order
	for _, o := range valid {
		cur := stored[[2]string{o.Source, o.ExternalID}]
		switch {
		case cur == nil:
			fresh = append(fresh, o)
			outs[index[o]] = kam.New
		case sameOrder(cur, o):
			o.ID = cur.ID
			outs[index[o]] = kam.Unchanged
		default:
			o.ID = cur.ID
			outs[index[o]] = kam.Changed
			if err := w.replaceOrder(o); err != nil {
				return nil, nil, err
			}
		}
	}
	return outs, errs, w.insertOrders(fresh)
}

// insertOrders adds new orders with multi-row INSERTs that return their ids.
func (w *importWriter) insertOrders(orders []*kam.Order) error {
	row := "(" + placeholders(len(orderCols)) + ")"
	for chunk := range slices.Chunk(orders, 500) {
		args := make([]any, 0, len(chunk)*len(orderCols))
		byKey := map[[2]string]*kam.Order{}
		for _, o := range chunk {
			args = append(args, orderArgs(o)...)
			byKey[[2]string{o.Source, o.ExternalID}] = o
		}
		q := "INSERT INTO orders (" + strings.Join(orderCols, ", ") + ") VALUES " +
			strings.TrimSuffix(strings.Repeat(row+",", len(chunk)), ",") + " RETURNING id, source, external_id"
		rows, err := w.l.query(q, args...)
		if err != nil {
			return fmt.Errorf("insert orders: %w", err)
		}
		err = eachRow(rows, func() error {
			var id int64
			var key [2]string
			if err := rows.Scan(&id, &key[0], &key[1]); err != nil {
				return err
			}
			if o := byKey[key]; o != nil {
				o.ID = id
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("insert orders: %w", err)
		}
		for _, o := range chunk {
			if o.ID == 0 {
				return fmt.Errorf("insert orders: no id returned for order %s", o.ExternalID)
			}
			if err := w.l.orderLines(o); err != nil {
				return err
			}
		}
	}
	return nil
}

// replaceOrder rewrites a changed order and its lines.
func (w *importWriter) replaceOrder(o *kam.Order) error {
	if err := w.l.flushAll(); err != nil { // queued lines of earlier orders first
		return err
	}
	if err := w.l.exec("DELETE FROM order_lines WHERE order_id = ?", o.ID); err != nil {
		return wrap("order", o.ExternalID, err)
	}
	if err := w.l.exec("UPDATE orders SET account_id = ?, kind = ?, order_date = ?, currency = ?, total = ? WHERE id = ?",
		o.AccountID, string(o.Kind), o.OrderDate, o.Currency, int64(o.Total), o.ID); err != nil {
		return wrap("order", o.ExternalID, err)
	}
	return w.l.orderLines(o)
}

// storedOrders reads the stored orders, with their lines, of a batch.
func (w *importWriter) storedOrders(orders []*kam.Order) (map[[2]string]*kam.Order, error) {
	out := map[[2]string]*kam.Order{}
	byID := map[int64]*kam.Order{}
	bySource := map[string][]any{}
	for _, o := range orders {
		bySource[o.Source] = append(bySource[o.Source], o.ExternalID)
	}
	for source, keys := range bySource {
		for chunk := range slices.Chunk(keys, 500) {
			rows, err := w.c.query(w.ctx(), `SELECT id, external_id, account_id, kind, order_date, currency FROM orders
				WHERE source = ? AND external_id IN (`+placeholders(len(chunk))+`)`, append([]any{source}, chunk...)...)
			if err != nil {
				return nil, fmt.Errorf("find orders: %w", err)
			}
			err = eachRow(rows, func() error {
				o := &kam.Order{Source: source}
				if err := rows.Scan(&o.ID, &o.ExternalID, &o.AccountID, &o.Kind, &o.OrderDate, &o.Currency); err != nil {
					return err
				}
				out[[2]string{source, o.ExternalID}] = o
				byID[o.ID] = o
				return nil
			})
			if err != nil {
				return nil, fmt.Errorf("find orders: %w", err)
			}
		}
	}
	ids := make([]any, 0, len(byID))
	for id := range byID {
		ids = append(ids, id)
	}
	for chunk := range slices.Chunk(ids, 500) {
		rows, err := w.c.query(w.ctx(), `SELECT order_id, COALESCE(product_id, 0), description, quantity, unit_price, discount_bp
			FROM order_lines WHERE order_id IN (`+placeholders(len(chunk))+`) ORDER BY order_id, line_no`, chunk...)
		if err != nil {
			return nil, fmt.Errorf("find order lines: %w", err)
		}
		err = eachRow(rows, func() error {
			var ln kam.OrderLine
			if err := rows.Scan(&ln.OrderID, &ln.ProductID, &ln.Description, &ln.Quantity, &ln.UnitPrice, &ln.DiscountBP); err != nil {
				return err
			}
			o := byID[ln.OrderID]
			o.Lines = append(o.Lines, &ln)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("find order lines: %w", err)
		}
	}
	return out, nil
}
