package ingest

import (
	"fmt"
	"strings"

	"github.com/kamhq/kam"
)

func (e *engine) newBuilder(f *fileState) (builder, error) {
	switch f.kind {
	case KindAccounts:
		return &accountBuilder{e: e, f: f, seen: seenKeys{}, firstPass: map[*Row]firstPass{}, fields: fieldsSet(f.mapping, map[string]string{
			// The parent is set by a second pass (linkRecords).
			"external_id": "", "parent_external_id": "", "owner": "owner_id", "version": ""})}, nil
	case KindProducts:
		return &productBuilder{e: e, f: f, seen: seenKeys{}, fields: fieldsSet(f.mapping, map[string]string{"sku": ""})}, nil
	case KindContacts:
		return &contactBuilder{e: e, f: f, seen: seenKeys{}, fields: fieldsSet(f.mapping, map[string]string{
			"external_id": "", "account_external_id": "account_id", "account_name": "account_id", "reports_to": "", "version": ""})}, nil
	case KindOpportunities:
		return &opportunityBuilder{e: e, f: f, seen: seenKeys{}, fields: fieldsSet(f.mapping, map[string]string{
			"external_id": "", "account_external_id": "account_id", "account_name": "account_id", "owner": "owner_id",
			"kind": "", "product": "", "created_date": "", "version": ""})}, nil
	case KindOrders:
		return newOrderBuilder(e, f), nil
	case KindUsers:
		return &userBuilder{e: e, f: f, seen: seenKeys{}, managers: map[string]bool{}}, nil
	case KindInvoices:
		return &invoiceBuilder{e: e, f: f, seen: seenKeys{}, fields: fieldsSet(f.mapping, map[string]string{
			"external_id": "", "account_external_id": "account_id", "account_name": "account_id"})}, nil
	case KindPayments:
		return &paymentBuilder{e: e, f: f, seen: seenKeys{}, fields: fieldsSet(f.mapping, map[string]string{"external_id": ""})}, nil
	case KindActivities:
		return &activityBuilder{e: e, f: f, seen: seenKeys{}, fields: fieldsSet(f.mapping, map[string]string{
			"external_id": "", "account_external_id": "account_id", "account_name": "account_id", "owner": "user_id"})}, nil
	}
	return nil, fmt.Errorf("kam cannot import %s", f.kind) // every kind in Fields has a builder
}

// one wraps a single-row record.
func (e *engine) one(f *fileState, row *Row, apply func(w kam.ImportWriter) (kam.Outcome, error)) []*record {
	return []*record{{kind: f.kind, file: f, rows: []*Row{row}, apply: apply}}
}

// accountFor resolves a row's account by id in this source, else by name.
func (e *engine) accountFor(idRef, nameRef string) (int64, error) {
	if idRef != "" {
		id, err := e.res.account(idRef)
		if err != nil || id != 0 {
			return id, err
		}
		if nameRef == "" {
			return 0, kam.FieldError("account_external_id", "No account has %s id %q; import the accounts first.", e.opts.Source, idRef)
		}
	}
	if nameRef == "" {
		return 0, kam.FieldError("account_name", "The row names no account.")
	}
	id, err := e.res.accountByName(nameRef)
	if err == nil && id == 0 {
		err = kam.FieldError("account_name", "No account is named %q; import the accounts first.", nameRef)
	}
	return id, err
}

// ownerFor resolves an owner named by username, display name or email.
func (e *engine) ownerFor(ref string) (int64, error) {
	if ref == "" {
		return 0, nil
	}
	id, err := e.res.user(ref)
	if err == nil && id == 0 {
		err = kam.FieldError("owner", "No user %q; import the users first or leave the owner empty.", ref)
	}
	return id, err
}

type accountBuilder struct {
	e      *engine
	f      *fileState
	n      int
	seen   seenKeys
	fields []string
	links  []parentLink
	// firstPass keeps each row's account and outcome before its parent link.
	firstPass map[*Row]firstPass
}

type firstPass struct {
	id  int64
	out kam.Outcome
}

type parentLink struct {
	parent string
	row    *Row
}

func (b *accountBuilder) add(row *Row) []*record {
	b.n++
	r := b.e.reader(b.f, row)
	a := &kam.Account{
		Name: r.require("name", "the account name"), LegalName: r.text("legal_name"), TaxID: r.text("tax_id"),
		Industry: r.text("industry"), Country: r.text("country"), Segment: r.text("segment"),
		Tier: strings.ToLower(r.text("tier")), Currency: strings.ToUpper(r.text("currency")), Version: r.version(),
	}
	if a.Currency == "" {
		a.Currency = b.e.opts.Currency
	}
	for _, site := range strings.FieldsFunc(r.text("domain"), func(c rune) bool { return c == ',' || c == ';' || c == ' ' }) {
		if d := domainOf(site); d != "" {
			a.Domains = append(a.Domains, d)
		}
	}
	if s := r.text("status"); s != "" {
		st, ok := statusSynonyms[normalizeHeader(s)]
		if !ok {
			r.fail("status", "status %q is not one of prospect, onboarding, active, at_risk, lost", s)
		}
		a.Status = st
	}
	ext := b.e.externalID(r, b.n, a.Name)
	owner, parent := r.text("owner"), refText(r.text("parent_external_id"))
	if r.bad || !b.seen.check(r, "external_id", ext) {
		return nil
	}
	if b.f.mapping.Has("parent_external_id") {
		b.links = append(b.links, parentLink{parent, row})
	}
	return b.e.one(b.f, row, func(w kam.ImportWriter) (kam.Outcome, error) {
		var err error
		if a.OwnerID, err = b.e.ownerFor(owner); err != nil {
			return 0, err
		}
		out, err := w.Account(b.e.opts.Source, ext, a, b.fields)
		if err == nil && out == kam.Matched {
			b.e.noteMatch(fmt.Sprintf("%s line %d: %q was matched to the existing account %d (same tax id, website or name)", b.f.name, row.Line, a.Name, a.ID))
		}
		if err == nil {
			if ext != "" {
				b.e.res.learn("a:"+ext, a.ID)
			}
			b.firstPass[row] = firstPass{a.ID, out}
		}
		return out, err
	})
}

func (b *accountBuilder) finish() []*record { return nil }

// linkRecords sets (or clears) parents once every account of the file is in,
// so that a subsidiary may come before its parent.
func (b *accountBuilder) linkRecords() []*record {
	var out []*record
	counts := b.e.sum.counts(KindAccounts)
	for _, l := range b.links {
		first, ok := b.firstPass[l.row]
		if !ok || first.out == kam.Matched {
			continue // rejected, or an id attached to another source's account
		}
		out = append(out, &record{kind: KindAccounts, file: b.f, rows: []*Row{l.row},
			// A new parent link changes an otherwise unchanged account.
			tally: func(out kam.Outcome) {
				if out == kam.Changed && first.out == kam.Unchanged {
					counts.Unchanged--
					counts.Changed++
				}
			},
			apply: func(w kam.ImportWriter) (kam.Outcome, error) {
				var parent int64
				if l.parent != "" {
					var err error
					if parent, err = b.e.accountFor(l.parent, l.parent); err != nil {
						return 0, kam.FieldError("parent_external_id", "Parent %q not found; the account was imported without it.", l.parent)
					}
				}
				return w.SetParent(first.id, parent)
			}})
	}
	return out
}

type productBuilder struct {
	e      *engine
	f      *fileState
	seen   seenKeys
	fields []string
}

func (b *productBuilder) add(row *Row) []*record {
	r := b.e.reader(b.f, row)
	p := &kam.Product{SKU: r.require("sku", "the SKU"), Name: r.text("name"), Family: r.text("family"),
		ListPrice: r.money("list_price"), Currency: strings.ToUpper(r.text("currency"))}
	if p.Currency == "" {
		p.Currency = b.e.opts.Currency
	}
	if p.ListPrice < 0 {
		r.fail("list_price", "a list price cannot be negative")
	}
	if r.bad || !b.seen.check(r, "sku", p.SKU) {
		return nil
	}
	return b.e.one(b.f, row, func(w kam.ImportWriter) (kam.Outcome, error) {
		out, err := w.Product(p, b.fields)
		if err == nil {
			b.e.res.addProduct(p)
		}
		return out, err
	})
}

func (b *productBuilder) finish() []*record { return nil }

type contactBuilder struct {
	e      *engine
	f      *fileState
	n      int
	seen   seenKeys
	fields []string
}

func (b *contactBuilder) add(row *Row) []*record {
	b.n++
	r := b.e.reader(b.f, row)
	c := &kam.Contact{FirstName: r.text("first_name"), LastName: r.text("last_name"), Email: strings.ToLower(r.text("email")),
		Phone: r.text("phone"), Title: r.text("title"), BuyingRole: kam.BuyingRole(strings.ToLower(r.text("buying_role"))),
		Version: r.version()}
	if c.FirstName == "" && c.LastName == "" {
		r.fail("last_name", "the contact has no name")
	}
	if !c.BuyingRole.Valid() {
		r.fail("buying_role", "buying role %q is not one of decision_maker, influencer, user, gatekeeper, champion, blocker", c.BuyingRole)
	}
	c.ExternalID = b.e.externalID(r, b.n, c.Email)
	if c.ExternalID == "" {
		r.fail("external_id", "the contact has neither an id nor an email to recognise it by on the next import")
	}
	accountRef, accountName := refText(r.text("account_external_id")), r.text("account_name")
	if r.bad || !b.seen.check(r, "external_id", c.ExternalID) {
		return nil
	}
	return b.e.one(b.f, row, func(w kam.ImportWriter) (kam.Outcome, error) {
		var err error
		if c.AccountID, err = b.e.accountFor(ParseID(accountRef), accountName); err != nil {
			return 0, err
		}
		return w.Contact(b.e.opts.Source, c, b.fields)
	})
}

func (b *contactBuilder) finish() []*record { return nil }
