package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/kamhq/kam"
)

// ContactHit is a contact in a list of contacts, with its account.
type ContactHit struct {
	ID          int64          `json:"id"`
	AccountID   int64          `json:"account_id"`
	AccountName string         `json:"account_name"`
	Name        string         `json:"name"`
	Title       string         `json:"title,omitempty"`
	Email       string         `json:"email,omitempty"`
	Phone       string         `json:"phone,omitempty"`
	BuyingRole  kam.BuyingRole `json:"buying_role,omitempty"`
	Strength    int            `json:"relationship_strength"`
	Left        bool           `json:"left_company,omitempty"`
}

// ContactFilter selects contacts of the accounts a principal may see.
// Lists are keyset-paged by name: pass a page's Next as After.
type ContactFilter struct {
	// Query matches part of the name, ignoring case and accents, or of the
	// email address.
	Query string
	Role  kam.BuyingRole
	// Strength is "strong" (3 to 5), "weak" (1 or 2) or "unknown" (0).
	Strength string
	// Current leaves out the contacts who left their company.
	Current bool
	After   string
	Limit   int // default 50, at most 500
}

// ContactPage is one page of contacts.
type ContactPage struct {
	Contacts []ContactHit `json:"contacts"`
	Next     string       `json:"next,omitempty"`
}

// strengthRanges are the strength filter's values and their conditions.
var strengthRanges = map[string]string{"strong": "c.strength >= 3", "weak": "c.strength BETWEEN 1 AND 2", "unknown": "c.strength = 0"}

// FindContactList returns one page of the contacts of the accounts p may
// see, matching f, by name.
func (s *Store) FindContactList(ctx context.Context, p *kam.Principal, f ContactFilter) (*ContactPage, error) {
	switch {
	case f.Limit == 0:
		f.Limit = 50
	case f.Limit < 0 || f.Limit > 500:
		return nil, kam.FieldError("limit", "Limit must be between 1 and 500.")
	}
	if f.Role != "" && !f.Role.Valid() {
		return nil, kam.FieldError("role", "There is no buying role %q.", f.Role)
	}
	strength, ok := strengthRanges[f.Strength]
	if f.Strength != "" && !ok {
		return nil, kam.FieldError("strength", "Strength must be strong, weak or unknown.")
	}
	key := kam.SearchKey(f.Query)
	fp := fingerprint(key, f.Role, f.Strength, f.Current)
	cur, err := decodeCursor(f.After, "name", false, fp)
	if err != nil {
		return nil, err
	}
	pred, args := accountListScope(p, "a")
	from := "contacts c JOIN accounts a ON a.id = c.account_id"
	big, err := s.largeBook(ctx, p)
	if err != nil {
		return nil, err
	}
	if big {
		// A large book's contacts fill the name index: walk it in order and
		// test each contact's account, rather than sort every contact of
		// the book (see readFlags). The row-wise scope builds no list of
		// the book's accounts.
		pred, args = accountScope(p, "a")
		pred += " AND a.id = c.account_id"
		from = "contacts c CROSS JOIN accounts a"
	}
	where := []string{"c.deleted_at IS NULL", "a.deleted_at IS NULL", pred}
	add := func(cond string, a ...any) { where = append(where, cond); args = append(args, a...) }
	if key != "" {
		email := strings.ToLower(strings.TrimSpace(f.Query))
		match, margs, err := s.searchMatch(ctx, contactsSearch, "c.id", key, email)
		if err != nil {
			return nil, err
		}
		if match != "" {
			add(match, margs...)
		}
		add(`(c.search_name LIKE ? ESCAPE '\' OR LOWER(c.email) LIKE ? ESCAPE '\')`, "%"+escapeLike(key)+"%", "%"+escapeLike(email)+"%")
	}
	if f.Role != "" {
		add("c.buying_role = ?", string(f.Role))
	}
	if strength != "" {
		add(strength)
	}
	if f.Current {
		add("c.left_company = ?", false)
	}
	if cur != nil {
		add("(c.search_name, c.id) > (?, ?)", cur.Value, cur.ID)
	}
	rows, err := s.reader().query(ctx, `SELECT c.id, a.id, a.name, c.first_name, c.last_name, c.title, c.email, c.phone, c.buying_role,
		c.strength, c.left_company, c.search_name FROM `+from+`
		WHERE `+strings.Join(where, " AND ")+` ORDER BY c.search_name, c.id LIMIT `+strconv.Itoa(f.Limit+1), args...)
	if err != nil {
		return nil, fmt.Errorf("find contacts: %w", err)
	}
	page := &ContactPage{Contacts: []ContactHit{}}
	var lastKey string
	err = eachRow(rows, func() error {
		if len(page.Contacts) == f.Limit {
			page.Next = cursor{Sort: "name", Value: lastKey, ID: page.Contacts[f.Limit-1].ID, Filter: fp}.encode()
			return nil
		}
		var h ContactHit
		var first, last string
		if err := rows.Scan(&h.ID, &h.AccountID, &h.AccountName, &first, &last, &h.Title, &h.Email, &h.Phone, &h.BuyingRole,
			&h.Strength, &h.Left, &lastKey); err != nil {
			return err
		}
		h.Name = strings.TrimSpace(first + " " + last)
		page.Contacts = append(page.Contacts, h)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("find contacts: %w", err)
	}
	return page, nil
}
