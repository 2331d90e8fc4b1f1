package export

import (
	"context"
	"strconv"
	"strings"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/sheet"
	"github.com/kamhq/kam/store"
)

// table is one list's columns and how to fill them.
type table struct {
	columns []sheet.Column
	write   func(ctx context.Context, src Source, p *kam.Principal, o Options, emit func(...any) error) error
}

// orNil leaves an empty cell for a zero id.
func orNil(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func externalIDs(ids []kam.ExternalID) string {
	parts := make([]string, len(ids))
	for i, x := range ids {
		parts[i] = x.Source + ":" + x.ID
	}
	return strings.Join(parts, "; ")
}

var tables = map[string]table{
	"accounts": {
		columns: []sheet.Column{
			{Name: "kam_id", Type: sheet.Int}, {Name: "version", Type: sheet.Int}, {Name: "name", Type: sheet.Text, Width: 32}, {Name: "legal_name", Type: sheet.Text},
			{Name: "parent_kam_id", Type: sheet.Int}, {Name: "domains", Type: sheet.Text}, {Name: "tax_id", Type: sheet.Text},
			{Name: "industry", Type: sheet.Text}, {Name: "country", Type: sheet.Text}, {Name: "segment", Type: sheet.Text},
			{Name: "tier", Type: sheet.Text}, {Name: "status", Type: sheet.Text}, {Name: "owner", Type: sheet.Text},
			{Name: "currency", Type: sheet.Text}, {Name: "external_ids", Type: sheet.Text, Width: 28},
			{Name: "created_at", Type: sheet.Time}, {Name: "updated_at", Type: sheet.Time},
		},
		write: func(ctx context.Context, src Source, p *kam.Principal, o Options, emit func(...any) error) error {
			return src.EachAccount(ctx, p, o.Accounts, func(a *kam.Account) error {
				return emit(a.ID, a.Version, a.Name, a.LegalName, orNil(a.ParentID), strings.Join(a.Domains, ", "), a.TaxID,
					a.Industry, a.Country, a.Segment, a.Tier, string(a.Status), a.OwnerName, a.Currency,
					externalIDs(a.ExternalIDs), a.CreatedAt, a.UpdatedAt)
			})
		},
	},
	"contacts": {
		columns: []sheet.Column{
			{Name: "kam_id", Type: sheet.Int}, {Name: "version", Type: sheet.Int}, {Name: "account_kam_id", Type: sheet.Int},
			{Name: "account_name", Type: sheet.Text, Width: 28}, {Name: "first_name", Type: sheet.Text}, {Name: "last_name", Type: sheet.Text}, {Name: "email", Type: sheet.Text, Width: 28},
			{Name: "phone", Type: sheet.Text}, {Name: "title", Type: sheet.Text, Width: 24}, {Name: "buying_role", Type: sheet.Text},
			{Name: "left_company", Type: sheet.Text}, {Name: "source", Type: sheet.Text}, {Name: "external_id", Type: sheet.Text},
		},
		write: func(ctx context.Context, src Source, p *kam.Principal, _ Options, emit func(...any) error) error {
			return src.EachContact(ctx, p, func(c *store.ContactRow) error {
				left := ""
				if c.LeftCompany {
					left = "yes"
				}
				return emit(c.ID, c.Version, c.AccountID, c.AccountName, c.FirstName, c.LastName, c.Email, c.Phone, c.Title,
					string(c.BuyingRole), left, c.Source, c.ExternalID)
			})
		},
	},
	"opportunities": {
		columns: []sheet.Column{
			{Name: "kam_id", Type: sheet.Int}, {Name: "version", Type: sheet.Int}, {Name: "account_kam_id", Type: sheet.Int},
			{Name: "account_name", Type: sheet.Text, Width: 28}, {Name: "name", Type: sheet.Text, Width: 28}, {Name: "kind", Type: sheet.Text}, {Name: "stage", Type: sheet.Text},
			{Name: "amount", Type: sheet.Money}, {Name: "currency", Type: sheet.Text}, {Name: "probability", Type: sheet.Percent},
			{Name: "close_date", Type: sheet.Date}, {Name: "owner", Type: sheet.Text}, {Name: "source", Type: sheet.Text},
			{Name: "external_id", Type: sheet.Text},
		},
		write: func(ctx context.Context, src Source, p *kam.Principal, _ Options, emit func(...any) error) error {
			return src.EachOpportunity(ctx, p, func(o *store.OpportunityRow) error {
				var closeDate any
				if !o.CloseDate.IsZero() {
					closeDate = o.CloseDate
				}
				return emit(o.ID, o.Version, o.AccountID, o.AccountName, o.Name, string(o.Kind), o.Stage, o.Amount, o.Currency,
					float64(o.Probability)/100, closeDate, o.OwnerName, o.Source, o.ExternalID)
			})
		},
	},
	"orders": {
		columns: []sheet.Column{
			{Name: "order_id", Type: sheet.Text}, {Name: "source", Type: sheet.Text}, {Name: "kind", Type: sheet.Text},
			{Name: "order_date", Type: sheet.Date}, {Name: "account_kam_id", Type: sheet.Int}, {Name: "account_name", Type: sheet.Text, Width: 28},
			{Name: "line_no", Type: sheet.Int}, {Name: "sku", Type: sheet.Text}, {Name: "description", Type: sheet.Text, Width: 32},
			{Name: "quantity", Type: sheet.Int}, {Name: "unit_price", Type: sheet.Money}, {Name: "discount", Type: sheet.Percent},
			{Name: "amount", Type: sheet.Money}, {Name: "currency", Type: sheet.Text},
		},
		write: func(ctx context.Context, src Source, p *kam.Principal, _ Options, emit func(...any) error) error {
			return src.EachOrderLine(ctx, p, func(r *store.OrderLineRow) error {
				o, l := &r.Order, &r.Line
				number := o.ExternalID
				if number == "" {
					number = "kam-" + strconv.FormatInt(o.ID, 10)
				}
				return emit(number, o.Source, string(o.Kind), o.OrderDate, o.AccountID, r.AccountName, l.LineNo, r.SKU,
					l.Description, l.Quantity, l.UnitPrice, float64(l.DiscountBP)/10000, l.Amount, o.Currency)
			})
		},
	},
}
