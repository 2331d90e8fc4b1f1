package demo

import (
	"time"

	"github.com/kamhq/kam"
)

// caseRec is a case and the position of the contact who raised it (-1 for none).
type caseRec struct {
	c       *kam.Case
	contact int
}

// What cases are about, how urgent they are, and the tasks users set themselves.
var (
	caseKinds    = []kam.CaseKind{kam.CaseComplaint, kam.CaseTechnical, kam.CaseQuestion, kam.CaseConflict}
	caseWeights  = []float64{35, 35, 20, 10}
	caseSubjects = map[kam.CaseKind][]string{
		kam.CaseComplaint: {"Late delivery of the last order", "Goods damaged on arrival", "Invoice does not match the order",
			"Wrong item delivered", "Repeated sensor failures on line 2"},
		kam.CaseConflict: {"Dispute over the price increase", "Disagreement on warranty coverage", "Penalty claimed for late delivery"},
		kam.CaseQuestion: {"Question about lead times", "Request for certificates of conformity", "How to order spare parts online",
			"Question on the new price list"},
		kam.CaseTechnical: {"PLC firmware update fails", "Drive trips with overcurrent fault", "Calibration certificate missing",
			"Gateway loses its connection to SCADA", "HMI panel flickers after update"},
	}
	severities      = []string{"low", "medium", "high", "critical"}
	severityWeights = []float64{25, 45, 22, 8}
	slaDays         = map[string]int{"low": 20, "medium": 10, "high": 5, "critical": 2}
	openStatuses    = []string{"open", "in_progress", "waiting"}
	taskTitles      = []string{"Prepare QBR deck", "Send revised quote", "Follow up on overdue invoice", "Schedule a site visit",
		"Update the account plan", "Prepare the renewal negotiation", "Call the decision maker", "Confirm delivery date with logistics"}
)

// caseCount is how many cases an account raised in the last year.
func caseCount(r rng, p *profile) int {
	n := 0
	switch {
	case p.status == kam.StatusProspect:
		return 0
	case p.tier == "key":
		n = r.between(1, 5)
	case p.tier == "strategic":
		n = r.between(0, 3)
	case p.tier == "core":
		n = r.weighted([]float64{75, 15, 10})
	default:
		n = r.weighted([]float64{85, 15})
	}
	if p.status == kam.StatusAtRisk {
		n += r.between(1, 2)
	}
	return n
}

// makeService makes the account's cases of the last year (recent ones still
// open, older ones mostly resolved with a satisfaction score) and the tasks
// its people set themselves, some of them overdue.
func (w *world) makeService(b *bundle) {
	p := b.p
	r := w.partRNG(p, partService)
	last := w.today.AddDays(-1)
	if p.status == kam.StatusLost {
		last = p.lostOn
	}
	first := laterOf(p.since, w.today.AddDays(-365))
	for range caseCount(r, p) {
		if last.Before(first) {
			break
		}
		b.cases = append(b.cases, w.serviceCase(r, b, r.during(r.dayIn(first, last))))
	}
	if p.status == kam.StatusLost {
		return
	}
	for range taskCount(r, p) {
		b.tasks = append(b.tasks, w.task(r, b))
	}
}

// taskCount is how many open or recent to-dos an account gives its people.
func taskCount(r rng, p *profile) int {
	switch {
	case p.status == kam.StatusProspect:
		return 1
	case p.tier == "key":
		return r.between(2, 4)
	case p.tier == "strategic":
		return r.between(1, 2)
	case p.tier == "core":
		return r.weighted([]float64{6, 4})
	}
	return r.weighted([]float64{8, 2})
}

// serviceCase makes a case opened at opened by one of the contacts there then.
func (w *world) serviceCase(r rng, b *bundle, opened time.Time) caseRec {
	p := b.p
	kind := caseKinds[r.weighted(caseWeights)]
	if p.status == kam.StatusAtRisk && r.chance(0.5) {
		kind = kam.CaseComplaint
	}
	sev := severities[r.weighted(severityWeights)]
	c := &kam.Case{Kind: kind, Severity: sev, Subject: pick(r, caseSubjects[kind]), OwnerID: p.owner.user.ID,
		OpenedAt: opened, Due: kam.DateOf(opened).AddDays(slaDays[sev]), Status: pick(r, openStatuses)}
	c.Description = "Raised by the customer: " + c.Subject + "."
	age := kam.DateOf(opened).DaysUntil(w.today)
	if age > 30 && r.chance(0.85) || p.status == kam.StatusLost {
		resolved := opened.Add(time.Duration(r.between(4, 24*min(30, age))) * time.Hour)
		c.ResolvedAt, c.Status = &resolved, pick(r, []string{"resolved", "closed"})
		sat := []float64{5, 10, 20, 35, 30}
		if p.status == kam.StatusAtRisk {
			sat = []float64{25, 30, 25, 15, 5}
		}
		c.Satisfaction = 1 + r.weighted(sat)
	}
	rec := caseRec{c: c, contact: -1}
	if here := b.present(opened); len(here) > 0 {
		rec.contact = pick(r, here)
	}
	return rec
}

// task makes a to-do for the owner or a team member, due within six weeks
// either side of today; most past ones are done, the rest overdue.
func (w *world) task(r rng, b *bundle) *kam.Task {
	p := b.p
	t := &kam.Task{AssigneeID: p.owner.user.ID, Title: pick(r, taskTitles), Due: w.today.AddDays(r.between(-40, 45))}
	if p.status == kam.StatusProspect {
		t.Title = "Call to qualify their interest"
	}
	if len(b.team) > 0 && r.chance(0.3) {
		t.AssigneeID = pick(r, b.team).user.ID
	}
	t.CreatedAt = r.during(earlierOf(w.today.AddDays(-1), t.Due.AddDays(-r.between(5, 30))))
	if t.Due.Before(w.today) && r.chance(0.6) || r.chance(0.1) {
		done := r.during(earlierOf(w.today.AddDays(-1), t.Due.AddDays(r.between(-3, 2))))
		if done.Before(t.CreatedAt) {
			done = t.CreatedAt.Add(time.Hour)
		}
		t.DoneAt = &done
	}
	return t
}
