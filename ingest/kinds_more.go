package ingest

import (
	"strings"
	"unicode"

	"github.com/kamhq/kam"
)

type opportunityBuilder struct {
	e      *engine
	f      *fileState
	n      int
	seen   seenKeys
	fields []string
}

// opportunityKindOf reads a deal type such as Salesforce's "Existing Customer - Upgrade".
func opportunityKindOf(s string) kam.OpportunityKind {
	s = strings.ToLower(s)
	switch {
	case strings.Contains(s, "upgrade") || strings.Contains(s, "upsell"):
		return "upsell"
	case strings.Contains(s, "renew") || strings.Contains(s, "replacement"):
		return "renewal"
	case strings.Contains(s, "cross"):
		return "cross_sell"
	}
	return "new"
}

func (b *opportunityBuilder) add(row *Row) []*record {
	b.n++
	r := b.e.reader(b.f, row)
	o := &kam.Opportunity{Name: r.text("name"), Kind: opportunityKindOf(r.text("kind")), Amount: r.money("amount"), Version: r.version(),
		CloseDate: r.day("close_date"), Currency: strings.ToUpper(r.text("currency")), Source: b.e.opts.Source}
	if o.Currency == "" {
		o.Currency = b.e.opts.Currency
	}
	stageText := r.require("stage", "the stage")
	stage, ok := stageOf(stageText)
	if stageText != "" && !ok {
		r.fail("stage", "stage %q is not one of prospecting, qualification, proposal, negotiation, won, lost (or a Salesforce stage name)", stageText)
	}
	o.Stage, o.Probability = stage, kam.DefaultProbability[stage]
	if o.Amount < 0 {
		r.fail("amount", "an amount cannot be negative")
	}
	if created := r.day("created_date"); !created.IsZero() {
		o.CreatedAt = created.Time()
	}
	o.ExternalID = b.e.externalID(r, b.n, "")
	if o.ExternalID == "" {
		r.fail("external_id", "the opportunity has no id to recognise it by on the next import")
	}
	accountRef, accountName := refText(r.text("account_external_id")), r.text("account_name")
	if accountRef == "" && accountName == "" {
		r.fail("account_name", "the opportunity names no account; kam keeps every opportunity on an account")
	}
	owner, product := r.text("owner"), r.text("product")
	if r.bad || !b.seen.check(r, "external_id", o.ExternalID) {
		return nil
	}
	return b.e.one(b.f, row, func(w kam.ImportWriter) (kam.Outcome, error) {
		var err error
		if o.AccountID, err = b.e.accountFor(ParseID(accountRef), accountName); err != nil {
			return 0, err
		}
		if o.OwnerID, err = b.e.ownerFor(owner); err != nil {
			return 0, err
		}
		if product != "" {
			id, err := b.e.res.product(product)
			if err != nil {
				return 0, err
			}
			if id == 0 {
				return 0, kam.FieldError("product", "No product %q; import the products first.", product)
			}
			o.ProductIDs = []int64{id}
		}
		if o.Name == "" {
			o.Name = strings.TrimSpace(product + " " + accountName)
			if o.Name == "" {
				o.Name = o.ExternalID
			}
		}
		return w.Opportunity(o, b.fields)
	})
}

func (b *opportunityBuilder) finish() []*record { return nil }

// userBuilder imports users and their teams: each row's region becomes an org
// unit, each manager a director with a team (a territory) in it, and each
// person a member of their manager's team.
type userBuilder struct {
	e        *engine
	f        *fileState
	seen     seenKeys
	managers map[string]bool // counted already
}

// usernameOf makes a username from a display name: "Moses Frase" → "moses.frase".
func usernameOf(name string) string {
	var b strings.Builder
	for _, w := range strings.Fields(kam.SearchKey(name)) {
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		for _, r := range w {
			if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}

func (b *userBuilder) add(row *Row) []*record {
	r := b.e.reader(b.f, row)
	u := &kam.User{Username: r.text("username"), DisplayName: r.text("display_name"), Email: strings.ToLower(r.text("email")), Role: kam.RoleAM}
	if u.Username == "" {
		u.Username = usernameOf(u.DisplayName)
	}
	if u.Username == "" {
		r.fail("display_name", "the user has neither a username nor a name")
	}
	if role := strings.ToLower(r.text("role")); role != "" {
		u.Role = kam.Role(role)
		if !u.Role.Valid() {
			r.fail("role", "role %q is not one of admin, director, kam, am, viewer", role)
		}
	}
	manager, region := r.text("manager"), r.text("region")
	if r.bad || !b.seen.check(r, "username", u.Username) {
		return nil
	}
	// Only what the file has is compared and updated: a users file without
	// a role column must not reset roles given in kam.
	var fields []string
	for field, mapped := range map[string]bool{"display_name": b.f.mapping.Has("display_name"), "role": b.f.mapping.Has("role"),
		"email": b.f.mapping.Has("email"), "org_unit_id": region != "" || manager != "", "manager_id": manager != ""} {
		if mapped {
			fields = append(fields, field)
		}
	}
	return b.e.one(b.f, row, func(w kam.ImportWriter) (kam.Outcome, error) {
		var unit int64
		var err error
		if region != "" {
			if unit, err = w.OrgUnit(kam.OrgRegion, region, 0); err != nil {
				return 0, err
			}
		}
		team := ""
		if manager != "" {
			team = manager + "'s team"
			m := &kam.User{Username: usernameOf(manager), DisplayName: manager, Role: kam.RoleDirector}
			out, err := w.User(m, team, unit, []string{"display_name", "org_unit_id"})
			if err != nil {
				return 0, err
			}
			if !b.managers[m.Username] {
				b.managers[m.Username] = true
				b.e.sum.counts(KindUsers).Add(out)
			}
			u.ManagerID = m.ID
		}
		if team == "" {
			u.OrgUnitID = unit
		}
		b.e.res.forgetUsers()
		return w.User(u, team, unit, fields)
	})
}

func (b *userBuilder) finish() []*record { return nil }
