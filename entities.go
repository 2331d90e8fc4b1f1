package kam

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Products, contracts and org units as the API changes them: what a valid
// record is, and the updates that change some of their fields.

// ContractStatuses are the states of a contract, as the database allows them.
var ContractStatuses = []string{"draft", "active", "expired", "terminated"}

// MaxNoticeDays is the longest notice period of a contract: ten years.
const MaxNoticeDays = 3650

// Validate checks a product: a SKU without spaces, a name, a three-letter
// currency and a list price that is not negative.
func (p *Product) Validate() error {
	switch {
	case p.SKU == "" || utf8.RuneCountInString(p.SKU) > 64 || strings.ContainsAny(p.SKU, " \t\r\n"):
		return FieldError("sku", "A SKU is 1 to 64 characters without spaces.")
	case strings.TrimSpace(p.Name) == "":
		return FieldError("name", "A product needs a name.")
	case utf8.RuneCountInString(p.Name) > 200:
		return FieldError("name", "A product name has at most 200 characters.")
	case utf8.RuneCountInString(p.Family) > 100:
		return FieldError("family", "A product family has at most 100 characters.")
	case !validCurrency(p.Currency):
		return FieldError("currency", "Currency must be a three-letter ISO code such as EUR.")
	case p.ListPrice < 0:
		return FieldError("list_price", "A list price cannot be negative.")
	}
	return nil
}

// ProductUpdate is a change to a product; nil fields stay as they are.
// Version must be the product's version, or nothing is written (ESTALE).
// A product is never deleted: it leaves the catalogue with Active false.
type ProductUpdate struct {
	Version   int64
	Name      *string
	Family    *string
	ListPrice *Money
	Currency  *string
	Active    *bool
}

// Validate checks a contract: an account, a name, an end on or after the
// start, a notice period of 0 to MaxNoticeDays days, a known status, a
// three-letter currency and a value that is not negative.
func (c *Contract) Validate() error {
	switch {
	case c.AccountID == 0:
		return FieldError("account_id", "A contract belongs to an account.")
	case strings.TrimSpace(c.Name) == "":
		return FieldError("name", "A contract needs a name.")
	case utf8.RuneCountInString(c.Name) > 200:
		return FieldError("name", "A contract name has at most 200 characters.")
	case utf8.RuneCountInString(c.RenewalTerms) > 10000:
		return FieldError("renewal_terms", "Renewal terms have at most 10,000 characters.")
	case c.StartDate.IsZero():
		return FieldError("start_date", "A contract needs a start date.")
	case c.EndDate.IsZero():
		return FieldError("end_date", "A contract needs an end date.")
	case c.EndDate.Before(c.StartDate):
		return FieldError("end_date", "A contract cannot end (%s) before it starts (%s).", c.EndDate, c.StartDate)
	case c.NoticeDays < 0 || c.NoticeDays > MaxNoticeDays:
		return FieldError("notice_days", "The notice period is 0 to %d days.", MaxNoticeDays)
	case !slices.Contains(ContractStatuses, c.Status):
		return FieldError("status", "Status must be one of %s.", strings.Join(ContractStatuses, ", "))
	case !validCurrency(c.Currency):
		return FieldError("currency", "Currency must be a three-letter ISO code such as EUR.")
	case c.Value < 0:
		return FieldError("value", "A contract's value cannot be negative.")
	}
	return nil
}

// ContractUpdate is a change to a contract; nil fields stay as they are.
// Version must be the contract's version, or nothing is written (ESTALE).
type ContractUpdate struct {
	Version      int64
	Name         *string
	StartDate    *Date
	EndDate      *Date
	Value        *Money
	Currency     *string
	AutoRenew    *bool
	RenewalTerms *string
	NoticeDays   *int
	Status       *string
}

// OrgUnitUpdate renames an org unit or moves it under another parent (0:
// to the top); nil fields stay as they are. Version must be the unit's
// version, or nothing is written (ESTALE).
type OrgUnitUpdate struct {
	Version  int64
	Name     *string
	ParentID *int64
}
