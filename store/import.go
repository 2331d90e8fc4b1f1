package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/kamhq/kam"
)

// errDryRun rolls back a dry-run import after it has done everything else.
var errDryRun = errors.New("dry run")

// Import runs fn with an ImportWriter in one transaction on a Loader, so that
// new records go through its prepared statements and batches. With dryRun the
// transaction is rolled back after fn, having checked everything.
func (s *Store) Import(ctx context.Context, p *kam.Principal, dryRun bool, fn func(kam.ImportWriter) error) error {
	touched := map[int64]bool{}
	err := s.Load(ctx, p, func(l *Loader) error {
		w := &touchingWriter{importWriter: &importWriter{l: l, c: conn{q: l.tx, d: s.d}}, touched: touched}
		if err := fn(w); err != nil {
			return err
		}
		if dryRun {
			return errDryRun
		}
		return queueRollups(ctx, conn{q: l.tx, d: s.d}, touched, s.Now())
	})
	if errors.Is(err, errDryRun) {
		return nil
	}
	return err
}

// importWriter is the store's kam.ImportWriter.
type importWriter struct {
	l      *Loader
	c      conn // the Loader's transaction, for one-off statements
	queued int  // new accounts queued as probable duplicates
}

var _ kam.ImportWriter = (*importWriter)(nil)

func (w *importWriter) ctx() context.Context { return w.l.ctx }

// AccountID finds an account by one of its external ids.
func (w *importWriter) AccountID(source, externalID string) (int64, error) {
	id, _, err := w.accountByExternalID(source, externalID)
	return id, err
}

// accountByExternalID finds an account by an external id, and whether that
// id was attached by matching rather than created with the account.
func (w *importWriter) accountByExternalID(source, externalID string) (id int64, attached bool, err error) {
	if source == kam.SourceKam {
		if externalID == "" {
			return 0, false, nil // a new account
		}
		id, err = w.kamID("accounts", "account", externalID)
		return id, false, err
	}
	err = w.l.queryRow(`SELECT x.account_id, x.attached FROM account_external_ids x JOIN accounts a ON a.id = x.account_id
		WHERE x.source = ? AND x.external_id = ? AND a.deleted_at IS NULL`, source, externalID).Scan(&id, &attached)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, false, fmt.Errorf("find account %s %s: %w", source, externalID, err)
	}
	return id, attached, nil
}

// AccountsByName finds accounts whose name has the same match key as name.
func (w *importWriter) AccountsByName(name string) ([]*kam.Account, error) {
	key := kam.MatchKey(name)
	if key == "" {
		return nil, nil
	}
	rows, err := w.c.query(w.ctx(), "SELECT "+accountColumns+accountFrom+
		"WHERE a.match_key = ? AND a.deleted_at IS NULL ORDER BY a.id LIMIT 50", key)
	if err != nil {
		return nil, fmt.Errorf("find accounts named %q: %w", name, err)
	}
	defer rows.Close()
	var out []*kam.Account
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Account upserts an account by (source, external id); see kam.ImportWriter.
// A row whose id was attached to an account by matching changes nothing.
func (w *importWriter) Account(source, externalID string, a *kam.Account, fields []string) (kam.Outcome, error) {
	id, attached, err := w.accountByExternalID(source, externalID)
	if err != nil {
		return 0, err
	}
	if attached {
		a.ID = id
		return kam.Unchanged, nil
	}
	if id == 0 && source == kam.SourceKam && externalID != "" {
		return 0, kam.FieldError("kam_id", "No account has kam id %s; leave kam_id empty to add a new account.", externalID)
	}
	if id == 0 {
		if a.Status == "" {
			a.Status = kam.StatusActive
		}
		if err := a.Validate(); err != nil {
			return 0, err
		}
		match, err := w.identityMatch(a)
		if err != nil {
			return 0, err
		}
		if match != 0 {
			a.ID = match
			return kam.Matched, w.attachExternalID(match, source, externalID)
		}
		if source != kam.SourceKam {
			a.ExternalIDs = append(a.ExternalIDs, kam.ExternalID{Source: source, ID: externalID})
		}
		if a.OwnerID != 0 {
			unit, err := w.l.s.checkOwner(w.ctx(), w.c, w.l.p, a.OwnerID)
			if err != nil {
				return 0, err
			}
			a.OrgUnitID = unit
		}
		if err := w.l.Account(a); err != nil {
			return 0, err
		}
		if err := w.l.audit("account", a.ID, "create", change{field: "name", new: a.Name}); err != nil {
			return 0, err
		}
		return kam.New, w.queueProbableDuplicates(a)
	}
	return w.updateAccount(id, a, fields)
}

// SetParent links an account to its parent (0: none).
func (w *importWriter) SetParent(id, parentID int64) (kam.Outcome, error) {
	return w.updateAccount(id, &kam.Account{ParentID: parentID}, []string{"parent_id"})
}

// updateAccount writes the listed fields of a where they differ from account id.
func (w *importWriter) updateAccount(id int64, a *kam.Account, fields []string) (kam.Outcome, error) {
	cur, err := w.l.s.findAccount(w.ctx(), w.c, kam.System(), id)
	if err != nil {
		return 0, err
	}
	before := *cur
	d := &differ{fields: fields}
	d.str("name", &cur.Name, a.Name)
	d.str("legal_name", &cur.LegalName, a.LegalName)
	d.str("tax_id", &cur.TaxID, a.TaxID)
	d.str("industry", &cur.Industry, a.Industry)
	d.str("country", &cur.Country, a.Country)
	d.str("segment", &cur.Segment, a.Segment)
	d.str("tier", &cur.Tier, a.Tier)
	d.str("currency", &cur.Currency, a.Currency)
	if a.Status != "" {
		status := string(cur.Status)
		d.str("status", &status, string(a.Status))
		cur.Status = kam.AccountStatus(status)
	}
	d.id("parent_id", &cur.ParentID, a.ParentID)
	d.id("owner_id", &cur.OwnerID, a.OwnerID)
	var newDomains []string
	if d.on("domain") {
		for _, dom := range a.Domains {
			if dom = strings.ToLower(dom); !slices.Contains(cur.Domains, dom) {
				newDomains = append(newDomains, dom)
				d.changes = append(d.changes, change{"domain", "", dom})
			}
		}
	}
	a.ID = id
	if !d.changed() {
		return kam.Unchanged, nil
	}
	if err := staleCheck("Account", id, a.Version, before.Version); err != nil {
		return 0, err
	}
	if err := cur.Validate(); err != nil {
		return 0, err
	}
	if err := w.l.s.checkAccountRefs(w.ctx(), w.c, w.l.p, cur, &before); err != nil {
		return 0, err
	}
	for _, dom := range newDomains {
		if _, err := w.c.exec(w.ctx(), "INSERT INTO account_domains (account_id, domain) VALUES (?, ?) ON CONFLICT DO NOTHING", id, dom); err != nil {
			return 0, err
		}
	}
	cur.Domains = append(cur.Domains, newDomains...)
	if err := w.l.s.writeAccountRow(w.ctx(), w.c, cur); err != nil {
		return 0, err
	}
	if cur.OwnerID != before.OwnerID {
		if err := w.l.s.reassign(w.ctx(), w.c, w.l.p, id, cur.OwnerID, "import"); err != nil {
			return 0, err
		}
	}
	return kam.Changed, w.l.audit("account", id, "update", d.changes...)
}

// attachExternalID records another system's id for an existing account.
func (w *importWriter) attachExternalID(id int64, source, externalID string) error {
	if _, err := w.c.exec(w.ctx(), "INSERT INTO account_external_ids (account_id, source, external_id, attached) VALUES (?, ?, ?, ?)",
		id, source, externalID, true); err != nil {
		return fmt.Errorf("attach %s id %s to account %d: %w", source, externalID, id, err)
	}
	if err := w.l.s.refreshIdentityCopies(w.ctx(), w.c, id); err != nil {
		return err
	}
	return w.l.audit("account", id, "attach", change{field: "external_id", new: source + ":" + externalID})
}

// kamID checks that a kam id (an export's kam_id) names a live record of
// table; 0 when it does not.
func (w *importWriter) kamID(table, what, text string) (int64, error) {
	n, err := strconv.ParseInt(text, 10, 64)
	if err != nil || n <= 0 {
		return 0, kam.FieldError("kam_id", "kam id %q is not a number.", text)
	}
	var id int64
	err = w.l.queryRow("SELECT id FROM "+table+" WHERE id = ? AND deleted_at IS NULL", n).Scan(&id)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("find %s %d: %w", what, n, err)
	}
	return id, nil
}
