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

// Checklist templates: the onboarding and implementation checklists that
// can be started on accounts. Everyone signed in reads them, to start
// them; administrators and directors create, change and delete them. A
// template is versioned: a change made from an older version is refused.
// Deleting one leaves the onboardings started from it running.

// requireChecklistManager refuses anyone but an administrator or a director
// who may write.
func requireChecklistManager(p *kam.Principal) error {
	if err := requireWrite(p); err != nil {
		return err
	}
	if !p.IsAdmin() && p.Role != kam.RoleDirector {
		return kam.Errorf(kam.EFORBIDDEN, "Only administrators and directors manage checklist templates.")
	}
	return nil
}

// templateColumns are the columns scanTemplate reads.
const templateColumns = "id, name, description, steps, version, created_at, updated_at"

// scanTemplate reads a row of templateColumns.
func scanTemplate(scan func(...any) error) (*kam.ChecklistTemplate, error) {
	var t kam.ChecklistTemplate
	var steps string
	if err := scan(&t.ID, &t.Name, &t.Description, &steps, &t.Version, &t.CreatedAt, &t.UpdatedAt); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(steps), &t.Steps); err != nil {
		return nil, fmt.Errorf("checklist template %d: steps: %w", t.ID, err)
	}
	return &t, nil
}

// FindChecklistTemplates lists the templates by name.
func (s *Store) FindChecklistTemplates(ctx context.Context, p *kam.Principal) ([]*kam.ChecklistTemplate, error) {
	if p == nil {
		return nil, kam.Errorf(kam.EUNAUTHORIZED, "Sign in again.")
	}
	rows, err := s.reader().query(ctx, "SELECT "+templateColumns+" FROM checklist_templates WHERE deleted_at IS NULL ORDER BY name, id")
	if err != nil {
		return nil, fmt.Errorf("find checklist templates: %w", err)
	}
	out := []*kam.ChecklistTemplate{}
	err = eachRow(rows, func() error {
		t, err := scanTemplate(rows.Scan)
		if err == nil {
			out = append(out, t)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find checklist templates: %w", err)
	}
	return out, nil
}

// FindChecklistTemplate returns a template that is not deleted.
func (s *Store) FindChecklistTemplate(ctx context.Context, p *kam.Principal, id int64) (*kam.ChecklistTemplate, error) {
	if p == nil {
		return nil, kam.Errorf(kam.EUNAUTHORIZED, "Sign in again.")
	}
	return s.findTemplate(ctx, s.reader(), id)
}

func (s *Store) findTemplate(ctx context.Context, c conn, id int64) (*kam.ChecklistTemplate, error) {
	t, err := scanTemplate(c.queryRow(ctx, "SELECT "+templateColumns+" FROM checklist_templates WHERE id = ? AND deleted_at IS NULL", id).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kam.Errorf(kam.ENOTFOUND, "Checklist template %d not found.", id)
	} else if err != nil {
		return nil, fmt.Errorf("find checklist template %d: %w", id, err)
	}
	return t, nil
}

// CreateChecklistTemplate saves a new template after checking it (see
// kam.ChecklistTemplate.Validate): a cycle among its steps is refused with
// the cycle named, and nothing is saved.
func (s *Store) CreateChecklistTemplate(ctx context.Context, p *kam.Principal, t *kam.ChecklistTemplate) error {
	if err := requireChecklistManager(p); err != nil {
		return err
	}
	t.Normalize()
	if err := t.Validate(); err != nil {
		return err
	}
	steps, err := json.Marshal(t.Steps)
	if err != nil {
		return err
	}
	t.Version, t.CreatedAt = 1, s.Now()
	t.UpdatedAt = t.CreatedAt
	return s.inTx(ctx, func(c conn) error {
		id, err := c.insert(ctx, `INSERT INTO checklist_templates (name, description, steps, created_by, version, created_at, updated_at)
			VALUES (?,?,?,?,?,?,?)`, t.Name, t.Description, string(steps), nullID(p.UserID), t.Version, t.CreatedAt, t.UpdatedAt)
		if err != nil {
			return fmt.Errorf("create checklist template: %w", err)
		}
		t.ID = id
		return s.audit(ctx, c, p, "checklist_template", id, "create", change{field: "name", new: t.Name},
			change{field: "steps", new: stepTitles(t.Steps)})
	})
}

// UpdateChecklistTemplate applies upd to a template if upd.Version is still
// its version (ESTALE otherwise); the result is checked as a whole and
// nothing is saved when it fails. Onboardings already started keep the
// steps they started with.
func (s *Store) UpdateChecklistTemplate(ctx context.Context, p *kam.Principal, id int64, upd kam.ChecklistTemplateUpdate) (*kam.ChecklistTemplate, error) {
	if err := requireChecklistManager(p); err != nil {
		return nil, err
	}
	var out *kam.ChecklistTemplate
	err := s.inTx(ctx, func(c conn) error {
		t, err := s.findTemplate(ctx, c, id)
		if err != nil {
			return err
		}
		if upd.Version != t.Version {
			return staleError("Checklist template", id, upd.Version, t.Version)
		}
		before := *t
		if upd.Name != nil {
			t.Name = *upd.Name
		}
		if upd.Description != nil {
			t.Description = *upd.Description
		}
		if upd.Steps != nil {
			t.Steps = *upd.Steps
		}
		t.Normalize()
		if err := t.Validate(); err != nil {
			return err
		}
		out = t
		var changes []change
		for _, f := range []change{{"name", before.Name, t.Name}, {"description", before.Description, t.Description},
			{"steps", stepTitles(before.Steps), stepTitles(t.Steps)}} {
			if f.old != f.new {
				changes = append(changes, f)
			}
		}
		oldSteps, _ := json.Marshal(before.Steps)
		steps, err := json.Marshal(t.Steps)
		if err != nil {
			return err
		}
		if len(changes) == 0 && string(oldSteps) == string(steps) {
			return nil
		}
		if len(changes) == 0 {
			changes = []change{{field: "steps", old: "(owners, offsets or dependencies)", new: "changed"}}
		}
		t.UpdatedAt = s.Now()
		res, err := c.exec(ctx, `UPDATE checklist_templates SET name = ?, description = ?, steps = ?, updated_at = ?, version = version + 1
			WHERE id = ? AND version = ? AND deleted_at IS NULL`, t.Name, t.Description, string(steps), t.UpdatedAt, id, t.Version)
		if err != nil {
			return fmt.Errorf("update checklist template %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return staleError("Checklist template", id, upd.Version, upd.Version+1)
		}
		t.Version++
		return s.audit(ctx, c, p, "checklist_template", id, "update", changes...)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// DeleteChecklistTemplate moves a template to the bin; version, if not 0,
// must still be its version. Onboardings started from it go on.
func (s *Store) DeleteChecklistTemplate(ctx context.Context, p *kam.Principal, id, version int64) error {
	if err := requireChecklistManager(p); err != nil {
		return err
	}
	return s.inTx(ctx, func(c conn) error {
		t, err := s.findTemplate(ctx, c, id)
		if err != nil {
			return err
		}
		if version != 0 && version != t.Version {
			return staleError("Checklist template", id, version, t.Version)
		}
		if err := markDeleted(ctx, c, "checklist_templates", "Checklist template", id, t.Version, s.Now()); err != nil {
			return err
		}
		return s.audit(ctx, c, p, "checklist_template", id, "delete", change{field: "name", old: t.Name})
	})
}

// stepTitles lists a template's steps for the audit log: "1 Kick-off, 2
// Data load".
func stepTitles(steps []kam.ChecklistStep) string {
	parts := make([]string, len(steps))
	for i, st := range steps {
		parts[i] = strconv.Itoa(i+1) + " " + st.Title
	}
	return strings.Join(parts, ", ")
}
