package sheet

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"
)

// csvWriter writes a table as comma-separated UTF-8 text.
type csvWriter struct {
	w      *csv.Writer
	cols   []Column
	cells  []cell
	rec    []string
	closed bool
}

// NewCSV starts a CSV file on w and writes its header line at once: UTF-8
// without a byte-order mark, comma separated, lines ended by "\n", fields
// quoted when they need it; the header is flushed to w at once. Cells are written so that kam's import reads them
// back as they were:
//
//   - Int as a whole number, Decimal and Percent (a fraction, 0.25) in plain
//     decimal form rounded to 15 significant digits;
//   - Money as a plain decimal with '.', in kam.Money's form: "1234.50",
//     "0.125" (at least two decimals, more only when they are needed);
//   - Date as 2006-01-02; Time as RFC 3339 in UTC, 2006-01-02T15:04:05Z;
//   - Text as it is, except that text starting with '=', '+', '@', a tab or
//     a carriage return gets a leading "'" so that a spreadsheet opening the
//     file does not run it as a formula (column names too).
func NewCSV(w io.Writer, cols []Column) (Writer, error) {
	if err := checkColumns(cols); err != nil {
		return nil, err
	}
	cw := &csvWriter{w: csv.NewWriter(w), cols: cols, rec: make([]string, len(cols))}
	for i, c := range cols {
		cw.rec[i] = defuse(c.Name) // a rejects file may repeat an upload's header
	}
	if err := cw.w.Write(cw.rec); err != nil {
		return nil, err
	}
	cw.w.Flush()
	return cw, cw.w.Error()
}

func (cw *csvWriter) Row(values ...any) error {
	if cw.closed {
		return errClosed
	}
	var err error
	if cw.cells, err = checkRow(cw.cols, values, cw.cells); err != nil {
		return err
	}
	for i, c := range cw.cells {
		cw.rec[i] = csvText(cw.cols[i].Type, c)
	}
	return cw.w.Write(cw.rec)
}

func (cw *csvWriter) Close() error {
	if cw.closed {
		return nil
	}
	cw.closed = true
	cw.w.Flush()
	return cw.w.Error()
}

// csvText is the text of a cell in a CSV file.
func csvText(t Type, c cell) string {
	if c.empty {
		return ""
	}
	switch t {
	case Int:
		return strconv.FormatInt(c.i, 10)
	case Decimal, Percent:
		return plainFloat(c.f)
	case Money:
		return c.m.String()
	case Date:
		return c.t.Format(time.DateOnly)
	case Time:
		return c.t.Format(time.RFC3339)
	}
	return defuse(c.s)
}

// defuse prefixes text a spreadsheet would take for a formula with "'".
// A leading "-" is a formula too ("-2+3", "-1+cmd|..."), unless the whole
// text is a plain number such as "-12.5".
func defuse(s string) string {
	if s == "" {
		return s
	}
	if strings.IndexByte("=+@\t\r", s[0]) >= 0 {
		return "'" + s
	}
	if s[0] == '-' {
		if _, err := strconv.ParseFloat(s, 64); err != nil {
			return "'" + s
		}
	}
	return s
}
