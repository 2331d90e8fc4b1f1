package demo

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/kamhq/kam"
)

// bundle is one account with every record that belongs to it, made without
// the database. Links between its records are positions in its slices; the
// writer turns them into ids as it loads the records.
type bundle struct {
	p          *profile
	account    *kam.Account
	team       []teamSeat
	contacts   []contactRec
	activities []activityRec
	orders     []*kam.Order
	invoices   []invoiceRec
	opps       []*kam.Opportunity
	contracts  []*kam.Contract
	cases      []caseRec
	tasks      []*kam.Task
}

// teamSeat puts a user on an account team.
type teamSeat struct {
	user         *kam.User
	role, access string
}

// makeBundle makes all the records of one account.
func (w *world) makeBundle(p *profile) *bundle {
	b := &bundle{p: p}
	w.makeAccount(b)
	w.makeContacts(b)
	w.makeOrders(b)
	w.makeActivities(b)
	w.makeDeals(b)
	w.makeService(b)
	return b
}

// partRNG returns the random stream of one part of an account.
func (w *world) partRNG(p *profile, part uint64) rng {
	return newRNG(w.seed, streamAccount+16*uint64(p.pos)+part)
}

// Why accounts were lost, and to whom.
var (
	competitors = []string{"Vantor Automation", "Brennick Controls", "Quellis Industrial", "Ostermark Drives",
		"Kelvar Systems", "Nordmark Sensorik", "Tessaro Automazione"}
	lossToCompetitor = []string{"Competitor undercut our prices by more than 10%", "Competitor bundled a multi-year service contract",
		"New plant manager standardised on the competitor's platform", "Lost the tender on delivery times"}
	lossOther = []string{"Plant closed", "Acquired; now buys through the parent's central procurement", "Moved production out of the region"}
	teamRoles = []string{"Service coordination", "Technical sales", "Regional support", "Applications engineering"}
)

// makeAccount makes the account row: names, identity, classification and,
// for a key account, its team.
func (w *world) makeAccount(b *bundle) {
	p := b.p
	r := w.partRNG(p, partAccount)
	a := &kam.Account{Name: p.display, Industry: p.name.industry.name, Country: p.country.code, Tier: p.tier,
		Status: p.status, OwnerID: p.owner.user.ID, OrgUnitID: p.unitID, Currency: currency,
		Segment: segmentOf(r, float64(p.rank)/float64(len(w.profiles))), CreatedAt: p.since.Time()}
	form := p.country.legalForms[0]
	if r.chance(0.3) {
		form = pick(r, p.country.legalForms)
	}
	a.LegalName = p.display + " " + form
	if p.global {
		a.LegalName = p.name.name + " Holding " + form
	}
	if p.tier == "key" || r.chance(0.6) {
		a.Domains = []string{domainOf(p)}
	}
	if (p.country.taxPrefix != "" && r.chance(0.75)) || r.chance(0.4) {
		a.TaxID = taxID(r, p.country)
	}
	if p.status != kam.StatusProspect && r.chance(0.9) {
		a.ExternalIDs = append(a.ExternalIDs, kam.ExternalID{Source: "erp", ID: "C" + strconv.Itoa(10001+p.pos)})
	}
	if p.tier == "key" || p.tier == "strategic" || r.chance(0.2) {
		a.ExternalIDs = append(a.ExternalIDs, kam.ExternalID{Source: "salesforce", ID: salesforceID("001", p.pos)})
	}
	a.CustomFields = map[string]string{"payment_terms": fmt.Sprintf("net %d", termsOf(p))}
	if p.status == kam.StatusLost {
		if p.rival {
			a.LostReason, a.LostCompetitor = pick(r, lossToCompetitor), pick(r, competitors)
		} else {
			a.LostReason = pick(r, lossOther)
		}
	}
	b.account = a
	if p.owner.user.Role == kam.RoleKAM {
		b.team = w.keyAccountTeam(r, p)
	}
}

// keyAccountTeam puts 2–4 account managers on a KAM's account: those of the
// account's country can edit it, the others read it.
func (w *world) keyAccountTeam(r rng, p *profile) []teamSeat {
	var team []teamSeat
	local := w.org.localAMs(p.country.code)
	for _, s := range local {
		team = append(team, teamSeat{s.user, "Local account manager", "edit"})
	}
	want := r.between(2, 4)
	for _, s := range sample(r, w.org.ams, len(w.org.ams)) {
		if len(team) >= want {
			break
		}
		if s.country.code != p.country.code {
			team = append(team, teamSeat{s.user, pick(r, teamRoles), "read"})
		}
	}
	return team
}

// segmentOf classifies a company by its size, which goes with (but is not
// the same as) what it buys from us: share is its rank in the portfolio as
// a fraction, 0 for the largest.
func segmentOf(r rng, share float64) string {
	share *= r.uniform(0.6, 1.6)
	switch {
	case share < 0.08:
		return "Enterprise"
	case share < 0.4:
		return "Mid-market"
	}
	return "SMB"
}

// termsOf is the account's payment term in days: larger accounts negotiate longer.
func termsOf(p *profile) int {
	if p.tier == "key" || p.tier == "strategic" {
		return 60
	}
	return 30
}

// domainOf is the account's web domain, under the reserved .example top level
// so that no demo address can reach a real company.
func domainOf(p *profile) string {
	d := slug(p.name.name)
	if p.parent != nil {
		d += "-" + strings.ToLower(p.country.code)
	}
	return d + ".example"
}

// salesforceID returns an 18-character id in Salesforce's shape, unique per n.
func salesforceID(prefix string, n int) string {
	s := strings.ToUpper(strconv.FormatInt(int64(n)+36*36*36*36*36, 36))
	return prefix + "5e00000" + strings.Repeat("0", 8-len(s)) + s
}
