package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/kamhq/kam"
)

// record is one thing to write: an account, a contact, an order with all its
// lines. It remembers the rows it came from, so that a rejection names them.
type record struct {
	kind  Kind
	file  *fileState
	rows  []*Row
	apply func(w kam.ImportWriter) (kam.Outcome, error)
	// order, set instead of apply for orders, prepares the record's order;
	// the batch's orders are then written together (ImportWriter.Orders).
	order func(w kam.ImportWriter) (*kam.Order, error)
	// tally, when set, counts the outcome instead of the summary's default.
	tally func(out kam.Outcome)
}

// builder turns rows of one file into records. add may hold rows back (the
// lines of an order) until finish.
type builder interface {
	add(row *Row) []*record
	finish() []*record
}

func (e *engine) importFiles(ctx context.Context, files []*fileState) error {
	for _, f := range files {
		if err := e.importFile(ctx, f); err != nil {
			return err
		}
	}
	return nil
}

func (e *engine) importFile(ctx context.Context, f *fileState) error {
	e.sum.counts(f.kind)
	if len(f.mapping.Unused) > 0 {
		e.sum.Unused[f.name] = f.mapping.Unused
	}
	b, err := e.newBuilder(f)
	if err != nil {
		return &FileError{Name: f.name, Reason: err.Error()}
	}
	started := time.Now()
	var batch []*record
	rows := 0
	report := func(done bool) {
		if e.opts.Progress != nil {
			e.opts.Progress(Progress{File: f.name, Rows: rows, Bytes: f.counter.n, Size: f.size, Done: done, StartedAt: started})
		}
	}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		row, err := f.table.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fileErr(f.name, err)
		}
		rows++
		if rows%5000 == 0 {
			report(false)
		}
		if row.Err != nil {
			// A builder that groups rows into one record must hear of a
			// broken row, or it would write the record without it.
			if g, ok := b.(interface{ broken(row *Row) []*record }); ok {
				batch = append(batch, g.broken(row)...)
			} else {
				e.reject(f, row, "", row.Err.Error())
			}
			continue
		}
		batch = append(batch, b.add(row)...)
		if len(batch) >= e.opts.BatchRecords {
			if err := e.write(ctx, batch); err != nil {
				return err
			}
			batch = batch[:0]
		}
	}
	batch = append(batch, b.finish()...)
	if err := e.write(ctx, batch); err != nil {
		return err
	}
	if fin, ok := b.(interface{ linkRecords() []*record }); ok {
		if err := e.write(ctx, fin.linkRecords()); err != nil {
			return err
		}
	}
	report(true)
	return nil
}

// write applies a batch in one transaction. A record the store refuses (bad
// value, conflict, missing reference) is rejected and the rest go on; any
// other failure stops the import, leaving earlier batches committed.
func (e *engine) write(ctx context.Context, batch []*record) error {
	if len(batch) == 0 {
		return nil
	}
	type done struct {
		r   *record
		out kam.Outcome
	}
	var results []done
	type refusal struct {
		r   *record
		err error
	}
	var refused []refusal
	// refuse keeps a record the store refused; any other error stops the import.
	refuse := func(r *record, err error) error {
		if kam.ErrorCode(err) == kam.EINTERNAL {
			return fmt.Errorf("%s line %d: %w", r.file.name, r.rows[0].Line, err)
		}
		refused = append(refused, refusal{r, err})
		return nil
	}
	queued := 0
	err := e.inTx(ctx, func(w kam.ImportWriter) error {
		results, refused = results[:0], refused[:0]
		e.res.begin(w)
		before := w.QueuedDuplicates()
		defer func() { queued = w.QueuedDuplicates() - before }()
		var orders []*kam.Order
		var orderRecs []*record
		for _, r := range batch {
			if r.order != nil {
				o, err := r.order(w)
				if err != nil {
					if err := refuse(r, err); err != nil {
						return err
					}
					continue
				}
				orders, orderRecs = append(orders, o), append(orderRecs, r)
				continue
			}
			out, err := r.apply(w)
			if err != nil {
				if err := refuse(r, err); err != nil {
					return err
				}
				continue
			}
			results = append(results, done{r: r, out: out})
		}
		if len(orders) == 0 {
			return nil
		}
		outs, errs, err := w.Orders(orders)
		if err != nil {
			return err
		}
		for i, r := range orderRecs {
			if errs[i] != nil {
				if err := refuse(r, errs[i]); err != nil {
					return err
				}
				continue
			}
			results = append(results, done{r: r, out: outs[i]})
		}
		return nil
	})
	if err != nil {
		e.res.rollback()
		return err
	}
	e.res.commit()
	e.sum.Review += queued
	for _, d := range results {
		if d.r.tally != nil {
			d.r.tally(d.out)
		} else {
			e.sum.counts(d.r.kind).Add(d.out)
		}
	}
	for _, x := range refused {
		column := x.r.file.columnOfError(kam.ErrorField(x.err))
		for _, row := range x.r.rows {
			e.reject(x.r.file, row, column, kam.ErrorMessage(x.err))
		}
	}
	return nil
}

// reject reports a row: in the summary, the kept list and the rejects file.
func (e *engine) reject(f *fileState, row *Row, column, reason string) {
	e.sum.counts(f.kind).Rejected++
	r := Reject{File: f.name, Line: row.Line, Column: column, Reason: reason}
	if len(e.sum.Rejects) < MaxRejectsKept {
		e.sum.Rejects = append(e.sum.Rejects, r)
	}
	if f.rejects != nil {
		if err := f.rejects.Write(row, r); err != nil && len(e.sum.Notes) < 50 {
			e.sum.Notes = append(e.sum.Notes, fmt.Sprintf("%s: could not write a rejected row: %v", f.name, err))
		}
	}
}

// storeFields are the import fields behind the store's names for them.
var storeFields = map[string][]string{
	"owner_id":   {"owner"},
	"parent_id":  {"parent_external_id"},
	"account_id": {"account_external_id", "account_name"},
	"domains":    {"domain"},
}

// columnOfError names the input column behind a field an error names: an
// import field or the store's name for one; the field itself when unmapped.
func (f *fileState) columnOfError(field string) string {
	for _, name := range append([]string{field}, storeFields[field]...) {
		if c := f.column(name); c != "" {
			return c
		}
	}
	return field
}
