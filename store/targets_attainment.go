package store

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/kamhq/kam"
)

// Attainment measures targets for a period. A target counts what its
// basis says: orders (the default) is net revenue, orders less credit
// notes, dated in the period up to today; won is the deals won with a
// close date in the period. Both are always shown and never added. The
// projection adds to orders the accounts' stored forecast for the rest of
// the period (the forecasts page's), and to won deals the open deals due
// to close in the rest of the period, weighted by their probability.
//
// A person's figures are those of the accounts they own now; a unit's
// those of the accounts in its subtree (an account sits in its own org
// unit, or its owner's when it has none), beside the unit's own target and
// the sum of the quotas of the people of its subtree; an account
// objective's those of the account and every account below it in its
// hierarchy, as the account page's tree figures are. Amounts in different
// currencies are never added: a subject has a row per currency.

// AttainmentQuery asks for the attainment of a period.
type AttainmentQuery struct {
	Period kam.Period
	// Today is the day the figures are seen on; zero is today.
	Today kam.Date
	// Reach is how many months ahead the stored forecasts go (the month
	// under way counted); 0 leaves the forecast out.
	Reach int
}

// TargetFigures are a person's or unit's quota, or an account's
// objective, for a period with its attainment, in one currency.
type TargetFigures struct {
	UserID    int64 `json:"user_id,omitempty"`
	OrgUnitID int64 `json:"org_unit_id,omitempty"`
	AccountID int64 `json:"account_id,omitempty"`
	// ParentID is a unit's parent unit.
	ParentID int64  `json:"parent_id,omitempty"`
	Name     string `json:"name"`
	Currency string `json:"currency"`
	// Target is the target for the period and HasTarget says there is
	// one; TargetSource says how it was found (set, sum or pro_rata, see
	// kam.QuotaFor). Set is the target set for exactly the period.
	Target       kam.Money   `json:"target"`
	HasTarget    bool        `json:"has_target"`
	TargetSource string      `json:"target_source,omitempty"`
	Set          *kam.Target `json:"set,omitempty"`
	// MembersTarget is, for a unit, the sum of the quotas of the people
	// whose unit lies in its subtree.
	MembersTarget    kam.Money `json:"members_target"`
	HasMembersTarget bool      `json:"has_members_target"`
	Basis            string    `json:"basis"`
	Actual           kam.Money `json:"actual"`
	Won              kam.Money `json:"won"`
	Forecast         kam.Money `json:"forecast"`
	Pipeline         kam.Money `json:"pipeline"`
	// Achieved is Actual or Won by the basis; Projected adds Forecast to
	// orders or Pipeline to won deals.
	Achieved  kam.Money `json:"achieved"`
	Projected kam.Money `json:"projected"`
	// Attainment and ProjectedAttainment are whole percentages of the
	// target; absent without a target.
	Attainment          *int `json:"attainment,omitempty"`
	ProjectedAttainment *int `json:"projected_attainment,omitempty"`
	// home is a person's org unit.
	home int64
}

// Attainment is a period's targets and attainment in a principal's scope.
type Attainment struct {
	Period kam.Period `json:"period"`
	// Key and Label name the period: FY2027-Q1, "FY2027 Q1 (Apr–Jun 2026)".
	Key   string   `json:"key"`
	Label string   `json:"label"`
	Today kam.Date `json:"today"`
	// When is past, current or future.
	When     string           `json:"when"`
	Window   ForecastWindow   `json:"-"`
	Users    []*TargetFigures `json:"users"`
	Units    []*TargetFigures `json:"units"`
	Accounts []*TargetFigures `json:"accounts"`
}

// fill sets f's figures in its currency from sums and works out what the
// target's basis makes of them.
func (f *TargetFigures) fill(sums *figureSums) {
	cur := f.Currency
	f.Actual, f.Won, f.Pipeline = sums.actual[cur], sums.won[cur], sums.pipeline[cur]
	f.Forecast = kam.Money(math.Round(sums.forecast[cur] * kam.MoneyScale))
	if f.Basis == "" {
		f.Basis = kam.BasisOrders
	}
	f.Achieved, f.Projected = f.Actual, f.Actual+f.Forecast
	if f.Basis == kam.BasisWon {
		f.Achieved, f.Projected = f.Won, f.Won+f.Pipeline
	}
	if f.HasTarget && f.Target > 0 {
		pct := func(m kam.Money) *int {
			n := int(math.Round(m.Float() / f.Target.Float() * 100))
			return &n
		}
		f.Attainment, f.ProjectedAttainment = pct(f.Achieved), pct(f.Projected)
	}
}

// setQuota sets f's target from a subject's quotas in f's currency.
func (f *TargetFigures) setQuota(targets []*kam.Target, period kam.Period) {
	var mine []*kam.Target
	for _, t := range targets {
		if t.Currency == f.Currency {
			mine = append(mine, t)
		}
	}
	q := kam.QuotaFor(mine, period.First, period.Last)
	f.Target, f.HasTarget, f.TargetSource, f.Set = q.Amount, q.Source != "", q.Source, q.Set
	if q.Set != nil {
		f.Basis = q.Set.Basis
	}
}

// Attainment measures the targets of a period in p's scope: every person
// with a quota or accounts, every unit p sees (directors and viewers their
// subtree, administrators all; account managers none), and every account
// objective set for exactly the period.
func (s *Store) Attainment(ctx context.Context, p *kam.Principal, q AttainmentQuery) (*Attainment, error) {
	if q.Today.IsZero() {
		q.Today = kam.DateOf(s.Now())
	}
	first, last := q.Period.First, q.Period.Last
	out := &Attainment{Period: q.Period, Key: q.Period.Key(), Label: q.Period.Label(), Today: q.Today, When: "current", Window: NewForecastWindow(first, last, q.Today, q.Reach),
		Users: []*TargetFigures{}, Units: []*TargetFigures{}, Accounts: []*TargetFigures{}}
	switch {
	case last.Before(q.Today):
		out.When = "past"
	case q.Today.Before(first):
		out.When = "future"
	}
	cal, err := s.FiscalCalendar(ctx)
	if err != nil {
		return nil, err
	}
	quotas, err := s.FindTargets(ctx, p, first, last)
	if err != nil {
		return nil, err
	}
	nameTargets(cal, quotas...)
	pred, args := accountListScope(p, "a")
	key := fmt.Sprint("attainment ", pred, args, first, last, q.Today, out.Window)
	facts, err := summary(ctx, s, key, func() (*factTotals, error) {
		return s.readFactTotals(ctx, pred, args, first, last, q.Today, out.Window)
	})
	if err != nil {
		return nil, err
	}
	userQuotas, unitQuotas := map[int64][]*kam.Target{}, map[int64][]*kam.Target{}
	for _, t := range quotas {
		if t.UserID != 0 {
			userQuotas[t.UserID] = append(userQuotas[t.UserID], t)
		} else {
			unitQuotas[t.OrgUnitID] = append(unitQuotas[t.OrgUnitID], t)
		}
	}
	if err := s.attainmentOfPeople(ctx, p, out, facts, userQuotas); err != nil {
		return nil, err
	}
	if p.IsAdmin() || p.SeesOrgSubtree() {
		if err := s.attainmentOfUnits(ctx, p, out, facts, unitQuotas); err != nil {
			return nil, err
		}
	}
	objectives, err := s.objectivesOf(ctx, p, "t.period_start = ? AND t.period_end = ?", first, last)
	if err != nil {
		return nil, err
	}
	nameTargets(cal, objectives...)
	if out.Accounts, err = s.ObjectiveFigures(ctx, objectives, q.Today, q.Reach); err != nil {
		return nil, err
	}
	return out, nil
}

// attainmentOfPeople adds a row per person and currency: the people with a
// quota in p's scope, and the owners of the accounts p sees (an account
// manager only themselves: the owners of their team accounts are not
// theirs to measure).
func (s *Store) attainmentOfPeople(ctx context.Context, p *kam.Principal, out *Attainment, facts *factTotals, quotas map[int64][]*kam.Target) error {
	sums := map[int64]*figureSums{}
	for owner, sum := range facts.byOwner {
		if p.IsAdmin() || p.SeesOrgSubtree() || owner == p.UserID {
			sums[owner] = sum
		}
	}
	users, err := s.FindUsers(ctx, p)
	if err != nil {
		return err
	}
	for _, u := range users {
		sum, ts := sums[u.ID], quotas[u.ID]
		if sum == nil && ts == nil {
			continue
		}
		if sum == nil {
			sum = newSums()
		}
		for _, cur := range rowCurrencies(sum, ts) {
			f := &TargetFigures{UserID: u.ID, Name: u.Name(), Currency: cur, home: u.OrgUnitID}
			f.setQuota(ts, out.Period)
			f.fill(sum)
			out.Users = append(out.Users, f)
		}
	}
	slices.SortStableFunc(out.Users, func(a, b *TargetFigures) int {
		return cmp.Or(strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), cmp.Compare(a.UserID, b.UserID))
	})
	return nil
}

// rowCurrencies are the currencies a subject has a row in: those of its
// figures and of its targets, sorted.
func rowCurrencies(sum *figureSums, targets []*kam.Target) []string {
	curs := sum.currencies()
	for _, t := range targets {
		curs = append(curs, t.Currency)
	}
	slices.Sort(curs)
	return slices.Compact(curs)
}

// attainmentOfUnits adds a row per unit p sees and currency, with the
// figures of the accounts in its subtree and the sum of the quotas of its
// people beside its own.
func (s *Store) attainmentOfUnits(ctx context.Context, p *kam.Principal, out *Attainment, facts *factTotals, quotas map[int64][]*kam.Target) error {
	units, err := s.FindOrgUnits(ctx)
	if err != nil {
		return err
	}
	parent := map[int64]int64{}
	for _, u := range units {
		parent[u.ID] = u.ParentID
	}
	// up calls fn for a unit and each unit above it, once each.
	up := func(id int64, fn func(int64)) {
		seen := map[int64]bool{}
		for ; id != 0 && !seen[id]; id = parent[id] {
			seen[id] = true
			fn(id)
		}
	}
	sums := map[int64]*figureSums{}
	for unit, sum := range facts.byUnit {
		up(unit, func(u int64) {
			if sums[u] == nil {
				sums[u] = newSums()
			}
			sums[u].add(sum)
		})
	}
	members := map[int64]byCurrency{}
	for _, f := range out.Users {
		if f.HasTarget {
			up(f.home, func(u int64) {
				if members[u] == nil {
					members[u] = byCurrency{}
				}
				members[u][f.Currency] += f.Target
			})
		}
	}
	for _, u := range units {
		if !p.IsAdmin() && !slices.Contains(p.OrgSubtree, u.ID) {
			continue
		}
		sum := cmp.Or(sums[u.ID], newSums())
		curs := rowCurrencies(sum, quotas[u.ID])
		for cur := range members[u.ID] {
			curs = append(curs, cur)
		}
		slices.Sort(curs)
		for _, cur := range slices.Compact(curs) {
			f := &TargetFigures{OrgUnitID: u.ID, ParentID: u.ParentID, Name: u.Name, Currency: cur}
			f.setQuota(quotas[u.ID], out.Period)
			f.MembersTarget, f.HasMembersTarget = members[u.ID][cur]
			f.fill(sum)
			out.Units = append(out.Units, f)
		}
	}
	return nil
}
