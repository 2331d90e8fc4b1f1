package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/kamhq/kam"
)

// Campaigns: creating one makes an item for every account in its scope
// that its creator sees, in one transaction. A campaign exists for its
// creator, administrators, and whoever sees one of its items' accounts;
// its counts and lists hold only the items of accounts the reader sees.
// Its creator and administrators change and delete it.

// campaignColumns are the columns scanCampaign reads, over campaigns cm and
// products pr.
const campaignColumns = `cm.id, cm.name, cm.description, COALESCE(cm.product_id, 0), COALESCE(pr.name, ''), cm.starts_on, cm.ends_on,
	cm.scope, COALESCE(cm.created_by, 0), cm.created_at, cm.updated_at, cm.version`

// campaignFrom joins a campaign's product.
const campaignFrom = ` FROM campaigns cm LEFT JOIN products pr ON pr.id = cm.product_id `

func scanCampaign(scan func(...any) error) (*kam.Campaign, error) {
	var c kam.Campaign
	var scope string
	if err := scan(&c.ID, &c.Name, &c.Description, &c.ProductID, &c.ProductName, &c.Starts, &c.Ends, &scope, &c.CreatedBy,
		&c.CreatedAt, &c.UpdatedAt, &c.Version); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(scope), &c.Scope); err != nil {
		return nil, fmt.Errorf("campaign %d: scope: %w", c.ID, err)
	}
	return &c, nil
}

// campaignVisible is the predicate over campaigns cm that holds for those p
// may see, with its arguments.
func campaignVisible(p *kam.Principal) (string, []any) {
	if p.IsAdmin() {
		return "1=1", nil
	}
	pred, args := accountScope(p, "a")
	return `(cm.created_by = ? OR EXISTS (SELECT 1 FROM campaign_items ci JOIN accounts a ON a.id = ci.account_id
		WHERE ci.campaign_id = cm.id AND a.deleted_at IS NULL AND ` + pred + `))`, append([]any{p.UserID}, args...)
}

// FindCampaign returns a campaign p may see with the counts of the items p
// sees; anything else is ENOTFOUND.
func (s *Store) FindCampaign(ctx context.Context, p *kam.Principal, id int64) (*kam.Campaign, error) {
	return s.findCampaign(ctx, s.reader(), p, id)
}

func (s *Store) findCampaign(ctx context.Context, c conn, p *kam.Principal, id int64) (*kam.Campaign, error) {
	pred, args := campaignVisible(p)
	cm, err := scanCampaign(c.queryRow(ctx, "SELECT "+campaignColumns+campaignFrom+"WHERE cm.id = ? AND cm.deleted_at IS NULL AND "+pred,
		append([]any{id}, args...)...).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kam.Errorf(kam.ENOTFOUND, "Campaign %d not found.", id)
	} else if err != nil {
		return nil, fmt.Errorf("find campaign %d: %w", id, err)
	}
	return cm, s.countCampaignItems(ctx, c, p, []*kam.Campaign{cm})
}

// FindCampaigns lists the campaigns p may see, the latest ending first,
// each with the counts of the items p sees.
func (s *Store) FindCampaigns(ctx context.Context, p *kam.Principal) ([]*kam.Campaign, error) {
	pred, args := campaignVisible(p)
	rows, err := s.reader().query(ctx, "SELECT "+campaignColumns+campaignFrom+"WHERE cm.deleted_at IS NULL AND "+pred+
		" ORDER BY cm.ends_on DESC, cm.id DESC LIMIT 500", args...)
	if err != nil {
		return nil, fmt.Errorf("find campaigns: %w", err)
	}
	out := []*kam.Campaign{}
	err = eachRow(rows, func() error {
		cm, err := scanCampaign(rows.Scan)
		out = append(out, cm)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find campaigns: %w", err)
	}
	return out, s.countCampaignItems(ctx, s.reader(), p, out)
}

// countCampaignItems counts the items of campaigns by status, of the
// accounts p sees.
func (s *Store) countCampaignItems(ctx context.Context, c conn, p *kam.Principal, list []*kam.Campaign) error {
	if len(list) == 0 {
		return nil
	}
	byID := map[int64]*kam.Campaign{}
	args := make([]any, len(list))
	for i, cm := range list {
		byID[cm.ID], args[i] = cm, cm.ID
		cm.Counts = kam.CampaignCount{}
		cm.Counts.Add(kam.CampaignItemStatuses[0], 0)
	}
	pred, sargs := accountListScope(p, "a")
	rows, err := c.query(ctx, `SELECT ci.campaign_id, ci.status, COUNT(*) FROM campaign_items ci JOIN accounts a ON a.id = ci.account_id
		WHERE ci.campaign_id IN (`+placeholders(len(list))+`) AND a.deleted_at IS NULL AND `+pred+` GROUP BY ci.campaign_id, ci.status`,
		append(args, sargs...)...)
	if err != nil {
		return fmt.Errorf("count campaign items: %w", err)
	}
	return eachRow(rows, func() error {
		var id int64
		var status string
		var n int
		if err := rows.Scan(&id, &status, &n); err != nil {
			return err
		}
		byID[id].Counts.Add(status, n)
		return nil
	})
}

// CreateCampaign saves a campaign and makes one item, to present, for
// every account p sees that its scope selects, in one transaction; it
// returns how many. A scope that selects no account is refused. The product,
// when given, must exist.
func (s *Store) CreateCampaign(ctx context.Context, p *kam.Principal, cm *kam.Campaign) (int, error) {
	if err := requireWrite(p); err != nil {
		return 0, err
	}
	if err := cm.Validate(); err != nil {
		return 0, err
	}
	scope, err := json.Marshal(cm.Scope)
	if err != nil {
		return 0, err
	}
	now := s.Now()
	var n int
	err = s.inTx(ctx, func(c conn) error {
		if err := s.checkCampaignProduct(ctx, c, cm.ProductID); err != nil {
			return err
		}
		where, args, err := s.campaignScopeWhere(ctx, c, p, cm.Scope)
		if err != nil {
			return err
		}
		cm.Version, cm.CreatedBy, cm.CreatedAt, cm.UpdatedAt = 1, p.UserID, now, now
		cm.ID, err = c.insert(ctx, `INSERT INTO campaigns (name, description, product_id, starts_on, ends_on, scope, created_by, version, created_at, updated_at)
			VALUES (?,?,?,?,?,?,?,?,?,?)`, cm.Name, cm.Description, nullID(cm.ProductID), cm.Starts, cm.Ends, string(scope), nullID(p.UserID),
			cm.Version, now, now)
		if err != nil {
			return fmt.Errorf("create campaign: %w", err)
		}
		res, err := c.exec(ctx, `INSERT INTO campaign_items (campaign_id, account_id, status, note, updated_by, updated_at, version)
			SELECT ?, a.id, 'to_present', '', ?, ?, 1 FROM accounts a WHERE `+where, append([]any{cm.ID, nullID(p.UserID), now}, args...)...)
		if err != nil {
			return fmt.Errorf("create campaign items: %w", err)
		}
		if n = rowsAffected(res); n == 0 {
			return kam.FieldError("scope", "No account you see matches this scope; widen it to make the campaign.")
		}
		return s.audit(ctx, c, p, "campaign", cm.ID, "create", change{field: "name", new: cm.Name},
			change{field: "scope", new: string(scope)}, change{field: "items", new: strconv.Itoa(n)})
	})
	if err != nil {
		return 0, err
	}
	cm.Counts = kam.CampaignCount{}
	cm.Counts.Add(kam.CampaignItemStatuses[0], n)
	return n, nil
}

// campaignScopeWhere is the predicate over accounts a that a campaign's
// scope selects among the live accounts p sees.
func (s *Store) campaignScopeWhere(ctx context.Context, c conn, p *kam.Principal, sc kam.CampaignScope) (string, []any, error) {
	pred, args := accountListScope(p, "a")
	where := []string{"a.deleted_at IS NULL", pred}
	add := func(cond string, v ...any) { where = append(where, cond); args = append(args, v...) }
	for _, eq := range []struct {
		col string
		v   any
		set bool
	}{
		{"a.owner_id", sc.OwnerID, sc.OwnerID != 0}, {"a.tier", sc.Tier, sc.Tier != ""}, {"a.status", string(sc.Status), sc.Status != ""},
		{"LOWER(a.country)", strings.ToLower(sc.Country), sc.Country != ""}, {"LOWER(a.industry)", strings.ToLower(sc.Industry), sc.Industry != ""},
	} {
		if eq.set {
			add(eq.col+" = ?", eq.v)
		}
	}
	if sc.OrgUnitID != 0 {
		units, err := c.ids(ctx, `WITH RECURSIVE sub(id) AS (SELECT id FROM org_units WHERE id = ? UNION SELECT o.id FROM org_units o JOIN sub ON o.parent_id = sub.id)
			SELECT id FROM sub`, sc.OrgUnitID)
		if err != nil {
			return "", nil, fmt.Errorf("read org unit %d: %w", sc.OrgUnitID, err)
		}
		if len(units) == 0 {
			return "", nil, kam.FieldError("scope.org_unit_id", "There is no org unit %d.", sc.OrgUnitID)
		}
		in := placeholders(len(units))
		add("(a.org_unit_id IN ("+in+") OR a.owner_id IN (SELECT id FROM users WHERE org_unit_id IN ("+in+")))", append(anyIDs(units), anyIDs(units)...)...)
	}
	return strings.Join(where, " AND "), args, nil
}

// checkCampaignProduct checks that a campaign's product, when given, exists.
func (s *Store) checkCampaignProduct(ctx context.Context, c conn, id int64) error {
	if id == 0 {
		return nil
	}
	var n int
	if err := c.queryRow(ctx, "SELECT COUNT(*) FROM products WHERE id = ?", id).Scan(&n); err != nil {
		return fmt.Errorf("check product %d: %w", id, err)
	}
	if n == 0 {
		return kam.FieldError("product_id", "There is no product %d.", id)
	}
	return nil
}

// manageableCampaign finds a campaign p may change: p's own, or any for an
// administrator. ENOTFOUND when p does not see it, EFORBIDDEN when p sees
// but may not change it.
func (s *Store) manageableCampaign(ctx context.Context, c conn, p *kam.Principal, id int64) (*kam.Campaign, error) {
	if err := requireWrite(p); err != nil {
		return nil, err
	}
	cm, err := s.findCampaign(ctx, c, p, id)
	if err != nil {
		return nil, err
	}
	if !p.IsAdmin() && cm.CreatedBy != p.UserID {
		return nil, kam.Errorf(kam.EFORBIDDEN, "Only the campaign's creator or an administrator may change campaign %d; its items are yours to update.", id)
	}
	return cm, nil
}
