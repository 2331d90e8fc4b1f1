package demo

import (
	"math"
	"slices"

	"github.com/kamhq/kam"
)

// profile is one account as the portfolio layout decides it: who owns it,
// where it is, how big it is and where it stands. Everything else about the
// account is drawn from its own random stream when its records are made.
type profile struct {
	pos      int // position in the load order, which numbers its random stream
	rank     int // 0 for the largest account
	name     companyName
	display  string // the account name; subsidiaries add their country
	country  *country
	unitID   int64
	tier     string
	status   kam.AccountStatus
	owner    *seller
	parent   *profile
	global   bool    // has subsidiaries
	size     float64 // yearly revenue now (potential for prospects), EUR
	growth   float64 // yearly growth of the revenue over the history
	since    kam.Date
	lostOn   kam.Date // the day a lost account placed its last order
	neglect  bool     // nobody has called on it for months
	id       int64    // set when the account is written
	troubled bool     // pays late or not at all
	rival    bool     // lost to a competitor (not to a closure)
}

// Pareto shape of yearly account revenue: with α = 1.12 the top fifth of the
// accounts buy about 70–75% of the revenue once growth, losses and new
// customers have blurred it.
const (
	paretoAlpha = 1.12
	paretoMin   = 9_000.0    // EUR a year for the smallest accounts
	paretoMax   = 40_000_000 // EUR a year at most, so no account dwarfs a region
)

// layout decides the portfolio: sizes, tiers, the global accounts and their
// subsidiaries, owners, countries and statuses, in load order (a parent
// before its subsidiaries).
func (w *world) layout() {
	r := newRNG(w.seed, streamLayout)
	n := w.opts.Accounts
	ps := make([]*profile, n)
	for i := range ps {
		// Stratified draws from the Pareto distribution: the sizes keep their
		// shape for any seed and any portfolio size.
		u := (float64(i) + r.Float64()) / float64(n)
		ps[i] = &profile{rank: i, size: min(paretoMax, paretoMin*math.Pow(u, -1/paretoAlpha))}
	}
	units := w.keyAccounts(r, ps)
	for _, p := range ps {
		if p.owner == nil {
			w.placeWithAM(r, p)
			units = append(units, []*profile{p})
		}
	}
	w.setStatuses(r, ps)
	r.Shuffle(len(units), func(i, j int) { units[i], units[j] = units[j], units[i] })
	w.profiles = slices.Concat(units...)
	for i, p := range w.profiles {
		p.pos = i
	}
}

// keyAccounts makes the largest accounts key accounts of the KAMs: global
// accounts with 2–5 national subsidiaries each, and a few standalone ones.
// It returns them as load units, each global account with its subsidiaries.
func (w *world) keyAccounts(r rng, ps []*profile) [][]*profile {
	n := len(ps)
	globals := max(2, int(math.Round(float64(n)/60)))
	if n >= 200 && n <= 400 {
		globals += r.IntN(3) - 1
	}
	maxSubs := 5
	if n < 100 {
		maxSubs = 3
	}
	var units [][]*profile
	next := 0
	// Key accounts stay a minority: no more than half the portfolio.
	for g := 0; g < globals && next+3 <= n/2; g++ {
		subs := min(r.between(2, maxSubs), n/2-next-1)
		unit := ps[next : next+1+subs : next+1+subs]
		next += 1 + subs
		owner := w.org.kams[g%len(w.org.kams)]
		hq := countryIn(r, owner.region)
		used := []string{hq.code}
		for i, p := range unit {
			p.tier, p.owner, p.country = "key", owner, hq
			if i > 0 {
				p.parent, p.country = unit[0], subsidiaryCountry(r, owner.region, used)
				used = append(used, p.country.code)
			}
		}
		unit[0].global = true
		w.nameGroup(r, unit)
		units = append(units, unit)
	}
	standalone := max(1, n/100)
	for i := 0; i < standalone && next < n; i++ {
		p := ps[next]
		next++
		p.tier, p.owner = "key", w.org.kams[i%len(w.org.kams)]
		p.country = countryIn(r, p.owner.region)
		p.name = w.names.next(r)
		p.display = p.name.name
		units = append(units, []*profile{p})
	}
	for _, p := range ps[:next] {
		p.unitID = w.org.units[p.country.name].ID
	}
	// The rest are tiered by size below the key accounts.
	for _, p := range ps[next:] {
		switch share := float64(p.rank-next) / float64(n); {
		case share < 0.12:
			p.tier = "strategic"
		case share < 0.45:
			p.tier = "core"
		default:
			p.tier = "standard"
		}
	}
	return units
}

// nameGroup names a global account and its subsidiaries after one company:
// "Brightwater Foods Group", "Brightwater Foods France", ...
func (w *world) nameGroup(r rng, unit []*profile) {
	c := w.names.next(r)
	for i, p := range unit {
		p.name = c
		if i == 0 {
			p.display = c.name + " Group"
			continue
		}
		p.display = c.name + " " + p.country.name
		w.names.used[kam.NormalizeCompanyName(p.display)] = true
	}
	w.names.used[kam.NormalizeCompanyName(unit[0].display)] = true
}

// placeWithAM gives an account below key tier to an account manager, in the
// AM's country and org unit.
func (w *world) placeWithAM(r rng, p *profile) {
	p.owner = w.org.ams[r.weighted(amWeights)]
	p.country = p.owner.country
	p.unitID = p.owner.user.OrgUnitID
	p.name = w.names.next(r)
	p.display = p.name.name
}

// amWeights make some portfolios bigger than others, as in any real team.
var amWeights = []float64{1.2, 1.0, 1.1, 0.9, 0.8, 1.3, 1.0, 0.7}

// countryIn returns a random market of the region.
func countryIn(r rng, region string) *country {
	var in []*country
	for i := range countries {
		if countries[i].region == region {
			in = append(in, &countries[i])
		}
	}
	return pick(r, in)
}

// subsidiaryCountry returns a market not yet used by the group, mostly in the
// owner's region, sometimes abroad: global accounts span regions.
func subsidiaryCountry(r rng, region string, used []string) *country {
	var home, abroad []*country
	for i := range countries {
		c := &countries[i]
		switch {
		case slices.Contains(used, c.code):
		case c.region == region:
			home = append(home, c)
		default:
			abroad = append(abroad, c)
		}
	}
	if len(home) > 0 && r.chance(0.7) {
		return pick(r, home)
	}
	return pick(r, abroad)
}

// setStatuses decides where each account stands and since when it is a
// customer. Fixed shares of the accounts below key tier, at least two each,
// are prospects and new customers (both among the smaller 70%), lost (three
// in four to a competitor) and at risk, so that every demo shows each case.
func (w *world) setStatuses(r rng, ps []*profile) {
	var small, rest []*profile
	for _, p := range ps {
		w.setHistory(r, p)
		switch {
		case p.tier == "key":
			if p.parent == nil && !p.global && r.chance(0.2) {
				p.status = kam.StatusAtRisk
			}
		case float64(p.rank) > 0.3*float64(len(ps)):
			small = append(small, p)
		default:
			rest = append(rest, p)
		}
	}
	quota := func(share float64) int { return max(2, int(math.Round(share*float64(len(ps))))) }
	take := func(from *[]*profile, n int) []*profile {
		r.Shuffle(len(*from), func(i, j int) { (*from)[i], (*from)[j] = (*from)[j], (*from)[i] })
		n = min(n, len(*from))
		out := (*from)[:n]
		*from = (*from)[n:]
		return out
	}
	for _, p := range take(&small, quota(0.04)) {
		p.status, p.since = kam.StatusProspect, w.today.AddDays(-r.between(10, 400))
	}
	for _, p := range take(&small, quota(0.03)) {
		p.status, p.since, p.growth = kam.StatusOnboarding, w.today.AddDays(-r.between(20, 120)), 0
	}
	rest = append(rest, small...)
	for i, p := range take(&rest, quota(0.03)) {
		p.status, p.rival = kam.StatusLost, i%4 != 3
		p.lostOn = w.today.AddDays(-r.between(60, 600))
		p.since = earlierOf(p.since, p.lostOn.AddDays(-400))
	}
	for _, p := range take(&rest, quota(0.08)) {
		p.status, p.growth = kam.StatusAtRisk, r.uniform(-0.35, -0.10)
	}
	for _, p := range ps {
		p.neglect = p.status != kam.StatusProspect && p.status != kam.StatusLost && r.chance(0.12)
		p.troubled = r.chance(0.08) || p.status == kam.StatusAtRisk && r.chance(0.4)
	}
}

// setHistory makes an account an active customer of some years, growing,
// steady or shrinking; a quarter joined during the order history and grow fast.
func (w *world) setHistory(r rng, p *profile) {
	p.status = kam.StatusActive
	switch r.IntN(3) {
	case 0:
		p.growth = r.uniform(0.05, 0.35)
	case 1:
		p.growth = r.uniform(-0.04, 0.06)
	default:
		p.growth = r.uniform(-0.25, -0.05)
	}
	p.since = w.today.AddDays(-r.between(4*365, 15*365))
	if r.chance(0.25) {
		p.since = w.today.AddDays(-r.between(400, 3*365))
		p.growth = r.uniform(0.10, 0.45)
	}
}
