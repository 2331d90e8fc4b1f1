// Package sheet writes tables as CSV or XLSX files, a row at a time, for
// exports of lists and for the rejects files of imports.
//
// A table is a list of typed columns. Each row gives one Go value per column,
// and the writer checks it against the column's type, so that a number or a
// date reaches the spreadsheet as a number or a date rather than as text a
// user has to convert.
//
// Text that a spreadsheet would run as a formula is defused: XLSX text cells
// are always written as text, and in CSV a text value starting with '=', '+',
// '@', a tab or a carriage return gets a leading single quote, and so does one
// starting with '-' unless it is a plain number such as "-12.5".
package sheet

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/kamhq/kam"
)

// Type of a column's cells.
type Type int

// The column types, with the Go values a row gives for them.
const (
	Text    Type = iota // string
	Int                 // int64 or int (int32 also)
	Decimal             // float64
	Money               // kam.Money; the currency belongs in its own Text column
	Date                // kam.Date, or time.Time (its calendar day as written)
	Time                // time.Time, written in UTC
	Percent             // float64 fraction: 0.25 is 25%
)

var typeNames = [...]string{"Text", "Int", "Decimal", "Money", "Date", "Time", "Percent"}

func (t Type) String() string {
	if t >= 0 && int(t) < len(typeNames) {
		return typeNames[t]
	}
	return fmt.Sprintf("Type(%d)", int(t))
}

// Column is a column of a table: its header, the type of its cells and, for
// XLSX only, its width in characters (0 picks one from the type and name).
type Column struct {
	Name  string
	Type  Type
	Width float64
}

// Writer writes the rows of a table after its header.
type Writer interface {
	// Row writes one row; values are given per column: string for Text;
	// int64 or int for Int; float64 for Decimal; kam.Money for Money;
	// kam.Date or time.Time for Date; time.Time for Time; a float64
	// fraction (0.25 = 25%) for Percent. nil, a zero kam.Date or a zero
	// time.Time is an empty cell. A value of another Go type is an error
	// naming the column, and nothing of the row is written.
	Row(values ...any) error
	// Close flushes; for XLSX it writes the workbook to the underlying
	// io.Writer. It does not close that writer.
	Close() error
}

// errClosed is returned when a row is written after Close.
var errClosed = errors.New("sheet: write to a closed sheet")

// cell is one value of a row checked against its column. Exactly one field
// beside empty is used, according to the column's type.
type cell struct {
	empty bool
	s     string    // Text
	i     int64     // Int
	f     float64   // Decimal, Percent
	m     kam.Money // Money
	t     time.Time // Date (midnight UTC of the day), Time (UTC)
}

// checkColumns refuses a table a spreadsheet cannot hold.
func checkColumns(cols []Column) error {
	if len(cols) == 0 {
		return errors.New("sheet: a table needs at least one column")
	}
	for i, c := range cols {
		if c.Type < Text || c.Type > Percent {
			return fmt.Errorf("sheet: column %q has an unknown type %v", c.Name, c.Type)
		}
		if c.Width < 0 || math.IsNaN(c.Width) {
			return fmt.Errorf("sheet: column %q has a negative width", c.Name)
		}
		if strings.TrimSpace(c.Name) == "" {
			return fmt.Errorf("sheet: column %d has no name", i+1)
		}
	}
	return nil
}

// checkRow checks values against the columns into cells, which it reuses.
func checkRow(cols []Column, values []any, cells []cell) ([]cell, error) {
	if len(values) != len(cols) {
		return cells, fmt.Errorf("sheet: a row of %d values for %d columns", len(values), len(cols))
	}
	cells = cells[:0]
	for i, v := range values {
		c, err := cols[i].cell(v)
		if err != nil {
			return cells, err
		}
		cells = append(cells, c)
	}
	return cells, nil
}

// cell checks one value against the column's type.
func (col Column) cell(v any) (cell, error) {
	if v == nil {
		return cell{empty: true}, nil
	}
	ok := true
	var c cell
	switch col.Type {
	case Text:
		c.s, ok = v.(string)
	case Int:
		switch n := v.(type) {
		case int64:
			c.i = n
		case int:
			c.i = int64(n)
		case int32:
			c.i = int64(n)
		default:
			ok = false
		}
	case Decimal, Percent:
		c.f, ok = v.(float64)
		if ok && (math.IsNaN(c.f) || math.IsInf(c.f, 0)) {
			return c, fmt.Errorf("sheet: column %q: %v is not a number a spreadsheet can hold", col.Name, c.f)
		}
	case Money:
		c.m, ok = v.(kam.Money)
	case Date:
		switch d := v.(type) {
		case kam.Date:
			c.t, c.empty = d.Time(), d.IsZero()
		case time.Time:
			y, m, day := d.Date()
			c.t, c.empty = time.Date(y, m, day, 0, 0, 0, 0, time.UTC), d.IsZero()
		default:
			ok = false
		}
	case Time:
		var t time.Time
		t, ok = v.(time.Time)
		c.t, c.empty = t.UTC(), t.IsZero()
	}
	if !ok {
		return c, fmt.Errorf("sheet: column %q (%v) takes %s, not %T", col.Name, col.Type, goTypes[col.Type], v)
	}
	return c, nil
}

// goTypes names the Go values each column type takes, for messages.
var goTypes = [...]string{
	Text: "a string", Int: "an int64 or int", Decimal: "a float64", Money: "a kam.Money",
	Date: "a kam.Date or time.Time", Time: "a time.Time", Percent: "a float64 fraction",
}

// round15 rounds v to the 15 significant digits a spreadsheet keeps, so that
// float noise such as 0.30000000000000004 does not reach the file.
func round15(v float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 15, 64), 64)
	if r == 0 {
		return 0 // not -0
	}
	return r
}

// plainFloat writes v rounded to 15 significant digits in plain decimal form.
func plainFloat(v float64) string { return strconv.FormatFloat(round15(v), 'f', -1, 64) }
