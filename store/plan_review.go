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

// Reviews and revisions of plans. Each version of a plan has a revision
// holding the whole plan as JSON (a delete's version has none: it takes the
// one before); a review saves the plan with its next review moved on and
// notes the version it saw, so that what changed between two reviews is the
// difference of their revisions.

// ReviewPlan records a review of a plan by p, with a note, made from the
// plan's version: the next review moves to today plus the plan's cycle.
func (s *Store) ReviewPlan(ctx context.Context, p *kam.Principal, id, version int64, note string) (*kam.PlanReview, *kam.AccountPlan, error) {
	note = strings.TrimSpace(note)
	if len(note) > kam.PlanNoteMax {
		return nil, nil, kam.FieldError("note", "A note has at most %d characters.", kam.PlanNoteMax)
	}
	r := &kam.PlanReview{PlanID: id, ReviewedBy: p.UserID, Note: note, ReviewedAt: s.Now()}
	plan, err := s.changePlan(ctx, p, id, fromVersion(version), "review", func(c conn, plan *kam.AccountPlan) ([]change, error) {
		if err := c.queryRow(ctx, "SELECT COALESCE(MAX(version), 1) FROM plan_reviews WHERE plan_id = ?", id).Scan(&r.SinceVersion); err != nil {
			return nil, fmt.Errorf("plan %d reviews: %w", id, err)
		}
		r.Version = plan.Version + 1
		next := kam.DateOf(r.ReviewedAt).AddDays(plan.ReviewEvery)
		if _, err := c.exec(ctx, "UPDATE account_plans SET next_review = ? WHERE id = ?", next, id); err != nil {
			return nil, fmt.Errorf("review plan %d: %w", id, err)
		}
		var err error
		r.ID, err = c.insert(ctx, "INSERT INTO plan_reviews (plan_id, reviewed_by, reviewed_at, version, since_version, note) VALUES (?,?,?,?,?,?)",
			id, nullID(p.UserID), r.ReviewedAt, r.Version, r.SinceVersion, note)
		if err != nil {
			return nil, fmt.Errorf("review plan %d: %w", id, err)
		}
		return []change{{field: "next_review", old: plan.NextReview.String(), new: next.String()}, {field: "note", new: note}}, nil
	})
	if err != nil {
		return nil, nil, err
	}
	if r.Changes, err = s.reviewChanges(ctx, s.reader(), id, r); err != nil {
		return nil, nil, err
	}
	r.ReviewerName, err = s.userName(ctx, p.UserID)
	return r, plan, err
}

// FindPlanReviews returns a plan's reviews, newest first, each with what
// changed since the review before.
func (s *Store) FindPlanReviews(ctx context.Context, p *kam.Principal, id int64) ([]*kam.PlanReview, error) {
	if _, err := s.FindPlan(ctx, p, id); err != nil {
		return nil, err
	}
	c := s.reader()
	rows, err := c.query(ctx, `SELECT r.id, r.plan_id, COALESCE(r.reviewed_by, 0), COALESCE(u.display_name, ''), r.reviewed_at, r.version,
		r.since_version, r.note FROM plan_reviews r LEFT JOIN users u ON u.id = r.reviewed_by WHERE r.plan_id = ? ORDER BY r.id DESC`, id)
	if err != nil {
		return nil, fmt.Errorf("plan %d reviews: %w", id, err)
	}
	out := []*kam.PlanReview{}
	err = eachRow(rows, func() error {
		var r kam.PlanReview
		if err := rows.Scan(&r.ID, &r.PlanID, &r.ReviewedBy, &r.ReviewerName, &r.ReviewedAt, &r.Version, &r.SinceVersion, &r.Note); err != nil {
			return err
		}
		r.ReviewedAt = r.ReviewedAt.UTC()
		out = append(out, &r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("plan %d reviews: %w", id, err)
	}
	for _, r := range out {
		if r.Changes, err = s.reviewChanges(ctx, c, id, r); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// reviewChanges is what changed from the review before to the plan a
// review saw: the version before the review's own save.
func (s *Store) reviewChanges(ctx context.Context, c conn, id int64, r *kam.PlanReview) ([]kam.PlanChange, error) {
	return planDiff(ctx, c, id, r.SinceVersion, r.Version-1)
}

// planDiff compares two revisions of a plan.
func planDiff(ctx context.Context, c conn, id, from, to int64) ([]kam.PlanChange, error) {
	old, err := planRevision(ctx, c, id, from)
	if err != nil {
		return nil, err
	}
	cur, err := planRevision(ctx, c, id, to)
	if err != nil {
		return nil, err
	}
	return diffPlans(old, cur), nil
}

// diffPlans is kam.DiffPlans with the values of each item added: one row a
// field the item was added with, its title first, so that a reader sees
// what was added and not only that something was.
func diffPlans(old, cur *kam.AccountPlan) []kam.PlanChange {
	var out []kam.PlanChange
	for _, ch := range kam.DiffPlans(old, cur) {
		it := cur.Item(ch.ItemID)
		if ch.Action != kam.PlanAdded || it == nil {
			out = append(out, ch)
			continue
		}
		blank := &kam.AccountPlan{Items: []*kam.PlanItem{{ID: it.ID, Kind: it.Kind}}}
		for _, f := range kam.DiffPlans(blank, &kam.AccountPlan{Items: []*kam.PlanItem{it}}) {
			f.Action = kam.PlanAdded
			out = append(out, f)
		}
	}
	return out
}

// planRevision reads the plan as it was at a version: the revision of that
// version, or of the latest one before it.
func planRevision(ctx context.Context, c conn, id, version int64) (*kam.AccountPlan, error) {
	var body string
	err := c.queryRow(ctx, "SELECT body FROM plan_revisions WHERE plan_id = ? AND version <= ? ORDER BY version DESC LIMIT 1", id, version).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kam.FieldError("version", "Plan %d has no version %d.", id, version)
	} else if err != nil {
		return nil, fmt.Errorf("plan %d version %d: %w", id, version, err)
	}
	var plan kam.AccountPlan
	if err := json.Unmarshal([]byte(body), &plan); err != nil {
		return nil, fmt.Errorf("plan %d version %d: %w", id, version, err)
	}
	return &plan, nil
}

// FindPlanRevision returns a plan of an account p may see as it was at a
// version.
func (s *Store) FindPlanRevision(ctx context.Context, p *kam.Principal, id, version int64) (*kam.AccountPlan, error) {
	plan, err := s.FindPlan(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if version < 1 || version > plan.Version {
		return nil, kam.FieldError("version", "Plan %d has versions 1 to %d.", id, plan.Version)
	}
	return planRevision(ctx, s.reader(), id, version)
}

// PlanChangesSince returns what changed in a plan from version from to
// version to. A from of 0 is the version of the last review (or the plan's
// first), a to of 0 the plan's version now; it returns the versions it
// compared.
func (s *Store) PlanChangesSince(ctx context.Context, p *kam.Principal, id, from, to int64) ([]kam.PlanChange, int64, int64, error) {
	plan, err := s.FindPlan(ctx, p, id)
	if err != nil {
		return nil, 0, 0, err
	}
	c := s.reader()
	if from == 0 {
		if err := c.queryRow(ctx, "SELECT COALESCE(MAX(version), 1) FROM plan_reviews WHERE plan_id = ?", id).Scan(&from); err != nil {
			return nil, 0, 0, fmt.Errorf("plan %d reviews: %w", id, err)
		}
	}
	if to == 0 {
		to = plan.Version
	}
	if from < 1 || to > plan.Version || from > to {
		return nil, 0, 0, kam.FieldError("from", "Compare versions 1 to %d, the older first.", plan.Version)
	}
	changes, err := planDiff(ctx, c, id, from, to)
	return changes, from, to, err
}

// FindPlanRevisions lists a plan's saved versions, newest first.
func (s *Store) FindPlanRevisions(ctx context.Context, p *kam.Principal, id int64) ([]kam.PlanRevision, error) {
	if _, err := s.FindPlan(ctx, p, id); err != nil {
		return nil, err
	}
	rows, err := s.reader().query(ctx, `SELECT r.plan_id, r.version, COALESCE(r.saved_by, 0), COALESCE(u.display_name, ''), r.saved_at
		FROM plan_revisions r LEFT JOIN users u ON u.id = r.saved_by WHERE r.plan_id = ? ORDER BY r.version DESC`, id)
	if err != nil {
		return nil, fmt.Errorf("plan %d revisions: %w", id, err)
	}
	out := []kam.PlanRevision{}
	err = eachRow(rows, func() error {
		var r kam.PlanRevision
		if err := rows.Scan(&r.PlanID, &r.Version, &r.SavedBy, &r.SavedByName, &r.SavedAt); err != nil {
			return err
		}
		r.SavedAt = r.SavedAt.UTC()
		out = append(out, r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("plan %d revisions: %w", id, err)
	}
	return out, nil
}
