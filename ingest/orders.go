package ingest

import (
	"fmt"
	"strings"

	"github.com/kamhq/kam"
)

// An orders file holds order lines; the lines with the same order number make
// one order, written whole or not at all. They need not be next to each
// other: the file was counted first (countOrderLines), so an order is
// complete when all its lines have been read, and only orders whose lines are
// scattered wait in memory.

type orderBuilder struct {
	e       *engine
	f       *fileState
	pending map[string]*pendingOrder
	prefix  string // of credit note numbers
	// counted holds the customers already counted as found.
	counted map[string]bool
}

type pendingOrder struct {
	number, account, country, currency string
	date                               kam.Date
	rows                               []*Row
	lines                              []*orderLineIn
	// bad holds each rejected line's column and reason.
	bad map[*Row][2]string
	// firstBad is the first rejected line, named in the others' reasons.
	firstBad *Row
}

type orderLineIn struct {
	sku, description string
	kam.OrderLine
}

func newOrderBuilder(e *engine, f *fileState) *orderBuilder {
	b := &orderBuilder{e: e, f: f, pending: map[string]*pendingOrder{}, counted: map[string]bool{}}
	if e.opts.Profile != nil {
		b.prefix = e.opts.Profile.CreditNotePrefix
	}
	return b
}

func (b *orderBuilder) add(row *Row) []*record {
	o := b.order(row)
	b.line(o, row)
	return b.completeIfWhole(o)
}

// broken takes a row that could not be read as it stands (a broken
// encoding): its order is rejected whole.
func (b *orderBuilder) broken(row *Row) []*record {
	o := b.order(row)
	o.rows = append(o.rows, row)
	o.fail(row, "", row.Err.Error())
	return b.completeIfWhole(o)
}

// order returns the pending order a row belongs to.
func (b *orderBuilder) order(row *Row) *pendingOrder {
	number := ParseID(b.f.mapping.Value(row, "order_id"))
	o := b.pending[number]
	if o == nil {
		o = &pendingOrder{number: number}
		b.pending[number] = o
	}
	return o
}

// completeIfWhole returns the order as a record once all its lines are read.
func (b *orderBuilder) completeIfWhole(o *pendingOrder) []*record {
	if len(o.rows) < b.f.orderLines[o.number] {
		return nil
	}
	delete(b.pending, o.number)
	return b.complete(o)
}

// fail rejects a line of the order, keeping the first reason of each line.
func (o *pendingOrder) fail(row *Row, column, reason string) {
	if _, ok := o.bad[row]; ok {
		return
	}
	if o.bad == nil {
		o.bad, o.firstBad = map[*Row][2]string{}, row
	}
	o.bad[row] = [2]string{column, reason}
}

// line reads one order line into o, remembering the first bad one.
func (b *orderBuilder) line(o *pendingOrder, row *Row) {
	o.rows = append(o.rows, row)
	fail := func(field, format string, args ...any) { o.fail(row, b.f.column(field), fmt.Sprintf(format, args...)) }
	if prev, ok := b.e.ordersSeen[o.number]; ok && prev != b.f.name && o.number != "" {
		fail("order_id", "order %s is in %s too; the lines of one order must be in one file", o.number, prev)
	}
	r := b.e.reader(b.f, row)
	if o.number == "" {
		fail("order_id", "the line has no order number")
	}
	account := ParseID(r.text("account_external_id"))
	if account == "" {
		fail("account_external_id", "the line has no customer id; kam keeps every order on an account")
	}
	when, err := ParseDay(r.text("order_date"))
	if err != nil {
		fail("order_date", "%v", err)
	}
	qty, err := ParseQuantityIn(r.text("quantity"), b.f.decimalComma)
	if err != nil {
		fail("quantity", "%v", err)
	}
	price, err := ParseAmountIn(r.text("unit_price"), b.f.decimalComma)
	if err != nil {
		fail("unit_price", "%v", err)
	} else if price < 0 {
		fail("unit_price", "a unit price cannot be negative; a refund is a credit note")
	}
	var discount int64
	if d := r.text("discount"); d != "" {
		m, err := ParseAmountIn(strings.TrimSuffix(d, "%"), b.f.decimalComma)
		if err != nil || m < 0 || m > kam.Money(100*10000) {
			fail("discount", "discount %q is not a percentage between 0 and 100", d)
		}
		discount = int64(m) / 100 // percent in ten-thousandths → basis points
	}
	currency := strings.ToUpper(r.text("currency"))
	if currency == "" {
		currency = b.e.opts.Currency
	}
	if len(o.lines) == 0 {
		o.account, o.date, o.currency, o.country = account, when, currency, r.text("country")
	} else if account != o.account && account != "" {
		fail("account_external_id", "customer %s differs from the order's first line (%s)", account, o.account)
	} else if currency != o.currency {
		fail("currency", "currency %s differs from the order's first line (%s)", currency, o.currency)
	}
	if b.prefix != "" && strings.HasPrefix(o.number, b.prefix) && qty > 0 {
		fail("quantity", "a credit note's quantities are negative")
	}
	o.lines = append(o.lines, &orderLineIn{sku: r.text("sku"), description: r.text("description"),
		OrderLine: kam.OrderLine{Quantity: qty, UnitPrice: price, DiscountBP: discount}})
}

// finish rejects the orders still waiting: lines of theirs that the first
// reading of the file counted were not there the second time (the file
// changed while it was imported).
func (b *orderBuilder) finish() []*record {
	for _, o := range b.pending {
		o.fail(o.rows[0], "", fmt.Sprintf("order %s has %d lines in the file but only %d could be read; import the file again",
			o.number, b.f.orderLines[o.number], len(o.rows)))
		b.complete(o)
	}
	clear(b.pending)
	return nil
}

// complete returns a whole order as a record, or rejects all its lines when
// one is bad.
func (b *orderBuilder) complete(o *pendingOrder) []*record {
	if o.number != "" {
		if _, ok := b.e.ordersSeen[o.number]; !ok {
			b.e.ordersSeen[o.number] = b.f.name
		}
	}
	if o.firstBad != nil {
		first := o.bad[o.firstBad]
		for _, row := range o.rows {
			if why, ok := o.bad[row]; ok {
				b.e.reject(b.f, row, why[0], why[1])
			} else {
				b.e.reject(b.f, row, "", fmt.Sprintf("order %s was not imported because line %d is rejected (%s)", o.number, o.firstBad.Line, first[1]))
			}
		}
		return nil
	}
	kind := kam.OrderSale
	if b.prefix != "" && strings.HasPrefix(o.number, b.prefix) {
		kind = kam.OrderCreditNote
	}
	return []*record{{kind: KindOrders, file: b.f, rows: o.rows, order: func(w kam.ImportWriter) (*kam.Order, error) {
		account, err := b.account(w, o)
		if err != nil {
			return nil, err
		}
		order := &kam.Order{AccountID: account, Source: b.e.opts.Source, ExternalID: o.number, Kind: kind,
			OrderDate: o.date, Currency: o.currency, DeliveryStatus: "delivered"}
		for i, ln := range o.lines {
			l := ln.OrderLine
			l.LineNo, l.Description = i+1, ln.description
			if ln.sku != "" {
				if l.ProductID, err = b.product(w, ln); err != nil {
					return nil, err
				}
			}
			order.Lines = append(order.Lines, &l)
		}
		return order, nil
	}}}
}

// account finds the order's customer, creating it when the profile says so.
func (b *orderBuilder) account(w kam.ImportWriter, o *pendingOrder) (int64, error) {
	id, err := b.e.res.account(o.account)
	if err != nil || id != 0 {
		// A profile that creates customers reports the ones it found too, once.
		if id != 0 && b.e.opts.Profile != nil && b.e.opts.Profile.CreateAccounts && !b.counted["a:"+o.account] {
			b.counted["a:"+o.account] = true
			b.e.sum.counts(KindAccounts).Add(kam.Unchanged)
		}
		return id, err
	}
	p := b.e.opts.Profile
	if p == nil || !p.CreateAccounts {
		return 0, kam.FieldError("account_external_id", "No account has %s id %q; import the accounts first.", b.e.opts.Source, o.account)
	}
	a := &kam.Account{Name: fmt.Sprintf(p.AccountName, o.account), Country: o.country, Currency: o.currency}
	out, err := w.Account(b.e.opts.Source, o.account, a, nil)
	if err != nil {
		return 0, err
	}
	b.e.sum.counts(KindAccounts).Add(out)
	b.counted["a:"+o.account] = true
	b.e.res.learn("a:"+o.account, a.ID)
	return a.ID, nil
}

// product finds a line's product by SKU, creating it when the profile says so.
func (b *orderBuilder) product(w kam.ImportWriter, ln *orderLineIn) (int64, error) {
	key := "p:" + ln.sku
	if id, ok := b.e.res.get(key); ok {
		return id, nil
	}
	p := b.e.opts.Profile
	if p == nil || !p.CreateProducts {
		id, err := w.ProductID(ln.sku)
		if err == nil && id == 0 {
			err = kam.FieldError("sku", "No product has SKU %q; import the products first.", ln.sku)
		}
		if err != nil {
			return 0, err
		}
		b.e.res.learn(key, id)
		return id, nil
	}
	// Found or created in one go; an existing product is left as it is.
	prod := &kam.Product{SKU: ln.sku, Name: ln.description, ListPrice: ln.UnitPrice, Currency: b.e.opts.Currency}
	out, err := w.Product(prod, nil)
	if err != nil {
		return 0, err
	}
	b.e.sum.counts(KindProducts).Add(out) // once a SKU: the resolver remembers it
	b.e.res.addProduct(prod)
	return prod.ID, nil
}
