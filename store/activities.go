package store

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kamhq/kam"
)

// Activities are the calls, visits, meetings, emails and notes logged on an
// account in kam (imports write theirs through the Loader). A logged
// activity changes the account's last contact by channel, which the roll-up
// holds and the contact queue and the "no contact" flag read, so logging one
// queues the account's roll-up and refreshes it at once (refreshAfterChange).

// Longest texts an activity takes, in characters.
const (
	maxSubject = 300
	maxNotes   = 10000
)

// ActivityRow is an activity with its account's name and the name of the
// user who logged it.
type ActivityRow struct {
	kam.Activity
	AccountName string `json:"account_name"`
	UserName    string `json:"user_name,omitempty"`
	// Version counts the activity's changes, for If-Match.
	Version int64 `json:"version"`
}

// kindSubjects are the subjects of activities logged with notes only.
var kindSubjects = map[kam.ActivityKind]string{
	kam.ActivityCall: "Call", kam.ActivityVisit: "Visit", kam.ActivityMeeting: "Meeting",
	kam.ActivityEmail: "Email", kam.ActivityNote: "Note",
}

// CreateActivity logs an activity on an account p may change, as done by p
// (its user id is p's), at OccurredAt or now. It needs a subject, or notes
// from which the subject is the kind ("Call"). Contacts must be the
// account's. An activity logged in kam has no source or external id. The
// entry is in the account's audit log, and the account's roll-up is
// refreshed.
func (s *Store) CreateActivity(ctx context.Context, p *kam.Principal, a *kam.Activity) error {
	now := s.Now()
	a.Subject, a.Notes = strings.TrimSpace(a.Subject), strings.TrimSpace(a.Notes)
	a.Outcome, a.NextStep = strings.TrimSpace(a.Outcome), strings.TrimSpace(a.NextStep)
	if a.Subject == "" && a.Notes != "" {
		a.Subject = kindSubjects[a.Kind]
	}
	if err := checkActivity(a, now); err != nil {
		return err
	}
	if err := requireWrite(p); err != nil {
		return err
	}
	if a.OccurredAt.IsZero() {
		a.OccurredAt = now
	}
	a.OccurredAt = a.OccurredAt.UTC()
	a.UserID, a.CreatedAt = p.UserID, now
	a.Source, a.ExternalID = "", ""
	err := s.inTx(ctx, func(c conn) error {
		if err := checkAccountWrite(ctx, c, p, a.AccountID); err != nil {
			return err
		}
		for _, cid := range a.ContactIDs {
			var n int
			if err := c.queryRow(ctx, "SELECT COUNT(*) FROM contacts WHERE id = ? AND account_id = ? AND deleted_at IS NULL", cid, a.AccountID).Scan(&n); err != nil {
				return fmt.Errorf("check contact %d: %w", cid, err)
			}
			if n == 0 {
				return kam.FieldError("contact_ids", "Contact %d is not a contact of account %d.", cid, a.AccountID)
			}
		}
		id, err := c.insert(ctx, `INSERT INTO activities (account_id, kind, occurred_at, user_id, subject, notes, outcome, next_step, next_step_due,
			source, external_id, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`, a.AccountID, string(a.Kind), a.OccurredAt, nullID(a.UserID),
			a.Subject, a.Notes, a.Outcome, a.NextStep, a.NextStepDue, a.Source, a.ExternalID, a.CreatedAt)
		if err != nil {
			return fmt.Errorf("create activity: %w", err)
		}
		a.ID = id
		seen := map[int64]bool{}
		for _, cid := range a.ContactIDs {
			if seen[cid] {
				continue
			}
			seen[cid] = true
			if _, err := c.exec(ctx, "INSERT INTO activity_contacts (activity_id, contact_id) VALUES (?, ?)", id, cid); err != nil {
				return fmt.Errorf("link activity contact: %w", err)
			}
		}
		if err := s.audit(ctx, c, p, "account", a.AccountID, "log_activity",
			change{field: fmt.Sprintf("activity %d", id), new: string(a.Kind) + ": " + a.Subject}); err != nil {
			return err
		}
		return queueRollups(ctx, c, map[int64]bool{a.AccountID: true}, now)
	})
	if err != nil {
		return err
	}
	s.refreshQueued(ctx, a.AccountID)
	return nil
}

// checkActivity checks an activity's kind and texts, and that it has
// happened by now (a day's leeway for clocks and time zones).
func checkActivity(a *kam.Activity, now time.Time) error {
	switch {
	case !a.Kind.Valid():
		return kam.FieldError("kind", "Kind must be one of call, visit, meeting, email, note.")
	case a.Subject == "":
		return kam.FieldError("subject", "Say what the %s was about.", strings.ToLower(kindSubjects[a.Kind]))
	case utf8.RuneCountInString(a.Subject) > maxSubject:
		return kam.FieldError("subject", "The subject is longer than %d characters; put the rest in the notes.", maxSubject)
	case utf8.RuneCountInString(a.Notes) > maxNotes:
		return kam.FieldError("notes", "The notes are longer than %d characters.", maxNotes)
	case a.OccurredAt.After(now.Add(24 * time.Hour)):
		return kam.FieldError("occurred_at", "An activity is logged once it has happened; plan one as a task.")
	}
	return nil
}

// FindActivities lists up to limit (default 20, at most 500) activities of
// an account p may see, the latest first.
func (s *Store) FindActivities(ctx context.Context, p *kam.Principal, accountID int64, limit int) ([]*ActivityRow, error) {
	acct, err := s.FindAccountByID(ctx, p, accountID)
	if err != nil {
		return nil, err
	}
	switch {
	case limit == 0:
		limit = 20
	case limit < 0 || limit > 500:
		return nil, kam.FieldError("limit", "Limit must be between 1 and 500.")
	}
	rows, err := s.reader().query(ctx, fmt.Sprintf(`SELECT id, account_id, kind, occurred_at, COALESCE(user_id, 0), subject, notes, outcome,
		next_step, next_step_due, source, external_id, created_at, version FROM activities
		WHERE account_id = ? AND deleted_at IS NULL ORDER BY occurred_at DESC, id DESC LIMIT %d`, limit), accountID)
	if err != nil {
		return nil, fmt.Errorf("find activities: %w", err)
	}
	out := []*ActivityRow{}
	byID := map[int64]*ActivityRow{}
	err = eachRow(rows, func() error {
		r := &ActivityRow{AccountName: acct.Name}
		a := &r.Activity
		if err := rows.Scan(&a.ID, &a.AccountID, &a.Kind, &a.OccurredAt, &a.UserID, &a.Subject, &a.Notes, &a.Outcome,
			&a.NextStep, &a.NextStepDue, &a.Source, &a.ExternalID, &a.CreatedAt, &r.Version); err != nil {
			return err
		}
		a.OccurredAt, a.CreatedAt = a.OccurredAt.UTC(), a.CreatedAt.UTC()
		out = append(out, r)
		byID[a.ID] = r
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("find activities: %w", err)
	}
	if len(out) == 0 {
		return out, nil
	}
	args := make([]any, len(out))
	for i, r := range out {
		args[i] = r.ID
		if r.UserName, err = s.userName(ctx, r.UserID); err != nil {
			return nil, err
		}
	}
	rows, err = s.reader().query(ctx, "SELECT activity_id, contact_id FROM activity_contacts WHERE activity_id IN ("+
		placeholders(len(args))+") ORDER BY activity_id, contact_id", args...)
	if err != nil {
		return nil, fmt.Errorf("find activity contacts: %w", err)
	}
	err = eachRow(rows, func() error {
		var aid, cid int64
		if err := rows.Scan(&aid, &cid); err != nil {
			return err
		}
		if r := byID[aid]; r != nil {
			r.ContactIDs = append(r.ContactIDs, cid)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("find activity contacts: %w", err)
	}
	return out, nil
}
