package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

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

// accountSortColumn maps a sort name to its column; the id breaks ties.
var accountSortColumn = map[kam.AccountSort]string{
	kam.SortByName:    "a.search_name",
	kam.SortByUpdated: "a.updated_at",
	kam.SortByCreated: "a.created_at",
}

// FindAccounts returns one keyset-paged list of the accounts p may see.
func (s *Store) FindAccounts(ctx context.Context, p *kam.Principal, f kam.AccountFilter) (*kam.AccountPage, error) {
	if f.Sort == "" {
		f.Sort = kam.SortByName
	}
	col, ok := accountSortColumn[f.Sort]
	if !ok {
		return nil, kam.FieldError("sort", "Sort must be one of name, updated, created.")
	}
	switch {
	case f.Limit == 0:
		f.Limit = 50
	case f.Limit < 0 || f.Limit > 500:
		return nil, kam.FieldError("limit", "Limit must be between 1 and 500.")
	}
	if f.Status != "" && !f.Status.Valid() {
		return nil, kam.FieldError("status", "Status must be one of prospect, onboarding, active, at_risk, lost.")
	}
	query := kam.SearchKey(f.Query)
	fp := fingerprint(query, f.ExternalID, f.Source, f.OwnerID, f.ParentID, f.Tier, f.Status, f.Country)
	cur, err := decodeCursor(f.After, string(f.Sort), f.Desc, fp)
	if err != nil {
		return nil, err
	}

	pred, args := accountListScope(p, "a")
	where := []string{"a.deleted_at IS NULL", pred}
	add := func(cond string, a ...any) { where = append(where, cond); args = append(args, a...) }
	if query != "" {
		add(`a.search_name LIKE ? ESCAPE '\'`, "%"+escapeLike(query)+"%")
	}
	if f.ExternalID != "" {
		if f.Source != "" {
			add("a.id IN (SELECT account_id FROM account_external_ids WHERE external_id = ? AND source = ?)", f.ExternalID, f.Source)
		} else {
			add("a.id IN (SELECT account_id FROM account_external_ids WHERE external_id = ?)", f.ExternalID)
		}
	}
	if f.OwnerID != 0 {
		add("a.owner_id = ?", f.OwnerID)
	}
	if f.ParentID != 0 {
		add("a.parent_id = ?", f.ParentID)
	}
	if f.Tier != "" {
		add("a.tier = ?", f.Tier)
	}
	if f.Status != "" {
		add("a.status = ?", string(f.Status))
	}
	if f.Country != "" {
		add("a.country = ?", f.Country)
	}
	dir, cmp := "ASC", ">"
	if f.Desc {
		dir, cmp = "DESC", "<"
	}
	if cur != nil {
		v, err := s.cursorValue(f.Sort, cur.Value)
		if err != nil {
			return nil, kam.FieldError("after", "The page cursor is invalid; start again from the first page.")
		}
		add("("+col+", a.id) "+cmp+" (?, ?)", v, cur.ID)
	}
	// The limit is a literal: as a parameter, PostgreSQL's generic plan would
	// not know that only a page is wanted and may sort the whole scope.
	q := "SELECT " + accountColumns + ", " + col + accountFrom + "WHERE " + strings.Join(where, " AND ") +
		" ORDER BY " + col + " " + dir + ", a.id " + dir + " LIMIT " + strconv.Itoa(f.Limit+1)
	rows, err := s.reader().query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("find accounts: %w", err)
	}
	defer rows.Close()
	page := &kam.AccountPage{Accounts: []*kam.Account{}}
	var lastKey string
	for rows.Next() {
		if len(page.Accounts) == f.Limit {
			last := page.Accounts[len(page.Accounts)-1]
			page.Next = cursor{Sort: string(f.Sort), Desc: f.Desc, Value: lastKey, ID: last.ID, Filter: fp}.encode()
			break
		}
		a, key, err := scanAccountWithKey(rows)
		if err != nil {
			return nil, fmt.Errorf("find accounts: %w", err)
		}
		page.Accounts = append(page.Accounts, a)
		lastKey = key
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find accounts: %w", err)
	}
	rows.Close()
	for _, a := range page.Accounts {
		if a.OwnerName, err = s.userName(ctx, a.OwnerID); err != nil {
			return nil, err
		}
	}
	return page, nil
}

// scanAccountWithKey reads an account row followed by its sort key.
func scanAccountWithKey(rows *sql.Rows) (*kam.Account, string, error) {
	var row accountRow
	var key any
	if err := rows.Scan(append(row.targets(), &key)...); err != nil {
		return nil, "", err
	}
	a, err := row.finish()
	if err != nil {
		return nil, "", err
	}
	switch k := key.(type) {
	case time.Time:
		return a, k.UTC().Format(time.RFC3339Nano), nil
	case []byte:
		return a, string(k), nil
	default:
		return a, fmt.Sprint(k), nil
	}
}

// cursorValue turns a cursor's text back into a value of the sort column's type.
func (s *Store) cursorValue(sort kam.AccountSort, v string) (any, error) {
	if sort == kam.SortByName {
		return v, nil
	}
	return time.Parse(time.RFC3339Nano, v)
}

// escapeLike escapes the LIKE wildcards in a search term.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(s)
}
