package ingest

import (
	"archive/zip"
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// maxUnzipped bounds what a workbook may unpack to, so that an uploaded zip
// bomb fails instead of filling the disk with temporary files.
const maxUnzipped = 4 << 30

// IsXLSX reports whether a file starting with head is a zip archive, as XLSX
// workbooks are, so that a caller can pick the reader by content rather than
// by the file's extension.
func IsXLSX(head []byte) bool { return bytes.HasPrefix(head, []byte("PK\x03\x04")) }

// oleMagic starts old Excel 97-2003 .xls files and password-protected
// workbooks.
var oleMagic = []byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}

// xlsxTable reads one worksheet of a workbook row by row.
type xlsxTable struct {
	name   string
	f      *excelize.File
	rows   *excelize.Rows
	line   int // number of the spreadsheet row read last
	header []string
}

// maxXLSXBytes bounds a workbook file; maxOtherParts bounds what its parts
// other than worksheets (styles, shared strings, pictures) unpack to, since
// the XLSX library holds those in memory: a small zip of zeros would
// otherwise take gigabytes.
const (
	maxXLSXBytes  = 512 << 20
	maxOtherParts = 256 << 20
)

// checkParts reads the workbook's zip directory and refuses one whose parts
// other than worksheets would unpack to more than maxOtherParts.
func checkParts(data []byte) error {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return fmt.Errorf("cannot be read as an XLSX workbook (%v); save it again as Excel Workbook (.xlsx)", err)
	}
	var other uint64
	for _, f := range z.File {
		if strings.HasPrefix(f.Name, "xl/worksheets/") {
			continue
		}
		if other += f.UncompressedSize64; other > maxOtherParts {
			return fmt.Errorf("the workbook's parts besides its sheets unpack to more than %d MB (pictures or a damaged file); save the data as CSV", maxOtherParts>>20)
		}
	}
	return nil
}

// OpenXLSX reads the worksheet named sheet of the XLSX workbook in r, or its
// first sheet when sheet is "". name is used in messages. Rows are streamed
// from the worksheet. The first row that is not empty is the header; empty
// rows are skipped, and each Row's Line is its row number in the sheet.
//
// Text cells are read as they are, numbers in plain form ("17850", "2.55",
// rounded to the 15 significant digits a spreadsheet keeps), and cells
// formatted as dates or times as ISO text whatever their display format:
// "2011-12-09" for a date, "2010-12-01 08:26:00" for a date and time,
// "08:26:00" for a time of day.
func OpenXLSX(name string, r io.Reader, sheet string) (Table, error) {
	br := bufio.NewReader(r)
	head, err := br.Peek(8)
	switch {
	case bytes.Equal(head, oleMagic):
		return nil, &FileError{name, "this is an old Excel 97-2003 .xls file or a password-protected workbook; save it as Excel Workbook (.xlsx) without a password"}
	case len(head) == 0 && err != nil && !errors.Is(err, io.EOF):
		return nil, fileErr(name, err)
	case !IsXLSX(head):
		return nil, &FileError{name, "this is not an XLSX workbook; save it as Excel Workbook (.xlsx) or import it as CSV"}
	}
	data, err := io.ReadAll(io.LimitReader(br, maxXLSXBytes+1))
	if err != nil {
		return nil, fileErr(name, err)
	}
	if len(data) > maxXLSXBytes {
		return nil, &FileError{name, fmt.Sprintf("the workbook is larger than %d MB; save the data as CSV (it may be gzip-compressed)", maxXLSXBytes>>20)}
	}
	if err := checkParts(data); err != nil {
		return nil, &FileError{name, err.Error()}
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxUnzipped})
	if err != nil {
		return nil, &FileError{name, fmt.Sprintf("cannot be read as an XLSX workbook (%v); save it again as Excel Workbook (.xlsx)", err)}
	}
	t := &xlsxTable{name: name, f: f}
	if err := t.open(sheet); err != nil {
		t.Close()
		return nil, err
	}
	return t, nil
}

// open finds the sheet, prepares the cell formats and reads the header row.
func (t *xlsxTable) open(sheet string) error {
	sheets := t.f.GetSheetList()
	if len(sheets) == 0 {
		return &FileError{t.name, "the workbook has no sheets; save it as Excel Workbook (.xlsx) with the data on its first sheet"}
	}
	found := ""
	if sheet == "" {
		// The first sheet a user sees: a hidden one holds lookups, not data.
		found = sheets[0]
		for _, s := range sheets {
			if visible, err := t.f.GetSheetVisible(s); err == nil && visible {
				found = s
				break
			}
		}
	}
	for _, s := range sheets {
		if found == "" && strings.EqualFold(s, sheet) {
			found = s
		}
	}
	if found == "" {
		return &FileError{t.name, fmt.Sprintf("no sheet %q; the workbook has sheets %s", sheet, strings.Join(sheets, ", "))}
	}
	if err := isoDateStyles(t.f); err != nil {
		return &FileError{t.name, "cannot read the workbook's cell formats: " + err.Error()}
	}
	rows, err := t.f.Rows(found)
	if err != nil {
		return &FileError{t.name, fmt.Sprintf("cannot read sheet %q: %v", found, err)}
	}
	t.rows = rows
	header, err := t.Next()
	if errors.Is(err, io.EOF) {
		return &FileError{t.name, fmt.Sprintf("sheet %q is empty; it needs a header row naming the columns", found)}
	}
	if err != nil {
		return err
	}
	t.header = header.Values
	return nil
}

func (t *xlsxTable) Header() []string { return t.header }

// Next returns the next row that has a value, padded to the header's length.
func (t *xlsxTable) Next() (*Row, error) {
	for t.rows.Next() {
		t.line++
		cells, err := t.rows.Columns()
		if err != nil {
			return nil, &FileError{t.name, fmt.Sprintf("cannot read row %d: %v", t.line, err)}
		}
		empty := true
		for i, c := range cells {
			cells[i] = plainNumber(strings.TrimSpace(c))
			empty = empty && cells[i] == ""
		}
		if empty {
			continue
		}
		for len(cells) < len(t.header) {
			cells = append(cells, "")
		}
		return &Row{Line: t.line, Values: cells}, nil
	}
	if err := t.rows.Error(); err != nil {
		return nil, &FileError{t.name, fmt.Sprintf("cannot read row %d: %v", t.line+1, err)}
	}
	return nil, io.EOF
}

// Close releases the sheet and the workbook's temporary files.
func (t *xlsxTable) Close() error {
	var err error
	if t.rows != nil {
		err = t.rows.Close()
	}
	return errors.Join(err, t.f.Close())
}

// plainNumber writes a number that excelize gave in exponent form (as it does
// for values with more than 15 significant digits, "1.23456789012346E+20")
// in plain form. Any other text is returned as it is.
func plainNumber(s string) string {
	if n, ok := strings.CutSuffix(s, "%"); ok {
		// A percentage cell ("25.00%") in its shortest form: "25%".
		if v, err := strconv.ParseFloat(n, 64); err == nil {
			return strconv.FormatFloat(v, 'f', -1, 64) + "%"
		}
		return s
	}
	e := strings.IndexByte(s, 'E')
	if e < 1 || e+2 >= len(s) || s[e+1] != '+' && s[e+1] != '-' || !isDigits(s[e+2:]) {
		return s
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) {
		return s
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// dateKind is what a number format shows of a date serial number.
type dateKind int

const (
	notDate dateKind = iota
	dayOnly
	dayAndTime
	timeOfDay
	// percent is not a date: a cell shown as a percentage, read as "25%",
	// so that 0.25 formatted as 25% is not taken for a quarter of one percent.
	percent
)

// isoFormats are the formats cells showing dates are read with. The locale
// tag spares excelize a search through every language it knows, per cell.
var isoFormats = map[dateKind]string{dayOnly: "[$-409]yyyy-mm-dd", dayAndTime: "[$-409]yyyy-mm-dd hh:mm:ss", timeOfDay: "[$-409]hh:mm:ss",
	percent: "0.##########%"}

// isoDateStyles changes the workbook's cell formats, in memory only, so that
// the formatted text excelize streams is an ISO date for every cell formatted
// as a date or time, and the stored number for every other cell, whatever
// the thousands separators, decimals or currency its format shows. Changing
// the formats is needed because the row iterator gives each cell's text but
// not its style.
func isoDateStyles(f *excelize.File) error {
	ss := f.Styles
	if ss == nil || ss.CellXfs == nil {
		return nil
	}
	n := len(ss.CellXfs.Xf)
	kinds := make([]dateKind, n)
	ids := map[dateKind]int{}
	for i, xf := range ss.CellXfs.Xf {
		if xf.NumFmtID != nil {
			kinds[i] = numFmtKind(f, *xf.NumFmtID)
		}
		if kinds[i] != notDate {
			ids[kinds[i]] = 0
		}
	}
	for kind := range ids {
		code := isoFormats[kind]
		style, err := f.NewStyle(&excelize.Style{CustomNumFmt: &code})
		if err != nil {
			return err
		}
		ids[kind] = *f.Styles.CellXfs.Xf[style].NumFmtID
	}
	// A format ID that is neither built in nor defined makes excelize give
	// the cell's value unformatted.
	plain := 1000
	if f.Styles.NumFmts != nil {
		for _, nf := range f.Styles.NumFmts.NumFmt {
			if nf != nil && nf.NumFmtID >= plain {
				plain = nf.NumFmtID + 1
			}
		}
	}
	xfs := f.Styles.CellXfs.Xf
	for i, kind := range kinds {
		id := plain
		if kind != notDate {
			id = ids[kind]
		}
		xfs[i].NumFmtID = &id
	}
	return nil
}

// numFmtKind tells what the number format with the given ID shows.
func numFmtKind(f *excelize.File, id int) dateKind {
	if f.Styles.NumFmts != nil {
		for _, nf := range f.Styles.NumFmts.NumFmt {
			if nf != nil && nf.NumFmtID == id {
				if nf.FormatCode16 != "" {
					return formatKind(nf.FormatCode16)
				}
				return formatKind(nf.FormatCode)
			}
		}
	}
	// Built-in formats: 14-22 and 45-47 in every locale, 27-35 and 50-58 the
	// East Asian dates and times.
	switch {
	case id >= 14 && id <= 17, id >= 27 && id <= 31, id >= 50 && id <= 58:
		return dayOnly
	case id == 22:
		return dayAndTime
	case id >= 18 && id <= 21, id >= 32 && id <= 35, id >= 45 && id <= 47:
		return timeOfDay
	case id == 9 || id == 10:
		return percent
	}
	return notDate
}

// formatKind tells what a number format code shows, from its d, m, y, h and
// s tokens outside quoted text, escapes and [brackets] (other than elapsed
// time such as [h]). An m is minutes beside hours or seconds, else a month.
func formatKind(code string) dateKind {
	var day, clock, month, pct bool
	for i := 0; i < len(code); i++ {
		switch c := code[i]; c {
		case '"':
			if j := strings.IndexByte(code[i+1:], '"'); j >= 0 {
				i += j + 1
			} else {
				i = len(code)
			}
		case '[':
			j := strings.IndexByte(code[i:], ']')
			if j < 0 {
				return notDate
			}
			if tok := strings.ToLower(code[i+1 : i+j]); tok != "" && strings.Trim(tok, "hms") == "" {
				clock = true
			}
			i += j
		case '\\', '_', '*':
			i++ // the next character is literal, or padding
		default:
			switch c | 0x20 {
			case 'd', 'y':
				day = true
			case 'h', 's':
				clock = true
			case 'm':
				month = true
			}
			if c == '%' {
				pct = true
			}
		}
	}
	switch {
	case day && clock:
		return dayAndTime
	case day || month && !clock:
		return dayOnly
	case clock:
		return timeOfDay
	case pct:
		return percent
	}
	return notDate
}
