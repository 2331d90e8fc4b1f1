package store

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/kamhq/kam"
)

// Contact upserts a contact by (source, external id).
func (w *importWriter) Contact(source string, c *kam.Contact, fields []string) (kam.Outcome, error) {
	c.Source = source
	if err := c.Validate(); err != nil {
		return 0, err
	}
	var cur kam.Contact
	var role string
	key, args := "source = ? AND external_id = ?", []any{source, c.ExternalID}
	if source == kam.SourceKam {
		key, args, c.Source, c.ExternalID = "id = ?", []any{c.ExternalID}, "", ""
		if args[0] == "" {
			return kam.New, w.l.Contact(c)
		}
	}
	err := w.c.queryRow(w.ctx(), `SELECT id, account_id, first_name, last_name, email, phone, title, buying_role, version
		FROM contacts WHERE `+key+` AND deleted_at IS NULL`, args...).
		Scan(&cur.ID, &cur.AccountID, &cur.FirstName, &cur.LastName, &cur.Email, &cur.Phone, &cur.Title, &role, &cur.Version)
	if errors.Is(err, sql.ErrNoRows) {
		if source == kam.SourceKam {
			return 0, kam.FieldError("kam_id", "No contact has kam id %v; leave kam_id empty to add a new contact.", args[0])
		}
		return kam.New, w.l.Contact(c)
	} else if err != nil {
		return 0, fmt.Errorf("find contact %s: %w", c.ExternalID, err)
	}
	c.ID = cur.ID
	d := &differ{fields: fields}
	d.id("account_id", &cur.AccountID, c.AccountID)
	d.str("first_name", &cur.FirstName, c.FirstName)
	d.str("last_name", &cur.LastName, c.LastName)
	d.str("email", &cur.Email, c.Email)
	d.str("phone", &cur.Phone, c.Phone)
	d.str("title", &cur.Title, c.Title)
	d.str("buying_role", &role, string(c.BuyingRole))
	if !d.changed() {
		return kam.Unchanged, nil
	}
	if err := staleCheck("Contact", cur.ID, c.Version, cur.Version); err != nil {
		return 0, err
	}
	err = w.l.exec(`UPDATE contacts SET account_id = ?, first_name = ?, last_name = ?, search_name = ?, email = ?, phone = ?,
		title = ?, buying_role = ?, version = version + 1, updated_at = ? WHERE id = ?`,
		cur.AccountID, cur.FirstName, cur.LastName, kam.SearchKey(cur.FullName()), cur.Email, cur.Phone, cur.Title, role,
		w.l.s.Now(), cur.ID)
	return kam.Changed, wrap("contact", c.ExternalID, err)
}

// Opportunity upserts an opportunity by (source, external id).
func (w *importWriter) Opportunity(o *kam.Opportunity, fields []string) (kam.Outcome, error) {
	if err := o.Validate(); err != nil {
		return 0, err
	}
	var cur kam.Opportunity
	var owner sql.NullInt64
	var closeDate sql.Null[kam.Date]
	key, args := "source = ? AND external_id = ?", []any{o.Source, o.ExternalID}
	byKamID := o.Source == kam.SourceKam
	if byKamID {
		key, args, o.Source, o.ExternalID = "id = ?", []any{o.ExternalID}, "", ""
		if args[0] == "" {
			return kam.New, w.l.Opportunity(o)
		}
	}
	err := w.c.queryRow(w.ctx(), `SELECT id, account_id, name, stage, amount, currency, probability, close_date, owner_id, version
		FROM opportunities WHERE `+key+` AND deleted_at IS NULL`, args...).
		Scan(&cur.ID, &cur.AccountID, &cur.Name, &cur.Stage, &cur.Amount, &cur.Currency, &cur.Probability, &closeDate, &owner, &cur.Version)
	if errors.Is(err, sql.ErrNoRows) {
		if byKamID {
			return 0, kam.FieldError("kam_id", "No opportunity has kam id %v; leave kam_id empty to add a new opportunity.", args[0])
		}
		return kam.New, w.l.Opportunity(o)
	} else if err != nil {
		return 0, fmt.Errorf("find opportunity %s: %w", o.ExternalID, err)
	}
	cur.CloseDate, cur.OwnerID, o.ID = closeDate.V, owner.Int64, cur.ID
	d := &differ{fields: fields}
	d.id("account_id", &cur.AccountID, o.AccountID)
	d.str("name", &cur.Name, o.Name)
	d.str("stage", &cur.Stage, o.Stage)
	d.money("amount", &cur.Amount, o.Amount)
	d.str("currency", &cur.Currency, o.Currency)
	d.date("close_date", &cur.CloseDate, o.CloseDate)
	d.id("owner_id", &cur.OwnerID, o.OwnerID)
	if d.on("stage") && cur.Probability != o.Probability {
		cur.Probability = o.Probability
	}
	if !d.changed() {
		return kam.Unchanged, nil
	}
	if err := staleCheck("Opportunity", cur.ID, o.Version, cur.Version); err != nil {
		return 0, err
	}
	var closed any
	if cur.IsClosed() {
		closed = cur.CloseDate.Time()
	}
	err = w.l.exec(`UPDATE opportunities SET account_id = ?, name = ?, stage = ?, amount = ?, currency = ?, probability = ?,
		close_date = ?, first_close_date = COALESCE(first_close_date, ?), owner_id = ?, closed_at = ?, version = version + 1, updated_at = ? WHERE id = ?`,
		cur.AccountID, cur.Name, cur.Stage, int64(cur.Amount), cur.Currency, cur.Probability, cur.CloseDate, cur.CloseDate,
		nullID(cur.OwnerID), closed, w.l.s.Now(), cur.ID)
	return kam.Changed, wrap("opportunity", o.ExternalID, err)
}

// OrgUnit finds a unit by kind and name under parent, or creates it.
func (w *importWriter) OrgUnit(kind kam.OrgUnitKind, name string, parent int64) (int64, error) {
	var id int64
	err := w.c.queryRow(w.ctx(), "SELECT id FROM org_units WHERE kind = ? AND name = ? AND COALESCE(parent_id, 0) = ? ORDER BY id LIMIT 1",
		string(kind), name, parent).Scan(&id)
	if err == nil {
		return id, nil
	} else if !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("find org unit %s: %w", name, err)
	}
	u := &kam.OrgUnit{Kind: kind, Name: name, ParentID: parent}
	if err := w.l.OrgUnit(u); err != nil {
		return 0, err
	}
	return u.ID, w.l.audit("org_unit", u.ID, "create", change{field: "name", new: name})
}

// User upserts a user by username. New users have no password: an
// administrator sets one (kam user passwd) before they can sign in.
func (w *importWriter) User(u *kam.User, unitName string, parentUnit int64, fields []string) (kam.Outcome, error) {
	u.Username = strings.TrimSpace(u.Username)
	if u.Username == "" || len(u.Username) > 64 || strings.ContainsAny(u.Username, " \t\r\n/") {
		return 0, kam.FieldError("username", "A username is 1 to 64 characters without spaces or slashes.")
	}
	if !u.Role.Valid() {
		return 0, kam.FieldError("role", "Role must be one of admin, director, kam, am, viewer.")
	}
	if unitName != "" {
		unit, err := w.OrgUnit(kam.OrgTerritory, unitName, parentUnit)
		if err != nil {
			return 0, err
		}
		u.OrgUnitID = unit
	}
	cur, err := scanUser(w.c.queryRow(w.ctx(), "SELECT "+userColumns+" FROM users WHERE username = ?", u.Username))
	if errors.Is(err, sql.ErrNoRows) {
		w.l.s.users.invalidate()
		if err := w.l.User(u, ""); err != nil {
			return 0, err
		}
		return kam.New, w.l.audit("user", u.ID, "create", change{field: "role", new: string(u.Role)})
	} else if err != nil {
		return 0, err
	}
	u.ID = cur.ID
	role := string(cur.Role)
	d := &differ{fields: fields}
	d.str("display_name", &cur.DisplayName, u.DisplayName)
	d.str("email", &cur.Email, u.Email)
	d.str("role", &role, string(u.Role))
	d.id("org_unit_id", &cur.OrgUnitID, u.OrgUnitID)
	d.id("manager_id", &cur.ManagerID, u.ManagerID)
	if !d.changed() {
		return kam.Unchanged, nil
	}
	err = w.l.exec("UPDATE users SET display_name = ?, email = ?, role = ?, org_unit_id = ?, manager_id = ?, updated_at = ?, version = version + 1 WHERE id = ?",
		cur.DisplayName, cur.Email, role, nullID(cur.OrgUnitID), nullID(cur.ManagerID), w.l.s.Now(), cur.ID)
	if err != nil {
		return 0, wrap("user", u.Username, err)
	}
	w.l.s.users.invalidate()
	return kam.Changed, w.l.audit("user", cur.ID, "update", d.changes...)
}

// Users lists every user.
func (w *importWriter) Users() ([]*kam.User, error) {
	rows, err := w.c.query(w.ctx(), "SELECT "+userColumns+" FROM users ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	return scanUsers(rows)
}
