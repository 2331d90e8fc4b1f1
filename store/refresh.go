package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

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

// Account notes an account that an upsert moved to another parent, with
// the parent it left and the one it joined, whose trees change.
func (w *touchingWriter) Account(source, externalID string, a *kam.Account, fields []string) (kam.Outcome, error) {
	if !slices.Contains(fields, "parent_id") {
		return w.importWriter.Account(source, externalID, a, fields)
	}
	parentOf := func(id int64) (int64, error) {
		var parent int64
		err := w.l.queryRow("SELECT COALESCE(parent_id, 0) FROM accounts WHERE id = ?", id).Scan(&parent)
		if errors.Is(err, sql.ErrNoRows) {
			err = nil
		}
		return parent, err
	}
	id, _, err := w.accountByExternalID(source, externalID)
	var before int64
	if err == nil && id != 0 {
		before, err = parentOf(id)
	}
	if err != nil {
		return 0, err
	}
	o, err := w.importWriter.Account(source, externalID, a, fields)
	if err != nil || o != kam.Changed {
		return o, err
	}
	after, err := parentOf(id)
	if err == nil && after != before {
		w.touch(before, o, nil)
		w.touch(after, o, nil)
		w.touch(id, o, nil)
	}
	return o, err
}

// SetParent notes the account moved in its hierarchy, and the parent it
// left, whose tree no longer holds it.
func (w *touchingWriter) SetParent(id, parentID int64) (kam.Outcome, error) {
	var old int64
	if err := w.l.queryRow("SELECT COALESCE(parent_id, 0) FROM accounts WHERE id = ?", id).Scan(&old); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, err
	}
	o, err := w.importWriter.SetParent(id, parentID)
	w.touch(old, o, err)
	return w.touch(id, o, err)
}

// recomputeOver is how many queued accounts make SettleRollups recompute
// everything in one streaming pass rather than account by account.
const recomputeOver = 2000

// queueRollups notes, in the transaction that changed them, the accounts
// whose roll-ups must be refreshed.
func queueRollups(ctx context.Context, c conn, touched map[int64]bool, now time.Time) error {
	for _, id := range slices.Sorted(maps.Keys(touched)) {
		if _, err := c.exec(ctx, `INSERT INTO rollup_queue (account_id, queued_at) VALUES (?, ?)
			ON CONFLICT (account_id) DO UPDATE SET queued_at = excluded.queued_at`, id, now); err != nil {
			return fmt.Errorf("queue roll-up of account %d: %w", id, err)
		}
	}
	return nil
}

// SettleRollups refreshes the roll-ups of every account queued by a change
// (see queueRollups), as of today: account by account when few are queued,
// by a whole recompute when many are. An import settles once, at its end,
// not after each batch: refreshing a busy account after every batch made
// importing its orders quadratic. Without Insights it does nothing and the
// queue waits for kam recompute.
func (s *Store) SettleRollups(ctx context.Context) error {
	if s.Insights == nil {
		return nil
	}
	started := s.Now()
	ids, err := s.reader().ids(ctx, "SELECT account_id FROM rollup_queue ORDER BY account_id")
	if err != nil {
		return fmt.Errorf("read roll-up queue: %w", err)
	}
	if len(ids) == 0 {
		return nil
	}
	today := kam.DateOf(started.UTC())
	if len(ids) > recomputeOver {
		_, err = s.Recompute(ctx, today, s.Insights)
		return err
	}
	return s.Refresh(ctx, ids, today, s.Insights)
}
