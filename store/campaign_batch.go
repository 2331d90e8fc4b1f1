package store

import (
	"context"

	"github.com/kamhq/kam"
)

// CampaignItemVersion names an item of a campaign and the version it was
// seen at, for a change to several items at once.
type CampaignItemVersion struct {
	ID      int64 `json:"id"`
	Version int64 `json:"version"`
}

// maxCampaignBatch is how many items one change may set at once.
const maxCampaignBatch = 500

// UpdateCampaignItems sets the status of several items of one campaign at
// once, in one transaction, each audited on its account like a change to
// one item. Every item must be of that campaign, on an account p may
// change, and still at the version given; otherwise nothing is written
// and the error names the first account refused. It returns the items as
// they are now.
func (s *Store) UpdateCampaignItems(ctx context.Context, p *kam.Principal, campaignID int64, status string, items []CampaignItemVersion) ([]*kam.CampaignItem, error) {
	if err := requireWrite(p); err != nil {
		return nil, err
	}
	switch {
	case len(items) == 0:
		return nil, kam.FieldError("items", "Choose the accounts whose status to set.")
	case len(items) > maxCampaignBatch:
		return nil, kam.FieldError("items", "Set at most %d accounts at once.", maxCampaignBatch)
	}
	if err := kam.ValidCampaignItem(status, ""); err != nil {
		return nil, err
	}
	var out []*kam.CampaignItem
	err := s.inTx(ctx, func(c conn) error {
		seen := map[int64]bool{}
		for _, v := range items {
			if seen[v.ID] {
				continue
			}
			seen[v.ID] = true
			it, name, err := s.findCampaignItem(ctx, c, p, v.ID)
			if err == nil && it.CampaignID != campaignID {
				err = kam.Errorf(kam.ENOTFOUND, "Campaign item %d not found.", v.ID)
			}
			if err != nil {
				return err
			}
			err = s.changeCampaignItem(ctx, c, p, it, name, kam.CampaignItemUpdate{Version: v.Version, Status: &status})
			switch kam.ErrorCode(err) {
			case "":
			case kam.ESTALE:
				return kam.Errorf(kam.ESTALE, "Someone else changed %s in this campaign since you looked, so nothing was saved.", it.AccountName)
			case kam.EFORBIDDEN:
				return kam.Errorf(kam.EFORBIDDEN, "You may only read %s, so nothing was saved: leave it out and try again.", it.AccountName)
			default:
				return err
			}
			out = append(out, it)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
