package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kamhq/kam"
)

// keyKind is how a sort column's cursor value is written and read back.
type keyKind int

const (
	keyText keyKind = iota
	keyTime
	keyInt
	keyFloat
	keyDate
)

// sortColumn is the expression a list is ordered by and its cursor kind.
type sortColumn struct {
	expr string
	kind keyKind
}

// accountSortColumn maps a sort name to its expression over accounts a and
// their owners u; the id breaks ties. The sorts by a figure of the roll-up
// are in figureSortColumn.
var accountSortColumn = map[kam.AccountSort]sortColumn{
	kam.SortByName:    {"a.search_name", keyText},
	kam.SortByUpdated: {"a.updated_at", keyTime},
	kam.SortByCreated: {"a.created_at", keyTime},
	kam.SortByOwner:   {"COALESCE(NULLIF(u.display_name, ''), u.username, '')", keyText},
	kam.SortByTier:    {rankOf("a.tier", kam.Tiers), keyInt},
	kam.SortByStatus:  {rankOf("a.status", kam.AccountStatuses), keyInt},
	kam.SortByCountry: {"a.country", keyText},
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

// figureSortColumn maps the sorts by a figure of the roll-up to their
// column in account_rollups r; the account id breaks ties. Every account
// has a roll-up row from its creation (an empty one until its first
// recompute, see migration 00018), and each of these columns is indexed
// with account_id after it, so that a list can walk the index in either
// direction. A figure the account lacks sorts as zero, or for health as -1,
// below every score, and for a day as 0001-01-01, before every day: the
// sort_ columns are generated from the figures that way.
var figureSortColumn = map[kam.AccountSort]sortColumn{
	kam.SortByRevenue:     {"r.revenue_12m", keyInt},
	kam.SortByHealth:      {"r.sort_health", keyInt},
	kam.SortByPriority:    {"r.queue_score", keyFloat},
	kam.SortByLastOrder:   {"r.sort_last_order", keyDate},
	kam.SortByLastContact: {"r.sort_last_contact", keyDate},
}

// sortColumnOf returns the column of a sort, and whether it is a figure of
// the roll-up.
func sortColumnOf(sort kam.AccountSort) (sortColumn, bool, error) {
	if col, ok := figureSortColumn[sort]; ok {
		return col, true, nil
	}
	if col, ok := accountSortColumn[sort]; ok {
		return col, false, nil
	}
	names := make([]string, len(kam.AccountSorts))
	for i, s := range kam.AccountSorts {
		names[i] = string(s)
	}
	return sortColumn{}, false, kam.FieldError("sort", "Sort must be one of %s.", strings.Join(names, ", "))
}

// listSource is where the inner query of a portfolio page reads its rows:
// its FROM clause, the conditions that join it, the id column that breaks
// ties in its order, and whether its plan walks the sort's index, testing
// each account's scope, rather than gather the book and sort it.
type listSource struct {
	from  string
	where []string
	tie   string
	walk  bool
}

// listSource chooses how a page of accounts sorted as f asks is read.
//
// A large book (see largeBook) sorted by name or by a figure walks the
// sort's index and stops once the page is full: it meets the accounts in
// scope early, since they are many. A small book is read the other way: its
// accounts, found through its owner and team lists, are sorted, which costs
// little because they are few, where a walk would pass over most of the
// organisation before it filled a page. Sorted by a figure, a list of one
// parent's subsidiaries or of one external id is small whoever reads it, and
// is read that way too, as is a search (its matches are found through the
// search index, see searchMatch) and a list of one owner's accounts when
// that owner's own book is small.
func (s *Store) listSource(ctx context.Context, p *kam.Principal, f kam.AccountFilter, figure bool) (listSource, error) {
	src := listSource{from: portfolioFrom, tie: "a.id"}
	switch {
	case figure:
		src.from, src.tie = " FROM accounts a JOIN account_rollups r ON r.account_id = a.id ", "r.account_id"
		if f.ParentID != 0 || f.ExternalID != "" || f.Query != "" {
			return src, nil
		}
	case f.Sort != kam.SortByName:
		return src, nil
	}
	big, err := s.largeBook(ctx, p)
	if err == nil && big && figure && f.OwnerID != 0 {
		// The walk forced below could not start from the owner's
		// accounts: take it only when they are many.
		var n int
		err = s.reader().queryRow(ctx, "SELECT COUNT(*) FROM accounts WHERE owner_id = ?", f.OwnerID).Scan(&n)
		big = n > largeBookAccounts
	}
	if err != nil || !big {
		return src, err
	}
	src.walk = true
	if figure {
		// CROSS JOIN keeps the roll-ups outermost in SQLite, so that the
		// plan walks their index (as QueueTop does).
		src.from, src.where = " FROM account_rollups r CROSS JOIN accounts a ", []string{"a.id = r.account_id"}
	}
	return src, nil
}

// dateKey reads back the cursor value of a sort by day: a day as SQLite
// stores it, or a time as PostgreSQL returns a date, cut to its day.
func dateKey(v string) (string, error) {
	if len(v) > len(time.DateOnly) {
		v = v[:len(time.DateOnly)]
	}
	if _, err := time.Parse(time.DateOnly, v); err != nil {
		return "", err
	}
	return v, nil
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
	case keyDate:
		return dateKey(v)
	}
	return v, nil
}
