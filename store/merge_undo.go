package store

import (
	"context"
	"fmt"
	"slices"

	"github.com/kamhq/kam"
)

// UndoMerge reverses a merge: the merged account returns with the records,
// child accounts, external ids, domains and team members that moved, as they
// were. Records added to the survivor since stay with it.
func (s *Store) UndoMerge(ctx context.Context, p *kam.Principal, mergeID int64) (*kam.Merge, error) {
	if err := requireAdmin(p); err != nil {
		return nil, err
	}
	var out *kam.Merge
	err := s.inTx(ctx, func(c conn) error {
		m, body, err := findMerge(ctx, c, mergeID)
		if err != nil {
			return err
		}
		if !m.UndoneAt.IsZero() {
			return kam.Errorf(kam.ECONFLICT, "Merge %d was undone already.", mergeID)
		}
		// Merges undo newest first: a later merge that took either account
		// must be undone before this one, or rows would go back to the
		// wrong account.
		var later int64
		err = c.queryRow(ctx, `SELECT COALESCE(MAX(id), 0) FROM account_merges WHERE id > ? AND undone_at IS NULL
			AND (merged_id IN (?, ?) OR survivor_id IN (?, ?))`, mergeID, m.SurvivorID, m.MergedID, m.SurvivorID, m.MergedID).Scan(&later)
		if err != nil {
			return fmt.Errorf("undo merge %d: %w", mergeID, err)
		}
		if later != 0 {
			return kam.Errorf(kam.ECONFLICT, "Merge %d came later and involves these accounts; undo it first.", later)
		}
		now := s.Now()
		exec := func(q string, args ...any) error {
			if _, err := c.exec(ctx, q, args...); err != nil {
				return fmt.Errorf("undo merge %d: %w", mergeID, err)
			}
			return nil
		}
		if err := exec("UPDATE accounts SET deleted_at = NULL, version = version + 1, updated_at = ? WHERE id = ?", now, m.MergedID); err != nil {
			return err
		}
		for _, t := range mergeTables {
			for ids := range slices.Chunk(body.Rows[t], 500) {
				args := append([]any{m.MergedID, m.SurvivorID}, anyIDs(ids)...)
				if err := exec("UPDATE "+t+" SET account_id = ? WHERE account_id = ? AND id IN ("+placeholders(len(ids))+")", args...); err != nil {
					return err
				}
			}
		}
		for ids := range slices.Chunk(body.Children, 500) {
			args := append([]any{m.MergedID, m.SurvivorID}, anyIDs(ids)...)
			if err := exec("UPDATE accounts SET parent_id = ? WHERE parent_id = ? AND id IN ("+placeholders(len(ids))+")", args...); err != nil {
				return err
			}
		}
		for _, x := range body.ExternalIDs {
			if err := exec("UPDATE account_external_ids SET account_id = ?, attached = ? WHERE source = ? AND external_id = ? AND account_id = ?",
				m.MergedID, x.Attached, x.Source, x.ID, m.SurvivorID); err != nil {
				return err
			}
		}
		// Domains and team members were copied; take back the ones the
		// survivor did not have before.
		for _, d := range body.Domains {
			if err := exec("DELETE FROM account_domains WHERE account_id = ? AND domain = ?", m.SurvivorID, d); err != nil {
				return err
			}
		}
		// The pairs the merge closed are open again, so that the decision
		// can be made anew (say, merging the other way).
		for ids := range slices.Chunk(body.Pairs, 500) {
			if err := exec("UPDATE account_duplicates SET status = 'open', decided_at = NULL, decided_by = NULL WHERE id IN ("+placeholders(len(ids))+")", anyIDs(ids)...); err != nil {
				return err
			}
		}
		for _, u := range body.Team {
			if err := exec("DELETE FROM account_team_members WHERE account_id = ? AND user_id = ?", m.SurvivorID, u); err != nil {
				return err
			}
		}
		for _, id := range []int64{m.SurvivorID, m.MergedID} {
			if err := s.refreshIdentityCopies(ctx, c, id); err != nil {
				return err
			}
		}
		if err := exec("UPDATE account_merges SET undone_at = ?, undone_by = ? WHERE id = ?", now, nullID(p.UserID), mergeID); err != nil {
			return err
		}
		m.UndoneAt = now
		out = m
		if err := s.audit(ctx, c, p, "account", m.SurvivorID, "unmerge", change{field: "merged_account", old: fmt.Sprintf("%d %s", m.MergedID, m.MergedName)}); err != nil {
			return err
		}
		return s.audit(ctx, c, p, "account", m.MergedID, "unmerged", change{field: "survivor", old: fmt.Sprint(m.SurvivorID)})
	})
	return out, err
}

func anyIDs(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}
