package store

import (
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/kamhq/kam"
)

// InvoiceID finds an invoice by (source, external id); 0 when there is none.
func (w *importWriter) InvoiceID(source, externalID string) (id, accountID int64, err error) {
	err = w.l.queryRow("SELECT id, account_id FROM invoices WHERE source = ? AND external_id = ?", source, externalID).Scan(&id, &accountID)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, nil
	} else if err != nil {
		return 0, 0, fmt.Errorf("find invoice %s: %w", externalID, err)
	}
	return id, accountID, nil
}

// OrderID finds an order by (source, external id); 0 when there is none.
func (w *importWriter) OrderID(source, externalID string) (int64, error) {
	var id int64
	err := w.l.queryRow("SELECT id FROM orders WHERE source = ? AND external_id = ?", source, externalID).Scan(&id)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("find order %s: %w", externalID, err)
	}
	return id, nil
}

// Invoice upserts an invoice by (source, external id).
func (w *importWriter) Invoice(inv *kam.Invoice, fields []string) (kam.Outcome, error) {
	switch {
	case inv.IssuedOn.IsZero():
		return 0, kam.FieldError("issued_on", "An invoice needs its date.")
	case inv.DueOn.Before(inv.IssuedOn):
		return 0, kam.FieldError("due_on", "The due date %s is before the invoice date %s.", inv.DueOn, inv.IssuedOn)
	}
	var cur kam.Invoice
	var order sql.NullInt64
	var paid sql.Null[kam.Date]
	err := w.l.queryRow(`SELECT id, account_id, order_id, number, issued_on, due_on, amount, currency, paid_on FROM invoices
		WHERE source = ? AND external_id = ?`, inv.Source, inv.ExternalID).
		Scan(&cur.ID, &cur.AccountID, &order, &cur.Number, &cur.IssuedOn, &cur.DueOn, &cur.Amount, &cur.Currency, &paid)
	if errors.Is(err, sql.ErrNoRows) {
		return kam.New, w.l.Invoice(inv)
	} else if err != nil {
		return 0, fmt.Errorf("find invoice %s: %w", inv.ExternalID, err)
	}
	cur.OrderID, cur.PaidOn, inv.ID = order.Int64, paid.V, cur.ID
	d := &differ{fields: fields}
	d.id("account_id", &cur.AccountID, inv.AccountID)
	d.id("order_id", &cur.OrderID, inv.OrderID)
	d.date("issued_on", &cur.IssuedOn, inv.IssuedOn)
	d.date("due_on", &cur.DueOn, inv.DueOn)
	d.money("amount", &cur.Amount, inv.Amount)
	d.str("currency", &cur.Currency, inv.Currency)
	d.date("paid_on", &cur.PaidOn, inv.PaidOn)
	if !d.changed() {
		return kam.Unchanged, nil
	}
	err = w.l.exec(`UPDATE invoices SET account_id = ?, order_id = ?, issued_on = ?, due_on = ?, amount = ?, currency = ?, paid_on = ?
		WHERE id = ?`, cur.AccountID, nullID(cur.OrderID), cur.IssuedOn, cur.DueOn, int64(cur.Amount), cur.Currency, cur.PaidOn, cur.ID)
	return kam.Changed, wrap("invoice", inv.Number, err)
}

// Payment upserts a payment by (source, external id).
func (w *importWriter) Payment(p *kam.Payment, fields []string) (kam.Outcome, error) {
	if p.PaidOn.IsZero() {
		return 0, kam.FieldError("paid_on", "A payment needs its date.")
	}
	var cur kam.Payment
	err := w.l.queryRow(`SELECT id, invoice_id, paid_on, amount, currency FROM payments WHERE source = ? AND external_id = ?`,
		p.Source, p.ExternalID).Scan(&cur.ID, &cur.InvoiceID, &cur.PaidOn, &cur.Amount, &cur.Currency)
	if errors.Is(err, sql.ErrNoRows) {
		if err := w.l.exec(`INSERT INTO payments (invoice_id, account_id, paid_on, amount, currency, source, external_id)
			VALUES (?,?,?,?,?,?,?)`, p.InvoiceID, p.AccountID, p.PaidOn, int64(p.Amount), p.Currency, p.Source, p.ExternalID); err != nil {
			return 0, wrap("payment", p.ExternalID, err)
		}
		return kam.New, nil
	} else if err != nil {
		return 0, fmt.Errorf("find payment %s: %w", p.ExternalID, err)
	}
	d := &differ{fields: fields}
	d.id("invoice_id", &cur.InvoiceID, p.InvoiceID)
	d.date("paid_on", &cur.PaidOn, p.PaidOn)
	d.money("amount", &cur.Amount, p.Amount)
	d.str("currency", &cur.Currency, p.Currency)
	if !d.changed() {
		return kam.Unchanged, nil
	}
	err = w.l.exec("UPDATE payments SET invoice_id = ?, account_id = ?, paid_on = ?, amount = ?, currency = ? WHERE id = ?",
		cur.InvoiceID, p.AccountID, cur.PaidOn, int64(cur.Amount), cur.Currency, cur.ID)
	return kam.Changed, wrap("payment", p.ExternalID, err)
}

// Activity upserts an activity by (source, external id).
func (w *importWriter) Activity(a *kam.Activity, fields []string) (kam.Outcome, error) {
	if !a.Kind.Valid() {
		return 0, kam.FieldError("kind", "Kind must be one of call, visit, meeting, email, note.")
	}
	var cur kam.Activity
	var user sql.NullInt64
	err := w.l.queryRow(`SELECT id, account_id, kind, occurred_at, user_id, subject, notes, outcome, next_step FROM activities
		WHERE source = ? AND external_id = ? AND deleted_at IS NULL`, a.Source, a.ExternalID).
		Scan(&cur.ID, &cur.AccountID, &cur.Kind, &cur.OccurredAt, &user, &cur.Subject, &cur.Notes, &cur.Outcome, &cur.NextStep)
	if errors.Is(err, sql.ErrNoRows) {
		return kam.New, w.l.Activity(a)
	} else if err != nil {
		return 0, fmt.Errorf("find activity %s: %w", a.ExternalID, err)
	}
	cur.UserID, a.ID = user.Int64, cur.ID
	kind, when := string(cur.Kind), cur.OccurredAt.UTC().Format(time.RFC3339)
	d := &differ{fields: fields}
	d.id("account_id", &cur.AccountID, a.AccountID)
	d.str("kind", &kind, string(a.Kind))
	d.str("occurred_at", &when, a.OccurredAt.UTC().Format(time.RFC3339))
	d.id("user_id", &cur.UserID, a.UserID)
	d.str("subject", &cur.Subject, a.Subject)
	d.str("notes", &cur.Notes, a.Notes)
	d.str("outcome", &cur.Outcome, a.Outcome)
	d.str("next_step", &cur.NextStep, a.NextStep)
	if !d.changed() {
		return kam.Unchanged, nil
	}
	occurred, _ := time.Parse(time.RFC3339, when)
	err = w.l.exec(`UPDATE activities SET account_id = ?, kind = ?, occurred_at = ?, user_id = ?, subject = ?, notes = ?, outcome = ?,
		next_step = ? WHERE id = ?`, cur.AccountID, kind, occurred, nullID(cur.UserID), cur.Subject, cur.Notes, cur.Outcome, cur.NextStep, cur.ID)
	return kam.Changed, wrap("activity", a.ExternalID, err)
}
