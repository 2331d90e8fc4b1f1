package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/kamhq/kam"
)

// Discount approvals are routed by the org tree and the depth asked, under
// the discount_approval setting (kam.DiscountRule): up to the first
// threshold the requester's manager (users.manager_id) decides, or without
// one the director of the requester's org unit (the nearest unit up the
// tree with a director); up to the second threshold the director one level
// up the tree from that unit; deeper, or when the tree has no one to
// decide, any administrator. The route and the reason for it are stored
// with the request, so that it shows who must decide and why, and a later
// change to the tree or the rule does not move requests already made.

// DiscountRule returns the discount approval thresholds: the
// discount_approval setting, or the default when it was never set.
func (s *Store) DiscountRule(ctx context.Context) (kam.DiscountRule, error) {
	body, err := s.Setting(ctx, kam.SettingDiscountApproval)
	if err != nil {
		return kam.DiscountRule{}, err
	}
	rule, err := kam.ParseDiscountRule(body)
	if err != nil {
		return rule, fmt.Errorf("setting %s: %w", kam.SettingDiscountApproval, err)
	}
	return rule, nil
}

// SetDiscountRule stores new thresholds (administrators only). Requests
// made before keep their route.
func (s *Store) SetDiscountRule(ctx context.Context, p *kam.Principal, rule kam.DiscountRule) error {
	if err := requireAdmin(p); err != nil {
		return err
	}
	if err := rule.Check(); err != nil {
		return kam.FieldError("director_up_to_bp", "%s", err.Error())
	}
	return s.SetSetting(ctx, p, kam.SettingDiscountApproval,
		fmt.Appendf(nil, `{"manager_up_to_bp": %d, "director_up_to_bp": %d}`, rule.ManagerBP, rule.DirectorBP))
}

// discountRoute is who must decide a request, at which level and why.
type discountRoute struct {
	approverID int64 // 0: any administrator
	level      string
	reason     string
}

// orgWalker finds directors up the org tree within a transaction.
type orgWalker struct {
	ctx     context.Context
	c       conn
	parents map[int64]int64
	names   map[int64]string
}

// newOrgWalker reads the org tree (a few hundred units at most).
func newOrgWalker(ctx context.Context, c conn) (*orgWalker, error) {
	w := &orgWalker{ctx: ctx, c: c, parents: map[int64]int64{}, names: map[int64]string{}}
	rows, err := c.query(ctx, "SELECT id, COALESCE(parent_id, 0), name FROM org_units")
	if err != nil {
		return nil, fmt.Errorf("read org tree: %w", err)
	}
	err = eachRow(rows, func() error {
		var id, parent int64
		var name string
		if err := rows.Scan(&id, &parent, &name); err != nil {
			return err
		}
		w.parents[id], w.names[id] = parent, name
		return nil
	})
	return w, err
}

// director returns the nearest active director at or above unit, other
// than the users excluded, and the unit they direct; nil when none.
func (w *orgWalker) director(unit int64, exclude ...int64) (*kam.User, int64, error) {
	for steps := 0; unit != 0 && steps <= len(w.parents); steps++ {
		q := "SELECT " + userColumns + " FROM users WHERE role = 'director' AND active AND org_unit_id = ?"
		args := []any{unit}
		if len(exclude) > 0 {
			q += " AND id NOT IN (" + placeholders(len(exclude)) + ")"
			for _, id := range exclude {
				args = append(args, id)
			}
		}
		u, err := scanUser(w.c.queryRow(w.ctx, q+" ORDER BY id LIMIT 1", args...))
		switch {
		case err == nil:
			return u, unit, nil
		case !errors.Is(err, sql.ErrNoRows):
			return nil, 0, fmt.Errorf("find the director of org unit %d: %w", unit, err)
		}
		unit = w.parents[unit]
	}
	return nil, 0, nil
}

// routeDiscount finds who must decide a depth asked by requester, by rule.
// The first level is the requester's manager or, without one, the nearest
// director; the second is the nearest director above the first level's
// decider.
func routeDiscount(ctx context.Context, c conn, requester *kam.User, depth int64, rule kam.DiscountRule) (discountRoute, error) {
	level := rule.Level(depth)
	who := requester.Name()
	if level == kam.ApproverAdmin {
		return discountRoute{level: level, reason: fmt.Sprintf("A discount deeper than %s is decided by an administrator.",
			kam.PercentOf(max(rule.DirectorBP, 1)))}, nil
	}
	w, err := newOrgWalker(ctx, c)
	if err != nil {
		return discountRoute{}, err
	}
	first, err := deciderManager(ctx, c, requester)
	if err != nil {
		return discountRoute{}, err
	}
	upTo := kam.PercentOf(rule.ManagerBP)
	as := who + "'s manager"
	if first != nil && level == kam.ApproverManager {
		return discountRoute{first.ID, level, fmt.Sprintf("%s is %s, who approves discounts up to %s.", first.Name(), as, upTo)}, nil
	}
	if first == nil {
		var unit int64
		if first, unit, err = w.director(requester.OrgUnitID, requester.ID); err != nil {
			return discountRoute{}, err
		}
		if first == nil {
			return discountRoute{level: kam.ApproverAdmin, reason: fmt.Sprintf(
				"No manager or director stands above %s in the org tree, so an administrator decides.", who)}, nil
		}
		as = "the director of " + w.names[unit] + ", " + who + "'s org unit"
		if unit != requester.OrgUnitID {
			as = "the director of " + w.names[unit] + ", the nearest unit above " + who + "'s with a director"
		}
		if level == kam.ApproverManager {
			return discountRoute{first.ID, level, fmt.Sprintf("%s is %s, who approves discounts up to %s.", first.Name(), as, upTo)}, nil
		}
	}
	// The director level: the nearest director above the first level's
	// decider (at or above their unit when they direct none).
	from, where := first.OrgUnitID, "at or above "+w.names[first.OrgUnitID]+", "+first.Name()+"'s org unit"
	if first.Role == kam.RoleDirector {
		from, where = w.parents[first.OrgUnitID], "above "+w.names[first.OrgUnitID]
		if from == 0 {
			where += ", the top of the org tree"
		}
	}
	second, above, err := w.director(from, requester.ID, first.ID)
	if err != nil {
		return discountRoute{}, err
	}
	over := fmt.Sprintf("%s approves discounts up to %s as %s", first.Name(), upTo, as)
	if second == nil {
		return discountRoute{level: kam.ApproverAdmin, reason: fmt.Sprintf(
			"%s. A deeper one goes to the next director up the org tree, and none stands %s, so an administrator decides.",
			over, where)}, nil
	}
	return discountRoute{second.ID, level, fmt.Sprintf("%s. Up to %s, %s decides: the director of %s, the nearest director %s.",
		over, kam.PercentOf(rule.DirectorBP), second.Name(), w.names[above], where)}, nil
}

// DiscountDeciders says who would decide a request by p at each level of
// the rule as the org tree stands now, shallowest first: the table the
// request form shows. A level the rule leaves empty (a threshold of 0, or
// two equal ones) is left out.
func (s *Store) DiscountDeciders(ctx context.Context, p *kam.Principal) ([]kam.DiscountDecider, error) {
	if p.UserID == 0 {
		return nil, nil
	}
	rule, err := s.DiscountRule(ctx)
	if err != nil {
		return nil, err
	}
	requester, err := s.FindUserByID(ctx, p.UserID)
	if err != nil {
		return nil, err
	}
	var out []kam.DiscountDecider
	below := int64(0)
	for _, upTo := range []int64{rule.ManagerBP, rule.DirectorBP, -1} { // -1: deeper
		depth := upTo
		switch {
		case upTo < 0 && below >= 9999:
			continue
		case upTo < 0:
			depth, upTo = below+1, 0
		case upTo <= below:
			continue
		}
		route, err := routeDiscount(ctx, s.reader(), requester, depth, rule)
		if err != nil {
			return nil, err
		}
		d := kam.DiscountDecider{UpToBP: upTo, Level: route.level, ApproverID: route.approverID, Reason: route.reason}
		if d.ApproverID != 0 {
			u, err := s.FindUserByID(ctx, d.ApproverID)
			if err != nil {
				return nil, err
			}
			d.ApproverName = u.Name()
		}
		out = append(out, d)
		below = max(below, upTo)
	}
	return out, nil
}

// deciderManager returns the requester's manager when they may decide the
// first level: active, someone else, and not read only; else nil.
func deciderManager(ctx context.Context, c conn, requester *kam.User) (*kam.User, error) {
	if requester.ManagerID == 0 {
		return nil, nil
	}
	m, err := scanUser(c.queryRow(ctx, "SELECT "+userColumns+" FROM users WHERE id = ?", requester.ManagerID))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("find the manager of user %d: %w", requester.ID, err)
	case !m.Active || m.ID == requester.ID || m.Role == kam.RoleViewer:
		return nil, nil
	}
	return m, nil
}

// MayDecide returns nil when p may approve, reject or counter a request it
// sees: its approver, or any administrator, but never its requester; else
// EFORBIDDEN with the reason. Whether it is still pending is not checked.
func MayDecide(p *kam.Principal, r *kam.DiscountRequest) error {
	switch {
	case p.UserID != 0 && p.UserID == r.RequesterID:
		return kam.Errorf(kam.EFORBIDDEN, "You asked for this discount, so someone else decides it. %s", deciderText(r))
	case !p.CanWrite():
		return kam.Errorf(kam.EFORBIDDEN, "Your access is read only; you cannot decide discounts.")
	case p.IsAdmin() || (r.ApproverID != 0 && r.ApproverID == p.UserID):
		return nil
	}
	return kam.Errorf(kam.EFORBIDDEN, "You have no authority to decide this discount. %s", deciderText(r))
}

// deciderText says who decides a request and why, in sentences.
func deciderText(r *kam.DiscountRequest) string {
	if r.ApproverID == 0 {
		return "An administrator decides it. " + r.RouteReason
	}
	name := r.ApproverName
	if name == "" {
		name = fmt.Sprintf("user %d", r.ApproverID)
	}
	return fmt.Sprintf("%s decides it (or an administrator). %s", name, r.RouteReason)
}
