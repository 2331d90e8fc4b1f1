package demo

import (
	"context"
	"fmt"
	"slices"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
)

// streamObjectives numbers the random stream of the units' quotas and the
// accounts' objectives.
const streamObjectives = 0x6b616d2d6f626a73

// objectiveAccounts is how many of the largest active accounts get
// objectives.
const objectiveAccounts = 10

// What account objectives of an industrial automation supplier say.
var (
	objectiveGrowth = []string{"Grow the business by a tenth across all sites", "Win the retrofit programme of the main plant",
		"Standardise the new lines on our controller platform", "Bring service contracts to every site"}
	objectiveOpen = []string{"Meet the new head of procurement", "Present the predictive-maintenance offer to engineering",
		"Agree the joint account plan for next year", "Run an energy-savings workshop with the plant managers"}
)

// makeTargets adds to the sellers' quarterly quotas (quarterly, as
// w.targets makes them) their fiscal year's, the sum of its quarters; a
// quota for every org unit for the year and each quarter, its people's
// quotas summed and stretched by up to 6%; and objectives on the largest
// active accounts: a revenue objective for the year, and an objective
// without an amount for this quarter. The fiscal year is the calendar year,
// kam's default.
func (w *world) makeTargets(ctx context.Context, st *store.Store, quarterly []*kam.Target) error {
	r := newRNG(w.seed, streamObjectives)
	cal := kam.DefaultFiscalCalendar()
	fy := cal.At(kam.PeriodYear, w.today)
	quarter := cal.At(kam.PeriodQuarter, w.today)
	parent := map[int64]int64{}
	for _, u := range w.org.all {
		parent[u.ID] = u.ParentID
	}
	home := map[int64]int64{} // each seller's org unit
	for _, s := range append(append([]*seller{}, w.org.kams...), w.org.ams...) {
		home[s.user.ID] = s.user.OrgUnitID
	}
	// The units' sums of their people's quotas: index 0 the year, 1–4 the quarters.
	sums := map[int64]*[5]kam.Money{}
	yearOf := map[int64]kam.Money{}
	var sellers []int64
	for _, t := range quarterly {
		if _, ok := yearOf[t.UserID]; !ok {
			sellers = append(sellers, t.UserID)
		}
		yearOf[t.UserID] += t.Amount
		q := (int(t.PeriodStart.Time().Month())-1)/3 + 1
		for u, n := home[t.UserID], 0; u != 0 && n <= len(parent); u, n = parent[u], n+1 { // n stops a loop in the tree
			if sums[u] == nil {
				sums[u] = &[5]kam.Money{}
			}
			sums[u][0] += t.Amount
			sums[u][q] += t.Amount
		}
	}
	var out []*kam.Target
	quota := func(user, unit int64, p kam.Period, amount kam.Money, what string) {
		out = append(out, &kam.Target{UserID: user, OrgUnitID: unit, Kind: kam.TargetRevenue, Currency: currency, Amount: amount,
			PeriodStart: p.First, PeriodEnd: p.Last, Description: fmt.Sprintf("%s %s", what, p.Label())})
	}
	for _, id := range sellers {
		quota(id, 0, fy, yearOf[id], "Revenue quota")
	}
	for _, u := range w.org.all {
		s := sums[u.ID]
		if s == nil {
			continue
		}
		stretch := r.uniform(1.0, 1.06)
		grown := func(m kam.Money) kam.Money { return moneyOf(m.Float()*stretch, 1000*kam.MoneyScale) }
		quota(0, u.ID, fy, grown(s[0]), u.Name+" revenue quota")
		for q := 1; q <= 4; q++ {
			quota(0, u.ID, cal.Quarter(fy.FiscalYear, q), grown(s[q]), u.Name+" revenue quota")
		}
	}
	out = append(out, w.objectives(r, fy, quarter)...)
	err := st.Load(ctx, kam.System(), func(l *store.Loader) error {
		for _, t := range out {
			if err := l.Target(t); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("load the demo quotas and objectives: %w", err)
	}
	w.progress("%d yearly and unit quotas and account objectives", len(out))
	return nil
}

// objectives sets objectives on the largest active accounts: the year's
// revenue, grown from what the account buys now, and something to do this
// quarter.
func (w *world) objectives(r rng, fy, quarter kam.Period) []*kam.Target {
	var largest []*profile
	for _, p := range w.profiles {
		if p.id != 0 && (p.status == kam.StatusActive || p.status == kam.StatusAtRisk) && (p.parent == nil || p.global) {
			largest = append(largest, p)
		}
	}
	slices.SortStableFunc(largest, func(a, b *profile) int { return a.rank - b.rank })
	var out []*kam.Target
	for i, p := range largest[:min(len(largest), objectiveAccounts)] {
		out = append(out, &kam.Target{AccountID: p.id, Kind: kam.TargetObjective, Currency: currency,
			Amount: moneyOf(p.size*r.uniform(1.05, 1.15), 1000*kam.MoneyScale), PeriodStart: fy.First, PeriodEnd: fy.Last,
			Description: objectiveGrowth[i%len(objectiveGrowth)]})
		if i%2 == 0 {
			out = append(out, &kam.Target{AccountID: p.id, Kind: kam.TargetObjective, Currency: currency,
				PeriodStart: quarter.First, PeriodEnd: quarter.Last, Description: objectiveOpen[(i/2)%len(objectiveOpen)]})
		}
	}
	return out
}
