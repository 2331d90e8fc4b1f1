package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kamhq/kam"
)

// An account's external ids and domains live in their own tables, which give
// uniqueness and lookups, and are copied in display form into the accounts row
// (columns external_ids and domains), so that reading an account is one row.
// Every write of those tables goes through writeIdentity.

const (
	recordSep = "\x1e" // between entries
	unitSep   = "\x1f" // between a source and its id
)

func joinExternalIDs(ids []kam.ExternalID) string {
	parts := make([]string, len(ids))
	for i, x := range ids {
		parts[i] = x.Source + unitSep + x.ID
	}
	slices.Sort(parts)
	return strings.Join(parts, recordSep)
}

func splitExternalIDs(s string) []kam.ExternalID {
	if s == "" {
		return nil
	}
	var out []kam.ExternalID
	for _, pair := range strings.Split(s, recordSep) {
		src, id, _ := strings.Cut(pair, unitSep)
		out = append(out, kam.ExternalID{Source: src, ID: id})
	}
	return out
}

func joinDomains(ds []string) string {
	sorted := make([]string, len(ds))
	for i, d := range ds {
		sorted[i] = strings.ToLower(d)
	}
	slices.Sort(sorted)
	return strings.Join(slices.Compact(sorted), recordSep)
}

func splitDomains(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, recordSep)
}

// identityWriter is what both a conn and a Loader can do.
type identityWriter interface {
	execIdentity(ctx context.Context, q string, args ...any) error
	queryIdentity(ctx context.Context, q string, args ...any) *sql.Row
}

// writeIdentity inserts an account's external ids and domains; the account row
// was written with their display copies (insertAccountSQL). A taken (source,
// external id) is ECONFLICT.
func writeIdentity(ctx context.Context, w identityWriter, a *kam.Account) error {
	for _, x := range a.ExternalIDs {
		if x.Source == "" || x.ID == "" {
			return kam.FieldError("external_ids", "An external id needs a source and an id.")
		}
		// Looked up first: on PostgreSQL a failed insert would end the
		// transaction, and a key held by a deleted account needs saying so.
		var deleted bool
		err := w.queryIdentity(ctx, `SELECT a.deleted_at IS NOT NULL FROM account_external_ids x JOIN accounts a ON a.id = x.account_id
			WHERE x.source = ? AND x.external_id = ?`, x.Source, x.ID).Scan(&deleted)
		switch {
		case err == nil && deleted:
			return kam.Errorf(kam.ECONFLICT, "The %s id %q belongs to a deleted account; an administrator can restore that account instead.", x.Source, x.ID)
		case err == nil:
			return kam.Errorf(kam.ECONFLICT, "Another account already has %s id %q.", x.Source, x.ID)
		case !errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("find %s id %s: %w", x.Source, x.ID, err)
		}
		if err := w.execIdentity(ctx, "INSERT INTO account_external_ids (account_id, source, external_id) VALUES (?, ?, ?)", a.ID, x.Source, x.ID); err != nil {
			return err
		}
	}
	for _, d := range a.Domains {
		if err := w.execIdentity(ctx, "INSERT INTO account_domains (account_id, domain) VALUES (?, ?) ON CONFLICT DO NOTHING", a.ID, strings.ToLower(d)); err != nil {
			return err
		}
	}
	return nil
}

// insertAccountSQL adds an account row; accountInsertArgs gives its arguments.
const insertAccountSQL = `INSERT INTO accounts (parent_id, name, legal_name, normalized_name, search_name, tax_id,
	industry, country, segment, tier, status, lost_reason, lost_competitor, owner_id, org_unit_id, currency,
	custom_fields, external_ids, domains, version, created_at, updated_at, match_key)
	VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`

// prepareAccount validates a new account and fills what the store derives:
// status, normalised name, version and times (CreatedAt may be set to date it
// in the past).
func prepareAccount(a *kam.Account, now time.Time) error {
	if a.Status == "" {
		a.Status = kam.StatusActive
	}
	if err := a.Validate(); err != nil {
		return err
	}
	if a.CreatedAt.IsZero() {
		a.CreatedAt = now
	}
	a.UpdatedAt, a.Version = a.CreatedAt, 1
	a.NormalizedName = kam.NormalizeCompanyName(a.Name)
	return nil
}

// accountInsertArgs returns the arguments of insertAccountSQL for a prepared account.
func accountInsertArgs(a *kam.Account) []any {
	custom := "{}"
	if len(a.CustomFields) > 0 {
		b, _ := json.Marshal(a.CustomFields)
		custom = string(b)
	}
	return []any{nullID(a.ParentID), a.Name, a.LegalName, a.NormalizedName, kam.SearchKey(a.Name), a.TaxID,
		a.Industry, a.Country, a.Segment, a.Tier, string(a.Status), a.LostReason, a.LostCompetitor,
		nullID(a.OwnerID), nullID(a.OrgUnitID), a.Currency, custom, joinExternalIDs(a.ExternalIDs),
		joinDomains(a.Domains), a.Version, a.CreatedAt, a.UpdatedAt, kam.MatchKey(a.Name)}
}

func (c conn) execIdentity(ctx context.Context, q string, args ...any) error {
	_, err := c.exec(ctx, q, args...)
	return err
}

func (l *Loader) execIdentity(_ context.Context, q string, args ...any) error {
	return l.exec(q, args...)
}

func (c conn) queryIdentity(ctx context.Context, q string, args ...any) *sql.Row {
	return c.queryRow(ctx, q, args...)
}

func (l *Loader) queryIdentity(_ context.Context, q string, args ...any) *sql.Row {
	return l.queryRow(q, args...)
}

// refreshIdentityCopies rewrites an account's display copies of its external
// ids and domains from their tables, after a merge or an attached id.
func (s *Store) refreshIdentityCopies(ctx context.Context, c conn, id int64) error {
	var ids []kam.ExternalID
	rows, err := c.query(ctx, "SELECT source, external_id FROM account_external_ids WHERE account_id = ? ORDER BY source, external_id", id)
	if err != nil {
		return err
	}
	for rows.Next() {
		var x kam.ExternalID
		if err := rows.Scan(&x.Source, &x.ID); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, x)
	}
	rows.Close()
	var domains []string
	rows, err = c.query(ctx, "SELECT domain FROM account_domains WHERE account_id = ? ORDER BY domain", id)
	if err != nil {
		return err
	}
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			rows.Close()
			return err
		}
		domains = append(domains, d)
	}
	rows.Close()
	_, err = c.exec(ctx, "UPDATE accounts SET external_ids = ?, domains = ? WHERE id = ?", joinExternalIDs(ids), joinDomains(domains), id)
	return err
}
