package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/kamhq/kam"
)

// The items of a plan: objectives, strategies, key messages, reference
// cases, competitors and actions. Each is saved one at a time, as a save of
// its plan (changePlan), from the plan's version.

// planItemColumns are the columns of an item (alias i) scanPlanItem reads,
// in its order.
const planItemColumns = `i.id, i.plan_id, i.kind, i.title, i.detail, i.measure, i.rating, i.standing, COALESCE(i.owner_id, 0), i.due,
	i.done_on, i.position`

// scanPlanItem reads planItemColumns, then extra columns into more.
func scanPlanItem(scan func(...any) error, more ...any) (*kam.PlanItem, error) {
	var it kam.PlanItem
	err := scan(append([]any{&it.ID, &it.PlanID, &it.Kind, &it.Title, &it.Detail, &it.Measure, &it.Rating, &it.Standing,
		&it.OwnerID, &it.Due, &it.DoneOn, &it.Position}, more...)...)
	return &it, err
}

// planItems loads a plan's items, section by section in the order of
// kam.PlanItemKinds, each in its position order, with the objectives they
// link.
func planItems(ctx context.Context, c conn, planID int64) ([]*kam.PlanItem, error) {
	rows, err := c.query(ctx, `SELECT `+planItemColumns+` FROM plan_items i WHERE i.plan_id = ? AND i.removed_at IS NULL ORDER BY i.position, i.id`, planID)
	if err != nil {
		return nil, fmt.Errorf("plan %d items: %w", planID, err)
	}
	var items []*kam.PlanItem
	byID := map[int64]*kam.PlanItem{}
	err = eachRow(rows, func() error {
		it, err := scanPlanItem(rows.Scan)
		if err != nil {
			return err
		}
		items = append(items, it)
		byID[it.ID] = it
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("plan %d items: %w", planID, err)
	}
	slices.SortStableFunc(items, func(a, b *kam.PlanItem) int {
		return slices.Index(kam.PlanItemKinds, a.Kind) - slices.Index(kam.PlanItemKinds, b.Kind)
	})
	rows, err = c.query(ctx, `SELECT l.item_id, l.objective_id FROM plan_item_links l JOIN plan_items i ON i.id = l.item_id
		WHERE i.plan_id = ? AND i.removed_at IS NULL ORDER BY l.item_id, l.objective_id`, planID)
	if err != nil {
		return nil, fmt.Errorf("plan %d links: %w", planID, err)
	}
	err = eachRow(rows, func() error {
		var item, objective int64
		if err := rows.Scan(&item, &objective); err != nil {
			return err
		}
		if it := byID[item]; it != nil {
			it.LinkedIDs = append(it.LinkedIDs, objective)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("plan %d links: %w", planID, err)
	}
	return items, nil
}

// insertPlanItem checks an item and adds it at the end of its section.
func (s *Store) insertPlanItem(ctx context.Context, c conn, plan *kam.AccountPlan, it *kam.PlanItem) error {
	it.Title, it.PlanID = strings.TrimSpace(it.Title), plan.ID
	if err := it.Validate(); err != nil {
		return err
	}
	if err := s.checkItemRefs(ctx, c, plan, it); err != nil {
		return err
	}
	if err := c.queryRow(ctx, "SELECT COALESCE(MAX(position), 0) + 1 FROM plan_items WHERE plan_id = ? AND kind = ? AND removed_at IS NULL",
		plan.ID, string(it.Kind)).Scan(&it.Position); err != nil {
		return fmt.Errorf("plan item position: %w", err)
	}
	id, err := c.insert(ctx, `INSERT INTO plan_items (plan_id, kind, title, detail, measure, rating, standing, owner_id, due, done_on, position)
		VALUES (?,?,?,?,?,?,?,?,?,?,?)`, plan.ID, string(it.Kind), it.Title, it.Detail, it.Measure, it.Rating, it.Standing,
		nullID(it.OwnerID), it.Due, it.DoneOn, it.Position)
	if err != nil {
		return fmt.Errorf("add plan item: %w", err)
	}
	it.ID = id
	return writeLinks(ctx, c, it)
}

// writeLinks replaces the objectives an item links.
func writeLinks(ctx context.Context, c conn, it *kam.PlanItem) error {
	if _, err := c.exec(ctx, "DELETE FROM plan_item_links WHERE item_id = ?", it.ID); err != nil {
		return fmt.Errorf("plan item %d links: %w", it.ID, err)
	}
	for _, obj := range it.LinkedIDs {
		if _, err := c.exec(ctx, "INSERT INTO plan_item_links (item_id, objective_id) VALUES (?, ?)", it.ID, obj); err != nil {
			return fmt.Errorf("plan item %d links: %w", it.ID, err)
		}
	}
	return nil
}

// checkItemRefs checks that an action's owner is an active user who sees
// the plan's account and that linked ids are objectives of the plan; it
// sorts the links and drops repeats.
func (s *Store) checkItemRefs(ctx context.Context, c conn, plan *kam.AccountPlan, it *kam.PlanItem) error {
	if it.OwnerID != 0 {
		owner, err := s.PrincipalFor(ctx, it.OwnerID)
		if err == nil {
			_, err = s.findAccount(ctx, c, owner, plan.AccountID)
		}
		if err != nil {
			return kam.FieldError("owner_id", "User %d is not an active user who can see this account; give the action to someone on its team.", it.OwnerID)
		}
	}
	slices.Sort(it.LinkedIDs)
	it.LinkedIDs = slices.Compact(it.LinkedIDs)
	for _, id := range it.LinkedIDs {
		if o := plan.Item(id); o == nil || o.Kind != kam.PlanObjective {
			return kam.FieldError("linked_ids", "Item %d is not an objective of this plan.", id)
		}
	}
	return nil
}

// AddPlanItem adds an item at the end of its section of a plan, as a save
// of the plan from version.
func (s *Store) AddPlanItem(ctx context.Context, p *kam.Principal, planID, version int64, it *kam.PlanItem) (*kam.AccountPlan, error) {
	return s.changePlan(ctx, p, planID, fromVersion(version), "add_item", func(c conn, plan *kam.AccountPlan) ([]change, error) {
		if len(plan.Items) >= kam.PlanItemsMax {
			return nil, kam.FieldError("kind", "A plan has at most %d items; remove some first.", kam.PlanItemsMax)
		}
		if err := s.insertPlanItem(ctx, c, plan, it); err != nil {
			return nil, err
		}
		return []change{{field: string(it.Kind), new: it.Title}}, nil
	})
}

// planOfItem returns the id of the plan an item belongs to; the plan's
// scope is checked when it is loaded.
func planOfItem(ctx context.Context, c conn, itemID int64) (int64, error) {
	var planID int64
	err := c.queryRow(ctx, "SELECT plan_id FROM plan_items WHERE id = ? AND removed_at IS NULL", itemID).Scan(&planID)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, kam.Errorf(kam.ENOTFOUND, "Plan item %d not found.", itemID)
	}
	return planID, err
}

// FindPlanItem returns an item and its plan, if p may see the plan.
func (s *Store) FindPlanItem(ctx context.Context, p *kam.Principal, itemID int64) (*kam.PlanItem, *kam.AccountPlan, error) {
	planID, err := planOfItem(ctx, s.reader(), itemID)
	if err != nil {
		return nil, nil, err
	}
	plan, err := s.FindPlan(ctx, p, planID)
	if kam.ErrorCode(err) == kam.ENOTFOUND {
		return nil, nil, kam.Errorf(kam.ENOTFOUND, "Plan item %d not found.", itemID)
	} else if err != nil {
		return nil, nil, err
	}
	return plan.Item(itemID), plan, nil
}

// PlanItemState is a short fingerprint of an item's values, its position
// aside. A form carries it, so that an edit made from it is refused only
// when that item changed since, not when another part of the plan did.
func PlanItemState(it *kam.PlanItem) string {
	c := *it
	c.Position = 0
	body, _ := json.Marshal(&c) // a PlanItem always marshals
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:8])
}

// fromItemState is the check of a change to one item made from its state
// (PlanItemState): p may change the account, or, with ownerMay, owns the
// action; the item must be as it was at state, whatever else of the plan
// changed. A removed item is ESTALE too: the change came from a form of it.
func fromItemState(itemID int64, state string, ownerMay bool) planCheck {
	return func(ctx context.Context, c conn, p *kam.Principal, plan *kam.AccountPlan) error {
		it := plan.Item(itemID)
		err := checkAccountWrite(ctx, c, p, plan.AccountID)
		if kam.ErrorCode(err) == kam.EFORBIDDEN && ownerMay && it != nil && it.Kind == kam.PlanAction && p.UserID != 0 && it.OwnerID == p.UserID {
			err = requireWrite(p)
		}
		switch {
		case err != nil:
			return err
		case it == nil:
			return kam.Errorf(kam.ESTALE, "Plan item %d was removed since you opened the plan; nothing was saved.", itemID)
		case PlanItemState(it) != state:
			return kam.Errorf(kam.ESTALE, "The %s %q changed since you opened the plan; nothing was saved.",
				strings.ReplaceAll(string(it.Kind), "_", " "), it.Title)
		}
		return nil
	}
}

// changeItem saves a change to one item of a plan, if check lets it.
func (s *Store) changeItem(ctx context.Context, p *kam.Principal, itemID int64, check planCheck, action string,
	fn func(c conn, plan *kam.AccountPlan, it *kam.PlanItem) ([]change, error)) (*kam.AccountPlan, error) {
	planID, err := planOfItem(ctx, s.reader(), itemID)
	if err != nil {
		return nil, err
	}
	out, err := s.changePlan(ctx, p, planID, check, action, func(c conn, plan *kam.AccountPlan) ([]change, error) {
		it := plan.Item(itemID)
		if it == nil { // removed while this change was on its way
			return nil, kam.Errorf(kam.ENOTFOUND, "Plan item %d not found.", itemID)
		}
		return fn(c, plan, it)
	})
	if kam.ErrorCode(err) == kam.ENOTFOUND {
		return nil, kam.Errorf(kam.ENOTFOUND, "Plan item %d not found.", itemID)
	}
	return out, err
}

// UpdatePlanItem applies upd to an item, as a save of its plan from
// version: any save of the plan since refuses it. Done marks an action
// done today, or open again.
func (s *Store) UpdatePlanItem(ctx context.Context, p *kam.Principal, itemID, version int64, upd kam.PlanItemUpdate) (*kam.AccountPlan, error) {
	return s.changeItem(ctx, p, itemID, fromVersion(version), "update_item", s.itemUpdate(ctx, upd))
}

// UpdatePlanItemAt applies upd to an item whose state (PlanItemState) was
// state when the change was made: it is refused (ESTALE) only if that item
// changed or was removed since, and otherwise saved on the plan's current
// version.
func (s *Store) UpdatePlanItemAt(ctx context.Context, p *kam.Principal, itemID int64, state string, upd kam.PlanItemUpdate) (*kam.AccountPlan, error) {
	return s.changeItem(ctx, p, itemID, fromItemState(itemID, state, false), "update_item", s.itemUpdate(ctx, upd))
}

// MarkPlanAction marks an action done today, or open again, from its
// state as UpdatePlanItemAt does. Besides those who may change the
// account, the action's owner may do this (and only this) on an account
// they may only read.
func (s *Store) MarkPlanAction(ctx context.Context, p *kam.Principal, itemID int64, state string, done bool) (*kam.AccountPlan, error) {
	update := s.itemUpdate(ctx, kam.PlanItemUpdate{Done: &done})
	return s.changeItem(ctx, p, itemID, fromItemState(itemID, state, true), "update_item",
		func(c conn, plan *kam.AccountPlan, it *kam.PlanItem) ([]change, error) {
			if it.Kind != kam.PlanAction {
				return nil, kam.FieldError("done", "Only actions are marked done.")
			}
			return update(c, plan, it)
		})
}

// itemUpdate is the change of an item by upd, for changeItem.
func (s *Store) itemUpdate(ctx context.Context, upd kam.PlanItemUpdate) func(c conn, plan *kam.AccountPlan, it *kam.PlanItem) ([]change, error) {
	return func(c conn, plan *kam.AccountPlan, it *kam.PlanItem) ([]change, error) {
		changes, err := s.applyItemUpdate(it, upd)
		if err != nil || len(changes) == 0 {
			return nil, err
		}
		if err := it.Validate(); err != nil {
			return nil, err
		}
		if err := s.checkItemRefs(ctx, c, plan, it); err != nil {
			return nil, err
		}
		_, err = c.exec(ctx, `UPDATE plan_items SET title = ?, detail = ?, measure = ?, rating = ?, standing = ?, owner_id = ?, due = ?,
			done_on = ?, position = ? WHERE id = ?`, it.Title, it.Detail, it.Measure, it.Rating, it.Standing, nullID(it.OwnerID), it.Due,
			it.DoneOn, it.Position, it.ID)
		if err != nil {
			return nil, fmt.Errorf("update plan item %d: %w", it.ID, err)
		}
		return changes, writeLinks(ctx, c, it)
	}
}

// applyItemUpdate applies upd to it in memory and returns the changes for
// the audit log, each field named after the item's kind and id.
func (s *Store) applyItemUpdate(it *kam.PlanItem, upd kam.PlanItemUpdate) ([]change, error) {
	var pt patch
	if upd.Title != nil {
		title := strings.TrimSpace(*upd.Title)
		pt.str("title", &it.Title, &title)
	}
	pt.str("detail", &it.Detail, upd.Detail)
	pt.str("measure", &it.Measure, upd.Measure)
	pt.str("rating", &it.Rating, upd.Rating)
	pt.str("standing", &it.Standing, upd.Standing)
	pt.id("owner_id", &it.OwnerID, upd.OwnerID)
	patchValue(&pt, "due", &it.Due, upd.Due)
	if upd.Done != nil && *upd.Done != it.Done() {
		done := kam.Date{}
		if *upd.Done {
			done = kam.DateOf(s.Now())
		}
		patchValue(&pt, "done_on", &it.DoneOn, &done)
	}
	if upd.LinkedIDs != nil {
		links := slices.Clone(*upd.LinkedIDs)
		slices.Sort(links)
		links = slices.Compact(links)
		if !slices.Equal(links, it.LinkedIDs) {
			pt.changes = append(pt.changes, change{"linked_ids", idsText(it.LinkedIDs), idsText(links)})
			it.LinkedIDs = links
		}
	}
	if upd.Position != nil && *upd.Position != it.Position {
		if *upd.Position < 1 || *upd.Position > kam.PlanItemsMax {
			return nil, kam.FieldError("position", "A position is 1 to %d.", kam.PlanItemsMax)
		}
		pt.changes = append(pt.changes, change{"position", fmt.Sprint(it.Position), fmt.Sprint(*upd.Position)})
		it.Position = *upd.Position
	}
	prefix := string(it.Kind) + " " + idText(it.ID) + " "
	for i := range pt.changes {
		pt.changes[i].field = prefix + pt.changes[i].field
	}
	return pt.changes, nil
}

// idsText is a list of ids for the audit log.
func idsText(ids []int64) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = idText(id)
	}
	return strings.Join(out, ",")
}

// RemovePlanItem removes an item from its plan, as a save of the plan from
// version. Items linked to a removed objective lose the link; the removed
// item stays in the plan's earlier revisions, and its id is never reused.
func (s *Store) RemovePlanItem(ctx context.Context, p *kam.Principal, itemID, version int64) (*kam.AccountPlan, error) {
	return s.changeItem(ctx, p, itemID, fromVersion(version), "remove_item", s.itemRemoval(ctx))
}

// RemovePlanItemAt is RemovePlanItem from the item's state, as
// UpdatePlanItemAt: refused only if that item changed since.
func (s *Store) RemovePlanItemAt(ctx context.Context, p *kam.Principal, itemID int64, state string) (*kam.AccountPlan, error) {
	return s.changeItem(ctx, p, itemID, fromItemState(itemID, state, false), "remove_item", s.itemRemoval(ctx))
}

// itemRemoval is the removal of an item and the links to it, for
// changeItem.
func (s *Store) itemRemoval(ctx context.Context) func(c conn, plan *kam.AccountPlan, it *kam.PlanItem) ([]change, error) {
	return func(c conn, _ *kam.AccountPlan, it *kam.PlanItem) ([]change, error) {
		if _, err := c.exec(ctx, "UPDATE plan_items SET removed_at = ? WHERE id = ?", s.Now(), it.ID); err != nil {
			return nil, fmt.Errorf("remove plan item %d: %w", it.ID, err)
		}
		if _, err := c.exec(ctx, "DELETE FROM plan_item_links WHERE item_id = ? OR objective_id = ?", it.ID, it.ID); err != nil {
			return nil, fmt.Errorf("remove plan item %d: %w", it.ID, err)
		}
		return []change{{field: string(it.Kind), old: it.Title}}, nil
	}
}
