package demo

import (
	"fmt"

	"github.com/kamhq/kam"
)

// What deals are called and why they are lost.
var (
	oppKinds       = []kam.OpportunityKind{kam.OppUpsell, kam.OppCrossSell, kam.OppRenewal, kam.OppNewProduct}
	oppKindWeights = []float64{35, 25, 20, 20}
	openStages     = []string{"prospecting", "qualification", "proposal", "negotiation"}
	stageWeights   = []float64{25, 30, 28, 17}
	oppLossReasons = []string{"Price", "Lost to incumbent supplier", "Project cancelled", "Budget moved to next year", "Delivery time"}
)

// makeDeals makes the account's pipeline (open deals closing in the coming
// two quarters, some already slipped), its closed deals of the past two
// years, and the contracts of key and strategic accounts.
func (w *world) makeDeals(b *bundle) {
	p := b.p
	r := w.partRNG(p, partDeals)
	var open, closed int
	switch {
	case p.status == kam.StatusProspect:
		open = 1
	case p.status == kam.StatusLost:
		closed = 1
	case p.tier == "key":
		open, closed = r.between(2, 4), r.between(3, 6)
	case p.tier == "strategic":
		open, closed = r.between(1, 3), r.between(2, 4)
	case p.tier == "core":
		open, closed = r.between(0, 2), r.between(0, 2)
	default:
		open, closed = r.weighted([]float64{7, 3}), r.between(0, 1)
	}
	for range open {
		o := w.opportunity(r, p, openStages[r.weighted(stageWeights)])
		o.CloseDate = w.today.AddDays(r.between(7, 182))
		if r.chance(0.15) {
			o.CloseDate = w.today.AddDays(-r.between(3, 60)) // slipped: past its date, still open
		}
		w.dateDeal(r, p, o)
		b.opps = append(b.opps, o)
	}
	for range closed {
		stage := "won"
		if p.status == kam.StatusLost || r.chance(0.4) {
			stage = "lost"
		}
		o := w.opportunity(r, p, stage)
		o.CloseDate = earlierOf(w.today.AddDays(-1), laterOf(p.since.AddDays(30), w.today.AddDays(-r.between(20, 730))))
		if p.status == kam.StatusLost {
			o.CloseDate, o.Competitor = p.lostOn.AddDays(-r.between(10, 60)), b.account.LostCompetitor
			o.Kind, o.LostReason = kam.OppRenewal, "Lost the renewal"
		} else if stage == "lost" {
			o.Competitor, o.LostReason = pick(r, competitors), pick(r, oppLossReasons)
		}
		w.dateDeal(r, p, o)
		b.opps = append(b.opps, o)
	}
	if p.tier == "key" || p.tier == "strategic" && r.chance(0.7) {
		b.contracts = w.contracts(r, p)
	}
}

// opportunity makes a deal of the account at a stage, with the stage's
// default probability and an amount in proportion to the account.
func (w *world) opportunity(r rng, p *profile, stage string) *kam.Opportunity {
	kind, share := oppKinds[r.weighted(oppKindWeights)], r.uniform(0.04, 0.3)
	if p.status == kam.StatusProspect {
		kind, share = kam.OppNew, r.uniform(0.2, 0.5)
	}
	year := w.today.Time().Year()
	fam := families[pick(r, p.name.industry.families)]
	var name string
	switch kind {
	case kam.OppUpsell:
		name = fmt.Sprintf("%s volume increase %d", fam, year)
	case kam.OppCrossSell:
		name = "Cross-sell: " + families[r.IntN(len(families))] + " for line " + fmt.Sprint(r.between(1, 6))
	case kam.OppRenewal:
		name = fmt.Sprintf("Renewal: %s %d", pick(r, []string{"framework agreement", "24/7 support contract", "software licences"}), year+1)
	case kam.OppNewProduct:
		name = pick(r, []string{"Pilot: predictive maintenance subscription", "Roll-out: edge gateway EG-2", "Trial: HMI panel 10\""})
	default:
		name = "First order: " + fam
	}
	o := &kam.Opportunity{Name: name, Kind: kind, Stage: stage, Probability: kam.DefaultProbability[stage],
		Amount: moneyOf(max(500, p.size*share), 100*kam.MoneyScale), Currency: currency, OwnerID: p.owner.user.ID}
	if p.tier == "key" || p.tier == "strategic" {
		w.oppSeq++
		o.Source, o.ExternalID = "salesforce", salesforceID("006", w.oppSeq)
	}
	return o
}

// dateDeal sets when a deal was opened: one to five months before it closes,
// not before the account existed nor after today.
func (w *world) dateDeal(r rng, p *profile, o *kam.Opportunity) {
	opened := earlierOf(w.today.AddDays(-1), o.CloseDate.AddDays(-r.between(30, 150)))
	o.CreatedAt = r.during(laterOf(opened, p.since))
}

// contracts makes the framework agreement of an account: the current one
// (a quarter of them inside their notice period today) and the expired one
// before it; a lost account's current agreement was terminated.
func (w *world) contracts(r rng, p *profile) []*kam.Contract {
	notice := pick(r, []int{30, 60, 90})
	term := 365 * r.between(1, 3)
	anchor := w.today
	if p.status == kam.StatusLost {
		anchor = p.lostOn
	}
	end := anchor.AddDays(r.between(notice+1, term-30))
	if r.chance(0.25) || p.status == kam.StatusAtRisk && r.chance(0.5) {
		end = anchor.AddDays(r.between(1, notice-1))
	}
	start := laterOf(p.since, end.AddDays(1-term))
	cur := w.contract(r, p, start, end, notice)
	if p.status == kam.StatusLost {
		cur.EndDate, cur.Status = p.lostOn, "terminated"
	}
	out := []*kam.Contract{cur}
	if prevStart := start.AddDays(-365 * r.between(1, 3)); !prevStart.Before(p.since) {
		prev := w.contract(r, p, prevStart, start.AddDays(-1), notice)
		prev.Status = "expired"
		out = append([]*kam.Contract{prev}, out...)
	}
	return out
}

// contract makes one agreement from start to end with the account's terms.
func (w *world) contract(r rng, p *profile, start, end kam.Date, notice int) *kam.Contract {
	years := max(1, float64(start.DaysUntil(end))/365)
	c := &kam.Contract{Name: fmt.Sprintf("Framework supply agreement %d–%d", start.Time().Year(), end.Time().Year()),
		StartDate: start, EndDate: end, Value: moneyOf(p.size*years*r.uniform(0.5, 0.8), 1000*kam.MoneyScale),
		Currency: currency, NoticeDays: notice, Status: "active", AutoRenew: r.chance(0.5)}
	if c.AutoRenew {
		c.RenewalTerms = fmt.Sprintf("Renews for 12 months unless cancelled %d days before the end.", notice)
	} else {
		c.RenewalTerms = "Prices and volumes are renegotiated before the end of the term."
	}
	return c
}
