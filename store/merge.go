package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/kamhq/kam"
)

// mergeTables are the tables whose rows belong to an account through
// account_id and move with a merge.
var mergeTables = []string{"contacts", "activities", "tasks", "orders", "invoices", "payments", "opportunities",
	"contracts", "cases", "targets", "account_plans", "discount_requests", "flags", "account_losses", "onboardings",
	"campaign_items"}

// mergeKeeps says, per table, which of the merged account's rows stay with
// it (retired, so out of sight) because the survivor already has their
// like and one account may hold only one: a second active plan, a second
// item of the same campaign. The condition's ? is the survivor's id.
var mergeKeeps = map[string]string{
	"account_plans": `status = 'active' AND deleted_at IS NULL AND EXISTS (SELECT 1 FROM account_plans x
		WHERE x.account_id = ? AND x.status = 'active' AND x.deleted_at IS NULL)`,
	"campaign_items": "campaign_id IN (SELECT x.campaign_id FROM campaign_items x WHERE x.account_id = ?)",
}

// mergeBody is what a merge moved, kept so that it can be undone.
type mergeBody struct {
	Rows        map[string][]int64 `json:"rows"`         // table → ids moved
	Children    []int64            `json:"children"`     // child accounts re-parented
	ExternalIDs []movedID          `json:"external_ids"` // ids moved to the survivor
	Domains     []string           `json:"domains"`      // domains the survivor gained
	Team        []int64            `json:"team"`         // team members added to the survivor
	Pairs       []int64            `json:"pairs"`        // open duplicate pairs the merge closed
}

// movedID is an external id a merge moved, with whether it was attached by
// matching before (so that undo restores it as it was).
type movedID struct {
	Source   string `json:"source"`
	ID       string `json:"id"`
	Attached bool   `json:"attached"`
}

// MergeAccounts merges account mergedID into survivorID: its contacts,
// activities, orders, invoices, opportunities and every other record move to
// the survivor, which keeps its external ids and domains; its child accounts
// hang under the survivor; the merged account is retired. The merge is in the
// audit log of both and can be undone (UndoMerge). Administrators only.
func (s *Store) MergeAccounts(ctx context.Context, p *kam.Principal, survivorID, mergedID int64) (*kam.Merge, error) {
	if err := requireAdmin(p); err != nil {
		return nil, err
	}
	if survivorID == mergedID {
		return nil, kam.FieldError("merged_id", "An account cannot be merged into itself.")
	}
	var m *kam.Merge
	err := s.inTx(ctx, func(c conn) error {
		survivor, err := s.findAccount(ctx, c, p, survivorID)
		if err != nil {
			return err
		}
		merged, err := s.findAccount(ctx, c, p, mergedID)
		if err != nil {
			return err
		}
		if err := checkNotAncestor(ctx, c, mergedID, survivorID); err != nil {
			return err
		}
		body := mergeBody{Rows: map[string][]int64{}}
		rows, err := c.query(ctx, "SELECT source, external_id, attached FROM account_external_ids WHERE account_id = ? ORDER BY source, external_id", mergedID)
		if err != nil {
			return err
		}
		err = eachRow(rows, func() error {
			var x movedID
			if err := rows.Scan(&x.Source, &x.ID, &x.Attached); err != nil {
				return err
			}
			body.ExternalIDs = append(body.ExternalIDs, x)
			return nil
		})
		if err != nil {
			return err
		}
		for _, d := range merged.Domains {
			if !slices.Contains(survivor.Domains, d) {
				body.Domains = append(body.Domains, d)
			}
		}
		for _, t := range mergeTables {
			movable, args := "", []any{mergedID}
			if keep, ok := mergeKeeps[t]; ok {
				movable, args = " AND NOT ("+keep+")", append(args, survivorID)
			}
			ids, err := c.ids(ctx, "SELECT id FROM "+t+" WHERE account_id = ?"+movable+" ORDER BY id", args...)
			if err != nil {
				return err
			}
			if len(ids) > 0 {
				body.Rows[t] = ids
				if _, err := c.exec(ctx, "UPDATE "+t+" SET account_id = ? WHERE account_id = ?"+movable, append([]any{survivorID}, args...)...); err != nil {
					return fmt.Errorf("merge %s: %w", t, err)
				}
			}
		}
		if body.Children, err = c.ids(ctx, "SELECT id FROM accounts WHERE parent_id = ? ORDER BY id", mergedID); err != nil {
			return err
		}
		if body.Pairs, err = c.ids(ctx, "SELECT id FROM account_duplicates WHERE status = 'open' AND (account_id IN (?, ?) OR candidate_id IN (?, ?)) ORDER BY id",
			survivorID, mergedID, survivorID, mergedID); err != nil {
			return err
		}
		if body.Team, err = c.ids(ctx, `SELECT user_id FROM account_team_members WHERE account_id = ? AND user_id NOT IN
			(SELECT user_id FROM account_team_members WHERE account_id = ?) ORDER BY user_id`, mergedID, survivorID); err != nil {
			return err
		}
		now := s.Now()
		steps := []struct {
			q    string
			args []any
		}{
			{"UPDATE accounts SET parent_id = ? WHERE parent_id = ?", []any{survivorID, mergedID}},
			{"UPDATE account_external_ids SET account_id = ?, attached = ? WHERE account_id = ?", []any{survivorID, true, mergedID}},
			{`INSERT INTO account_domains (account_id, domain) SELECT ?, domain FROM account_domains WHERE account_id = ?
				ON CONFLICT DO NOTHING`, []any{survivorID, mergedID}},
			{`INSERT INTO account_team_members (account_id, user_id, role, access, added_at)
				SELECT ?, user_id, role, access, added_at FROM account_team_members WHERE account_id = ? ON CONFLICT DO NOTHING`, []any{survivorID, mergedID}},
			{"UPDATE accounts SET deleted_at = ?, version = version + 1, updated_at = ? WHERE id = ?", []any{now, now, mergedID}},
			{"UPDATE account_duplicates SET status = 'merged', decided_at = ?, decided_by = ? WHERE status = 'open' AND (account_id IN (?, ?) AND candidate_id IN (?, ?))",
				[]any{now, nullID(p.UserID), survivorID, mergedID, survivorID, mergedID}},
			{"UPDATE account_duplicates SET status = 'dismissed', decided_at = ?, decided_by = ? WHERE status = 'open' AND (account_id = ? OR candidate_id = ?)",
				[]any{now, nullID(p.UserID), mergedID, mergedID}},
		}
		for _, st := range steps {
			if _, err := c.exec(ctx, st.q, st.args...); err != nil {
				return fmt.Errorf("merge accounts: %w", err)
			}
		}
		for _, id := range []int64{survivorID, mergedID} {
			if err := s.refreshIdentityCopies(ctx, c, id); err != nil {
				return err
			}
		}
		raw, err := json.Marshal(body)
		if err != nil {
			return err
		}
		id, err := c.insert(ctx, "INSERT INTO account_merges (survivor_id, merged_id, body, merged_by, merged_at) VALUES (?, ?, ?, ?, ?)",
			survivorID, mergedID, string(raw), nullID(p.UserID), now)
		if err != nil {
			return fmt.Errorf("record merge: %w", err)
		}
		m = body.merge(id, survivorID, mergedID, merged.Name, p.UserID, now)
		if err := s.audit(ctx, c, p, "account", survivorID, "merge", change{field: "merged_account", new: fmt.Sprintf("%d %s", mergedID, merged.Name)}); err != nil {
			return err
		}
		return s.audit(ctx, c, p, "account", mergedID, "merged_into", change{field: "survivor", new: fmt.Sprintf("%d %s", survivorID, survivor.Name)})
	})
	return m, err
}

func (b *mergeBody) merge(id, survivorID, mergedID int64, name string, by int64, at time.Time) *kam.Merge {
	m := &kam.Merge{ID: id, SurvivorID: survivorID, MergedID: mergedID, MergedName: name, MergedBy: by, MergedAt: at, Moved: map[string]int{}}
	for t, ids := range b.Rows {
		m.Moved[t] = len(ids)
	}
	if len(b.Children) > 0 {
		m.Moved["child accounts"] = len(b.Children)
	}
	if len(b.ExternalIDs) > 0 {
		m.Moved["external ids"] = len(b.ExternalIDs)
	}
	return m
}

// checkNotAncestor refuses to merge an account into one of its own
// descendants, which would make the hierarchy loop.
func checkNotAncestor(ctx context.Context, c conn, ancestor, id int64) error {
	var below bool
	err := c.queryRow(ctx, `WITH RECURSIVE up(id) AS (SELECT CAST(? AS BIGINT) UNION SELECT ac.parent_id FROM accounts ac JOIN up ON ac.id = up.id WHERE ac.parent_id IS NOT NULL)
		SELECT COUNT(*) > 0 FROM up WHERE id = ?`, id, ancestor).Scan(&below)
	if err != nil {
		return fmt.Errorf("check hierarchy: %w", err)
	}
	if below {
		return kam.FieldError("merged_id", "Account %d is above account %d in its hierarchy; merge the subsidiary into the parent instead.", ancestor, id)
	}
	return nil
}

// ids reads one column of ids.
func (c conn) ids(ctx context.Context, q string, args ...any) ([]int64, error) {
	rows, err := c.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// findMerge reads a merge and its body.
func findMerge(ctx context.Context, c conn, id int64) (*kam.Merge, *mergeBody, error) {
	var m kam.Merge
	var raw string
	var undone sql.NullTime
	var by sql.NullInt64
	err := c.queryRow(ctx, `SELECT m.id, m.survivor_id, m.merged_id, a.name, m.body, m.merged_by, m.merged_at, m.undone_at
		FROM account_merges m JOIN accounts a ON a.id = m.merged_id WHERE m.id = ?`, id).
		Scan(&m.ID, &m.SurvivorID, &m.MergedID, &m.MergedName, &raw, &by, &m.MergedAt, &undone)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, kam.Errorf(kam.ENOTFOUND, "Merge %d not found.", id)
	} else if err != nil {
		return nil, nil, fmt.Errorf("find merge %d: %w", id, err)
	}
	var body mergeBody
	if err := json.Unmarshal([]byte(raw), &body); err != nil {
		return nil, nil, fmt.Errorf("merge %d body: %w", id, err)
	}
	full := body.merge(m.ID, m.SurvivorID, m.MergedID, m.MergedName, by.Int64, m.MergedAt.UTC())
	if undone.Valid {
		full.UndoneAt = undone.Time.UTC()
	}
	return full, &body, nil
}
