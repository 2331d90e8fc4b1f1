package sheet

import (
	"archive/zip"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// MaxXLSXRows is the most data rows an XLSX sheet holds beside its header
// (a worksheet has 1,048,576 rows).
const MaxXLSXRows = excelize.TotalRows - 1

// numFmt returns the style of a column type's cells: a number format that
// shows the value the same way in every locale (the currency of a Money
// column is in a column of its own), or nil for none.
func numFmt(t Type) *excelize.Style {
	custom := func(code string) *excelize.Style { return &excelize.Style{CustomNumFmt: &code} }
	switch t {
	case Int:
		return &excelize.Style{NumFmt: 1} // built in: "0"
	case Money:
		return &excelize.Style{NumFmt: 4} // built in: "#,##0.00"
	case Date:
		return custom("yyyy-mm-dd")
	case Time:
		return custom("yyyy-mm-dd hh:mm")
	case Percent:
		return custom("0.0%")
	}
	return nil
}

// flateLevel is how hard the workbook is compressed: the fastest level writes
// rows about twice as fast as the default one, for a file about 30% larger.
const flateLevel = flate.BestSpeed

// defaultWidths are column widths in characters when a Column gives none.
var defaultWidths = map[Type]float64{
	Text: 24, Int: 10, Decimal: 12, Money: 14, Date: 12, Time: 17, Percent: 9,
}

// xlsxWriter writes a table as one worksheet of an XLSX workbook.
type xlsxWriter struct {
	w      io.Writer
	f      *excelize.File
	sw     *excelize.StreamWriter
	cols   []Column
	styles []int // style of each column's cells
	cells  []cell
	row    []any // the row being written, reused
	xcells []excelize.Cell
	rows   int // rows written, header included
	closed bool
}

// NewXLSX starts an XLSX workbook of one sheet named sheetName ("Sheet1" when
// it is "") and writes its header row: bold, frozen so that it stays in view,
// with the columns' widths. Rows are streamed: once they pass a few megabytes
// they are kept in a temporary file rather than in memory, and Close writes
// the workbook straight to w.
//
// Cells are real numbers and dates, formatted the same way in every locale:
// Int "0", Decimal unformatted, Money "#,##0.00", Date "yyyy-mm-dd", Time
// "yyyy-mm-dd hh:mm" (in UTC), Percent "0.0%". Text cells are always text,
// never formulas, even when they start with '='. A sheet holds at most
// MaxXLSXRows rows, and a cell at most 32,767 characters (longer text is
// cut).
func NewXLSX(w io.Writer, sheetName string, cols []Column) (Writer, error) {
	if err := checkColumns(cols); err != nil {
		return nil, err
	}
	if len(cols) > excelize.MaxColumns {
		return nil, fmt.Errorf("sheet: %d columns; an XLSX sheet holds at most %d", len(cols), excelize.MaxColumns)
	}
	x := &xlsxWriter{w: w, f: excelize.NewFile(), cols: cols, styles: make([]int, len(cols))}
	if err := x.start(sheetName); err != nil {
		x.f.Close()
		return nil, err
	}
	return x, nil
}

// start names the sheet, makes the styles and writes the header.
func (x *xlsxWriter) start(sheetName string) error {
	const first = "Sheet1"
	if sheetName == "" {
		sheetName = first
	}
	if err := x.f.SetSheetName(first, sheetName); err != nil {
		return fmt.Errorf("sheet: cannot name a sheet %q: %w", sheetName, err)
	}
	var err error
	if x.sw, err = x.f.NewStreamWriter(sheetName); err != nil {
		return err
	}
	bold, err := x.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	header := make([]any, len(x.cols))
	for i, c := range x.cols {
		if st := numFmt(c.Type); st != nil {
			if x.styles[i], err = x.f.NewStyle(st); err != nil {
				return err
			}
		}
		width := c.Width
		if width == 0 {
			width = max(defaultWidths[c.Type], float64(utf8.RuneCountInString(c.Name))+2)
		}
		if err := x.sw.SetColWidth(i+1, i+1, min(width, excelize.MaxColumnWidth)); err != nil {
			return err
		}
		header[i] = excelize.Cell{StyleID: bold, Value: c.Name}
	}
	if err := x.sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	x.row, x.xcells = make([]any, len(x.cols)), make([]excelize.Cell, len(x.cols))
	return x.write(header)
}

// write writes the next row of the sheet.
func (x *xlsxWriter) write(row []any) error {
	if x.rows >= excelize.TotalRows {
		return fmt.Errorf("sheet: more than %d rows, the most an XLSX sheet holds; export as CSV", MaxXLSXRows)
	}
	x.rows++
	return x.sw.SetRow("A"+strconv.Itoa(x.rows), row)
}

func (x *xlsxWriter) Row(values ...any) error {
	if x.closed {
		return errClosed
	}
	var err error
	if x.cells, err = checkRow(x.cols, values, x.cells); err != nil {
		return err
	}
	for i, c := range x.cells {
		if c.empty {
			x.row[i] = nil
			continue
		}
		xc := &x.xcells[i]
		xc.StyleID = x.styles[i]
		switch x.cols[i].Type {
		case Text:
			xc.Value = c.s
		case Int:
			xc.Value = c.i
		// excelize cuts numbers to 15 significant digits; rounded first,
		// they are written exactly.
		case Decimal, Percent:
			xc.Value = round15(c.f)
		case Money:
			xc.Value = round15(c.m.Float()) // exact to 4 decimals below 10^11
		case Date, Time:
			xc.Value = c.t
		}
		x.row[i] = xc
	}
	return x.write(x.row)
}

// Close ends the sheet and writes the workbook to the writer, then removes
// the temporary files.
func (x *xlsxWriter) Close() error {
	if x.closed {
		return nil
	}
	x.closed = true
	err := x.sw.Flush()
	if err == nil {
		// The workbook is zipped straight into w: excelize's own Write
		// would first build the whole file in memory.
		x.f.SetZipWriter(func(io.Writer) excelize.ZipWriter {
			zw := zip.NewWriter(x.w)
			zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
				return flate.NewWriter(out, flateLevel)
			})
			return zw
		})
		_, err = x.f.WriteToBuffer()
	}
	return errors.Join(err, x.f.Close())
}
