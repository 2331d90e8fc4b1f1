package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/kamhq/kam"
)

// FindOrgUnit returns one unit of the org tree, to anyone signed in.
func (s *Store) FindOrgUnit(ctx context.Context, p *kam.Principal, id int64) (*kam.OrgUnit, error) {
	if err := requireSignedIn(p); err != nil {
		return nil, err
	}
	return findOrgUnit(ctx, s.reader(), id)
}

func findOrgUnit(ctx context.Context, c conn, id int64) (*kam.OrgUnit, error) {
	var u kam.OrgUnit
	err := c.queryRow(ctx, "SELECT id, COALESCE(parent_id, 0), kind, name, version, created_at FROM org_units WHERE id = ?", id).
		Scan(&u.ID, &u.ParentID, &u.Kind, &u.Name, &u.Version, &u.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kam.Errorf(kam.ENOTFOUND, "Org unit %d not found.", id)
	} else if err != nil {
		return nil, fmt.Errorf("find org unit %d: %w", id, err)
	}
	return &u, nil
}

// UpdateOrgUnit renames an org unit or moves it under another parent
// (administrators) if upd.Version is still its version; a newer one is
// ESTALE and nothing is written. A unit cannot move under itself or a unit
// below it. Moving a unit moves its whole subtree: directors and viewers
// above see what it holds from the next request on.
func (s *Store) UpdateOrgUnit(ctx context.Context, p *kam.Principal, id int64, upd kam.OrgUnitUpdate) (*kam.OrgUnit, error) {
	if err := requireAdmin(p); err != nil {
		return nil, err
	}
	var out *kam.OrgUnit
	err := s.inTx(ctx, func(c conn) error {
		u, err := findOrgUnit(ctx, c, id)
		if err != nil {
			return err
		}
		if upd.Version != u.Version {
			return staleError("Org unit", id, upd.Version, u.Version)
		}
		out = u
		var pt patch
		pt.str("name", &u.Name, trimmed(upd.Name))
		if u.Name == "" {
			return kam.FieldError("name", "An org unit needs a name.")
		}
		if upd.ParentID != nil && *upd.ParentID != u.ParentID {
			// Two moves at once could each pass the cycle check alone (A
			// under B, B under A): on PostgreSQL moves take the tree in turn.
			if c.d.name == "postgres" {
				if _, err := c.exec(ctx, "LOCK TABLE org_units IN SHARE ROW EXCLUSIVE MODE"); err != nil {
					return fmt.Errorf("lock the org tree: %w", err)
				}
			}
			if err := checkOrgMove(ctx, c, id, *upd.ParentID); err != nil {
				return err
			}
			pt.id("parent_id", &u.ParentID, upd.ParentID)
		}
		if len(pt.changes) == 0 {
			return nil
		}
		res, err := c.exec(ctx, "UPDATE org_units SET name = ?, parent_id = ?, version = version + 1 WHERE id = ? AND version = ?",
			u.Name, nullID(u.ParentID), id, u.Version)
		if err != nil {
			return fmt.Errorf("update org unit %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return staleError("Org unit", id, upd.Version, upd.Version+1)
		}
		u.Version++
		return s.audit(ctx, c, p, "org_unit", id, "update", pt.changes...)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// checkOrgMove refuses to move unit id under parent when parent does not
// exist, or is id or below it: the tree would become a cycle.
func checkOrgMove(ctx context.Context, c conn, id, parent int64) error {
	switch {
	case parent < 0:
		return kam.FieldError("parent_id", "Give the id of the new parent unit, or 0 for the top.")
	case parent == 0:
		return nil
	case parent == id:
		return kam.FieldError("parent_id", "An org unit cannot be its own parent.")
	}
	if err := checkExists(ctx, c, "org_units", parent); err != nil {
		return kam.FieldError("parent_id", "Org unit %d not found.", parent)
	}
	var below int
	err := c.queryRow(ctx, `WITH RECURSIVE sub(id) AS (SELECT CAST(? AS BIGINT) UNION SELECT o.id FROM org_units o JOIN sub ON o.parent_id = sub.id)
		SELECT COUNT(*) FROM sub WHERE id = ?`, id, parent).Scan(&below)
	if err != nil {
		return fmt.Errorf("check org move: %w", err)
	}
	if below > 0 {
		return kam.FieldError("parent_id", "Org unit %d is below this one; moving it there would make the tree a cycle.", parent)
	}
	return nil
}
