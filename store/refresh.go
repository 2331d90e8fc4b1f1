package store

import (
	"context"
	"maps"
	"slices"

	"github.com/kamhq/kam"
)

// touchingWriter is the import writer that notes the accounts whose orders,
// invoices, payments, activities, contacts, deals or hierarchy an import
// changed, so that their roll-ups can be refreshed once it commits.
type touchingWriter struct {
	*importWriter
	touched map[int64]bool
}

func (w *touchingWriter) touch(id int64, o kam.Outcome, err error) (kam.Outcome, error) {
	if err == nil && id != 0 && (o == kam.New || o == kam.Changed) {
		w.touched[id] = true
	}
	return o, err
}

// Orders notes the accounts of the orders written.
func (w *touchingWriter) Orders(orders []*kam.Order) ([]kam.Outcome, []error, error) {
	outs, errs, err := w.importWriter.Orders(orders)
	if err == nil {
		for i, o := range orders {
			if i < len(outs) && (i >= len(errs) || errs[i] == nil) {
				w.touch(o.AccountID, outs[i], nil)
			}
		}
	}
	return outs, errs, err
}

// Invoice notes the invoice's account.
func (w *touchingWriter) Invoice(inv *kam.Invoice, fields []string) (kam.Outcome, error) {
	o, err := w.importWriter.Invoice(inv, fields)
	return w.touch(inv.AccountID, o, err)
}

// Payment notes the payment's account.
func (w *touchingWriter) Payment(p *kam.Payment, fields []string) (kam.Outcome, error) {
	o, err := w.importWriter.Payment(p, fields)
	return w.touch(p.AccountID, o, err)
}

// Activity notes the activity's account.
func (w *touchingWriter) Activity(a *kam.Activity, fields []string) (kam.Outcome, error) {
	o, err := w.importWriter.Activity(a, fields)
	return w.touch(a.AccountID, o, err)
}

// Contact notes the contact's account.
func (w *touchingWriter) Contact(source string, c *kam.Contact, fields []string) (kam.Outcome, error) {
	o, err := w.importWriter.Contact(source, c, fields)
	return w.touch(c.AccountID, o, err)
}

// Opportunity notes the deal's account.
func (w *touchingWriter) Opportunity(op *kam.Opportunity, fields []string) (kam.Outcome, error) {
	o, err := w.importWriter.Opportunity(op, fields)
	return w.touch(op.AccountID, o, err)
}

// SetParent notes the account moved in its hierarchy.
func (w *touchingWriter) SetParent(id, parentID int64) (kam.Outcome, error) {
	o, err := w.importWriter.SetParent(id, parentID)
	return w.touch(id, o, err)
}

// refreshTouched refreshes the roll-ups of the accounts a committed write
// changed, as of today, when the store has a ComputeFunc (Insights).
func (s *Store) refreshTouched(ctx context.Context, touched map[int64]bool) error {
	if s.Insights == nil || len(touched) == 0 {
		return nil
	}
	ids := slices.Sorted(maps.Keys(touched))
	return s.Refresh(ctx, ids, kam.DateOf(s.Now().UTC()), s.Insights)
}
