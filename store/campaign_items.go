package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/kamhq/kam"
)

// Campaign items: one account of a campaign each, scoped through its
// account. An item's owner is its account's owner now, so that a handed-
// over account's items follow it.

// CampaignItemFilter selects the items of one campaign on the accounts a
// principal sees. Lists are keyset-paged by account name: pass a page's
// Next as After.
type CampaignItemFilter struct {
	Status  string
	OwnerID int64
	After   string
	Limit   int // default 100, at most 500
}

// CampaignItemPage is one page of a campaign's items.
type CampaignItemPage struct {
	Items []kam.CampaignItem `json:"items"`
	Next  string             `json:"next,omitempty"`
}

// CampaignOwnerProgress is how far one account manager is with a campaign:
// the counts of the items of the accounts they own.
type CampaignOwnerProgress struct {
	OwnerID   int64             `json:"owner_id"`
	OwnerName string            `json:"owner_name"`
	Counts    kam.CampaignCount `json:"counts"`
}

// AccountCampaignItem is an item on an account's page, with its campaign.
type AccountCampaignItem struct {
	kam.CampaignItem
	CampaignName string   `json:"campaign_name"`
	ProductName  string   `json:"product_name,omitempty"`
	Ends         kam.Date `json:"ends_on"`
}

// itemColumns are the columns scanItem reads, over campaign_items ci,
// accounts a and the owners u.
const itemColumns = `ci.id, ci.campaign_id, ci.account_id, a.name, COALESCE(a.owner_id, 0), COALESCE(u.display_name, ''), ci.status, ci.note,
	ci.updated_at, ci.version`

// itemFrom joins an item's account, owner and campaign.
const itemFrom = ` FROM campaign_items ci JOIN accounts a ON a.id = ci.account_id LEFT JOIN users u ON u.id = a.owner_id
	JOIN campaigns cm ON cm.id = ci.campaign_id `

func scanItem(scan func(...any) error, more ...any) (*kam.CampaignItem, error) {
	var it kam.CampaignItem
	err := scan(append([]any{&it.ID, &it.CampaignID, &it.AccountID, &it.AccountName, &it.OwnerID, &it.OwnerName, &it.Status, &it.Note,
		&it.UpdatedAt, &it.Version}, more...)...)
	return &it, err
}

// FindCampaignItem returns an item of an account p sees, of a campaign
// that is not deleted.
func (s *Store) FindCampaignItem(ctx context.Context, p *kam.Principal, id int64) (*kam.CampaignItem, error) {
	it, _, err := s.findCampaignItem(ctx, s.reader(), p, id)
	return it, err
}

// findCampaignItem is FindCampaignItem with its campaign's name.
func (s *Store) findCampaignItem(ctx context.Context, c conn, p *kam.Principal, id int64) (*kam.CampaignItem, string, error) {
	pred, args := accountScope(p, "a")
	var name string
	it, err := scanItem(c.queryRow(ctx, "SELECT "+itemColumns+", cm.name"+itemFrom+`WHERE ci.id = ? AND cm.deleted_at IS NULL
		AND a.deleted_at IS NULL AND `+pred, append([]any{id}, args...)...).Scan, &name)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", kam.Errorf(kam.ENOTFOUND, "Campaign item %d not found.", id)
	} else if err != nil {
		return nil, "", fmt.Errorf("find campaign item %d: %w", id, err)
	}
	return it, name, nil
}

// FindCampaignItems returns one page of a campaign's items on the accounts
// p sees, by account name.
func (s *Store) FindCampaignItems(ctx context.Context, p *kam.Principal, campaignID int64, f CampaignItemFilter) (*CampaignItemPage, error) {
	switch {
	case f.Limit == 0:
		f.Limit = 100
	case f.Limit < 0 || f.Limit > 500:
		return nil, kam.FieldError("limit", "Limit must be between 1 and 500.")
	}
	if f.Status != "" && !slices.Contains(kam.CampaignItemStatuses, f.Status) {
		return nil, kam.FieldError("status", "Status must be one of %s.", strings.Join(kam.CampaignItemStatuses, ", "))
	}
	if _, err := s.FindCampaign(ctx, p, campaignID); err != nil {
		return nil, err
	}
	fp := fingerprint(campaignID, f.Status, f.OwnerID)
	cur, err := decodeCursor(f.After, "account", false, fp)
	if err != nil {
		return nil, err
	}
	pred, args := accountListScope(p, "a")
	where := []string{"ci.campaign_id = ?", "a.deleted_at IS NULL", pred}
	args = append([]any{campaignID}, args...)
	add := func(cond string, v ...any) { where = append(where, cond); args = append(args, v...) }
	if f.Status != "" {
		add("ci.status = ?", f.Status)
	}
	if f.OwnerID != 0 {
		add("a.owner_id = ?", f.OwnerID)
	}
	if cur != nil {
		add("(a.search_name > ? OR (a.search_name = ? AND ci.id > ?))", cur.Value, cur.Value, cur.ID)
	}
	rows, err := s.reader().query(ctx, "SELECT "+itemColumns+", a.search_name"+itemFrom+"WHERE "+strings.Join(where, " AND ")+
		" ORDER BY a.search_name, ci.id LIMIT "+strconv.Itoa(f.Limit+1), args...)
	if err != nil {
		return nil, fmt.Errorf("find campaign items: %w", err)
	}
	page := &CampaignItemPage{Items: []kam.CampaignItem{}}
	var key, lastKey string
	err = eachRow(rows, func() error {
		if len(page.Items) == f.Limit {
			page.Next = cursor{Sort: "account", Value: lastKey, ID: page.Items[f.Limit-1].ID, Filter: fp}.encode()
			return nil
		}
		it, err := scanItem(rows.Scan, &key)
		if err == nil {
			page.Items, lastKey = append(page.Items, *it), key
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find campaign items: %w", err)
	}
	return page, nil
}

// FindCampaignProgress counts a campaign's items by the owner of their
// account and status, over the accounts p sees: a director sees their
// subtree's account managers, an account manager themselves. Owners come
// by name; accounts without an owner last.
func (s *Store) FindCampaignProgress(ctx context.Context, p *kam.Principal, campaignID int64) ([]CampaignOwnerProgress, error) {
	if _, err := s.FindCampaign(ctx, p, campaignID); err != nil {
		return nil, err
	}
	pred, args := accountListScope(p, "a")
	rows, err := s.reader().query(ctx, `SELECT COALESCE(a.owner_id, 0), ci.status, COUNT(*) FROM campaign_items ci JOIN accounts a ON a.id = ci.account_id
		WHERE ci.campaign_id = ? AND a.deleted_at IS NULL AND `+pred+` GROUP BY a.owner_id, ci.status`, append([]any{campaignID}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("campaign progress: %w", err)
	}
	byOwner := map[int64]*CampaignOwnerProgress{}
	err = eachRow(rows, func() error {
		var owner int64
		var status string
		var n int
		if err := rows.Scan(&owner, &status, &n); err != nil {
			return err
		}
		if byOwner[owner] == nil {
			byOwner[owner] = &CampaignOwnerProgress{OwnerID: owner}
		}
		byOwner[owner].Counts.Add(status, n)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("campaign progress: %w", err)
	}
	out := []CampaignOwnerProgress{}
	for _, pr := range byOwner {
		if pr.OwnerName, err = s.userName(ctx, pr.OwnerID); err != nil {
			return nil, err
		}
		out = append(out, *pr)
	}
	slices.SortFunc(out, func(a, b CampaignOwnerProgress) int {
		if (a.OwnerID == 0) != (b.OwnerID == 0) {
			if a.OwnerID == 0 {
				return 1
			}
			return -1
		}
		return strings.Compare(strings.ToLower(a.OwnerName), strings.ToLower(b.OwnerName))
	})
	return out, nil
}

// FindAccountCampaignItems lists an account's items in campaigns that are
// not deleted and have not ended before a day, the soonest ending first.
func (s *Store) FindAccountCampaignItems(ctx context.Context, p *kam.Principal, accountID int64, since kam.Date) ([]AccountCampaignItem, error) {
	if _, err := s.FindAccountByID(ctx, p, accountID); err != nil {
		return nil, err
	}
	rows, err := s.reader().query(ctx, "SELECT "+itemColumns+", cm.name, COALESCE(pr.name, ''), cm.ends_on"+itemFrom+
		`LEFT JOIN products pr ON pr.id = cm.product_id WHERE ci.account_id = ? AND cm.deleted_at IS NULL AND cm.ends_on >= ?
		ORDER BY cm.ends_on, cm.id`, accountID, since)
	if err != nil {
		return nil, fmt.Errorf("find account campaign items: %w", err)
	}
	out := []AccountCampaignItem{}
	err = eachRow(rows, func() error {
		var a AccountCampaignItem
		it, err := scanItem(rows.Scan, &a.CampaignName, &a.ProductName, &a.Ends)
		if err == nil {
			a.CampaignItem = *it
			out = append(out, a)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find account campaign items: %w", err)
	}
	return out, nil
}
