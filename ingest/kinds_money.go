package ingest

import (
	"strings"
	"time"

	"github.com/kamhq/kam"
)

// invoiceBuilder imports invoices: an invoice is on an account (by id or
// name) and may name its order.
type invoiceBuilder struct {
	e      *engine
	f      *fileState
	seen   seenKeys
	fields []string
}

func (b *invoiceBuilder) add(row *Row) []*record {
	r := b.e.reader(b.f, row)
	inv := &kam.Invoice{ExternalID: ParseID(r.require("external_id", "the invoice number")), IssuedOn: r.day("issued_on"),
		DueOn: r.day("due_on"), Amount: r.money("amount"), Currency: strings.ToUpper(r.text("currency")), PaidOn: r.day("paid_on"),
		Source: b.e.opts.Source}
	inv.Number = inv.ExternalID
	if inv.Currency == "" {
		inv.Currency = b.e.opts.Currency
	}
	if inv.DueOn.IsZero() {
		inv.DueOn = inv.IssuedOn
	}
	accountRef, accountName, order := ParseID(refText(r.text("account_external_id"))), r.text("account_name"), ParseID(r.text("order_id"))
	if r.bad || !b.seen.check(r, "external_id", inv.ExternalID) {
		return nil
	}
	return b.e.one(b.f, row, func(w kam.ImportWriter) (kam.Outcome, error) {
		var err error
		if inv.AccountID, err = b.e.accountFor(accountRef, accountName); err != nil {
			return 0, err
		}
		if order != "" {
			if inv.OrderID, err = w.OrderID(b.e.opts.Source, order); err != nil {
				return 0, err
			}
			if inv.OrderID == 0 {
				return 0, kam.FieldError("order_id", "No order %q from %s; import the orders first or leave the order empty.", order, b.e.opts.Source)
			}
		}
		return w.Invoice(inv, b.fields)
	})
}

func (b *invoiceBuilder) finish() []*record { return nil }

// paymentBuilder imports payments against invoices of the same source.
type paymentBuilder struct {
	e      *engine
	f      *fileState
	seen   seenKeys
	fields []string
}

func (b *paymentBuilder) add(row *Row) []*record {
	r := b.e.reader(b.f, row)
	p := &kam.Payment{ExternalID: ParseID(r.require("external_id", "the payment id")), PaidOn: r.day("paid_on"),
		Amount: r.money("amount"), Currency: strings.ToUpper(r.text("currency")), Source: b.e.opts.Source}
	if p.Currency == "" {
		p.Currency = b.e.opts.Currency
	}
	invoice := ParseID(r.require("invoice_id", "the invoice number"))
	if p.Amount <= 0 && !r.bad {
		r.fail("amount", "a payment's amount is above zero")
	}
	if r.bad || !b.seen.check(r, "external_id", p.ExternalID) {
		return nil
	}
	return b.e.one(b.f, row, func(w kam.ImportWriter) (kam.Outcome, error) {
		var err error
		if p.InvoiceID, p.AccountID, err = w.InvoiceID(b.e.opts.Source, invoice); err != nil {
			return 0, err
		}
		if p.InvoiceID == 0 {
			return 0, kam.FieldError("invoice_id", "No invoice %q from %s; import the invoices first.", invoice, b.e.opts.Source)
		}
		return w.Payment(p, b.fields)
	})
}

func (b *paymentBuilder) finish() []*record { return nil }

// activityKinds map the activity types of other systems to kam's.
var activityKinds = map[string]kam.ActivityKind{
	"call": kam.ActivityCall, "phone": kam.ActivityCall, "phonecall": kam.ActivityCall, "visit": kam.ActivityVisit,
	"sitevisit": kam.ActivityVisit, "meeting": kam.ActivityMeeting, "event": kam.ActivityMeeting, "video": kam.ActivityMeeting,
	"email": kam.ActivityEmail, "mail": kam.ActivityEmail, "note": kam.ActivityNote, "task": kam.ActivityNote,
}

// activityBuilder imports calls, visits, meetings, emails and notes.
type activityBuilder struct {
	e      *engine
	f      *fileState
	n      int
	seen   seenKeys
	fields []string
}

func (b *activityBuilder) add(row *Row) []*record {
	b.n++
	r := b.e.reader(b.f, row)
	a := &kam.Activity{Subject: r.text("subject"), Notes: r.text("notes"), Outcome: r.text("outcome"), NextStep: r.text("next_step"),
		Source: b.e.opts.Source}
	kindText := r.require("kind", "the kind of activity")
	kind, ok := activityKinds[normalizeHeader(kindText)]
	if kindText != "" && !ok {
		r.fail("kind", "activity kind %q is not one of call, visit, meeting, email, note", kindText)
	}
	a.Kind = kind
	when := r.require("occurred_at", "the date")
	if when != "" {
		t, err := ParseTime(when)
		if err != nil {
			r.fail("occurred_at", "%v", err)
		}
		a.OccurredAt = t.UTC().Truncate(time.Second)
	}
	a.ExternalID = b.e.externalID(r, b.n, "")
	if a.ExternalID == "" {
		r.fail("external_id", "the activity has no id to recognise it by on the next import")
	}
	accountRef, accountName, owner := ParseID(refText(r.text("account_external_id"))), r.text("account_name"), r.text("owner")
	if r.bad || !b.seen.check(r, "external_id", a.ExternalID) {
		return nil
	}
	return b.e.one(b.f, row, func(w kam.ImportWriter) (kam.Outcome, error) {
		var err error
		if a.AccountID, err = b.e.accountFor(accountRef, accountName); err != nil {
			return 0, err
		}
		if a.UserID, err = b.e.ownerFor(owner); err != nil {
			return 0, err
		}
		return w.Activity(a, b.fields)
	})
}

func (b *activityBuilder) finish() []*record { return nil }
