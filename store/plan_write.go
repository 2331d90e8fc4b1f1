package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/kamhq/kam"
)

// Account plans. A plan belongs to its account: whoever sees the account
// sees its plans, whoever may change the account may change them. Every
// save, of the plan's fields or of one item, goes through changePlan: it
// refuses a save made from an older version (ESTALE, nothing written),
// advances the version, stores the whole plan as a revision and audits the
// change, all in one transaction.

// planColumns are the columns scanPlan reads, in its order.
const planColumns = `ap.id, ap.account_id, ap.title, ap.status, ap.period_start, ap.period_end, ap.budget, ap.company_budget,
	ap.currency, ap.review_every_days, ap.next_review, ap.version, COALESCE(ap.created_by, 0), ap.created_at, ap.updated_at`

// scanPlan reads a row of planColumns.
func scanPlan(scan func(...any) error) (*kam.AccountPlan, error) {
	var p kam.AccountPlan
	err := scan(&p.ID, &p.AccountID, &p.Title, &p.Status, &p.PeriodStart, &p.PeriodEnd, &p.Budget, &p.CompanyBudget,
		&p.Currency, &p.ReviewEvery, &p.NextReview, &p.Version, &p.CreatedBy, &p.CreatedAt, &p.UpdatedAt)
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return &p, err
}

// errUnchanged rolls back a save that changed nothing: the plan keeps its
// version and no revision is stored.
var errUnchanged = errors.New("plan unchanged")

// FindPlan returns a plan of an account p may see, with its items; anything
// else is ENOTFOUND, deleted plans included.
func (s *Store) FindPlan(ctx context.Context, p *kam.Principal, id int64) (*kam.AccountPlan, error) {
	return s.findPlan(ctx, s.reader(), p, id)
}

// findPlan is FindPlan on a connection, inside a transaction or not.
func (s *Store) findPlan(ctx context.Context, c conn, p *kam.Principal, id int64) (*kam.AccountPlan, error) {
	pred, args := accountScope(p, "a")
	plan, err := scanPlan(c.queryRow(ctx, `SELECT `+planColumns+` FROM account_plans ap WHERE ap.id = ? AND ap.deleted_at IS NULL
		AND ap.account_id IN (SELECT a.id FROM accounts a WHERE a.deleted_at IS NULL AND `+pred+`)`, append([]any{id}, args...)...).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kam.Errorf(kam.ENOTFOUND, "Plan %d not found.", id)
	} else if err != nil {
		return nil, fmt.Errorf("find plan %d: %w", id, err)
	}
	if plan.Items, err = planItems(ctx, c, id); err != nil {
		return nil, err
	}
	return plan, nil
}

// CreatePlan writes a new plan, with its first items, for an account p may
// change. Left empty, the status is draft, the currency the account's,
// reviews come every 90 days and the first is due that many days from
// today. An account has at most one active plan. Items may not link
// objectives yet: their ids are known once the plan is saved.
func (s *Store) CreatePlan(ctx context.Context, p *kam.Principal, plan *kam.AccountPlan) error {
	if err := requireWrite(p); err != nil {
		return err
	}
	plan.Title = strings.TrimSpace(plan.Title)
	if plan.Status == "" {
		plan.Status = "draft"
	}
	if plan.ReviewEvery == 0 {
		plan.ReviewEvery = 90
	}
	if len(plan.Items) > kam.PlanItemsMax {
		return kam.FieldError("items", "A plan has at most %d items.", kam.PlanItemsMax)
	}
	return s.inTx(ctx, func(c conn) error {
		if err := checkAccountWrite(ctx, c, p, plan.AccountID); err != nil {
			return kam.FieldError("account_id", "%s", kam.ErrorMessage(err))
		}
		if plan.Currency == "" {
			if err := c.queryRow(ctx, "SELECT currency FROM accounts WHERE id = ?", plan.AccountID).Scan(&plan.Currency); err != nil {
				return fmt.Errorf("plan currency: %w", err)
			}
		}
		now := s.Now()
		if plan.NextReview.IsZero() {
			plan.NextReview = kam.DateOf(now).AddDays(plan.ReviewEvery)
		}
		if err := plan.Validate(); err != nil {
			return err
		}
		if err := checkOneActive(ctx, c, plan); err != nil {
			return err
		}
		plan.Version, plan.CreatedAt, plan.UpdatedAt, plan.CreatedBy = 1, now, now, p.UserID
		id, err := c.insert(ctx, `INSERT INTO account_plans (account_id, title, status, period_start, period_end, budget, company_budget,
			currency, review_every_days, next_review, version, created_by, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
			plan.AccountID, plan.Title, plan.Status, plan.PeriodStart, plan.PeriodEnd, plan.Budget, plan.CompanyBudget, plan.Currency,
			plan.ReviewEvery, plan.NextReview, plan.Version, nullID(p.UserID), now, now)
		if isUniqueViolation(err) { // another plan of the account became active meanwhile
			return secondActivePlan()
		} else if err != nil {
			return fmt.Errorf("create plan: %w", err)
		}
		plan.ID = id
		for i, it := range plan.Items {
			if len(it.LinkedIDs) > 0 {
				return kam.FieldError("linked_ids", "Item %d: link objectives once the plan is saved.", i+1)
			}
			if err := s.insertPlanItem(ctx, c, plan, it); err != nil {
				return fmt.Errorf("item %d: %w", i+1, err)
			}
		}
		if err := s.saveRevision(ctx, c, p, plan); err != nil {
			return err
		}
		return s.audit(ctx, c, p, "plan", id, "create", change{field: "title", new: plan.Title},
			change{field: "status", new: plan.Status}, change{field: "account_id", new: idText(plan.AccountID)})
	})
}

// checkOneActive refuses a plan that would be the account's second active
// one; the unique index is the last guard, this the clear reason.
func checkOneActive(ctx context.Context, c conn, plan *kam.AccountPlan) error {
	if plan.Status != "active" {
		return nil
	}
	var id int64
	var title string
	err := c.queryRow(ctx, "SELECT id, title FROM account_plans WHERE account_id = ? AND status = 'active' AND deleted_at IS NULL AND id <> ?",
		plan.AccountID, plan.ID).Scan(&id, &title)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return fmt.Errorf("check active plan: %w", err)
	}
	return kam.FieldError("status", "The account already has an active plan, %q (plan %d): archive it first, or keep this one a draft.", title, id)
}

// secondActivePlan is the refusal of a plan that became the account's
// second active one while another was activated at the same moment, which
// only the unique index saw.
func secondActivePlan() error {
	return kam.FieldError("status", "Another plan of this account was made active at the same moment: reload, archive one of them, or keep this one a draft.")
}

// planCheck decides, inside a save's transaction, whether p may save a
// change to the plan as it is now: who may change it, and whether what the
// change was made from still holds.
type planCheck func(ctx context.Context, c conn, p *kam.Principal, plan *kam.AccountPlan) error

// fromVersion is the check of a change made from a version of the plan:
// p may change the account, and any save of the plan since refuses it.
func fromVersion(version int64) planCheck {
	return func(ctx context.Context, c conn, p *kam.Principal, plan *kam.AccountPlan) error {
		if err := checkAccountWrite(ctx, c, p, plan.AccountID); err != nil {
			return err
		}
		if version != plan.Version {
			return staleError("Plan", plan.ID, version, plan.Version)
		}
		return nil
	}
}

// changePlan saves a change to a plan p may see, if check lets it: fn
// changes the rows and returns the changes for the audit log; none leaves
// the plan as it was. The version advances first, from the one check saw,
// which holds the plan's row until the transaction ends, so that two saves
// from the same version cannot both pass.
func (s *Store) changePlan(ctx context.Context, p *kam.Principal, id int64, check planCheck, action string,
	fn func(c conn, plan *kam.AccountPlan) ([]change, error)) (*kam.AccountPlan, error) {
	var out *kam.AccountPlan
	err := s.inTx(ctx, func(c conn) error {
		plan, err := s.findPlan(ctx, c, p, id)
		if err != nil {
			return err
		}
		if err := check(ctx, c, p, plan); err != nil {
			return err
		}
		version := plan.Version
		res, err := c.exec(ctx, "UPDATE account_plans SET version = version + 1, updated_at = ? WHERE id = ? AND version = ? AND deleted_at IS NULL",
			s.Now(), id, version)
		if err != nil {
			return fmt.Errorf("save plan %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n != 1 { // saved by a transaction that committed while this one waited
			return staleError("Plan", id, version, version+1)
		}
		changes, err := fn(c, plan)
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			out = plan
			return errUnchanged
		}
		if out, err = s.findPlan(ctx, c, p, id); err != nil {
			return err
		}
		if err := s.saveRevision(ctx, c, p, out); err != nil {
			return err
		}
		return s.audit(ctx, c, p, "plan", id, action, changes...)
	})
	if errors.Is(err, errUnchanged) {
		err = nil
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// saveRevision stores the plan as it is now as the revision of its version.
func (s *Store) saveRevision(ctx context.Context, c conn, p *kam.Principal, plan *kam.AccountPlan) error {
	body, err := json.Marshal(plan)
	if err != nil {
		return fmt.Errorf("plan %d revision: %w", plan.ID, err)
	}
	_, err = c.exec(ctx, "INSERT INTO plan_revisions (plan_id, version, saved_by, saved_at, body) VALUES (?,?,?,?,?)",
		plan.ID, plan.Version, nullID(p.UserID), s.Now(), string(body))
	if err != nil {
		return fmt.Errorf("plan %d revision %d: %w", plan.ID, plan.Version, err)
	}
	return nil
}

// UpdatePlan applies upd to a plan's own fields if upd.Version is still its
// version; a newer one is ESTALE and nothing is written. A change that
// changes nothing keeps the version.
func (s *Store) UpdatePlan(ctx context.Context, p *kam.Principal, id int64, upd kam.PlanUpdate) (*kam.AccountPlan, error) {
	return s.changePlan(ctx, p, id, fromVersion(upd.Version), "update", func(c conn, plan *kam.AccountPlan) ([]change, error) {
		var pt patch
		if upd.Title != nil {
			title := strings.TrimSpace(*upd.Title)
			pt.str("title", &plan.Title, &title)
		}
		pt.str("status", &plan.Status, upd.Status)
		pt.str("currency", &plan.Currency, upd.Currency)
		patchValue(&pt, "period_start", &plan.PeriodStart, upd.PeriodStart)
		patchValue(&pt, "period_end", &plan.PeriodEnd, upd.PeriodEnd)
		patchValue(&pt, "next_review", &plan.NextReview, upd.NextReview)
		patchValue(&pt, "budget", &plan.Budget, upd.Budget)
		patchValue(&pt, "company_budget", &plan.CompanyBudget, upd.CompanyBudget)
		if upd.ReviewEvery != nil && *upd.ReviewEvery != plan.ReviewEvery {
			pt.changes = append(pt.changes, change{"review_every_days", fmt.Sprint(plan.ReviewEvery), fmt.Sprint(*upd.ReviewEvery)})
			plan.ReviewEvery = *upd.ReviewEvery
		}
		if len(pt.changes) == 0 {
			return nil, nil
		}
		if err := plan.Validate(); err != nil {
			return nil, err
		}
		if err := checkOneActive(ctx, c, plan); err != nil {
			return nil, err
		}
		_, err := c.exec(ctx, `UPDATE account_plans SET title = ?, status = ?, period_start = ?, period_end = ?, budget = ?,
			company_budget = ?, currency = ?, review_every_days = ?, next_review = ? WHERE id = ?`, plan.Title, plan.Status,
			plan.PeriodStart, plan.PeriodEnd, plan.Budget, plan.CompanyBudget, plan.Currency, plan.ReviewEvery, plan.NextReview, id)
		if isUniqueViolation(err) { // another plan of the account became active meanwhile
			return nil, secondActivePlan()
		} else if err != nil {
			return nil, fmt.Errorf("update plan %d: %w", id, err)
		}
		return pt.changes, nil
	})
}

// patchValue sets *dst to *v when v is given and differs, for values that
// write themselves as text, such as days and amounts.
func patchValue[T interface {
	comparable
	String() string
}](p *patch, field string, dst, v *T) {
	if v != nil && *v != *dst {
		p.changes = append(p.changes, change{field, (*dst).String(), (*v).String()})
		*dst = *v
	}
}

// DeletePlan moves a plan to the bin; version, if not 0, must still be its
// version.
func (s *Store) DeletePlan(ctx context.Context, p *kam.Principal, id, version int64) error {
	return s.inTx(ctx, func(c conn) error {
		plan, err := s.findPlan(ctx, c, p, id)
		if err != nil {
			return err
		}
		if err := checkAccountWrite(ctx, c, p, plan.AccountID); err != nil {
			return err
		}
		if version != 0 && version != plan.Version {
			return staleError("Plan", id, version, plan.Version)
		}
		if err := markDeleted(ctx, c, "account_plans", "Plan", id, plan.Version, s.Now()); err != nil {
			return err
		}
		return s.audit(ctx, c, p, "plan", id, "delete", change{field: "title", old: plan.Title})
	})
}

// RestorePlan brings a deleted plan back (administrators only). An active
// plan whose account has found another active plan meanwhile comes back
// as a draft.
func (s *Store) RestorePlan(ctx context.Context, p *kam.Principal, id int64) (*kam.AccountPlan, error) {
	if err := requireAdmin(p); err != nil {
		return nil, err
	}
	var out *kam.AccountPlan
	err := s.inTx(ctx, func(c conn) error {
		var accountID int64
		var status string
		err := c.queryRow(ctx, "SELECT account_id, status FROM account_plans WHERE id = ? AND deleted_at IS NOT NULL", id).Scan(&accountID, &status)
		if errors.Is(err, sql.ErrNoRows) {
			return kam.Errorf(kam.ENOTFOUND, "No deleted plan %d.", id)
		} else if err != nil {
			return fmt.Errorf("restore plan %d: %w", id, err)
		}
		changes := []change{{field: "deleted_at", old: "deleted"}}
		if checkOneActive(ctx, c, &kam.AccountPlan{ID: id, AccountID: accountID, Status: status}) != nil {
			status = "draft"
			changes = append(changes, change{"status", "active", status})
		}
		if _, err := c.exec(ctx, "UPDATE account_plans SET deleted_at = NULL, status = ?, version = version + 1, updated_at = ? WHERE id = ?",
			status, s.Now(), id); err != nil {
			return fmt.Errorf("restore plan %d: %w", id, err)
		}
		if out, err = s.findPlan(ctx, c, p, id); err != nil {
			return kam.Errorf(kam.ECONFLICT, "Plan %d cannot come back: its account is deleted.", id)
		}
		if err := s.saveRevision(ctx, c, p, out); err != nil {
			return err
		}
		return s.audit(ctx, c, p, "plan", id, "restore", changes...)
	})
	return out, err
}
