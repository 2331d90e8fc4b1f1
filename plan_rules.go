package kam

import (
	"slices"
	"strings"
)

// PlanStatuses are a plan's statuses: a draft is being written, the active
// plan is the one the account team works to (one per account at most), an
// archived plan is kept for the record.
var PlanStatuses = []string{"draft", "active", "archived"}

// PlanItemKinds lists the sections of a plan in the order a plan shows them.
var PlanItemKinds = []PlanItemKind{PlanObjective, PlanStrategy, PlanKeyMessage, PlanReferenceCase, PlanCompetitor, PlanAction}

// PlanRatings are how well a key message or a reference case lands.
var PlanRatings = []string{"strong", "weak"}

// Valid reports whether k is a known section.
func (k PlanItemKind) Valid() bool { return slices.Contains(PlanItemKinds, k) }

// Rated reports whether items of the section are rated strong or weak.
func (k PlanItemKind) Rated() bool { return k == PlanKeyMessage || k == PlanReferenceCase }

// Links reports whether items of the section name the objectives they
// support.
func (k PlanItemKind) Links() bool { return k == PlanKeyMessage || k == PlanReferenceCase }

// The limits of a plan's fields.
const (
	PlanTitleMax    = 200
	PlanDetailMax   = 5000
	PlanReviewMax   = 366 // days between reviews
	PlanNoteMax     = 5000
	PlanItemsMax    = 500                      // items in one plan
	planShortMax    = 300                      // a measure or a competitor's position
	planBudgetLimit = Money(1e14 * MoneyScale) // 100 trillion
)

// Validate checks a plan's own fields; its account and items are checked
// by the store.
func (p *AccountPlan) Validate() error {
	switch {
	case p.AccountID == 0:
		return FieldError("account_id", "A plan belongs to an account.")
	case strings.TrimSpace(p.Title) == "":
		return FieldError("title", "A plan needs a title, such as \"Account plan 2027\".")
	case len(p.Title) > PlanTitleMax:
		return FieldError("title", "A title has at most %d characters.", PlanTitleMax)
	case !slices.Contains(PlanStatuses, p.Status):
		return FieldError("status", "Status must be one of draft, active, archived.")
	case p.PeriodStart.IsZero() || p.PeriodEnd.IsZero():
		return FieldError("period_start", "A plan covers a period: give its first and last day.")
	case p.PeriodEnd.Before(p.PeriodStart):
		return FieldError("period_end", "The period ends on %s, before it starts on %s.", p.PeriodEnd, p.PeriodStart)
	case p.Budget < 0 || p.Budget > planBudgetLimit:
		return FieldError("budget", "The budget agreed with the client is a positive amount, or 0 for none.")
	case p.CompanyBudget < 0 || p.CompanyBudget > planBudgetLimit:
		return FieldError("company_budget", "The budget agreed with the company is a positive amount, or 0 for none.")
	case len(p.Currency) != 3 || strings.ToUpper(p.Currency) != p.Currency:
		return FieldError("currency", "The currency is a three-letter code such as EUR.")
	case p.ReviewEvery < 1 || p.ReviewEvery > PlanReviewMax:
		return FieldError("review_every_days", "Reviews come every 1 to %d days (90 is quarterly).", PlanReviewMax)
	}
	return nil
}

// Validate checks an item's own fields against its section: a rating
// belongs to key messages and reference cases (and they need one), a
// measure to objectives, a position to competitors, an owner and done to
// actions, linked objectives to key messages and reference cases. The store
// checks that the owner sees the account and that linked ids are objectives
// of the same plan.
func (it *PlanItem) Validate() error {
	k := it.Kind
	switch {
	case !k.Valid():
		return FieldError("kind", "Kind must be one of objective, strategy, key_message, reference_case, competitor, action.")
	case strings.TrimSpace(it.Title) == "":
		return FieldError("title", "Give the %s a title.", strings.ReplaceAll(string(k), "_", " "))
	case len(it.Title) > PlanTitleMax:
		return FieldError("title", "A title has at most %d characters.", PlanTitleMax)
	case len(it.Detail) > PlanDetailMax:
		return FieldError("detail", "Details have at most %d characters.", PlanDetailMax)
	case len(it.Measure) > planShortMax:
		return FieldError("measure", "A measure has at most %d characters.", planShortMax)
	case len(it.Standing) > planShortMax:
		return FieldError("standing", "A position has at most %d characters.", planShortMax)
	case k.Rated() && !slices.Contains(PlanRatings, it.Rating):
		return FieldError("rating", "Rate the %s strong or weak.", strings.ReplaceAll(string(k), "_", " "))
	case !k.Rated() && it.Rating != "":
		return FieldError("rating", "Only key messages and reference cases are rated.")
	case k != PlanObjective && it.Measure != "":
		return FieldError("measure", "Only objectives have a measure.")
	case k != PlanCompetitor && it.Standing != "":
		return FieldError("standing", "Only competitors have a position at the account.")
	case k != PlanAction && it.OwnerID != 0:
		return FieldError("owner_id", "Only actions have an owner.")
	case k != PlanAction && !it.DoneOn.IsZero():
		return FieldError("done", "Only actions are marked done.")
	case k != PlanAction && k != PlanObjective && !it.Due.IsZero():
		return FieldError("due", "Only objectives and actions have a date.")
	case !k.Links() && len(it.LinkedIDs) > 0:
		return FieldError("linked_ids", "Only key messages and reference cases support objectives.")
	}
	return nil
}

// Done reports whether an action was marked done.
func (it *PlanItem) Done() bool { return !it.DoneOn.IsZero() }

// Section returns the plan's items of one section, in their order.
func (p *AccountPlan) Section(k PlanItemKind) []*PlanItem {
	var out []*PlanItem
	for _, it := range p.Items {
		if it.Kind == k {
			out = append(out, it)
		}
	}
	return out
}

// Item returns the plan's item of an id, or nil.
func (p *AccountPlan) Item(id int64) *PlanItem {
	for _, it := range p.Items {
		if it.ID == id {
			return it
		}
	}
	return nil
}

// ReviewOverdue reports whether the plan's next review is before a day.
func (p *AccountPlan) ReviewOverdue(today Date) bool {
	return p.Status != "archived" && !p.NextReview.IsZero() && p.NextReview.Before(today)
}

// PlanUpdate is a change to a plan's own fields: each field left nil keeps
// its value. Version is the version the change was made from; a plan saved
// since is refused.
type PlanUpdate struct {
	Version       int64
	Title         *string
	Status        *string
	PeriodStart   *Date
	PeriodEnd     *Date
	Budget        *Money
	CompanyBudget *Money
	Currency      *string
	ReviewEvery   *int
	NextReview    *Date
}

// PlanItemUpdate is a change to one item of a plan; nil fields keep their
// values. Done marks an action done today (true) or open again (false).
type PlanItemUpdate struct {
	Title     *string
	Detail    *string
	Measure   *string
	Rating    *string
	Standing  *string
	OwnerID   *int64
	Due       *Date
	Done      *bool
	LinkedIDs *[]int64
	Position  *int
}
