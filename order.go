package kam

import (
	"slices"
	"time"
)

// Product is something the company sells.
type Product struct {
	ID        int64     `json:"id"`
	SKU       string    `json:"sku"`
	Name      string    `json:"name"`
	Family    string    `json:"family,omitempty"`
	ListPrice Money     `json:"list_price"`
	Currency  string    `json:"currency"`
	Active    bool      `json:"active"`
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
}

// OrderKind tells an order from a credit note (a return or cancellation, whose
// amounts are negative and net against revenue).
type OrderKind string

// The kinds of order document.
const (
	OrderSale       OrderKind = "order"
	OrderCreditNote OrderKind = "credit_note"
)

// DeliveryStatuses are the states of an order's delivery.
var DeliveryStatuses = []string{"open", "partial", "delivered", "cancelled"}

// Order is a sales order or credit note of an account, with its lines.
type Order struct {
	ID             int64        `json:"id"`
	AccountID      int64        `json:"account_id"`
	Source         string       `json:"source,omitempty"`
	ExternalID     string       `json:"external_id,omitempty"`
	Kind           OrderKind    `json:"kind"`
	OrderDate      Date         `json:"order_date"`
	Currency       string       `json:"currency"`
	Total          Money        `json:"total"`
	DeliveryStatus string       `json:"delivery_status"`
	Lines          []*OrderLine `json:"lines,omitempty"`
	CreatedAt      time.Time    `json:"created_at"`
}

// OrderLine is one product on an order. Amount = Quantity × UnitPrice less the
// discount (in basis points); quantities of credit notes are negative.
type OrderLine struct {
	ID          int64  `json:"id"`
	OrderID     int64  `json:"order_id"`
	LineNo      int    `json:"line_no"`
	ProductID   int64  `json:"product_id,omitempty"`
	Description string `json:"description,omitempty"`
	Quantity    int64  `json:"quantity"`
	UnitPrice   Money  `json:"unit_price"`
	DiscountBP  int64  `json:"discount_bp"`
	Amount      Money  `json:"amount"`
}

// ComputeAmount returns quantity × unit price less the line discount.
func (l *OrderLine) ComputeAmount() Money {
	gross := l.UnitPrice.Times(l.Quantity)
	return gross - gross.Percent(l.DiscountBP)
}

// Validate checks an order and its lines.
func (o *Order) Validate() error {
	switch {
	case o.AccountID == 0:
		return FieldError("account_id", "An order belongs to an account.")
	case o.OrderDate.IsZero():
		return FieldError("order_date", "Order date is required (YYYY-MM-DD).")
	case o.Kind != OrderSale && o.Kind != OrderCreditNote:
		return FieldError("kind", "Kind must be order or credit_note.")
	case !validCurrency(o.Currency):
		return FieldError("currency", "Currency must be a three-letter ISO code such as EUR.")
	case o.DeliveryStatus != "" && !slices.Contains(DeliveryStatuses, o.DeliveryStatus):
		return FieldError("delivery_status", "Delivery status must be one of open, partial, delivered, cancelled.")
	}
	for _, l := range o.Lines {
		if l.UnitPrice < 0 {
			return FieldError("unit_price", "Line %d: unit price cannot be negative; use a credit note.", l.LineNo)
		}
		if l.DiscountBP < 0 || l.DiscountBP > 10000 {
			return FieldError("discount_bp", "Line %d: discount must be between 0 and 10000 basis points.", l.LineNo)
		}
	}
	return nil
}

// Invoice is a bill sent to an account.
type Invoice struct {
	ID         int64     `json:"id"`
	AccountID  int64     `json:"account_id"`
	OrderID    int64     `json:"order_id,omitempty"`
	Number     string    `json:"number"`
	Source     string    `json:"source,omitempty"`
	ExternalID string    `json:"external_id,omitempty"`
	IssuedOn   Date      `json:"issued_on"`
	DueOn      Date      `json:"due_on"`
	Amount     Money     `json:"amount"`
	Currency   string    `json:"currency"`
	PaidOn     Date      `json:"paid_on"`
	CreatedAt  time.Time `json:"created_at"`
}

// Payment is money received against an invoice.
type Payment struct {
	ID         int64  `json:"id"`
	InvoiceID  int64  `json:"invoice_id"`
	AccountID  int64  `json:"account_id"`
	PaidOn     Date   `json:"paid_on"`
	Amount     Money  `json:"amount"`
	Currency   string `json:"currency"`
	Source     string `json:"source,omitempty"`
	ExternalID string `json:"external_id,omitempty"`
}
