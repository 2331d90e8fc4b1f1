package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kamhq/kam"
)

// The fiscal year's start moves only while no open target would stop being
// a whole quarter or year under it; an administrator may delete those
// targets and move the start in one step.

// targetForName names whom a target t is for: the person, the org unit or
// the account, over targetForJoins.
const targetForName = `COALESCE(NULLIF(tu.display_name, ''), tu.username, tou.name, ta.name, '')`

// targetForJoins joins a target t to the records targetForName reads.
const targetForJoins = `LEFT JOIN users tu ON tu.id = t.user_id LEFT JOIN org_units tou ON tou.id = t.org_unit_id
	LEFT JOIN accounts ta ON ta.id = t.account_id`

// FiscalMisfit is a live target of a period not yet ended that would no
// longer be a whole quarter or year if the fiscal year started elsewhere.
type FiscalMisfit struct {
	TargetID int64
	// For names the person, unit or account; Period the target's period
	// under the calendar in force.
	For, Period string
}

// FiscalMisfits lists the targets that keep the fiscal year from starting
// as cal says (administrators only), oldest first.
func (s *Store) FiscalMisfits(ctx context.Context, p *kam.Principal, cal kam.FiscalCalendar) ([]FiscalMisfit, error) {
	if err := requireAdmin(p); err != nil {
		return nil, err
	}
	return s.fiscalMisfits(ctx, s.reader(), cal)
}

// fiscalMisfits is FiscalMisfits within a transaction or not.
func (s *Store) fiscalMisfits(ctx context.Context, c conn, cal kam.FiscalCalendar) ([]FiscalMisfit, error) {
	now, err := s.FiscalCalendar(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := c.query(ctx, "SELECT t.id, t.period_start, t.period_end, "+targetForName+" FROM targets t "+targetForJoins+
		" WHERE t.deleted_at IS NULL AND t.period_end >= ? ORDER BY t.id", kam.DateOf(s.Now()))
	if err != nil {
		return nil, fmt.Errorf("check targets: %w", err)
	}
	var out []FiscalMisfit
	err = eachRow(rows, func() error {
		var m FiscalMisfit
		var first, last kam.Date
		if err := rows.Scan(&m.TargetID, &first, &last, &m.For); err != nil {
			return err
		}
		if _, err := cal.PeriodOf(first, last); err != nil {
			m.Period = now.Describe(first, last)
			out = append(out, m)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("check targets: %w", err)
	}
	return out, nil
}

// misfitsError refuses a move of the fiscal year, naming the targets in
// the way (at most five) and saying how many there are.
func misfitsError(cal kam.FiscalCalendar, misfits []FiscalMisfit) error {
	var named []string
	for _, m := range misfits[:min(len(misfits), 5)] {
		named = append(named, m.For+" for "+m.Period)
	}
	list := strings.Join(named, "; ")
	if more := len(misfits) - len(named); more > 0 {
		list += fmt.Sprintf("; and %d more", more)
	}
	what := "1 open target"
	if len(misfits) > 1 {
		what = fmt.Sprintf("%d open targets", len(misfits))
	}
	return kam.Errorf(kam.ECONFLICT, "With the fiscal year starting in %s, %s would no longer be a whole quarter or year: %s. "+
		"Change their periods or delete them first.", cal.StartMonth, what, list)
}

// SetFiscalCalendar changes the month the fiscal year starts in
// (administrators only; audited as a setting). It is refused (ECONFLICT)
// while a live target of a period not yet ended would no longer be a whole
// quarter or year under the new start: move or delete those first, so that
// no open target changes meaning.
func (s *Store) SetFiscalCalendar(ctx context.Context, p *kam.Principal, cal kam.FiscalCalendar) error {
	return s.moveFiscalYear(ctx, p, cal, nil)
}

// MoveFiscalYearDeleting is SetFiscalCalendar that first deletes the open
// targets in the way (FiscalMisfits), each audited, in the same
// transaction (administrators only). confirmed are the ids of the targets
// the administrator was shown and agreed to delete: when the targets in the
// way are others by then (one was set or moved meanwhile), nothing is
// deleted and the move is refused, so that no one loses a target unseen.
func (s *Store) MoveFiscalYearDeleting(ctx context.Context, p *kam.Principal, cal kam.FiscalCalendar, confirmed []int64) error {
	if confirmed == nil {
		confirmed = []int64{}
	}
	return s.moveFiscalYear(ctx, p, cal, confirmed)
}

// moveFiscalYear moves the fiscal year's start, deleting the targets in the
// way when they are the confirmed ones (a nil confirmed refuses any).
func (s *Store) moveFiscalYear(ctx context.Context, p *kam.Principal, cal kam.FiscalCalendar, confirmed []int64) error {
	if err := requireAdmin(p); err != nil {
		return err
	}
	if cal.StartMonth < time.January || cal.StartMonth > time.December {
		return kam.FieldError("start_month", "The fiscal year starts in a month from 1 (January) to 12 (December).")
	}
	old, err := s.Setting(ctx, kam.SettingFiscalYear)
	if err != nil {
		return err
	}
	now, err := s.FiscalCalendar(ctx)
	if err != nil {
		return err
	}
	body, err := json.Marshal(cal)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(c conn) error {
		misfits, err := s.fiscalMisfits(ctx, c, cal)
		switch {
		case err != nil:
			return err
		case len(misfits) > 0 && confirmed == nil:
			return misfitsError(cal, misfits)
		case !sameTargets(misfits, confirmed):
			return kam.Errorf(kam.ECONFLICT, "The targets in the way changed since you looked (%d now, %d confirmed): nothing was deleted; look at the list again.",
				len(misfits), len(confirmed))
		}
		for _, m := range misfits {
			t, err := s.findTarget(ctx, c, p, m.TargetID)
			if err != nil {
				return err
			}
			if err := s.binTarget(ctx, c, p, now, t); err != nil {
				return err
			}
		}
		return s.writeSetting(ctx, c, p, kam.SettingFiscalYear, old, body)
	})
}

// sameTargets reports whether the misfits are exactly the confirmed ids.
func sameTargets(misfits []FiscalMisfit, confirmed []int64) bool {
	ids := make([]int64, len(misfits))
	for i, m := range misfits {
		ids[i] = m.TargetID
	}
	slices.Sort(ids)
	want := slices.Clone(confirmed)
	slices.Sort(want)
	return slices.Equal(ids, want)
}
