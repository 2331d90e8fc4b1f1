package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/kamhq/kam"
)

// Visit and call cadence: each tier's cadence is a setting an administrator
// changes; an account may have its own, set by whoever may change the
// account. Both reach the insights through the account's history (see
// readSideHistory), so that the contact queue, the no-contact flag and
// health's engagement judge each account by its own rhythm.

// TierCadence returns the cadence of each tier: the cadence setting, or the
// defaults when it was never set.
func (s *Store) TierCadence(ctx context.Context) (kam.TierCadence, error) {
	body, err := s.Setting(ctx, kam.SettingCadence)
	if err != nil {
		return nil, err
	}
	tc, err := kam.ParseTierCadence(body)
	if err != nil {
		return nil, fmt.Errorf("setting %s: %w", kam.SettingCadence, err)
	}
	return tc, nil
}

// SetTierCadence stores the cadence of each tier (administrators only): a
// tier left out keeps its default; a cadence of no days or of more than a
// year is refused and nothing is stored. Every account that follows its
// tier's cadence is queued for its roll-up, whose flags and queue change.
func (s *Store) SetTierCadence(ctx context.Context, p *kam.Principal, body []byte) (kam.TierCadence, error) {
	if err := requireAdmin(p); err != nil {
		return nil, err
	}
	tc, err := kam.ParseTierCadence(body)
	if err != nil {
		return nil, err
	}
	full, err := json.Marshal(tc)
	if err != nil {
		return nil, err
	}
	if err := s.SetSetting(ctx, p, kam.SettingCadence, full); err != nil {
		return nil, err
	}
	_, err = s.writer().exec(ctx, `INSERT INTO rollup_queue (account_id, queued_at)
		SELECT id, ? FROM accounts WHERE deleted_at IS NULL AND cadence_days IS NULL
		ON CONFLICT (account_id) DO UPDATE SET queued_at = excluded.queued_at`, s.Now())
	if err != nil {
		return nil, fmt.Errorf("queue the roll-ups of the new cadence: %w", err)
	}
	return tc, nil
}

// AccountCadence returns an account's cadence as it stands on a day: its
// tier's, its own, when it was last contacted and when it is next due. An
// account p may not see is ENOTFOUND.
func (s *Store) AccountCadence(ctx context.Context, p *kam.Principal, id int64, today kam.Date) (*kam.AccountCadence, error) {
	return s.accountCadence(ctx, s.reader(), p, id, today)
}

func (s *Store) accountCadence(ctx context.Context, c conn, p *kam.Principal, id int64, today kam.Date) (*kam.AccountCadence, error) {
	tc, err := s.TierCadence(ctx)
	if err != nil {
		return nil, err
	}
	pred, args := accountScope(p, "a")
	out := &kam.AccountCadence{AccountID: id}
	var own sql.NullInt64
	err = c.queryRow(ctx, `SELECT a.tier, a.cadence_days, a.version FROM accounts a WHERE a.id = ? AND a.deleted_at IS NULL AND `+pred,
		append([]any{id}, args...)...).Scan(&out.Tier, &own, &out.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kam.Errorf(kam.ENOTFOUND, "Account %d not found.", id)
	} else if err != nil {
		return nil, fmt.Errorf("read the cadence of account %d: %w", id, err)
	}
	if err := c.queryRow(ctx, `SELECT MAX(occurred_at) FROM activities WHERE account_id = ? AND deleted_at IS NULL
		AND kind <> 'note' AND occurred_at < ?`, id, today.AddDays(1).Time()).Scan(&out.LastContact); err != nil {
		return nil, fmt.Errorf("read the last contact of account %d: %w", id, err)
	}
	out.TierDays = tc.Days(out.Tier)
	out.EffectiveDays = out.TierDays
	if own.Valid {
		days := int(own.Int64)
		out.Days, out.EffectiveDays = &days, days
	}
	out.NextDue = kam.NextContactDue(out.LastContact, out.EffectiveDays, today)
	out.DaysLate = max(0, out.NextDue.DaysUntil(today))
	return out, nil
}

// SetAccountCadence sets an account's own cadence, or clears it to follow
// its tier's, if upd.Version is still the account's version (else ESTALE,
// and nothing changes). It needs p to be allowed to change the account; it
// is audited, sent as account.changed, and refreshes the account's flags
// and queue score.
func (s *Store) SetAccountCadence(ctx context.Context, p *kam.Principal, id int64, upd kam.CadenceUpdate) (*kam.AccountCadence, error) {
	if upd.Days != nil {
		if err := kam.CheckCadenceDays("days", *upd.Days); err != nil {
			return nil, err
		}
	}
	today := kam.DateOf(s.Now())
	var out *kam.AccountCadence
	changed := false
	err := s.inTx(ctx, func(c conn) error {
		if err := checkAccountWrite(ctx, c, p, id); err != nil {
			return err
		}
		now, err := s.accountCadence(ctx, c, p, id, today)
		if err != nil {
			return err
		}
		if upd.Version != now.Version {
			return staleError("Account", id, upd.Version, now.Version)
		}
		out = now
		if daysText(now.Days) == daysText(upd.Days) {
			return nil
		}
		ch := change{field: "cadence_days", old: daysText(now.Days), new: daysText(upd.Days)}
		if err := s.bumpAccount(ctx, c, p, id, now.Version, "cadence_days = ?", []any{nullDays(upd.Days)}, ch); err != nil {
			return err
		}
		changed = true
		out, err = s.accountCadence(ctx, c, p, id, today)
		return err
	})
	if err != nil {
		return nil, err
	}
	if changed {
		s.refreshQueued(ctx, id)
	}
	return out, nil
}

// bumpAccount writes set (a SQL assignment list with its args) to an
// account if its version is still version, advancing the version; it then
// audits the changes, sends account.changed and queues the account's
// roll-up, all in the caller's transaction.
func (s *Store) bumpAccount(ctx context.Context, c conn, p *kam.Principal, id, version int64, set string, args []any, changes ...change) error {
	now := s.Now()
	res, err := c.exec(ctx, "UPDATE accounts SET "+set+", version = version + 1, updated_at = ? WHERE id = ? AND version = ? AND deleted_at IS NULL",
		append(args, now, id, version)...)
	if err != nil {
		return fmt.Errorf("update account %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return staleError("Account", id, version, version+1)
	}
	if err := s.audit(ctx, c, p, "account", id, "update", changes...); err != nil {
		return err
	}
	var name string
	if err := c.queryRow(ctx, "SELECT name FROM accounts WHERE id = ?", id).Scan(&name); err != nil {
		return fmt.Errorf("read account %d: %w", id, err)
	}
	if err := s.emitAccountChanged(ctx, c, id, name, version+1, changes); err != nil {
		return err
	}
	return queueRollups(ctx, c, map[int64]bool{id: true}, now)
}

// daysText is a cadence for the audit log: its days, or "" for none.
func daysText(days *int) string {
	if days == nil {
		return ""
	}
	return strconv.Itoa(*days)
}

// nullDays stores no cadence as NULL.
func nullDays(days *int) any {
	if days == nil {
		return nil
	}
	return *days
}

// lastContacts returns the latest contact (call, visit, meeting or email)
// before a time of each account pred selects over accounts a.
func lastContacts(ctx context.Context, c conn, pred string, args []any, before time.Time) (map[int64]kam.Date, error) {
	rows, err := c.query(ctx, `SELECT t.account_id, MAX(t.occurred_at) FROM activities t JOIN accounts a ON a.id = t.account_id
		WHERE t.deleted_at IS NULL AND t.kind <> 'note' AND t.occurred_at < ? AND a.deleted_at IS NULL AND `+pred+`
		GROUP BY t.account_id`, append([]any{before}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("read last contacts: %w", err)
	}
	out := map[int64]kam.Date{}
	err = eachRow(rows, func() error {
		var id int64
		var last kam.Date
		if err := rows.Scan(&id, &last); err != nil {
			return err
		}
		out[id] = last
		return nil
	})
	return out, err
}
