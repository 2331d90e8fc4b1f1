package store

import (
	"context"
	"fmt"
	"slices"

	"github.com/kamhq/kam"
)

// The kinds of PlanDue.
const (
	PlanDueAction = "action" // an open action of a plan, owned by the user
	PlanDueReview = "review" // a plan of an account the user owns, due for review
)

// PlanDue is something of an account plan that falls to a user on a day:
// an open action they own, whoever owns the plan's account, or the review
// of a plan of an account they own.
type PlanDue struct {
	Kind        string   `json:"kind"`
	Due         kam.Date `json:"due"`
	PlanID      int64    `json:"plan_id"`
	PlanTitle   string   `json:"plan_title"`
	AccountID   int64    `json:"account_id"`
	AccountName string   `json:"account_name"`
	// ItemID, Title and State are an action's: its id, its title and its
	// state (PlanItemState), which the form marking it done carries.
	ItemID int64  `json:"item_id,omitempty"`
	Title  string `json:"title,omitempty"`
	State  string `json:"state,omitempty"`
}

// FindPlanDues returns what of the plans on the accounts p may see falls to
// p: the open actions p owns due by actionsBy (those past due included)
// and the plans not archived of the accounts p owns whose next review is
// by reviewsBy, the earliest first, at most limit of them, and whether
// there are more.
func (s *Store) FindPlanDues(ctx context.Context, p *kam.Principal, actionsBy, reviewsBy kam.Date, limit int) ([]PlanDue, bool, error) {
	if p == nil || p.UserID == 0 {
		return nil, false, nil
	}
	// Plans and their items are few beside accounts: CROSS JOIN keeps
	// SQLite reading them first and testing each one's account with the
	// row-wise scope, rather than every account of a large scope or a list
	// of them built per query (PostgreSQL plans it either way).
	pred, args := accountScope(p, "a")
	var out []PlanDue
	rows, err := s.reader().query(ctx, `SELECT `+planItemColumns+`, ap.title, a.id, a.name
		FROM plan_items i CROSS JOIN account_plans ap CROSS JOIN accounts a
		WHERE ap.id = i.plan_id AND a.id = ap.account_id AND i.kind = 'action' AND i.removed_at IS NULL AND i.done_on IS NULL AND i.owner_id = ? AND i.due IS NOT NULL AND i.due <= ?
		AND ap.deleted_at IS NULL AND ap.status <> 'archived' AND a.deleted_at IS NULL AND `+pred+`
		ORDER BY i.due, i.id LIMIT ?`, append([]any{p.UserID, actionsBy}, append(args, limit+1)...)...)
	if err != nil {
		return nil, false, fmt.Errorf("plan actions due: %w", err)
	}
	err = eachRow(rows, func() error {
		d := PlanDue{Kind: PlanDueAction}
		it, err := scanPlanItem(rows.Scan, &d.PlanTitle, &d.AccountID, &d.AccountName)
		if err != nil {
			return err
		}
		d.Due, d.PlanID, d.ItemID, d.Title, d.State = it.Due, it.PlanID, it.ID, it.Title, PlanItemState(it)
		out = append(out, d)
		return nil
	})
	if err != nil {
		return nil, false, fmt.Errorf("plan actions due: %w", err)
	}
	rows, err = s.reader().query(ctx, `SELECT ap.next_review, ap.id, ap.title, a.id, a.name
		FROM account_plans ap CROSS JOIN accounts a
		WHERE a.id = ap.account_id AND ap.deleted_at IS NULL AND ap.status <> 'archived' AND ap.next_review IS NOT NULL AND ap.next_review <= ?
		AND a.owner_id = ? AND a.deleted_at IS NULL AND `+pred+`
		ORDER BY ap.next_review, ap.id LIMIT ?`, append([]any{reviewsBy, p.UserID}, append(args, limit+1)...)...)
	if err != nil {
		return nil, false, fmt.Errorf("plan reviews due: %w", err)
	}
	err = eachRow(rows, func() error {
		d := PlanDue{Kind: PlanDueReview}
		if err := rows.Scan(&d.Due, &d.PlanID, &d.PlanTitle, &d.AccountID, &d.AccountName); err != nil {
			return err
		}
		out = append(out, d)
		return nil
	})
	if err != nil {
		return nil, false, fmt.Errorf("plan reviews due: %w", err)
	}
	slices.SortStableFunc(out, func(x, y PlanDue) int { return x.Due.Time().Compare(y.Due.Time()) })
	more := len(out) > limit
	if more {
		out = out[:limit]
	}
	return out, more, nil
}
