package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kamhq/kam"
)

// Cold-call lists, to offset attrition: a named list of prospects (accounts
// in the prospect status) built from a filter and given to an account
// manager, who records what came of each call. A list is seen by its
// assignee, its author, the directors over the assignee and administrators;
// its entries only as far as the reader may see their accounts.

// CallOutcomes are what came of a call, in the order a list is worked.
var CallOutcomes = []string{"to_call", "no_answer", "interested", "not_interested"}

// The bounds of a list.
const (
	maxCallListEntries = 500
	maxCallListName    = 120
	maxCallNote        = 2000
)

// CallListFilter picks the prospects of a list; empty fields match all.
type CallListFilter struct {
	Country  string `json:"country,omitempty"`
	Industry string `json:"industry,omitempty"`
	Segment  string `json:"segment,omitempty"`
	Tier     string `json:"tier,omitempty"`
}

// CallList is a cold-call list with how far it was worked.
type CallList struct {
	ID           int64          `json:"id"`
	Name         string         `json:"name"`
	AssigneeID   int64          `json:"assignee_id"`
	AssigneeName string         `json:"assignee_name"`
	CreatedBy    int64          `json:"created_by,omitempty"`
	Filter       CallListFilter `json:"filter"`
	Version      int64          `json:"version"`
	CreatedAt    time.Time      `json:"created_at"`
	// Outcomes counts the entries the reader may see by outcome.
	Outcomes map[string]int `json:"outcomes"`
	Entries  int            `json:"entries"`
}

// CallListEntry is one prospect of a list and what came of the call.
type CallListEntry struct {
	ListID        int64      `json:"list_id"`
	AccountID     int64      `json:"account_id"`
	AccountName   string     `json:"account_name"`
	Country       string     `json:"country"`
	Industry      string     `json:"industry"`
	Segment       string     `json:"segment"`
	Status        string     `json:"status"`
	Outcome       string     `json:"outcome"`
	Note          string     `json:"note"`
	OpportunityID int64      `json:"opportunity_id,omitempty"`
	CalledAt      *time.Time `json:"called_at,omitempty"`
	Version       int64      `json:"version"`
}

// CallOutcomeUpdate records what came of a call. Version is the entry's
// version it was made from. Convert, with the outcome interested, turns
// the prospect into an "opportunity" (a new deal) or starts its
// "onboarding" (the account's status); it needs p to be allowed to change
// the account.
type CallOutcomeUpdate struct {
	Version int64
	Outcome string
	Note    *string
	Convert string
}

// callListScope is the predicate over call_lists l of the lists p may see.
func callListScope(p *kam.Principal) (string, []any) {
	if p.IsAdmin() {
		return "1=1", nil
	}
	pred, args := "(l.assignee_id = ? OR l.created_by = ?", []any{p.UserID, p.UserID}
	if p.SeesOrgSubtree() && len(p.OrgSubtree) > 0 {
		pred += " OR l.assignee_id IN (SELECT id FROM users WHERE org_unit_id IN (" + placeholders(len(p.OrgSubtree)) + "))"
		for _, id := range p.OrgSubtree {
			args = append(args, id)
		}
	}
	return pred + ")", args
}

// CreateCallList builds a list of the prospects that match its filter and
// that both p and the assignee may see, by name, at most 500. An account
// manager makes lists for themselves; directors for their organisation,
// administrators for anyone. A filter that matches no prospect is refused.
func (s *Store) CreateCallList(ctx context.Context, p *kam.Principal, l *CallList) error {
	if err := requireWrite(p); err != nil {
		return err
	}
	l.Name = strings.TrimSpace(l.Name)
	l.Filter.Country = strings.ToUpper(strings.TrimSpace(l.Filter.Country))
	l.Filter.Industry, l.Filter.Segment = strings.TrimSpace(l.Filter.Industry), strings.TrimSpace(l.Filter.Segment)
	if l.AssigneeID == 0 {
		l.AssigneeID = p.UserID
	}
	switch {
	case l.Name == "":
		return kam.FieldError("name", "Name the list.")
	case utf8.RuneCountInString(l.Name) > maxCallListName:
		return kam.FieldError("name", "A list's name has at most %d characters.", maxCallListName)
	case l.Filter.Tier != "" && !slices.Contains(kam.Tiers, l.Filter.Tier):
		return kam.FieldError("tier", "Tier must be one of key, strategic, core, standard.")
	case l.AssigneeID != p.UserID && !p.IsAdmin() && p.Role != kam.RoleDirector:
		return kam.FieldError("assignee_id", "Only a director or an administrator makes lists for someone else.")
	}
	assignee := p
	if l.AssigneeID != p.UserID {
		ap, err := s.PrincipalFor(ctx, l.AssigneeID)
		if err != nil || !ap.CanWrite() {
			return kam.FieldError("assignee_id", "User %d is not an active user who can make calls.", l.AssigneeID)
		}
		assignee = ap
	}
	return s.inTx(ctx, func(c conn) error {
		if l.AssigneeID != p.UserID {
			if _, err := s.checkOwner(ctx, c, p, l.AssigneeID); err != nil {
				return kam.FieldError("assignee_id", "%s", kam.ErrorMessage(err))
			}
		}
		ids, err := s.prospectsFor(ctx, c, p, assignee, l.Filter)
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			return kam.FieldError("filter", "No prospect you and the assignee may both see matches this filter.")
		}
		filter, err := json.Marshal(l.Filter)
		if err != nil {
			return err
		}
		l.CreatedBy, l.Version, l.CreatedAt = p.UserID, 1, s.Now()
		if l.ID, err = c.insert(ctx, "INSERT INTO call_lists (name, assignee_id, created_by, filter, version, created_at) VALUES (?,?,?,?,?,?)",
			l.Name, l.AssigneeID, nullID(p.UserID), string(filter), l.Version, l.CreatedAt); err != nil {
			return fmt.Errorf("create call list: %w", err)
		}
		for i, id := range ids {
			if _, err := c.exec(ctx, "INSERT INTO call_list_entries (list_id, account_id, position) VALUES (?,?,?)", l.ID, id, i+1); err != nil {
				return fmt.Errorf("create call list entry: %w", err)
			}
		}
		l.Entries, l.Outcomes = len(ids), map[string]int{"to_call": len(ids)}
		l.AssigneeName, err = s.userName(ctx, l.AssigneeID)
		if err != nil {
			return err
		}
		return s.audit(ctx, c, p, "call_list", l.ID, "create", change{field: "name", new: l.Name},
			change{field: "assignee_id", new: idText(l.AssigneeID)}, change{field: "entries", new: fmt.Sprint(len(ids))})
	})
}

// prospectsFor returns the ids of the prospects matching a filter that p
// and the assignee may both see, by name.
func (s *Store) prospectsFor(ctx context.Context, c conn, p, assignee *kam.Principal, f CallListFilter) ([]int64, error) {
	pred, args := accountScope(p, "a")
	apred, aargs := accountScope(assignee, "a")
	q := "SELECT a.id FROM accounts a WHERE a.deleted_at IS NULL AND a.status = 'prospect' AND " + pred + " AND " + apred
	args = append(args, aargs...)
	for col, v := range map[string]string{"a.country": f.Country, "a.tier": f.Tier, "LOWER(a.industry)": strings.ToLower(f.Industry),
		"LOWER(a.segment)": strings.ToLower(f.Segment)} {
		if v != "" {
			q += " AND " + col + " = ?"
			args = append(args, v)
		}
	}
	return c.ids(ctx, q+fmt.Sprintf(" ORDER BY a.name, a.id LIMIT %d", maxCallListEntries), args...)
}

// FindCallLists returns the lists p may see, the newest first.
func (s *Store) FindCallLists(ctx context.Context, p *kam.Principal) ([]*CallList, error) {
	pred, args := callListScope(p)
	return s.readCallLists(ctx, s.reader(), p, "WHERE l.deleted_at IS NULL AND "+pred+" ORDER BY l.created_at DESC, l.id DESC", args)
}

// FindCallList returns a list p may see with its entries whose accounts p
// may see, in the list's order; anything else is ENOTFOUND.
func (s *Store) FindCallList(ctx context.Context, p *kam.Principal, id int64) (*CallList, []CallListEntry, error) {
	l, err := s.findCallList(ctx, s.reader(), p, id)
	if err != nil {
		return nil, nil, err
	}
	entries, err := s.callListEntries(ctx, s.reader(), p, id, 0)
	return l, entries, err
}

func (s *Store) findCallList(ctx context.Context, c conn, p *kam.Principal, id int64) (*CallList, error) {
	pred, args := callListScope(p)
	lists, err := s.readCallLists(ctx, c, p, "WHERE l.id = ? AND l.deleted_at IS NULL AND "+pred, append([]any{id}, args...))
	if err != nil {
		return nil, err
	}
	if len(lists) == 0 {
		return nil, kam.Errorf(kam.ENOTFOUND, "Call list %d not found.", id)
	}
	return lists[0], nil
}

// readCallLists reads the lists a query's rest selects, with their
// outcomes counted over the entries p may see.
func (s *Store) readCallLists(ctx context.Context, c conn, p *kam.Principal, rest string, args []any) ([]*CallList, error) {
	rows, err := c.query(ctx, "SELECT l.id, l.name, l.assignee_id, COALESCE(l.created_by, 0), l.filter, l.version, l.created_at FROM call_lists l "+rest, args...)
	if err != nil {
		return nil, fmt.Errorf("read call lists: %w", err)
	}
	out := []*CallList{}
	err = eachRow(rows, func() error {
		l := &CallList{Outcomes: map[string]int{}}
		var filter string
		if err := rows.Scan(&l.ID, &l.Name, &l.AssigneeID, &l.CreatedBy, &filter, &l.Version, &l.CreatedAt); err != nil {
			return err
		}
		l.CreatedAt = l.CreatedAt.UTC()
		out = append(out, l)
		return json.Unmarshal([]byte(filter), &l.Filter)
	})
	if err != nil {
		return nil, fmt.Errorf("read call lists: %w", err)
	}
	pred, pargs := accountScope(p, "a")
	for _, l := range out {
		if l.AssigneeName, err = s.userName(ctx, l.AssigneeID); err != nil {
			return nil, err
		}
		counts, err := c.query(ctx, `SELECT e.outcome, COUNT(*) FROM call_list_entries e JOIN accounts a ON a.id = e.account_id
			WHERE e.list_id = ? AND a.deleted_at IS NULL AND `+pred+` GROUP BY e.outcome`, append([]any{l.ID}, pargs...)...)
		if err != nil {
			return nil, fmt.Errorf("count call list %d: %w", l.ID, err)
		}
		err = eachRow(counts, func() error {
			var outcome string
			var n int
			err := counts.Scan(&outcome, &n)
			l.Outcomes[outcome], l.Entries = n, l.Entries+n
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("count call list %d: %w", l.ID, err)
		}
	}
	return out, nil
}

// callListEntries reads a list's entries whose accounts p may see; one
// account's when accountID is not 0.
func (s *Store) callListEntries(ctx context.Context, c conn, p *kam.Principal, listID, accountID int64) ([]CallListEntry, error) {
	pred, args := accountScope(p, "a")
	q := `SELECT e.list_id, e.account_id, a.name, a.country, a.industry, a.segment, a.status, e.outcome, e.note,
		COALESCE(e.opportunity_id, 0), e.called_at, e.version FROM call_list_entries e JOIN accounts a ON a.id = e.account_id
		WHERE e.list_id = ? AND a.deleted_at IS NULL AND ` + pred
	all := append([]any{listID}, args...)
	if accountID != 0 {
		q += " AND e.account_id = ?"
		all = append(all, accountID)
	}
	rows, err := c.query(ctx, q+" ORDER BY e.position", all...)
	if err != nil {
		return nil, fmt.Errorf("read call list %d: %w", listID, err)
	}
	out := []CallListEntry{}
	err = eachRow(rows, func() error {
		var e CallListEntry
		var called sql.NullTime
		if err := rows.Scan(&e.ListID, &e.AccountID, &e.AccountName, &e.Country, &e.Industry, &e.Segment, &e.Status, &e.Outcome,
			&e.Note, &e.OpportunityID, &called, &e.Version); err != nil {
			return err
		}
		if called.Valid {
			t := called.Time.UTC()
			e.CalledAt = &t
		}
		out = append(out, e)
		return nil
	})
	return out, err
}
