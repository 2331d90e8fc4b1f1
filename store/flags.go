package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
)

// dismissedQuiet is how long a dismissed flag keeps its cause from being
// raised again: the user said it does not matter.
const dismissedQuiet = 90 * 24 * time.Hour

// SyncFlags stores the flags computed for one account now: a cause with an
// open or acknowledged flag gets its evidence and severity refreshed, a new
// cause is raised (unless dismissed lately), and an open or acknowledged
// flag whose cause is gone is resolved. It returns how many it raised and
// resolved.
func (s *Store) SyncFlags(ctx context.Context, accountID int64, computed []insight.Flag) (raised, resolved int, err error) {
	err = s.inTx(ctx, func(c conn) error {
		raised, resolved, err = s.syncFlags(ctx, c, accountID, computed, nil)
		return err
	})
	return raised, resolved, err
}

// syncFlags is SyncFlags inside a transaction. When open is not nil it
// receives the computed flags that are open once stored (not acknowledged,
// not dismissed): those the contact queue counts.
func (s *Store) syncFlags(ctx context.Context, c conn, accountID int64, computed []insight.Flag, open *[]insight.Flag) (raised, resolved int, err error) {
	err = func() error {
		type current struct {
			id      int64
			state   string
			updated time.Time
			event   flagEvent // for webhooks when it is resolved
		}
		rows, err := c.query(ctx, `SELECT id, cause, state, updated_at, kind, severity, evidence FROM flags
			WHERE account_id = ? AND state <> 'resolved' ORDER BY id`, accountID)
		if err != nil {
			return err
		}
		have := map[string]current{}
		var extra []current // live flags of a cause that has one already (after a merge)
		err = eachRow(rows, func() error {
			var cur current
			var cause string
			ev := &cur.event
			if err := rows.Scan(&cur.id, &cause, &cur.state, &cur.updated, &ev.Kind, &ev.Severity, &ev.Evidence); err != nil {
				return err
			}
			ev.FlagID, ev.AccountID, ev.Cause = cur.id, accountID, cause
			prev, ok := have[cause]
			switch {
			case !ok || prev.state == "dismissed":
				have[cause] = cur // a live flag wins over a dismissed one
			case cur.state != "dismissed":
				extra = append(extra, cur)
			}
			return nil
		})
		if err != nil {
			return err
		}
		now := s.Now()
		resolve := func(cur current, reason string) error {
			if _, err := c.exec(ctx, "UPDATE flags SET state = 'resolved', reason = ?, updated_at = ? WHERE id = ?",
				reason, now, cur.id); err != nil {
				return err
			}
			resolved++
			cur.event.State, cur.event.Reason = "resolved", reason
			return s.emitFlag(ctx, c, kam.EventFlagResolved, cur.event)
		}
		for _, cur := range extra {
			if err := resolve(cur, "another flag of the account has the same cause"); err != nil {
				return err
			}
		}
		seen := map[string]bool{}
		for _, f := range computed {
			cause := f.CauseOf()
			if seen[cause] {
				continue // one flag per cause, the first computed
			}
			seen[cause] = true
			cur, ok := have[cause]
			switch {
			case ok && cur.state == "dismissed" && now.Sub(cur.updated) < dismissedQuiet:
			case ok && cur.state != "dismissed":
				if _, err := c.exec(ctx, "UPDATE flags SET severity = ?, evidence = ?, updated_at = ? WHERE id = ?",
					f.Severity, f.Evidence, now, cur.id); err != nil {
					return err
				}
				if open != nil && cur.state == "open" {
					*open = append(*open, f)
				}
			default:
				id, err := c.insert(ctx, `INSERT INTO flags (account_id, kind, cause, severity, evidence, state, raised_at, updated_at)
					VALUES (?, ?, ?, ?, ?, 'open', ?, ?)`, accountID, string(f.Kind), cause, f.Severity, f.Evidence, now, now)
				if err != nil {
					return err
				}
				raised++
				if err := s.emitFlag(ctx, c, kam.EventFlagRaised, flagEvent{FlagID: id, AccountID: accountID, Kind: string(f.Kind),
					Cause: cause, Severity: f.Severity, Evidence: f.Evidence, State: "open"}); err != nil {
					return err
				}
				if open != nil {
					*open = append(*open, f)
				}
			}
		}
		for cause, cur := range have {
			if !seen[cause] && cur.state != "dismissed" {
				if err := resolve(cur, "the change is no longer seen"); err != nil {
					return err
				}
			}
		}
		return nil
	}()
	return raised, resolved, err
}

// FindFlags lists the flags in a state on the accounts p may see, the most
// severe and newest first.
func (s *Store) FindFlags(ctx context.Context, p *kam.Principal, state string) ([]*kam.AccountFlag, error) {
	return s.findFlags(ctx, p, state, 0)
}

// FindAccountFlags lists the open and acknowledged flags of one account p
// may see.
func (s *Store) FindAccountFlags(ctx context.Context, p *kam.Principal, accountID int64) ([]*kam.AccountFlag, error) {
	open, err := s.findFlags(ctx, p, "open", accountID)
	if err != nil {
		return nil, err
	}
	acked, err := s.findFlags(ctx, p, "acknowledged", accountID)
	return append(open, acked...), err
}

func (s *Store) findFlags(ctx context.Context, p *kam.Principal, state string, accountID int64) ([]*kam.AccountFlag, error) {
	return s.readFlags(ctx, p, flagRead{state: state, account: accountID})
}

// FlagQuery chooses the flags of a list: their states (open when none), one
// kind and one severity or all, and how many to list.
type FlagQuery struct {
	States         []string
	Kind, Severity string
	Limit          int
}

// FindTopFlags returns the first q.Limit flags matching q on the accounts p
// may see, the most severe first, then the newest, and whether there are
// more. It reads each severity and state in turn along an index and merges
// them, so that a director's first page of flags does not sort every flag
// of the organisation.
func (s *Store) FindTopFlags(ctx context.Context, p *kam.Principal, q FlagQuery) ([]*kam.AccountFlag, bool, error) {
	states, severities := q.States, []string{insight.SeverityHigh, insight.SeverityMedium, insight.SeverityLow}
	if len(states) == 0 {
		states = []string{"open"}
	}
	if q.Severity != "" {
		severities = []string{q.Severity}
	}
	big, err := s.largeBook(ctx, p) // once for every read below
	if err != nil {
		return nil, false, err
	}
	var out []*kam.AccountFlag
	for _, severity := range severities {
		var level []*kam.AccountFlag
		for _, state := range states {
			flags, err := s.readFlags(ctx, p, flagRead{state: state, kind: q.Kind, severity: severity, limit: q.Limit + 1 - len(out), walk: big})
			if err != nil {
				return nil, false, err
			}
			level = append(level, flags...)
		}
		slices.SortStableFunc(level, func(x, y *kam.AccountFlag) int {
			return cmp.Or(y.RaisedAt.Compare(x.RaisedAt), cmp.Compare(y.ID, x.ID))
		})
		out = append(out, level...)
		if len(out) > q.Limit {
			return out[:q.Limit], true, nil
		}
	}
	return out, false, nil
}

// flagRead is what readFlags reads: the flags in a state, of one account
// or of every account in scope, of one kind and one severity or all, at most
// limit of them (0: all). walk reads one severity of a large book along the
// flags' index (see largeBook).
type flagRead struct {
	state          string
	account        int64
	kind, severity string
	limit          int
	walk           bool
}

func (s *Store) readFlags(ctx context.Context, p *kam.Principal, r flagRead) ([]*kam.AccountFlag, error) {
	if !kam.ValidFlagState(r.state) {
		return nil, kam.FieldError("state", "State must be one of open, acknowledged, resolved, dismissed.")
	}
	pred, args := accountListScope(p, "a")
	from, order := "flags f JOIN accounts a ON a.id = f.account_id", "CASE f.severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, f.raised_at DESC, f.id DESC"
	if r.walk && r.account == 0 && r.severity != "" && r.limit > 0 {
		// A large book has flags all along the index: walk it newest
		// first and test each flag's account, rather than gather every
		// flag of tens of thousands of accounts to sort them. CROSS JOIN
		// keeps the flags outermost in SQLite, and the row-wise scope
		// builds no list of the book's accounts.
		pred, args = accountScope(p, "a")
		from, order = "flags f CROSS JOIN accounts a", "f.raised_at DESC, f.id DESC"
		pred += " AND a.id = f.account_id"
	}
	wpred, wargs := accountWriteScope(p, "a")
	args = append(append(wargs, r.state), args...)
	where := "f.state = ? AND a.deleted_at IS NULL AND " + pred
	for _, eq := range []struct {
		col string
		v   any
		set bool
	}{{"f.account_id", r.account, r.account != 0}, {"f.kind", r.kind, r.kind != ""}, {"f.severity", r.severity, r.severity != ""}} {
		if eq.set {
			where += " AND " + eq.col + " = ?"
			args = append(args, eq.v)
		}
	}
	tail := ""
	if r.limit > 0 {
		tail = " LIMIT " + strconv.Itoa(r.limit)
	}
	rows, err := s.reader().query(ctx, `SELECT f.id, f.account_id, a.name, f.kind, f.cause, f.severity, f.evidence, f.state, f.reason,
		f.raised_at, f.updated_at, CASE WHEN `+wpred+` THEN 1 ELSE 0 END FROM `+from+` WHERE `+where+`
		ORDER BY `+order+tail, args...)
	if err != nil {
		return nil, fmt.Errorf("find flags: %w", err)
	}
	out := []*kam.AccountFlag{}
	err = eachRow(rows, func() error {
		var f kam.AccountFlag
		if err := rows.Scan(&f.ID, &f.AccountID, &f.AccountName, &f.Kind, &f.Cause, &f.Severity, &f.Evidence, &f.State, &f.Reason,
			&f.RaisedAt, &f.UpdatedAt, &f.CanEdit); err != nil {
			return err
		}
		f.RaisedAt, f.UpdatedAt = f.RaisedAt.UTC(), f.UpdatedAt.UTC()
		out = append(out, &f)
		return nil
	})
	return out, err
}

// SetFlagState acknowledges, resolves or dismisses a flag on an account p may
// change; dismissing needs a reason. It is in the account's audit log.
func (s *Store) SetFlagState(ctx context.Context, p *kam.Principal, id int64, state, reason string) error {
	if !kam.ValidFlagState(state) || state == "open" {
		return kam.FieldError("state", "A flag can be acknowledged, resolved or dismissed.")
	}
	if state == "dismissed" && reason == "" {
		return kam.FieldError("reason", "Say why the flag does not matter, so that others know.")
	}
	return s.inTx(ctx, func(c conn) error {
		var accountID int64
		var old string
		ev := flagEvent{FlagID: id, State: state, Reason: reason}
		if err := c.queryRow(ctx, "SELECT account_id, state, kind, cause, severity, evidence FROM flags WHERE id = ?", id).
			Scan(&accountID, &old, &ev.Kind, &ev.Cause, &ev.Severity, &ev.Evidence); err != nil {
			return kam.Errorf(kam.ENOTFOUND, "Flag %d not found.", id)
		}
		if err := checkAccountWrite(ctx, c, p, accountID); kam.ErrorCode(err) == kam.ENOTFOUND {
			// The flag of an account out of scope does not exist: say so
			// as for any other id, without naming its account.
			return kam.Errorf(kam.ENOTFOUND, "Flag %d not found.", id)
		} else if err != nil {
			return err
		}
		if _, err := c.exec(ctx, "UPDATE flags SET state = ?, reason = ?, updated_at = ? WHERE id = ?", state, reason, s.Now(), id); err != nil {
			return fmt.Errorf("set flag %d: %w", id, err)
		}
		if err := s.audit(ctx, c, p, "account", accountID, "flag_"+state, change{field: fmt.Sprintf("flag %d", id), old: old, new: state}); err != nil {
			return err
		}
		if (state == "resolved" || state == "dismissed") && (old == "open" || old == "acknowledged") {
			ev.AccountID = accountID
			return s.emitFlag(ctx, c, kam.EventFlagResolved, ev)
		}
		return nil
	})
}
