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

// keyKind is how a sort column's cursor value is written and read back.
type keyKind int

const (
	keyText keyKind = iota
	keyTime
	keyInt
	keyFloat
)

// sortColumn is the expression a list is ordered by and its cursor kind.
type sortColumn struct {
	expr string
	kind keyKind
}

// accountSortColumn maps a sort name to its expression over accounts a,
// their roll-ups r and owners u; the id breaks ties. Missing figures sort
// as zero, or below every score for health.
var accountSortColumn = map[kam.AccountSort]sortColumn{
	kam.SortByName:        {"a.search_name", keyText},
	kam.SortByUpdated:     {"a.updated_at", keyTime},
	kam.SortByCreated:     {"a.created_at", keyTime},
	kam.SortByOwner:       {"COALESCE(NULLIF(u.display_name, ''), u.username, '')", keyText},
	kam.SortByTier:        {rankOf("a.tier", kam.Tiers), keyInt},
	kam.SortByStatus:      {rankOf("a.status", kam.AccountStatuses), keyInt},
	kam.SortByCountry:     {"a.country", keyText},
	kam.SortByRevenue:     {"COALESCE(r.revenue_12m, 0)", keyInt},
	kam.SortByHealth:      {"COALESCE(r.health, -1)", keyInt},
	kam.SortByPriority:    {"COALESCE(r.queue_score, 0)", keyFloat},
	kam.SortByLastOrder:   {"COALESCE(CAST(r.last_order AS TEXT), '')", keyText},
	kam.SortByLastContact: {"COALESCE(CAST(r.last_contact AS TEXT), '')", keyText},
}

// rankOf orders a coded column by its codes' order (key before strategic
// before core before standard), not by their spelling; unknown or empty
// codes come last.
func rankOf[T ~string](col string, codes []T) string {
	var b strings.Builder
	b.WriteString("CASE " + col)
	for i, c := range codes {
		fmt.Fprintf(&b, " WHEN '%s' THEN %d", string(c), i)
	}
	fmt.Fprintf(&b, " ELSE %d END", len(codes))
	return b.String()
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
	col, ok := accountSortColumn[f.Sort]
	if !ok {
		names := make([]string, len(kam.AccountSorts))
		for i, s := range kam.AccountSorts {
			names[i] = string(s)
		}
		return nil, kam.FieldError("sort", "Sort must be one of %s.", strings.Join(names, ", "))
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
	if f.Sort == kam.SortByName {
		big, err := s.largeBook(ctx, p)
		if err != nil {
			return nil, err
		}
		if big {
			// A large book fills the name index: walk it and test each
			// account, rather than sort the whole book (see readFlags).
			pred = strings.Replace(pred, "a.id IN (", "+a.id IN (", 1)
		}
	}
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
		add("("+col.expr+", a.id) "+cmp+" (?, ?)", v, cur.ID)
	}
	// The limit is a literal: as a parameter, PostgreSQL's generic plan would
	// not know that only a page is wanted and may sort the whole scope.
	// The page's ids are chosen first, reading only the sort key; the
	// figures, whose roll-up bodies are large and whose latest
	// classification and open flags are subqueries, are then read for
	// those rows alone rather than for every account in scope before the
	// sort.
	q := "SELECT " + accountColumns + portfolioColumns + ", page.k FROM (SELECT a.id AS i, " + col.expr + " AS k" + portfolioFrom +
		"WHERE " + strings.Join(where, " AND ") + " ORDER BY k " + dir + ", a.id " + dir + " LIMIT " + strconv.Itoa(f.Limit+1) +
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

// value turns a cursor's text back into a value of the sort column's type.
func (c sortColumn) value(v string) (any, error) {
	switch c.kind {
	case keyTime:
		return time.Parse(time.RFC3339Nano, v)
	case keyInt:
		return strconv.ParseInt(v, 10, 64)
	case keyFloat:
		return strconv.ParseFloat(v, 64)
	}
	return v, nil
}
