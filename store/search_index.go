package store

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
)

// Substring search ("smi", "acme gmb", any case) reads trigram indexes
// (migration 00017). On PostgreSQL, pg_trgm's GIN indexes serve the LIKE
// of the lists directly and the planner weighs them against walking the
// name index. On SQLite, each searched table has an FTS5 table of trigrams
// (accounts_search, contacts_search, opportunities_search) that SQLite's
// planner cannot weigh, so the store chooses:
//
//   - few candidates: the list reads those rows by id, tests scope and
//     filters, and sorts them;
//   - many candidates: the match is common, so a walk of the list's own
//     order meets a page of matches soon; the list keeps its plain LIKE.
//
// The FTS5 tables keep no positions, so a match holds every trigram of the
// text but maybe not in a row: the LIKE always stays in the query and
// decides. Texts of one or two characters have no trigram and keep the
// plain LIKE: a common one ends a walk soon, a rare one scans the book.

// A list reads its candidates unless there are so many that walking its
// order meets a page of matches sooner. Each candidate costs a lookup by
// id; a walk meets a match every rows/candidates steps when matches are
// spread over the order, but names cluster: a company's start ("swif" for
// Swiftwater ...) or a first name lies in one stretch of the order, which a
// walk must reach first. So a list walks only for texts held by more than
// sqrt(walkRatio*rows) rows (see searchIndex) or maxCandidates, which also
// bounds the cost of counting them.
const maxCandidates = 10000

// maxTrigrams bounds the trigrams a query tests: a few spread over a long
// text narrow the candidates as well as all of them would, and the LIKE
// checks the rest.
const maxTrigrams = 8

// searchIndex is an SQLite FTS5 table of trigrams kept beside a table,
// keyed by the ids of its rows. walkRatio weighs a walk's step against a
// candidate's lookup: an account walk reads only the name index, 10 (1,400
// of 200,000 accounts); a contact or deal walk reads wider entries, 100
// (6,700 of 450,000 deals, 8,900 of 800,000 contacts).
type searchIndex struct {
	fts, table string
	walkRatio  float64
}

// The trigram tables.
var (
	accountsSearch      = searchIndex{"accounts_search", "accounts", 10}
	contactsSearch      = searchIndex{"contacts_search", "contacts", 100}
	opportunitiesSearch = searchIndex{"opportunities_search", "opportunities", 100}
)

// searchMatch returns a predicate that keeps the rows of idCol that the
// index idx finds for text holding any of keys, with its argument, when
// the index should drive the list: on SQLite, for keys of three characters
// or more with few candidates (see maxCandidates). Otherwise it returns ""
// and the list walks its order. The caller keeps its LIKE either way.
func (s *Store) searchMatch(ctx context.Context, idx searchIndex, idCol string, keys ...string) (string, []any, error) {
	if s.d.name != "sqlite" {
		return "", nil, nil
	}
	match := trigramMatch(keys...)
	if match == "" {
		return "", nil, nil
	}
	sub := "SELECT rowid FROM " + idx.fts + " WHERE " + idx.fts + " MATCH ?"
	var n, rows int
	err := s.reader().queryRow(ctx, "SELECT (SELECT COUNT(*) FROM ("+sub+" LIMIT ?) m), (SELECT COALESCE(MAX(id), 0) FROM "+idx.table+")",
		match, maxCandidates+1).Scan(&n, &rows)
	if err != nil {
		return "", nil, fmt.Errorf("search %s: %w", idx.table, err)
	}
	if float64(n) > min(maxCandidates, math.Sqrt(idx.walkRatio*float64(rows))) {
		return "", nil, nil
	}
	return idCol + " IN (" + sub + ")", []any{match}, nil
}

// trigramMatch returns the FTS5 query that a row holding any of keys
// matches: for each key, its trigrams joined by AND (up to maxTrigrams,
// spread over the key); the keys joined by OR. It returns "" when a key
// has fewer than three characters, since no trigram can find it.
func trigramMatch(keys ...string) string {
	var alts []string
	for _, key := range keys {
		r := []rune(key)
		if len(r) < 3 {
			return ""
		}
		var all []string
		seen := map[string]bool{}
		for i := 0; i+3 <= len(r); i++ {
			if t := string(r[i : i+3]); !seen[t] {
				seen[t] = true
				all = append(all, t)
			}
		}
		terms := make([]string, 0, maxTrigrams)
		for i := range min(len(all), maxTrigrams) {
			// The first, the last and evenly spaced ones between.
			j := i * (len(all) - 1) / max(min(len(all), maxTrigrams)-1, 1)
			terms = append(terms, `"`+strings.ReplaceAll(all[j], `"`, `""`)+`"`)
		}
		alt := strings.Join(terms, " AND ")
		if !slices.Contains(alts, alt) {
			alts = append(alts, alt)
		}
	}
	if len(alts) == 1 {
		return alts[0]
	}
	return "(" + strings.Join(alts, ") OR (") + ")"
}
