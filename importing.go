package kam

import (
	"context"
	"strings"
	"time"
	"unicode"
)

// Outcome is what an import did with one record.
type Outcome int

// The outcomes of importing a record.
const (
	// Unchanged: the record exists with the same values; nothing was written.
	Unchanged Outcome = iota
	// New: the record was created.
	New
	// Changed: the record existed and some of its fields were updated.
	Changed
	// Matched: an account with the same identity (tax id, domain, or name in
	// the same country) existed under another id; the import's external id was
	// attached to it instead of creating a second account.
	Matched
)

func (o Outcome) String() string {
	return [...]string{"unchanged", "new", "changed", "matched"}[o]
}

// Counts tallies the records of one kind in an import.
type Counts struct {
	New       int `json:"new"`
	Changed   int `json:"changed"`
	Unchanged int `json:"unchanged"`
	Matched   int `json:"matched,omitempty"`
	Rejected  int `json:"rejected"`
}

// Add counts one outcome.
func (c *Counts) Add(o Outcome) {
	switch o {
	case New:
		c.New++
	case Changed:
		c.Changed++
	case Matched:
		c.Matched++
	default:
		c.Unchanged++
	}
}

// SourceKam is the source of kam's own ids: an export's kam_id column. A row
// with a kam id updates that record; a row without one is a new record.
const SourceKam = "kam"

// ImportRun is one import as recorded for its history.
type ImportRun struct {
	ID         int64             `json:"id"`
	UserID     int64             `json:"user_id,omitempty"`
	Kind       string            `json:"kind"`
	Source     string            `json:"source"`
	Files      string            `json:"files"`
	DryRun     bool              `json:"dry_run"`
	Status     string            `json:"status"` // running, done, failed
	Summary    map[string]Counts `json:"summary"`
	Message    string            `json:"message,omitempty"`
	StartedAt  time.Time         `json:"started_at"`
	FinishedAt time.Time         `json:"finished_at,omitzero"`
}

// ImportWriter applies imported records inside one transaction. Each upsert
// looks the record up by its key, compares the listed fields and writes only
// what differs; fields not listed are set on creation only, so that a
// re-import never reverts what users changed in kam.
type ImportWriter interface {
	// Account upserts by (source, external id). A new account whose identity
	// matches an existing one is attached to it (Matched).
	Account(source, externalID string, a *Account, fields []string) (Outcome, error)
	// SetParent links account id to its parent (0: no parent).
	SetParent(id, parentID int64) (Outcome, error)
	// Product upserts by SKU.
	Product(p *Product, fields []string) (Outcome, error)
	// Orders upserts orders with all their lines by (source, external id);
	// errs[i] tells why the store refused orders[i], if it did.
	Orders(orders []*Order) (outs []Outcome, errs []error, err error)
	// Invoice, Payment and Activity upsert by (source, external id).
	Invoice(inv *Invoice, fields []string) (Outcome, error)
	Payment(p *Payment, fields []string) (Outcome, error)
	Activity(a *Activity, fields []string) (Outcome, error)
	// InvoiceID finds an invoice and its account by (source, external id).
	InvoiceID(source, externalID string) (id, accountID int64, err error)
	// OrderID finds an order by (source, external id); 0 when none.
	OrderID(source, externalID string) (int64, error)
	// Contact upserts by (source, external id).
	Contact(source string, c *Contact, fields []string) (Outcome, error)
	// Opportunity upserts by (source, external id).
	Opportunity(o *Opportunity, fields []string) (Outcome, error)
	// User upserts by username; the org unit is found or created by name
	// under parentUnit (0: a top-level unit).
	User(u *User, unitName string, parentUnit int64, fields []string) (Outcome, error)
	// OrgUnit finds or creates a unit by kind and name under parent.
	OrgUnit(kind OrgUnitKind, name string, parent int64) (int64, error)
	// AccountID finds an account by (source, external id); 0 when none.
	AccountID(source, externalID string) (int64, error)
	// AccountByName finds accounts whose MatchKey equals key's.
	AccountsByName(name string) ([]*Account, error)
	// ProductID finds a product by SKU; 0 when none.
	ProductID(sku string) (int64, error)
	// Products lists every product (for matching by name).
	Products() ([]*Product, error)
	// Users lists every user (for matching owners by name).
	Users() ([]*User, error)
	// QueuedDuplicates counts the new accounts written so far in this
	// transaction that wait in the duplicate review queue.
	QueuedDuplicates() int
}

// ImportService runs imports.
type ImportService interface {
	// Import runs fn in one transaction as p (an administrator); with dryRun
	// the transaction is rolled back.
	Import(ctx context.Context, p *Principal, dryRun bool, fn func(ImportWriter) error) error
	StartImportRun(ctx context.Context, p *Principal, run *ImportRun) error
	FinishImportRun(ctx context.Context, run *ImportRun) error
	FindImportRuns(ctx context.Context, p *Principal, limit int) ([]*ImportRun, error)
}

// MatchKey reduces a name to what matching by name compares: the normalised
// company name (see NormalizeCompanyName) without spaces, so that "GTXPro"
// and "GTX Pro", or "Acme-Corp Ltd" and "ACME Corp", are the same.
func MatchKey(s string) string {
	n := NormalizeCompanyName(s)
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, n)
}
