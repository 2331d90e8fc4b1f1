// Package export writes kam's lists (accounts, contacts, opportunities, order
// lines) as CSV or XLSX, streamed a row at a time. The columns are the ones an
// import reads, with kam's own ids in kam_id, so that a list exported, edited
// in a spreadsheet and imported again updates the same records, and one
// imported unedited changes nothing.
package export

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/sheet"
	"github.com/kamhq/kam/store"
)

// Kinds are the lists an export writes.
var Kinds = []string{"accounts", "contacts", "opportunities", "orders"}

// Formats are the file formats an export writes.
var Formats = []string{"csv", "xlsx"}

// Source is what an export reads: the store's scoped streams.
type Source interface {
	EachAccount(ctx context.Context, p *kam.Principal, f kam.AccountFilter, fn func(*kam.Account) error) error
	EachContact(ctx context.Context, p *kam.Principal, fn func(*store.ContactRow) error) error
	EachOpportunity(ctx context.Context, p *kam.Principal, fn func(*store.OpportunityRow) error) error
	EachOrderLine(ctx context.Context, p *kam.Principal, fn func(*store.OrderLineRow) error) error
}

// Options choose what an export writes.
type Options struct {
	Kind   string
	Format string
	// Accounts filters an accounts export as the list page does.
	Accounts kam.AccountFilter
}

// Check refuses an unknown kind or format with what to use instead.
func (o Options) Check() error {
	if !slices.Contains(Kinds, o.Kind) {
		return kam.FieldError("kind", "There is no export of %q; the lists are %s.", o.Kind, strings.Join(Kinds, ", "))
	}
	if !slices.Contains(Formats, o.Format) {
		return kam.FieldError("format", "Format must be csv or xlsx.")
	}
	return nil
}

// ContentType is the MIME type of a format.
func ContentType(format string) string {
	if format == "xlsx" {
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return "text/csv; charset=utf-8"
}

// FileName is the name an export of kind is offered under, such as
// "kam-accounts-2026-11-23.xlsx".
func FileName(kind, format string, today kam.Date) string {
	return fmt.Sprintf("kam-%s-%s.%s", kind, today, format)
}

// Write streams the list p may see to w and returns how many rows it wrote.
func Write(ctx context.Context, src Source, p *kam.Principal, o Options, w io.Writer) (int, error) {
	if err := o.Check(); err != nil {
		return 0, err
	}
	t := tables[o.Kind]
	var out sheet.Writer
	var err error
	if o.Format == "xlsx" {
		out, err = sheet.NewXLSX(w, o.Kind, t.columns)
	} else {
		out, err = sheet.NewCSV(w, t.columns)
	}
	if err != nil {
		return 0, err
	}
	rows := 0
	emit := func(values ...any) error {
		rows++
		return out.Row(values...)
	}
	if err := t.write(ctx, src, p, o, emit); err != nil {
		out.Close()
		return rows, err
	}
	return rows, out.Close()
}
