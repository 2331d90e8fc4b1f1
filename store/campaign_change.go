package store

import (
	"context"
	"fmt"

	"github.com/kamhq/kam"
)

// UpdateCampaign applies upd to a campaign p may change (its creator's, or
// any for an administrator) if upd.Version is still its version; a newer
// one is ESTALE and nothing is written. Its scope and items stay.
func (s *Store) UpdateCampaign(ctx context.Context, p *kam.Principal, id int64, upd kam.CampaignUpdate) (*kam.Campaign, error) {
	var out *kam.Campaign
	err := s.inTx(ctx, func(c conn) error {
		cm, err := s.manageableCampaign(ctx, c, p, id)
		if err != nil {
			return err
		}
		if upd.Version != cm.Version {
			return staleError("Campaign", id, upd.Version, cm.Version)
		}
		var changes []change
		set := func(field, old, new string) {
			if old != new {
				changes = append(changes, change{field, old, new})
			}
		}
		before := *cm
		if upd.Name != nil {
			cm.Name = *upd.Name
		}
		if upd.Description != nil {
			cm.Description = *upd.Description
		}
		if upd.ProductID != nil {
			cm.ProductID = *upd.ProductID
		}
		if upd.Starts != nil {
			cm.Starts = *upd.Starts
		}
		if upd.Ends != nil {
			cm.Ends = *upd.Ends
		}
		if err := cm.Validate(); err != nil {
			return err
		}
		if cm.ProductID != before.ProductID {
			if err := s.checkCampaignProduct(ctx, c, cm.ProductID); err != nil {
				return err
			}
		}
		set("name", before.Name, cm.Name)
		set("description", before.Description, cm.Description)
		set("product_id", idText(before.ProductID), idText(cm.ProductID))
		set("starts_on", before.Starts.String(), cm.Starts.String())
		set("ends_on", before.Ends.String(), cm.Ends.String())
		out = cm
		if len(changes) == 0 {
			return nil
		}
		cm.UpdatedAt = s.Now()
		res, err := c.exec(ctx, `UPDATE campaigns SET name = ?, description = ?, product_id = ?, starts_on = ?, ends_on = ?, updated_at = ?,
			version = version + 1 WHERE id = ? AND version = ? AND deleted_at IS NULL`, cm.Name, cm.Description, nullID(cm.ProductID),
			cm.Starts, cm.Ends, cm.UpdatedAt, id, cm.Version)
		if err != nil {
			return fmt.Errorf("update campaign %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return staleError("Campaign", id, upd.Version, upd.Version+1)
		}
		cm.Version++
		return s.audit(ctx, c, p, "campaign", id, "update", changes...)
	})
	if err != nil {
		return nil, err
	}
	if out.ProductID == 0 {
		out.ProductName = ""
	} else if fresh, err := s.FindCampaign(ctx, p, id); err == nil {
		out = fresh
	}
	return out, nil
}

// DeleteCampaign moves a campaign p may change to the bin, with its items;
// version, if not 0, must still be its version.
func (s *Store) DeleteCampaign(ctx context.Context, p *kam.Principal, id, version int64) error {
	return s.inTx(ctx, func(c conn) error {
		cm, err := s.manageableCampaign(ctx, c, p, id)
		if err != nil {
			return err
		}
		if version != 0 && version != cm.Version {
			return staleError("Campaign", id, version, cm.Version)
		}
		if err := markDeleted(ctx, c, "campaigns", "Campaign", id, cm.Version, s.Now()); err != nil {
			return err
		}
		return s.audit(ctx, c, p, "campaign", id, "delete", change{field: "name", old: cm.Name})
	})
}

// UpdateCampaignItem changes an item's status or note, on an account p may
// change, if upd.Version is still the item's version (ESTALE otherwise).
// The change is in the account's audit log. An item of an account p does
// not see, or of a deleted campaign, is ENOTFOUND.
func (s *Store) UpdateCampaignItem(ctx context.Context, p *kam.Principal, id int64, upd kam.CampaignItemUpdate) (*kam.CampaignItem, error) {
	if err := requireWrite(p); err != nil {
		return nil, err
	}
	var out *kam.CampaignItem
	err := s.inTx(ctx, func(c conn) error {
		it, name, err := s.findCampaignItem(ctx, c, p, id)
		if err != nil {
			return err
		}
		out = it
		return s.changeCampaignItem(ctx, c, p, it, name, upd)
	})
	return out, err
}

// changeCampaignItem applies upd to an item of the campaign called name,
// found in c's transaction, and audits it on its account: refused when p
// may not change the account or upd.Version is not the item's version.
func (s *Store) changeCampaignItem(ctx context.Context, c conn, p *kam.Principal, it *kam.CampaignItem, name string, upd kam.CampaignItemUpdate) error {
	if err := checkAccountWrite(ctx, c, p, it.AccountID); err != nil {
		return err
	}
	if upd.Version != it.Version {
		return staleError("Campaign item", it.ID, upd.Version, it.Version)
	}
	status, note := it.Status, it.Note
	if upd.Status != nil {
		status = *upd.Status
	}
	if upd.Note != nil {
		note = *upd.Note
	}
	if err := kam.ValidCampaignItem(status, note); err != nil {
		return err
	}
	label := fmt.Sprintf("campaign %q", name)
	var changes []change
	if status != it.Status {
		changes = append(changes, change{label + " status", it.Status, status})
	}
	if note != it.Note {
		changes = append(changes, change{label + " note", it.Note, note})
	}
	if len(changes) == 0 {
		return nil
	}
	now := s.Now()
	res, err := c.exec(ctx, `UPDATE campaign_items SET status = ?, note = ?, updated_by = ?, updated_at = ?, version = version + 1
		WHERE id = ? AND version = ?`, status, note, nullID(p.UserID), now, it.ID, it.Version)
	if err != nil {
		return fmt.Errorf("update campaign item %d: %w", it.ID, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return staleError("Campaign item", it.ID, upd.Version, upd.Version+1)
	}
	it.Status, it.Note, it.UpdatedAt = status, note, now
	it.Version++
	return s.audit(ctx, c, p, "account", it.AccountID, "campaign", changes...)
}
