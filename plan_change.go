package kam

import (
	"strconv"
	"strings"
	"time"
)

// PlanRevision is one saved version of a plan: who saved it and when. Every
// save of a plan or of one of its items stores the whole plan as it then
// was, so that any two versions can be compared.
type PlanRevision struct {
	PlanID      int64     `json:"plan_id"`
	Version     int64     `json:"version"`
	SavedBy     int64     `json:"saved_by,omitempty"`
	SavedByName string    `json:"saved_by_name,omitempty"`
	SavedAt     time.Time `json:"saved_at"`
}

// PlanReview is a review of a plan by its team: who reviewed it, when, with
// a note, and what changed since the review before (or since the plan was
// written, for the first review).
type PlanReview struct {
	ID           int64     `json:"id"`
	PlanID       int64     `json:"plan_id"`
	ReviewedBy   int64     `json:"reviewed_by,omitempty"`
	ReviewerName string    `json:"reviewer_name,omitempty"`
	ReviewedAt   time.Time `json:"reviewed_at"`
	// Version is the plan's version the review saved; SinceVersion the
	// version of the review before, or 1.
	Version      int64        `json:"version"`
	SinceVersion int64        `json:"since_version"`
	Note         string       `json:"note,omitempty"`
	Changes      []PlanChange `json:"changes"`
}

// The actions of a plan change.
const (
	PlanAdded   = "added"
	PlanRemoved = "removed"
	PlanChanged = "changed"
)

// PlanChange is one difference between two versions of a plan: an item
// added or removed, or one field of the plan or of an item changed. ItemID
// and Kind are empty for the plan's own fields.
type PlanChange struct {
	ItemID int64        `json:"item_id,omitempty"`
	Kind   PlanItemKind `json:"kind,omitempty"`
	// Title is the item's title (its new one when it changed), or the
	// plan's.
	Title  string `json:"title"`
	Action string `json:"action"`
	Field  string `json:"field,omitempty"`
	Old    string `json:"old,omitempty"`
	New    string `json:"new,omitempty"`
}

// planFields are the plan's own fields a diff compares, as text.
var planFields = []struct {
	name string
	get  func(*AccountPlan) string
}{
	{"title", func(p *AccountPlan) string { return p.Title }},
	{"status", func(p *AccountPlan) string { return p.Status }},
	{"period_start", func(p *AccountPlan) string { return p.PeriodStart.String() }},
	{"period_end", func(p *AccountPlan) string { return p.PeriodEnd.String() }},
	{"budget", func(p *AccountPlan) string { return p.Budget.String() }},
	{"company_budget", func(p *AccountPlan) string { return p.CompanyBudget.String() }},
	{"currency", func(p *AccountPlan) string { return p.Currency }},
	{"review_every_days", func(p *AccountPlan) string { return strconv.Itoa(p.ReviewEvery) }},
	{"next_review", func(p *AccountPlan) string { return p.NextReview.String() }},
}

// planItemFields are an item's fields a diff compares, as text. Its
// position is left out: moving an item changes nothing a reader cares for.
var planItemFields = []struct {
	name string
	get  func(*PlanItem) string
}{
	{"title", func(it *PlanItem) string { return it.Title }},
	{"detail", func(it *PlanItem) string { return it.Detail }},
	{"measure", func(it *PlanItem) string { return it.Measure }},
	{"rating", func(it *PlanItem) string { return it.Rating }},
	{"standing", func(it *PlanItem) string { return it.Standing }},
	{"owner_id", func(it *PlanItem) string { return idString(it.OwnerID) }},
	{"due", func(it *PlanItem) string { return it.Due.String() }},
	{"done_on", func(it *PlanItem) string { return it.DoneOn.String() }},
	{"linked_ids", func(it *PlanItem) string { return idList(it.LinkedIDs) }},
}

// idString is an id as text, empty for none.
func idString(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

// idList is a list of ids as "3, 5".
func idList(ids []int64) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(out, ", ")
}

// DiffPlans lists what changed from one version of a plan to another: the
// plan's own fields first, then the items of the newer version in its order
// (added, or changed field by field), then the items removed. Nil compares
// with an empty plan.
func DiffPlans(old, new *AccountPlan) []PlanChange {
	if old == nil {
		old = &AccountPlan{}
	}
	if new == nil {
		new = &AccountPlan{}
	}
	changes := []PlanChange{}
	for _, f := range planFields {
		if o, n := f.get(old), f.get(new); o != n {
			changes = append(changes, PlanChange{Title: new.Title, Action: PlanChanged, Field: f.name, Old: o, New: n})
		}
	}
	for _, it := range new.Items {
		was := old.Item(it.ID)
		if was == nil {
			changes = append(changes, PlanChange{ItemID: it.ID, Kind: it.Kind, Title: it.Title, Action: PlanAdded})
			continue
		}
		for _, f := range planItemFields {
			if o, n := f.get(was), f.get(it); o != n {
				changes = append(changes, PlanChange{ItemID: it.ID, Kind: it.Kind, Title: it.Title, Action: PlanChanged, Field: f.name, Old: o, New: n})
			}
		}
	}
	for _, it := range old.Items {
		if new.Item(it.ID) == nil {
			changes = append(changes, PlanChange{ItemID: it.ID, Kind: it.Kind, Title: it.Title, Action: PlanRemoved})
		}
	}
	return changes
}
