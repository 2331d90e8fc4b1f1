package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"github.com/kamhq/kam"
)

// contactColumns are the columns scanContact reads, in its order.
const contactColumns = `id, account_id, first_name, last_name, email, phone, title, seniority, buying_role,
	COALESCE(reports_to, 0), strength, left_company, left_at, source, external_id, version, created_at, updated_at`

// scanContact reads a row of contactColumns.
func scanContact(scan func(...any) error) (*kam.Contact, error) {
	var c kam.Contact
	err := scan(&c.ID, &c.AccountID, &c.FirstName, &c.LastName, &c.Email, &c.Phone, &c.Title, &c.Seniority, &c.BuyingRole,
		&c.ReportsTo, &c.Strength, &c.LeftCompany, &c.LeftAt, &c.Source, &c.ExternalID, &c.Version, &c.CreatedAt, &c.UpdatedAt)
	return &c, err
}

// FindContact returns a contact of an account p may see; anything else is
// ENOTFOUND, deleted contacts included.
func (s *Store) FindContact(ctx context.Context, p *kam.Principal, id int64) (*kam.Contact, error) {
	return s.findContact(ctx, s.reader(), p, id)
}

func (s *Store) findContact(ctx context.Context, c conn, p *kam.Principal, id int64) (*kam.Contact, error) {
	pred, args := accountScope(p, "a")
	ct, err := scanContact(c.queryRow(ctx, `SELECT `+contactColumns+` FROM contacts WHERE id = ? AND deleted_at IS NULL
		AND account_id IN (SELECT a.id FROM accounts a WHERE a.deleted_at IS NULL AND `+pred+`)`, append([]any{id}, args...)...).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kam.Errorf(kam.ENOTFOUND, "Contact %d not found.", id)
	} else if err != nil {
		return nil, fmt.Errorf("find contact %d: %w", id, err)
	}
	return ct, nil
}

// CreateContact adds a contact to an account p may change.
func (s *Store) CreateContact(ctx context.Context, p *kam.Principal, ct *kam.Contact) error {
	if err := requireWrite(p); err != nil {
		return err
	}
	if err := ct.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(c conn) error {
		if err := checkAccountWrite(ctx, c, p, ct.AccountID); err != nil {
			return kam.FieldError("account_id", "%s", kam.ErrorMessage(err))
		}
		if err := checkReportsTo(ctx, c, ct.AccountID, 0, ct.ReportsTo); err != nil {
			return err
		}
		now := s.Now()
		ct.CreatedAt, ct.UpdatedAt, ct.Version = now, now, 1
		id, err := c.insert(ctx, insertContactSQL, contactInsertArgs(ct)...)
		if err != nil {
			return fmt.Errorf("create contact: %w", err)
		}
		ct.ID = id
		return s.contactChanged(ctx, c, p, ct, "create", change{field: "name", new: ct.FullName()})
	})
}

// UpdateContact applies upd if upd.Version is still the contact's version;
// a newer one is ESTALE and nothing is written.
func (s *Store) UpdateContact(ctx context.Context, p *kam.Principal, id int64, upd kam.ContactUpdate) (*kam.Contact, error) {
	var out *kam.Contact
	err := s.inTx(ctx, func(c conn) error {
		ct, err := s.findContact(ctx, c, p, id)
		if err != nil {
			return err
		}
		if err := checkAccountWrite(ctx, c, p, ct.AccountID); err != nil {
			return err
		}
		if upd.Version != ct.Version {
			return staleError("Contact", id, upd.Version, ct.Version)
		}
		var pt patch
		pt.str("first_name", &ct.FirstName, upd.FirstName)
		pt.str("last_name", &ct.LastName, upd.LastName)
		pt.str("email", &ct.Email, upd.Email)
		pt.str("phone", &ct.Phone, upd.Phone)
		pt.str("title", &ct.Title, upd.Title)
		pt.str("seniority", &ct.Seniority, upd.Seniority)
		patchText(&pt, "buying_role", &ct.BuyingRole, upd.BuyingRole)
		changes := pt.changes
		if upd.ReportsTo != nil && *upd.ReportsTo != ct.ReportsTo {
			if err := checkReportsTo(ctx, c, ct.AccountID, id, *upd.ReportsTo); err != nil {
				return err
			}
			changes = append(changes, change{"reports_to", idText(ct.ReportsTo), idText(*upd.ReportsTo)})
			ct.ReportsTo = *upd.ReportsTo
		}
		if upd.Strength != nil && *upd.Strength != ct.Strength {
			changes = append(changes, change{"relationship_strength", strconv.Itoa(ct.Strength), strconv.Itoa(*upd.Strength)})
			ct.Strength = *upd.Strength
		}
		if upd.LeftCompany != nil && *upd.LeftCompany != ct.LeftCompany {
			changes = append(changes, change{"left_company", strconv.FormatBool(ct.LeftCompany), strconv.FormatBool(*upd.LeftCompany)})
			ct.LeftCompany, ct.LeftAt = *upd.LeftCompany, nil
			if ct.LeftCompany {
				now := s.Now()
				ct.LeftAt = &now
			}
		}
		if err := ct.Validate(); err != nil {
			return err
		}
		out = ct
		if len(changes) == 0 {
			return nil
		}
		ct.UpdatedAt = s.Now()
		res, err := c.exec(ctx, `UPDATE contacts SET first_name = ?, last_name = ?, search_name = ?, email = ?, phone = ?, title = ?,
			seniority = ?, buying_role = ?, reports_to = ?, strength = ?, left_company = ?, left_at = ?, version = version + 1, updated_at = ?
			WHERE id = ? AND version = ?`, ct.FirstName, ct.LastName, kam.SearchKey(ct.FullName()), ct.Email, ct.Phone, ct.Title,
			ct.Seniority, string(ct.BuyingRole), nullID(ct.ReportsTo), ct.Strength, ct.LeftCompany, nullTime(ct.LeftAt), ct.UpdatedAt,
			id, ct.Version)
		if err != nil {
			return fmt.Errorf("update contact %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return staleError("Contact", id, upd.Version, upd.Version+1)
		}
		ct.Version++
		return s.contactChanged(ctx, c, p, ct, "update", changes...)
	})
	return out, err
}

// DeleteContact moves a contact to the bin; version, if not 0, must still
// be its version. Contacts who report to it then report to no one.
func (s *Store) DeleteContact(ctx context.Context, p *kam.Principal, id, version int64) error {
	return s.inTx(ctx, func(c conn) error {
		ct, err := s.findContact(ctx, c, p, id)
		if err != nil {
			return err
		}
		if err := checkAccountWrite(ctx, c, p, ct.AccountID); err != nil {
			return err
		}
		if version != 0 && version != ct.Version {
			return staleError("Contact", id, version, ct.Version)
		}
		now := s.Now()
		if err := markDeleted(ctx, c, "contacts", "Contact", id, ct.Version, now); err != nil {
			return err
		}
		if _, err := c.exec(ctx, "UPDATE contacts SET reports_to = NULL, version = version + 1, updated_at = ? WHERE reports_to = ?", now, id); err != nil {
			return fmt.Errorf("detach reports of contact %d: %w", id, err)
		}
		return s.contactChanged(ctx, c, p, ct, "delete")
	})
}

// RestoreContact brings a deleted contact back (administrators only).
func (s *Store) RestoreContact(ctx context.Context, p *kam.Principal, id int64) (*kam.Contact, error) {
	return restoreRecord(ctx, s, p, "contacts", "Contact", id,
		func(c conn) (*kam.Contact, error) { return s.findContact(ctx, c, p, id) },
		func(c conn, ct *kam.Contact) error { return s.contactChanged(ctx, c, p, ct, "restore") },
		nil)
}

// contactChanged audits a contact's change and queues its account's
// roll-ups (relationship coverage counts in health).
func (s *Store) contactChanged(ctx context.Context, c conn, p *kam.Principal, ct *kam.Contact, action string, changes ...change) error {
	if err := s.audit(ctx, c, p, "contact", ct.ID, action, changes...); err != nil {
		return err
	}
	return queueRollups(ctx, c, map[int64]bool{ct.AccountID: true}, s.Now())
}

// checkReportsTo checks that a contact's manager is another live contact of
// the same account, and that the reporting line does not loop.
func checkReportsTo(ctx context.Context, c conn, accountID, id, manager int64) error {
	if manager == 0 {
		return nil
	}
	if manager == id {
		return kam.FieldError("reports_to", "A contact cannot report to themselves.")
	}
	var n int
	if err := c.queryRow(ctx, "SELECT COUNT(*) FROM contacts WHERE id = ? AND account_id = ? AND deleted_at IS NULL", manager, accountID).Scan(&n); err != nil {
		return fmt.Errorf("check manager %d: %w", manager, err)
	}
	if n == 0 {
		return kam.FieldError("reports_to", "Contact %d is not a contact of this account.", manager)
	}
	if id == 0 {
		return nil
	}
	var loop bool
	err := c.queryRow(ctx, `WITH RECURSIVE up(id) AS (SELECT CAST(? AS BIGINT) UNION SELECT k.reports_to FROM contacts k JOIN up ON k.id = up.id WHERE k.reports_to IS NOT NULL)
		SELECT COUNT(*) > 0 FROM up WHERE id = ?`, manager, id).Scan(&loop)
	if err != nil {
		return fmt.Errorf("check reporting line: %w", err)
	}
	if loop {
		return kam.FieldError("reports_to", "Contact %d reports to this contact already; a reporting line cannot loop.", manager)
	}
	return nil
}
