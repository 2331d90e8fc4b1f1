package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
)

// PortfolioRow is an account as the portfolio lists it: the account and the
// figures of its latest roll-up, classification and flags. An account with
// no roll-up yet has zero figures and HasHealth false.
type PortfolioRow struct {
	*kam.Account
	Revenue12M  kam.Money `json:"revenue_12m"`
	Health      int       `json:"health"`
	HasHealth   bool      `json:"has_health"`
	Priority    float64   `json:"priority"`
	LastOrder   kam.Date  `json:"last_order"`
	LastContact kam.Date  `json:"last_contact"`
	// Quadrant is the key of the latest classification, "" if none.
	Quadrant  string `json:"quadrant,omitempty"`
	OpenFlags int    `json:"open_flags"`
	// Monthly is the account's own revenue by month, oldest first, as far
	// back as the roll-up keeps it.
	Monthly []insight.MonthRevenue `json:"monthly,omitempty"`
}

// PortfolioPage is one page of the portfolio.
type PortfolioPage struct {
	Rows []*PortfolioRow `json:"accounts"`
	Next string          `json:"next,omitempty"`
	// Total counts every account of the list, on all its pages, when the
	// filter asked for it.
	Total *int `json:"total,omitempty"`
}

// portfolioColumns follow accountColumns in a list: the figures of
// PortfolioRow.
const portfolioColumns = `, COALESCE(r.revenue_12m, 0), r.health, COALESCE(r.queue_score, 0), r.last_order, r.last_contact, COALESCE(r.body, ''),
	COALESCE((SELECT c.quadrant FROM account_classifications c WHERE c.account_id = a.id ORDER BY c.id DESC LIMIT 1), ''),
	(SELECT COUNT(*) FROM flags fl WHERE fl.account_id = a.id AND fl.state IN ('open', 'acknowledged'))`

// portfolioFrom joins what the figures and sorts read.
const portfolioFrom = ` FROM accounts a LEFT JOIN account_rollups r ON r.account_id = a.id LEFT JOIN users u ON u.id = a.owner_id `

// FindAccounts returns one keyset-paged list of the accounts p may see.
func (s *Store) FindAccounts(ctx context.Context, p *kam.Principal, f kam.AccountFilter) (*kam.AccountPage, error) {
	page, err := s.FindPortfolio(ctx, p, f)
	if err != nil {
		return nil, err
	}
	out := &kam.AccountPage{Accounts: make([]*kam.Account, len(page.Rows)), Next: page.Next}
	for i, r := range page.Rows {
		out.Accounts[i] = r.Account
	}
	return out, nil
}

// FindPortfolio returns one keyset-paged list of the accounts p may see,
// each with its latest figures, filtered and ordered by f.
func (s *Store) FindPortfolio(ctx context.Context, p *kam.Principal, f kam.AccountFilter) (*PortfolioPage, error) {
	if f.Sort == "" {
		f.Sort = kam.SortByName
	}
	col, figure, err := sortColumnOf(f.Sort)
	if err != nil {
		return nil, err
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
	if f.Flag != "" && f.Flag != kam.FlagAny && !slices.Contains(insight.FlagKinds, insight.FlagKind(f.Flag)) {
		return nil, kam.FieldError("flag", "There is no kind of flag %q.", f.Flag)
	}
	query := kam.SearchKey(f.Query)
	fp := fingerprint(query, f.ExternalID, f.Source, f.OwnerID, f.ParentID, f.Tier, f.Status, f.Country, f.Quadrant, f.Flag)
	cur, err := decodeCursor(f.After, string(f.Sort), f.Desc, fp)
	if err != nil {
		return nil, err
	}

	pred, args := accountListScope(p, "a")
	src, err := s.listSource(ctx, p, f, figure)
	if err != nil {
		return nil, err
	}
	if src.walk {
		// A large book fills the sort's index: walk it and test each
		// account's scope row by row, rather than sort the whole book.
		pred, args = accountScope(p, "a")
	}
	where := []string{"a.deleted_at IS NULL", pred}
	add := func(cond string, a ...any) { where = append(where, cond); args = append(args, a...) }
	if query != "" {
		match, margs, err := s.searchMatch(ctx, accountsSearch, "a.id", query)
		if err != nil {
			return nil, err
		}
		if match != "" {
			add(match, margs...)
		}
		add(`a.search_name LIKE ? ESCAPE '\'`, "%"+escapeLike(query)+"%")
	}
	if f.ExternalID != "" {
		if f.Source != "" {
			add("a.id IN (SELECT account_id FROM account_external_ids WHERE external_id = ? AND source = ?)", f.ExternalID, f.Source)
		} else {
			add("a.id IN (SELECT account_id FROM account_external_ids WHERE external_id = ?)", f.ExternalID)
		}
	}
	for _, eq := range []struct {
		col string
		v   any
		set bool
	}{
		{"a.owner_id", f.OwnerID, f.OwnerID != 0}, {"a.parent_id", f.ParentID, f.ParentID != 0},
		{"a.tier", f.Tier, f.Tier != ""}, {"a.status", string(f.Status), f.Status != ""}, {"a.country", f.Country, f.Country != ""},
	} {
		if eq.set {
			add(eq.col+" = ?", eq.v)
		}
	}
	if f.Quadrant != "" {
		add("(SELECT c.quadrant FROM account_classifications c WHERE c.account_id = a.id ORDER BY c.id DESC LIMIT 1) = ?", f.Quadrant)
	}
	switch f.Flag {
	case "":
	case kam.FlagAny:
		add("EXISTS (SELECT 1 FROM flags fl WHERE fl.account_id = a.id AND fl.state IN ('open', 'acknowledged'))")
	default:
		add("EXISTS (SELECT 1 FROM flags fl WHERE fl.account_id = a.id AND fl.state IN ('open', 'acknowledged') AND fl.kind = ?)", f.Flag)
	}
	total := -1
	if f.Total {
		if err := s.reader().queryRow(ctx, "SELECT COUNT(*) FROM accounts a WHERE "+strings.Join(where, " AND "), args...).Scan(&total); err != nil {
			return nil, fmt.Errorf("count accounts: %w", err)
		}
	}
	dir, cmp := "ASC", ">"
	if f.Desc {
		dir, cmp = "DESC", "<"
	}
	if cur != nil {
		v, err := col.value(cur.Value)
		if err != nil {
			return nil, kam.FieldError("after", "The page cursor is invalid; start again from the first page.")
		}
		add("("+col.expr+", "+src.tie+") "+cmp+" (?, ?)", v, cur.ID)
	}
	// The limit is a literal: as a parameter, PostgreSQL's generic plan would
	// not know that only a page is wanted and may sort the whole scope.
	// The page's ids are chosen first, reading only the sort key; the
	// figures, whose roll-up bodies are large and whose latest
	// classification and open flags are subqueries, are then read for
	// those rows alone rather than for every account in scope before the
	// sort.
	q := "SELECT " + accountColumns + portfolioColumns + ", page.k FROM (SELECT " + src.tie + " AS i, " + col.expr + " AS k" + src.from +
		"WHERE " + strings.Join(append(where, src.where...), " AND ") + " ORDER BY k " + dir + ", " + src.tie + " " + dir + " LIMIT " + strconv.Itoa(f.Limit+1) +
		") page JOIN accounts a ON a.id = page.i" + strings.TrimPrefix(portfolioFrom, " FROM accounts a") +
		"ORDER BY page.k " + dir + ", page.i " + dir
	rows, err := s.reader().query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("find accounts: %w", err)
	}
	defer rows.Close()
	page := &PortfolioPage{Rows: []*PortfolioRow{}}
	if total >= 0 {
		page.Total = &total
	}
	var lastKey string
	for rows.Next() {
		if len(page.Rows) == f.Limit {
			last := page.Rows[len(page.Rows)-1]
			page.Next = cursor{Sort: string(f.Sort), Desc: f.Desc, Value: lastKey, ID: last.ID, Filter: fp}.encode()
			break
		}
		row, key, err := scanPortfolioRow(rows)
		if err != nil {
			return nil, fmt.Errorf("find accounts: %w", err)
		}
		page.Rows = append(page.Rows, row)
		lastKey = key
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find accounts: %w", err)
	}
	rows.Close()
	for _, r := range page.Rows {
		if r.OwnerName, err = s.userName(ctx, r.OwnerID); err != nil {
			return nil, err
		}
	}
	return page, nil
}

// scanPortfolioRow reads an account row, its figures and its sort key.
func scanPortfolioRow(rows *sql.Rows) (*PortfolioRow, string, error) {
	var row accountRow
	var out PortfolioRow
	var health sql.NullInt64
	var body string
	var key any
	targets := append(row.targets(), &out.Revenue12M, &health, &out.Priority, &out.LastOrder, &out.LastContact, &body,
		&out.Quadrant, &out.OpenFlags, &key)
	if err := rows.Scan(targets...); err != nil {
		return nil, "", err
	}
	a, err := row.finish()
	if err != nil {
		return nil, "", err
	}
	out.Account, out.Health, out.HasHealth = a, int(health.Int64), health.Valid
	if body != "" {
		var figs struct {
			Monthly []insight.MonthRevenue `json:"monthly"`
		}
		if err := json.Unmarshal([]byte(body), &figs); err != nil {
			return nil, "", fmt.Errorf("roll-up of account %d: %w", a.ID, err)
		}
		out.Monthly = figs.Monthly
	}
	switch k := key.(type) {
	case time.Time:
		return &out, k.UTC().Format(time.RFC3339Nano), nil
	case []byte:
		return &out, string(k), nil
	default:
		return &out, fmt.Sprint(k), nil
	}
}
