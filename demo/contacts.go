package demo

import (
	"strings"
	"time"

	"github.com/kamhq/kam"
)

// contactRec is a contact and the position of the contact they report to
// (-1 for none).
type contactRec struct {
	c    *kam.Contact
	boss int
}

// position is a job title with its seniority level (0 is the top).
type position struct {
	title, seniority string
	level            int
}

// Seniority levels.
const (
	levelC = iota
	levelVP
	levelDirector
	levelManager
	levelStaff
)

var seniorities = []string{"C-level", "VP", "Director", "Manager", "Staff"}

func pos(title string, level int) position { return position{title, seniorities[level], level} }

// positions are the titles each buying role is found in; decision makers of
// large companies sit higher than those of small ones.
var (
	bigDeciders = []position{pos("Chief Operating Officer", levelC), pos("Chief Procurement Officer", levelC),
		pos("VP Operations", levelVP), pos("VP Manufacturing", levelVP), pos("VP Supply Chain", levelVP)}
	smallDeciders = []position{pos("Managing Director", levelC), pos("Plant Director", levelDirector),
		pos("Head of Operations", levelDirector), pos("Owner", levelC)}
	positions = map[kam.BuyingRole][]position{
		kam.BuyingInfluencer: {pos("Head of Engineering", levelDirector), pos("Head of Purchasing", levelDirector),
			pos("Maintenance Manager", levelManager), pos("Production Manager", levelManager),
			pos("Quality Manager", levelManager), pos("Category Manager Automation", levelManager)},
		kam.BuyingChampion: {pos("Automation Engineering Lead", levelManager), pos("Plant Engineering Manager", levelManager),
			pos("Digitalisation Manager", levelManager), pos("Director of Engineering", levelDirector)},
		kam.BuyingUser: {pos("Maintenance Technician", levelStaff), pos("Process Engineer", levelStaff),
			pos("Shift Supervisor", levelStaff), pos("Controls Engineer", levelStaff)},
		kam.BuyingGatekeeper: {pos("Executive Assistant", levelStaff), pos("Strategic Buyer", levelStaff),
			pos("Purchasing Agent", levelStaff)},
		kam.BuyingBlocker: {pos("IT Security Manager", levelManager), pos("Finance Controller", levelManager),
			pos("Head of Finance", levelDirector)},
	}
)

// contactCount is how many people we know at an account of the tier.
func contactCount(r rng, p *profile) int {
	switch {
	case p.status == kam.StatusProspect:
		return r.between(2, 3)
	case p.tier == "key":
		return r.between(6, 8)
	case p.tier == "strategic":
		return r.between(4, 7)
	case p.tier == "core":
		return r.between(3, 5)
	}
	return r.between(2, 4)
}

// makeContacts makes the buying centre: a decision maker at the top and the
// others reporting up to the nearest more senior contact, with how well we
// know each, and a few who have left.
func (w *world) makeContacts(b *bundle) {
	p := b.p
	r := w.partRNG(p, partContacts)
	n := contactCount(r, p)
	roles := []kam.BuyingRole{kam.BuyingChampion, kam.BuyingInfluencer, kam.BuyingUser, kam.BuyingGatekeeper,
		kam.BuyingInfluencer, kam.BuyingUser, kam.BuyingInfluencer}
	if r.chance(0.35) {
		roles[r.IntN(len(roles))] = kam.BuyingBlocker
	}
	roles = append([]kam.BuyingRole{kam.BuyingDecisionMaker}, sample(r, roles, n-1)...)
	var levels []int
	for i, role := range roles {
		var at position
		switch {
		case role != kam.BuyingDecisionMaker:
			at = pick(r, positions[role])
		case p.size >= 400_000:
			at = pick(r, bigDeciders)
		default:
			at = pick(r, smallDeciders)
		}
		levels = append(levels, at.level)
		c := w.contact(r, p, role, at)
		boss := -1
		for j := range i {
			if levels[j] < at.level && (boss < 0 || levels[j] > levels[boss]) {
				boss = j
			}
		}
		b.contacts = append(b.contacts, contactRec{c, boss})
	}
}

// contact makes one person at the account.
func (w *world) contact(r rng, p *profile, role kam.BuyingRole, at position) *kam.Contact {
	first, last := personName(r, p.country.culture)
	c := &kam.Contact{FirstName: first, LastName: last, Title: at.title, Seniority: at.seniority, BuyingRole: role,
		Email: emailLocal(first) + "." + emailLocal(last) + "@" + domainOf(p)}
	if r.chance(0.8) {
		c.Phone = phoneNumber(r, p.country)
	}
	c.Strength = w.strength(r, p, role)
	c.CreatedAt = r.during(r.dayIn(laterOf(p.since, w.historyStart.AddDays(-365)), w.today.AddDays(-20)))
	if p.status != kam.StatusProspect && r.chance(0.06) {
		left := r.during(r.dayIn(w.today.AddDays(-300), w.today.AddDays(-5)))
		if left.After(c.CreatedAt) {
			c.LeftCompany, c.LeftAt = true, &left
		}
	}
	return c
}

// strength is how well we know a contact: better at larger accounts, best
// with champions, poor with blockers, unknown for some.
func (w *world) strength(r rng, p *profile, role kam.BuyingRole) int {
	lo, hi := 1, 3
	switch {
	case p.status == kam.StatusProspect:
		lo, hi = 1, 2
	case p.tier == "key":
		lo, hi = 3, 5
	case p.tier == "strategic":
		lo, hi = 2, 5
	case p.tier == "core":
		lo, hi = 1, 4
	}
	switch role {
	case kam.BuyingChampion:
		lo, hi = max(lo, 4), 5
	case kam.BuyingBlocker:
		lo, hi = 1, 2
	}
	if p.tier == "standard" && r.chance(0.15) {
		return 0
	}
	return r.between(lo, hi)
}

// emailLocal turns a name into the part of an e-mail address before the @.
func emailLocal(name string) string {
	return strings.ReplaceAll(strings.ReplaceAll(kam.SearchKey(name), " ", ""), "'", "")
}

// present returns the positions of the contacts who were at the company on
// the day (left contacts are excluded after they left).
func (b *bundle) present(at time.Time) []int {
	var out []int
	for i, cr := range b.contacts {
		if !cr.c.CreatedAt.After(at) && (cr.c.LeftAt == nil || cr.c.LeftAt.After(at)) {
			out = append(out, i)
		}
	}
	return out
}
