package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"

	"github.com/kamhq/kam"
)

// sourceAPI is the source of records sent through the API without one.
const sourceAPI = "api"

// orderInput is one order of POST /api/v1/orders.
type orderInput struct {
	Source         string           `json:"source,omitempty"`
	ExternalID     string           `json:"external_id"`
	AccountID      int64            `json:"account_id,omitempty"`
	Account        *accountRef      `json:"account,omitempty"`
	Kind           kam.OrderKind    `json:"kind,omitempty"`
	OrderDate      kam.Date         `json:"order_date"`
	Currency       string           `json:"currency"`
	DeliveryStatus string           `json:"delivery_status,omitempty"`
	Lines          []orderLineInput `json:"lines"`
}

// orderLineInput is one line of an order.
type orderLineInput struct {
	SKU         string    `json:"sku,omitempty"`
	Description string    `json:"description,omitempty"`
	Quantity    int64     `json:"quantity"`
	UnitPrice   kam.Money `json:"unit_price"`
	DiscountBP  int64     `json:"discount_bp,omitempty"`
}

// invoiceInput is one invoice of POST /api/v1/invoices.
type invoiceInput struct {
	Source          string      `json:"source,omitempty"`
	ExternalID      string      `json:"external_id"`
	Number          string      `json:"number"`
	AccountID       int64       `json:"account_id,omitempty"`
	Account         *accountRef `json:"account,omitempty"`
	OrderExternalID string      `json:"order_external_id,omitempty"`
	IssuedOn        kam.Date    `json:"issued_on"`
	DueOn           kam.Date    `json:"due_on"`
	Amount          kam.Money   `json:"amount"`
	Currency        string      `json:"currency"`
	PaidOn          kam.Date    `json:"paid_on,omitzero"`
}

// invoiceFields are the invoice fields an update compares.
var invoiceFields = []string{"account_id", "order_id", "issued_on", "due_on", "amount", "currency", "paid_on"}

// IngestOrders serves POST /api/v1/orders: one order, or {"data": [...]}
// of up to 1,000, upserted by (source, external_id) with all their lines.
// The accounts' roll-ups and flags are brought up to date before the
// answer. Send an Idempotency-Key to make retries safe.
func (h *Handler) IngestOrders(w http.ResponseWriter, r *http.Request) {
	runBatch(h, w, r, "orders", true, func(iw kam.ImportWriter, in *orderInput, _ json.RawMessage) (itemResult, error) {
		o, err := in.order(iw)
		if err != nil {
			return itemResult{}, err
		}
		outs, errs, err := iw.Orders([]*kam.Order{o})
		if err == nil {
			err = errs[0]
		}
		if err != nil {
			return itemResult{}, err
		}
		return itemResult{ID: o.ID, Source: o.Source, ExternalID: o.ExternalID, Result: outs[0].String()}, nil
	})
}

// order turns the input into an order, finding its account and products.
func (in *orderInput) order(iw kam.ImportWriter) (*kam.Order, error) {
	if in.ExternalID == "" {
		return nil, kam.FieldError("external_id", "Give the order's id in your system as external_id; it makes sending it again update it, not duplicate it.")
	}
	if len(in.Lines) == 0 {
		return nil, kam.FieldError("lines", "An order needs at least one line.")
	}
	account, err := resolveAccount(iw, in.AccountID, in.Account)
	if err != nil {
		return nil, err
	}
	o := &kam.Order{AccountID: account, Source: orDefault(in.Source, sourceAPI), ExternalID: in.ExternalID, Kind: in.Kind,
		OrderDate: in.OrderDate, Currency: in.Currency, DeliveryStatus: in.DeliveryStatus}
	for i, ln := range in.Lines {
		line := &kam.OrderLine{LineNo: i + 1, Description: ln.Description, Quantity: ln.Quantity, UnitPrice: ln.UnitPrice, DiscountBP: ln.DiscountBP}
		if ln.SKU == "" && ln.Description == "" {
			return nil, kam.FieldError(fmt.Sprintf("lines[%d].sku", i), "Line %d needs a sku or a description.", i+1)
		}
		if ln.SKU != "" {
			if line.ProductID, err = iw.ProductID(ln.SKU); err != nil {
				return nil, err
			}
			if line.ProductID == 0 {
				return nil, kam.FieldError(fmt.Sprintf("lines[%d].sku", i), "No product has SKU %q.", ln.SKU)
			}
		}
		o.Lines = append(o.Lines, line)
	}
	return o, nil
}

// IngestInvoices serves POST /api/v1/invoices: one invoice, or
// {"data": [...]}, upserted by (source, external_id); like orders, with an
// optional Idempotency-Key. Late and unpaid invoices count in the account's
// roll-ups and flags from the answer on.
func (h *Handler) IngestInvoices(w http.ResponseWriter, r *http.Request) {
	runBatch(h, w, r, "invoices", true, func(iw kam.ImportWriter, in *invoiceInput, _ json.RawMessage) (itemResult, error) {
		inv, err := in.invoice(iw)
		if err != nil {
			return itemResult{}, err
		}
		out, err := iw.Invoice(inv, invoiceFields)
		if err != nil {
			return itemResult{}, err
		}
		return itemResult{ID: inv.ID, Source: inv.Source, ExternalID: inv.ExternalID, Result: out.String()}, nil
	})
}

// invoice turns the input into an invoice, finding its account and order.
func (in *invoiceInput) invoice(iw kam.ImportWriter) (*kam.Invoice, error) {
	switch {
	case in.ExternalID == "":
		return nil, kam.FieldError("external_id", "Give the invoice's id in your system as external_id.")
	case in.Number == "":
		return nil, kam.FieldError("number", "Give the invoice number.")
	case in.Amount < 0:
		return nil, kam.FieldError("amount", "An invoice amount cannot be negative.")
	case !validCurrencyCode(in.Currency):
		return nil, kam.FieldError("currency", "Currency must be a three-letter ISO code such as EUR.")
	}
	account, err := resolveAccount(iw, in.AccountID, in.Account)
	if err != nil {
		return nil, err
	}
	inv := &kam.Invoice{AccountID: account, Number: in.Number, Source: orDefault(in.Source, sourceAPI), ExternalID: in.ExternalID,
		IssuedOn: in.IssuedOn, DueOn: in.DueOn, Amount: in.Amount, Currency: in.Currency, PaidOn: in.PaidOn}
	if inv.DueOn.IsZero() {
		inv.DueOn = inv.IssuedOn
	}
	if in.OrderExternalID != "" {
		if inv.OrderID, err = iw.OrderID(inv.Source, in.OrderExternalID); err != nil {
			return nil, err
		}
		if inv.OrderID == 0 {
			return nil, kam.FieldError("order_external_id", "No %s order has id %q.", inv.Source, in.OrderExternalID)
		}
	}
	return inv, nil
}

// validCurrencyCode reports whether c is three capital letters.
func validCurrencyCode(c string) bool {
	return len(c) == 3 && !slices.ContainsFunc([]byte(c), func(b byte) bool { return b < 'A' || b > 'Z' })
}

// orDefault returns s, or def when s is empty.
func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
