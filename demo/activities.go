package demo

import (
	"slices"

	"github.com/kamhq/kam"
)

// activityRec is an activity and the positions of the contacts it involved.
type activityRec struct {
	a    *kam.Activity
	with []int
}

// What activities are about, by kind, and how they end.
var (
	activityKinds  = []kam.ActivityKind{kam.ActivityCall, kam.ActivityEmail, kam.ActivityMeeting, kam.ActivityVisit, kam.ActivityNote}
	kindWeightsKey = []float64{30, 25, 20, 18, 7}
	kindWeights    = []float64{40, 30, 8, 10, 12}
	subjects       = map[kam.ActivityKind][]string{
		kam.ActivityCall: {"Check-in call", "Follow-up on quote", "Delivery delay follow-up", "Call about the price increase",
			"Reorder reminder", "Introduced the new product line", "Payment reminder", "Call about a service request"},
		kam.ActivityEmail: {"Sent revised quote", "Sent product documentation", "Order confirmation questions",
			"Invitation to the trade fair", "Sent next year's price list", "Sent case study on predictive maintenance"},
		kam.ActivityMeeting: {"Quarterly business review", "Annual price negotiation", "Contract renewal meeting",
			"Executive sponsor meeting", "Roadmap presentation", "Workshop: predictive maintenance"},
		kam.ActivityVisit: {"Site visit", "Plant tour with engineering", "Commissioning check on site",
			"Visit with our technical specialist", "Line audit for retrofit project"},
		kam.ActivityNote: {"Org change at the customer", "Competitor seen on site", "Budget freeze rumoured",
			"New plant announced", "Credit limit review requested", "Customer consolidating suppliers"},
	}
	outcomes = []string{"Positive; customer asked for a quote", "Neutral; no immediate need", "Concerns about lead times",
		"Agreed on next steps", "Decision postponed to next quarter", "Competitor offer is about 8% lower",
		"Customer happy with last delivery", "Needs approval from headquarters", "Asked for references in their industry"}
	nextSteps = []string{"Send quote", "Schedule a demo", "Follow up in two weeks", "Prepare the QBR", "Involve a technical specialist",
		"Escalate to the director", "Send references", "Book a site visit", "Confirm delivery dates"}
	notes = []string{"Met the new head of purchasing.", "They are benchmarking three suppliers.",
		"Plant runs three shifts; downtime is expensive for them.", "Budget cycle starts in September.",
		"Prefers e-mail over calls.", "Interested in a framework agreement."}
)

// activityCount is how many times a year an account is called on.
func activityCount(r rng, p *profile) int {
	switch {
	case p.status == kam.StatusProspect:
		return r.between(2, 6)
	case p.status == kam.StatusOnboarding:
		return r.between(6, 12)
	case p.tier == "key":
		return r.between(40, 70)
	case p.tier == "strategic":
		return r.between(15, 30)
	case p.tier == "core":
		return r.between(5, 12)
	}
	return r.between(2, 6)
}

// makeActivities makes a year of calls, visits, meetings, e-mails and notes,
// mostly by the owner, with the contacts who were there. Neglected accounts
// have not been called on for months; lost ones since shortly after the loss.
func (w *world) makeActivities(b *bundle) {
	p := b.p
	r := w.partRNG(p, partActivities)
	from, to := laterOf(w.today.AddDays(-365), p.since), w.today.AddDays(-1)
	switch {
	case p.status == kam.StatusLost:
		to = earlierOf(to, p.lostOn.AddDays(30))
	case p.neglect:
		to = laterOf(from, w.today.AddDays(-r.between(100, 240)))
	}
	if to.Before(from) {
		return
	}
	weights := kindWeights
	if p.tier == "key" {
		weights = kindWeightsKey
	}
	n := activityCount(r, p)
	days := make([]kam.Date, n)
	for i := range days {
		days[i] = r.dayIn(from, to)
	}
	slices.SortFunc(days, func(a, b kam.Date) int { return a.Time().Compare(b.Time()) })
	for _, d := range days {
		kind := activityKinds[r.weighted(weights)]
		a := &kam.Activity{Kind: kind, OccurredAt: r.during(d), UserID: p.owner.user.ID, Subject: pick(r, subjects[kind])}
		if len(b.team) > 0 && r.chance(0.25) {
			a.UserID = pick(r, b.team).user.ID
		}
		if kind != kam.ActivityNote {
			a.Outcome = pick(r, outcomes)
		}
		if r.chance(0.3) {
			a.Notes = pick(r, notes)
		}
		if r.chance(0.5) {
			a.NextStep, a.NextStepDue = pick(r, nextSteps), d.AddDays(r.between(3, 30))
		}
		rec := activityRec{a: a}
		if here := b.present(a.OccurredAt); kind != kam.ActivityNote && len(here) > 0 {
			rec.with = sample(r, here, r.weighted([]float64{0, 7, 2.5, 0.5}))
		}
		b.activities = append(b.activities, rec)
	}
}
