package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/kamhq/kam/insight"
)

// sumHierarchies writes the tree figures of every account with
// subsidiaries: its own plus each child's tree, bottom up. parents maps each
// account in a hierarchy to its parent. It returns how many accounts have
// subsidiaries.
func (s *Store) sumHierarchies(ctx context.Context, parents map[int64]int64) (int, error) {
	if len(parents) == 0 {
		return 0, nil
	}
	children := map[int64][]int64{}
	members := map[int64]bool{}
	for child, parent := range parents {
		children[parent] = append(children[parent], child)
		members[child], members[parent] = true, true
	}
	own := map[int64]insight.Figures{}
	for id := range members {
		f, err := s.ownFigures(ctx, s.reader(), id)
		if err != nil {
			return 0, err
		}
		own[id] = f
	}
	tree := map[int64]insight.Figures{}
	var sum func(id int64, depth int) (insight.Figures, error)
	sum = func(id int64, depth int) (insight.Figures, error) {
		if f, ok := tree[id]; ok {
			return f, nil
		}
		if depth > len(members) {
			return insight.Figures{}, fmt.Errorf("account %d is its own ancestor", id)
		}
		f := own[id].Clone()
		for _, child := range children[id] {
			cf, err := sum(child, depth+1)
			if err != nil {
				return f, err
			}
			f.Add(cf)
		}
		tree[id] = f
		return f, nil
	}
	var err error
	for parent := range children {
		if _, err = sum(parent, 0); err != nil {
			return 0, err
		}
	}
	err = s.inTx(ctx, func(c conn) error {
		for parent := range children {
			if err := writeTree(ctx, c, parent, tree[parent]); err != nil {
				return err
			}
		}
		return nil
	})
	return len(children), err
}

// sumAncestors rewrites the tree figures of an account that changed — when
// it has subsidiaries — and of its parent, its parent's parent and so on to
// the top, each from its own figures and its children's trees.
func (s *Store) sumAncestors(ctx context.Context, c conn, id int64) error {
	seen := map[int64]bool{}
	for node := id; node != 0 && !seen[node]; {
		seen[node] = true
		f, err := s.ownFigures(ctx, c, node)
		if err != nil {
			return err
		}
		children := 0
		rows, err := c.query(ctx, `SELECT CASE WHEN r.tree_body = '' THEN r.body ELSE r.tree_body END FROM account_rollups r JOIN accounts a ON a.id = r.account_id
			WHERE a.parent_id = ? AND a.deleted_at IS NULL AND (r.body <> '' OR r.tree_body <> '')`, node)
		if err != nil {
			return err
		}
		err = eachRow(rows, func() error {
			var body string
			var child insight.Figures
			if err := rows.Scan(&body); err != nil {
				return err
			}
			if err := json.Unmarshal([]byte(body), &child); err != nil {
				return err
			}
			children++
			f.Add(child)
			return nil
		})
		if err != nil {
			return err
		}
		if node != id || children > 0 {
			if err := writeTree(ctx, c, node, f); err != nil {
				return err
			}
		}
		if err := c.queryRow(ctx, "SELECT COALESCE(parent_id, 0) FROM accounts WHERE id = ?", node).Scan(&node); err != nil {
			return err
		}
	}
	return nil
}

// ownFigures reads an account's own stored figures; zero figures (of no
// account) when it has no roll-up yet, or only the empty row of one never
// computed.
func (s *Store) ownFigures(ctx context.Context, c conn, id int64) (insight.Figures, error) {
	var body string
	var f insight.Figures
	err := c.queryRow(ctx, "SELECT body FROM account_rollups WHERE account_id = ?", id).Scan(&body)
	if err != nil {
		if isNoRows(err) {
			return f, nil
		}
		return f, err
	}
	if body == "" {
		return f, nil
	}
	return f, json.Unmarshal([]byte(body), &f)
}

// writeTree stores a hierarchy node's summed figures.
func writeTree(ctx context.Context, c conn, id int64, f insight.Figures) error {
	body, err := json.Marshal(f)
	if err != nil {
		return err
	}
	_, err = c.exec(ctx, "UPDATE account_rollups SET tree_body = ?, tree_revenue_12m = ? WHERE account_id = ?", string(body), int64(f.Revenue12M), id)
	return err
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
