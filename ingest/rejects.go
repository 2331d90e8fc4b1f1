package ingest

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/kamhq/kam/sheet"
)

// RejectSink opens where the rejected rows of one input go, given the
// input's name, format (csv, xlsx or json) and header. It is called once per
// input, before its rows are read.
type RejectSink func(name, format string, header []string) (RejectWriter, error)

// RejectWriter receives the rejected rows of one input.
type RejectWriter interface {
	Write(row *Row, r Reject) error
	Close() error
}

// RejectColumns are the columns a rejects file adds to the input's own: where
// the row was and why it was refused. Fix the row, delete these columns (or
// keep them: an import ignores columns it does not know) and import the file
// again.
var RejectColumns = []string{"kam_line", "kam_error"}

// csvRejects writes rejected rows as CSV: the input's header and values, then
// the line and the reason. It writes nothing at all until the first reject.
type csvRejects struct {
	open   func() (io.WriteCloser, error)
	header []string
	w      io.WriteCloser
	csv    *csv.Writer
}

// CSVRejects returns a RejectWriter that creates its file with open on the
// first rejected row, so that a clean import leaves no empty rejects file.
func CSVRejects(header []string, open func() (io.WriteCloser, error)) RejectWriter {
	return &csvRejects{open: open, header: header}
}

func (c *csvRejects) Write(row *Row, r Reject) error {
	if c.csv == nil {
		w, err := c.open()
		if err != nil {
			return err
		}
		c.w, c.csv = w, csv.NewWriter(w)
		if err := c.csv.Write(append(append([]string{}, c.header...), RejectColumns...)); err != nil {
			return err
		}
	}
	values := make([]string, len(c.header), len(c.header)+2)
	copy(values, row.Values)
	return c.csv.Write(append(values, strconv.Itoa(r.Line), rejectText(r)))
}

func (c *csvRejects) Close() error {
	if c.csv == nil {
		return nil
	}
	c.csv.Flush()
	if err := c.csv.Error(); err != nil {
		c.w.Close()
		return err
	}
	return c.w.Close()
}

// xlsxRejects writes rejected rows as an XLSX sheet, like csvRejects.
type xlsxRejects struct {
	open   func() (io.WriteCloser, error)
	header []string
	w      io.WriteCloser
	sheet  sheet.Writer
}

// XLSXRejects returns a RejectWriter for an XLSX input: a workbook with the
// input's columns as text plus kam_line and kam_error, created on the first
// rejected row.
func XLSXRejects(header []string, open func() (io.WriteCloser, error)) RejectWriter {
	return &xlsxRejects{open: open, header: header}
}

func (x *xlsxRejects) Write(row *Row, r Reject) error {
	if x.sheet == nil {
		w, err := x.open()
		if err != nil {
			return err
		}
		cols := make([]sheet.Column, 0, len(x.header)+2)
		for i, h := range x.header {
			if strings.TrimSpace(h) == "" {
				h = fmt.Sprintf("column %d", i+1) // a sheet column needs a name
			}
			cols = append(cols, sheet.Column{Name: h})
		}
		cols = append(cols, sheet.Column{Name: RejectColumns[0], Type: sheet.Int}, sheet.Column{Name: RejectColumns[1], Width: 60})
		s, err := sheet.NewXLSX(w, "Rejected rows", cols)
		if err != nil {
			w.Close()
			return err
		}
		x.w, x.sheet = w, s
	}
	values := make([]any, 0, len(x.header)+2)
	for i := range x.header {
		v := ""
		if i < len(row.Values) {
			v = row.Values[i]
		}
		values = append(values, v)
	}
	return x.sheet.Row(append(values, int64(r.Line), rejectText(r))...)
}

func (x *xlsxRejects) Close() error {
	if x.sheet == nil {
		return nil
	}
	err := x.sheet.Close()
	if cerr := x.w.Close(); err == nil {
		err = cerr
	}
	return err
}

// RejectsFor returns the RejectWriter for an input's format: XLSX for an
// XLSX input, CSV otherwise (a Salesforce tree's rejects are its records as
// rows), and the extension its file takes.
func RejectsFor(format string, header []string, open func() (io.WriteCloser, error)) (RejectWriter, string) {
	if format == "xlsx" {
		return XLSXRejects(header, open), ".rejects.xlsx"
	}
	return CSVRejects(header, open), ".rejects.csv"
}

// rejectText is a reject's reason with its column.
func rejectText(r Reject) string {
	if r.Column != "" {
		return r.Column + ": " + r.Reason
	}
	return r.Reason
}

// RejectsName names an input's rejects file: the input's name without its
// own extensions, then ext (".rejects.csv" or ".rejects.xlsx"), so that
// orders.csv.gz gives orders.rejects.csv.
func RejectsName(input, ext string) string {
	for _, e := range []string{".gz", ".csv", ".tsv", ".txt", ".xlsx", ".json"} {
		input = strings.TrimSuffix(input, e)
	}
	return input + ext
}
