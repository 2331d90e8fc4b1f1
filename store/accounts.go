package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/kamhq/kam"
)

// accountColumns are read by accountRow, in order.
const accountColumns = `a.id, COALESCE(a.parent_id, 0), a.name, a.legal_name, a.normalized_name, a.tax_id, a.industry,
	a.country, a.segment, a.tier, a.status, a.lost_reason, a.lost_competitor, COALESCE(a.owner_id, 0),
	COALESCE(a.org_unit_id, 0), a.currency, a.custom_fields, a.version, a.created_at, a.updated_at,
	a.external_ids, a.domains`

const accountFrom = ` FROM accounts a `

type rowScanner interface{ Scan(dest ...any) error }

// accountRow receives the columns of accountColumns.
type accountRow struct {
	kam.Account
	custom, ext, domains string
}

func (r *accountRow) targets() []any {
	a := &r.Account
	return []any{&a.ID, &a.ParentID, &a.Name, &a.LegalName, &a.NormalizedName, &a.TaxID, &a.Industry,
		&a.Country, &a.Segment, &a.Tier, &a.Status, &a.LostReason, &a.LostCompetitor, &a.OwnerID,
		&a.OrgUnitID, &a.Currency, &r.custom, &a.Version, &a.CreatedAt, &a.UpdatedAt, &r.ext, &r.domains}
}

// finish decodes the aggregated and JSON columns.
func (r *accountRow) finish() (*kam.Account, error) {
	a := &r.Account
	if r.custom != "" && r.custom != "{}" {
		if err := json.Unmarshal([]byte(r.custom), &a.CustomFields); err != nil {
			return nil, fmt.Errorf("account %d custom fields: %w", a.ID, err)
		}
	}
	a.ExternalIDs = splitExternalIDs(r.ext)
	a.Domains = splitDomains(r.domains)
	a.CreatedAt, a.UpdatedAt = a.CreatedAt.UTC(), a.UpdatedAt.UTC()
	return a, nil
}

func scanAccount(r rowScanner) (*kam.Account, error) {
	var row accountRow
	if err := r.Scan(row.targets()...); err != nil {
		return nil, err
	}
	return row.finish()
}

// FindAccountByID returns an account p may see, or ENOTFOUND.
func (s *Store) FindAccountByID(ctx context.Context, p *kam.Principal, id int64) (*kam.Account, error) {
	return s.findAccount(ctx, s.reader(), p, id)
}

func (s *Store) findAccount(ctx context.Context, c conn, p *kam.Principal, id int64) (*kam.Account, error) {
	pred, args := accountScope(p, "a")
	a, err := scanAccount(c.queryRow(ctx, "SELECT "+accountColumns+accountFrom+
		"WHERE a.id = ? AND a.deleted_at IS NULL AND "+pred, append([]any{id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kam.Errorf(kam.ENOTFOUND, "Account %d not found.", id)
	} else if err != nil {
		return nil, fmt.Errorf("find account %d: %w", id, err)
	}
	if a.OwnerName, err = s.userName(ctx, a.OwnerID); err != nil {
		return nil, err
	}
	return a, nil
}

// escapeLike escapes the LIKE wildcards in a search term.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(s)
}
