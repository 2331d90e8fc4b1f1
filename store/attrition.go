package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/kamhq/kam"
)

// Attrition: an account is marked lost only through MarkLost, which
// records the reason, the competitor and the day (accounts.lost_at) with
// the loss (account_losses), and may plan a win-back: a day and a task for
// the account's owner. Reactivate brings a lost account back and counts it
// won back. Each is one transaction, audited and sent as account.changed.

// LostReasons returns the reasons an account may be lost for: the
// lost_reasons setting, or the defaults.
func (s *Store) LostReasons(ctx context.Context) ([]string, error) {
	body, err := s.Setting(ctx, kam.SettingLostReasons)
	if err != nil {
		return nil, err
	}
	reasons, err := kam.ParseLostReasons(body)
	if err != nil {
		return nil, fmt.Errorf("setting %s: %w", kam.SettingLostReasons, err)
	}
	return reasons, nil
}

// SetLostReasons stores the list of lost reasons (administrators only);
// the losses recorded keep the reasons they were given.
func (s *Store) SetLostReasons(ctx context.Context, p *kam.Principal, body []byte) ([]string, error) {
	if err := requireAdmin(p); err != nil {
		return nil, err
	}
	reasons, err := kam.ParseLostReasons(body)
	if err != nil {
		return nil, err
	}
	clean, err := json.Marshal(reasons)
	if err != nil {
		return nil, err
	}
	return reasons, s.SetSetting(ctx, p, kam.SettingLostReasons, clean)
}

// lossColumns are the columns scanLoss reads, in its order.
const lossColumns = `l.id, l.account_id, l.lost_on, l.reason, l.detail, l.competitor, l.revenue_12m, l.currency, l.winback_on,
	l.winback_note, COALESCE(l.winback_task_id, 0), l.won_back_on, COALESCE(l.recorded_by, 0), l.recorded_at`

// scanLoss reads a row of lossColumns.
func scanLoss(scan func(...any) error) (*kam.Loss, error) {
	var l kam.Loss
	err := scan(&l.ID, &l.AccountID, &l.LostOn, &l.Reason, &l.Detail, &l.Competitor, &l.Revenue12M, &l.Currency, &l.WinBackOn,
		&l.WinBackNote, &l.WinBackTaskID, &l.WonBackOn, &l.RecordedBy, &l.RecordedAt)
	l.RecordedAt = l.RecordedAt.UTC()
	return &l, err
}

// AccountLosses returns the losses of an account p may see, the latest
// first: the current one, while the account is lost, and those won back.
func (s *Store) AccountLosses(ctx context.Context, p *kam.Principal, id int64) ([]*kam.Loss, error) {
	if _, err := s.findAccount(ctx, s.reader(), p, id); err != nil {
		return nil, err
	}
	return s.accountLosses(ctx, s.reader(), id)
}

func (s *Store) accountLosses(ctx context.Context, c conn, id int64) ([]*kam.Loss, error) {
	rows, err := c.query(ctx, `SELECT `+lossColumns+` FROM account_losses l WHERE l.account_id = ? ORDER BY l.lost_on DESC, l.id DESC`, id)
	if err != nil {
		return nil, fmt.Errorf("read the losses of account %d: %w", id, err)
	}
	out := []*kam.Loss{}
	err = eachRow(rows, func() error {
		l, err := scanLoss(rows.Scan)
		out = append(out, l)
		return err
	})
	return out, err
}

// MarkLost marks an account lost, or corrects the record of the loss of an
// account lost already, if in.Version is still the account's version
// (else ESTALE). The reason must be one of the lost reasons; the day, by
// default today, cannot be in the future. The loss keeps the account's
// revenue of the 12 months up to that day. A win-back day gives the
// account's owner (p's user if it has none) a task on that day; a win-back
// planned already keeps its task, moved to the new day. It needs p to be
// allowed to change the account.
func (s *Store) MarkLost(ctx context.Context, p *kam.Principal, id int64, in kam.LossInput) (*kam.Loss, error) {
	if err := requireWrite(p); err != nil {
		return nil, err
	}
	reasons, err := s.LostReasons(ctx)
	if err != nil {
		return nil, err
	}
	today := kam.DateOf(s.Now())
	if err := in.Check(reasons, today); err != nil {
		return nil, err
	}
	if in.LostOn.IsZero() {
		in.LostOn = today
	}
	var out *kam.Loss
	err = s.inTx(ctx, func(c conn) error {
		if err := checkAccountWrite(ctx, c, p, id); err != nil {
			return err
		}
		a, err := s.findAccount(ctx, c, p, id)
		if err != nil {
			return err
		}
		if in.Version != a.Version {
			return staleError("Account", id, in.Version, a.Version)
		}
		loss := &kam.Loss{}
		if a.Status == kam.StatusLost {
			if loss, err = s.currentLoss(ctx, c, id); err != nil {
				return err
			}
		}
		if loss.ID == 0 {
			loss.AccountID, loss.Currency, loss.RecordedBy, loss.RecordedAt = id, a.Currency, p.UserID, s.Now()
		}
		changes := lossChanges(a, loss, in)
		loss.LostOn, loss.Reason, loss.Detail, loss.Competitor = in.LostOn, in.Reason, in.Detail, in.Competitor
		if err := c.queryRow(ctx, `SELECT COALESCE(SUM(total), 0) FROM orders WHERE account_id = ? AND currency = ? AND order_date > ? AND order_date <= ?`,
			id, a.Currency, in.LostOn.AddDays(-365), in.LostOn).Scan(&loss.Revenue12M); err != nil {
			return fmt.Errorf("read the revenue of account %d: %w", id, err)
		}
		if !in.WinBackOn.IsZero() {
			if err := s.planWinBack(ctx, c, p, a, loss, in); err != nil {
				return err
			}
			changes = append(changes, change{field: "winback_on", new: in.WinBackOn.String()})
		}
		if err := s.writeLoss(ctx, c, loss); err != nil {
			return err
		}
		if len(changes) == 0 {
			out = loss
			return nil
		}
		err = s.bumpAccount(ctx, c, p, id, a.Version, "status = ?, lost_reason = ?, lost_competitor = ?, lost_at = ?",
			[]any{string(kam.StatusLost), in.Reason, in.Competitor, in.LostOn}, changes...)
		out = loss
		return err
	})
	if err != nil {
		return nil, err
	}
	s.refreshQueued(ctx, id)
	return out, nil
}

// lossChanges are the audit log's changes of marking an account lost, or
// of correcting its loss.
func lossChanges(a *kam.Account, loss *kam.Loss, in kam.LossInput) []change {
	var out []change
	set := func(field, old, new string) {
		if old != new {
			out = append(out, change{field, old, new})
		}
	}
	set("status", string(a.Status), string(kam.StatusLost))
	set("lost_reason", a.LostReason, in.Reason)
	set("lost_detail", loss.Detail, in.Detail)
	set("lost_competitor", a.LostCompetitor, in.Competitor)
	set("lost_at", loss.LostOn.String(), in.LostOn.String())
	return out
}

// currentLoss is the loss of an account lost now: its latest.
func (s *Store) currentLoss(ctx context.Context, c conn, id int64) (*kam.Loss, error) {
	l, err := scanLoss(c.queryRow(ctx, `SELECT `+lossColumns+` FROM account_losses l WHERE l.account_id = ? AND l.won_back_on IS NULL
		ORDER BY l.lost_on DESC, l.id DESC LIMIT 1`, id).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		// Lost before losses were recorded (by an import or an older kam):
		// this is its first record.
		return &kam.Loss{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read the loss of account %d: %w", id, err)
	}
	return l, nil
}

// writeLoss inserts a new loss or updates a recorded one.
func (s *Store) writeLoss(ctx context.Context, c conn, l *kam.Loss) error {
	if l.ID == 0 {
		if l.RecordedAt.IsZero() {
			l.RecordedAt = s.Now()
		}
		id, err := c.insert(ctx, `INSERT INTO account_losses (account_id, lost_on, reason, detail, competitor, revenue_12m, currency,
			winback_on, winback_note, winback_task_id, recorded_by, recorded_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
			l.AccountID, l.LostOn, l.Reason, l.Detail, l.Competitor, int64(l.Revenue12M), l.Currency, l.WinBackOn, l.WinBackNote,
			nullID(l.WinBackTaskID), nullID(l.RecordedBy), l.RecordedAt)
		if err != nil {
			return fmt.Errorf("record the loss of account %d: %w", l.AccountID, err)
		}
		l.ID = id
		return nil
	}
	_, err := c.exec(ctx, `UPDATE account_losses SET lost_on = ?, reason = ?, detail = ?, competitor = ?, revenue_12m = ?,
		winback_on = ?, winback_note = ?, winback_task_id = ? WHERE id = ?`, l.LostOn, l.Reason, l.Detail, l.Competitor,
		int64(l.Revenue12M), l.WinBackOn, l.WinBackNote, nullID(l.WinBackTaskID), l.ID)
	if err != nil {
		return fmt.Errorf("update the loss of account %d: %w", l.AccountID, err)
	}
	return nil
}

// planWinBack gives the account's owner a task on the win-back day, or
// moves the task of the win-back planned already.
func (s *Store) planWinBack(ctx context.Context, c conn, p *kam.Principal, a *kam.Account, l *kam.Loss, in kam.LossInput) error {
	title := "Win back " + a.Name
	if in.WinBackNote != "" {
		title += ": " + in.WinBackNote
	}
	l.WinBackOn, l.WinBackNote = in.WinBackOn, in.WinBackNote
	if l.WinBackTaskID != 0 {
		_, err := c.exec(ctx, "UPDATE tasks SET title = ?, due = ?, version = version + 1 WHERE id = ? AND done_at IS NULL AND deleted_at IS NULL",
			title, in.WinBackOn, l.WinBackTaskID)
		if err != nil {
			return fmt.Errorf("move the win-back task: %w", err)
		}
		return nil
	}
	assignee := a.OwnerID
	if assignee == 0 {
		assignee = p.UserID
	}
	id, err := c.insert(ctx, "INSERT INTO tasks (account_id, assignee_id, title, due, created_at) VALUES (?,?,?,?,?)",
		a.ID, assignee, title, in.WinBackOn, s.Now())
	if err != nil {
		return fmt.Errorf("create the win-back task: %w", err)
	}
	l.WinBackTaskID = id
	return s.audit(ctx, c, p, "account", a.ID, "add_task", change{field: fmt.Sprintf("task %d", id), new: title})
}

// Reactivate brings a lost account back, active or onboarding, if
// r.Version is still the account's version (else ESTALE): its loss counts
// as won back today and an open win-back task is done. An account that is
// not lost stays as it is. It needs p to be allowed to change the account.
func (s *Store) Reactivate(ctx context.Context, p *kam.Principal, id int64, r kam.Reactivation) (*kam.Account, error) {
	if r.Status == "" {
		r.Status = kam.StatusActive
	}
	if r.Status != kam.StatusActive && r.Status != kam.StatusOnboarding {
		return nil, kam.FieldError("status", "A lost account comes back active or onboarding.")
	}
	today := kam.DateOf(s.Now())
	var out *kam.Account
	err := s.inTx(ctx, func(c conn) error {
		if err := checkAccountWrite(ctx, c, p, id); err != nil {
			return err
		}
		a, err := s.findAccount(ctx, c, p, id)
		if err != nil {
			return err
		}
		if r.Version != a.Version {
			return staleError("Account", id, r.Version, a.Version)
		}
		out = a
		if a.Status != kam.StatusLost {
			return nil
		}
		if _, err := c.exec(ctx, `UPDATE tasks SET done_at = ?, version = version + 1 WHERE done_at IS NULL AND deleted_at IS NULL
			AND id IN (SELECT winback_task_id FROM account_losses WHERE account_id = ? AND won_back_on IS NULL)`, s.Now(), id); err != nil {
			return fmt.Errorf("close the win-back task: %w", err)
		}
		if _, err := c.exec(ctx, "UPDATE account_losses SET won_back_on = ? WHERE account_id = ? AND won_back_on IS NULL", today, id); err != nil {
			return fmt.Errorf("record the win-back of account %d: %w", id, err)
		}
		err = s.bumpAccount(ctx, c, p, id, a.Version, "status = ?, lost_at = NULL", []any{string(r.Status)},
			change{field: "status", old: string(a.Status), new: string(r.Status)}, change{field: "won_back_on", new: today.String()})
		if err != nil {
			return err
		}
		out, err = s.findAccount(ctx, c, p, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.refreshQueued(ctx, id)
	return out, nil
}
