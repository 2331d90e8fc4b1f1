package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/kamhq/kam"
)

// One company, one account: a new account is compared with the existing ones.
// The same tax id, the same domain, or the same match key in the same country
// is the same company (an exact match); a name scoring at least
// ProbableDuplicateScore is a probable duplicate, queued for a person to decide.

// ProbableDuplicateScore is the name similarity (0–100, kam.NameSimilarity)
// from which two accounts are queued for review.
const ProbableDuplicateScore = 80

// domainNameScore is how alike names must be for a shared website domain to
// make two accounts one company; below it the pair goes to review.
const domainNameScore = 50

// countryPenalty is taken off the name score of accounts in different countries.
const countryPenalty = 10

// neighbours is how many accounts on each side of a new account's match key,
// in sorted order, are compared with it.
const neighbours = 25

// identityMatch returns the id of an existing account that is the same company
// as a, or 0.
func (w *importWriter) identityMatch(a *kam.Account) (int64, error) {
	return findIdentityMatch(w.ctx(), w.c, a)
}

func findIdentityMatch(ctx context.Context, c conn, a *kam.Account) (int64, error) {
	var id int64
	scanFirst := func(q string, args ...any) error {
		rows, err := c.query(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		if rows.Next() {
			if err := rows.Scan(&id); err != nil {
				return err
			}
		}
		return rows.Err()
	}
	if tax := strings.TrimSpace(a.TaxID); tax != "" {
		if err := scanFirst("SELECT id FROM accounts WHERE tax_id = ? AND deleted_at IS NULL AND id <> ? ORDER BY id LIMIT 1", tax, a.ID); err != nil || id != 0 {
			return id, err
		}
	}
	for _, d := range a.Domains {
		if kam.SharedDomain(d) {
			continue
		}
		// A shared domain with an unlike name is left to review
		// (queueProbableDuplicates): one site can serve several companies.
		var key string
		err := c.queryRow(ctx, `SELECT a.id, a.match_key FROM account_domains d JOIN accounts a ON a.id = d.account_id
			WHERE d.domain = ? AND a.deleted_at IS NULL AND a.id <> ? ORDER BY d.account_id LIMIT 1`, strings.ToLower(d), a.ID).Scan(&id, &key)
		if errors.Is(err, sql.ErrNoRows) {
			id = 0
			continue
		}
		if err != nil {
			return 0, err
		}
		if kam.KeySimilarity(kam.MatchKey(a.Name), key) >= domainNameScore {
			return id, nil
		}
		id = 0
	}
	rows, err := c.query(ctx, `SELECT id, country FROM accounts WHERE match_key = ? AND deleted_at IS NULL AND id <> ? ORDER BY id`,
		kam.MatchKey(a.Name), a.ID)
	if err != nil {
		return 0, fmt.Errorf("match account %q: %w", a.Name, err)
	}
	defer rows.Close()
	for rows.Next() {
		var cand int64
		var country string
		if err := rows.Scan(&cand, &country); err != nil {
			return 0, err
		}
		// Acme in France and Acme in Spain are two subsidiaries, not one company.
		if country == "" || a.Country == "" || strings.EqualFold(country, a.Country) {
			return cand, nil
		}
	}
	return 0, rows.Err()
}

// queueProbableDuplicates compares a newly created account with existing ones
// whose normalised name starts with the same word, and queues those that score
// at least ProbableDuplicateScore.
func (w *importWriter) queueProbableDuplicates(a *kam.Account) error {
	n, err := w.l.s.queueProbableDuplicates(w.ctx(), w.c, a)
	if n > 0 {
		w.queued++
	}
	return err
}

// QueuedDuplicates counts the new accounts this writer queued for review.
func (w *importWriter) QueuedDuplicates() int { return w.queued }

func (s *Store) queueProbableDuplicates(ctx context.Context, c conn, a *kam.Account) (int, error) {
	myKey := kam.MatchKey(a.Name)
	if myKey == "" {
		return 0, nil
	}
	// Sorted-neighbourhood blocking: the accounts whose match keys sort
	// nearest to this one, on either side, are the candidates. Two index
	// range reads, however many accounts there are.
	rows, err := c.query(ctx, `SELECT id, name, country, match_key, parent_id FROM (
		SELECT id, name, country, match_key, COALESCE(parent_id, 0) AS parent_id FROM (SELECT id, name, country, match_key, parent_id
			FROM accounts WHERE match_key >= ? AND id <> ? AND deleted_at IS NULL ORDER BY match_key LIMIT ?) up
		UNION ALL
		SELECT id, name, country, match_key, COALESCE(parent_id, 0) AS parent_id FROM (SELECT id, name, country, match_key, parent_id
			FROM accounts WHERE match_key < ? AND id <> ? AND deleted_at IS NULL ORDER BY match_key DESC LIMIT ?) down) near`,
		myKey, a.ID, neighbours, myKey, a.ID, neighbours)
	if err != nil {
		return 0, fmt.Errorf("find probable duplicates of %q: %w", a.Name, err)
	}
	type cand struct {
		id    int64
		score int
		why   string
	}
	var found []cand
	for rows.Next() {
		var id, parent int64
		var name, country, key string
		if err := rows.Scan(&id, &name, &country, &key, &parent); err != nil {
			rows.Close()
			return 0, err
		}
		// Names whose numbers differ score at most 50: skip them cheaply.
		// Accounts of one hierarchy (parent and subsidiary, or sisters) are
		// apart on purpose.
		if !kam.SameDigits(key, myKey) || id == a.ParentID || parent == a.ID || (parent != 0 && parent == a.ParentID) {
			continue
		}
		score := kam.KeySimilarity(myKey, key)
		why := fmt.Sprintf("names %q and %q are %d%% alike", a.Name, name, score)
		if country != "" && a.Country != "" && !strings.EqualFold(country, a.Country) {
			// Different countries speak against one company ("Acme UK" and
			// "Acme US" are usually two subsidiaries).
			score -= countryPenalty
			why += fmt.Sprintf("; countries differ (%s, %s): %d in all", a.Country, country, score)
		}
		if score < ProbableDuplicateScore {
			continue
		}
		found = append(found, cand{id, score, why})
	}
	rows.Close()
	for _, d := range a.Domains {
		if kam.SharedDomain(d) {
			continue
		}
		peers, err := c.ids(ctx, `SELECT d.account_id FROM account_domains d JOIN accounts a ON a.id = d.account_id
			WHERE d.domain = ? AND a.deleted_at IS NULL AND a.id <> ? ORDER BY d.account_id LIMIT 20`, strings.ToLower(d), a.ID)
		if err != nil {
			return 0, err
		}
		for _, p := range peers {
			found = append(found, cand{p, 90, fmt.Sprintf("same website domain %s, unlike names", strings.ToLower(d))})
		}
	}
	for _, f := range found {
		// One row per pair: the newer account points at the older one.
		newer, older := max(a.ID, f.id), min(a.ID, f.id)
		if _, err := c.exec(ctx, `INSERT INTO account_duplicates (account_id, candidate_id, score, reasons, status, created_at)
			VALUES (?, ?, ?, ?, 'open', ?) ON CONFLICT DO NOTHING`, newer, older, f.score, f.why, s.Now()); err != nil {
			return 0, fmt.Errorf("queue duplicate: %w", err)
		}
	}
	return len(found), nil
}
