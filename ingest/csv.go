package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"errors"
	"fmt"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// sniffSize is how much of a file is read to decide its encoding and separator.
const sniffSize = 64 << 10

// csvTable reads a delimited text file.
type csvTable struct {
	decimalComma bool
	name         string
	closer       io.Closer
	r            *csv.Reader
	header       []string
	decode       func(string) (string, bool) // returns the text and whether it was valid
}

// OpenCSV reads a delimited text file from r: comma, semicolon or tab
// separated (decided from the header line), UTF-8 with or without a byte-order
// mark or Windows-1252, optionally gzip-compressed. name is used in messages.
func OpenCSV(name string, r io.Reader) (Table, error) {
	var closer io.Closer = io.NopCloser(nil)
	br := bufio.NewReaderSize(r, sniffSize)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		gz, err := gzip.NewReader(br)
		if err != nil {
			return nil, &FileError{name, "the file looks gzip-compressed but cannot be opened: " + err.Error()}
		}
		closer = gz
		br = bufio.NewReaderSize(gz, sniffSize)
	}
	// Excel's "Unicode Text" is UTF-16 with a byte-order mark.
	if bom, _ := br.Peek(2); len(bom) == 2 && (bom[0] == 0xff && bom[1] == 0xfe || bom[0] == 0xfe && bom[1] == 0xff) {
		utf16 := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)
		br = bufio.NewReaderSize(transform.NewReader(br, utf16.NewDecoder()), sniffSize)
	}
	sample, err := br.Peek(sniffSize)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, fileErr(name, err)
	}
	if len(sample) == 0 {
		return nil, &FileError{name, "the file is empty; it needs a header line naming the columns"}
	}
	if bytes.IndexByte(sample, 0) >= 0 {
		return nil, &FileError{name, "this is not a text file (it contains NUL bytes); export it as CSV or use the XLSX reader"}
	}
	t := &csvTable{name: name, closer: closer, decode: utf8Text}
	var in io.Reader = br
	switch {
	case bytes.HasPrefix(sample, []byte("\xef\xbb\xbf")):
		br.Discard(3)
		sample = sample[3:]
	case !validUTF8Prefix(sample):
		// Not UTF-8: spreadsheet exports on Windows are Windows-1252.
		in = charmap.Windows1252.NewDecoder().Reader(br)
		t.decode = func(s string) (string, bool) { return s, true }
		sample, _ = charmap.Windows1252.NewDecoder().Bytes(sample)
	}
	t.r = csv.NewReader(&lineLimit{r: in, name: name})
	t.r.Comma = detectSeparator(sample)
	t.decimalComma = t.r.Comma == ';' || t.r.Comma == '\t' && decimalCommas.Count(sample) > decimalPoints.Count(sample)
	t.r.FieldsPerRecord = -1
	t.r.LazyQuotes = true
	t.r.ReuseRecord = false
	header, err := t.r.Read()
	if err != nil {
		return nil, &FileError{name, "cannot read the header line: " + err.Error()}
	}
	for i, h := range header {
		header[i] = strings.TrimSpace(h)
	}
	t.header = header
	return t, nil
}

// maxLineBytes bounds one line of a table file. A longer "line" is not a
// table row (a binary file, or a compressed bomb of one endless line) and
// would otherwise be read into memory whole.
const maxLineBytes = 16 << 20

// maxBlankLines bounds the empty lines in a row a table file may hold, which
// a reader skips without returning: a file of nothing but newlines would
// otherwise keep it (and a preview of "the first rows") busy for minutes.
const maxBlankLines = 100_000

// lineLimit fails a read once a line exceeds maxLineBytes, or empty lines
// in a row exceed maxBlankLines.
type lineLimit struct {
	r     io.Reader
	name  string
	run   int // bytes since the last newline
	blank int // empty lines in a row
}

func (l *lineLimit) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for _, c := range p[:n] {
		switch {
		case c == '\n':
			if l.run == 0 {
				l.blank++
			}
			l.run = 0
		case c == '\r':
		default:
			l.blank = 0
			if l.run++; l.run > maxLineBytes {
				return 0, &FileError{l.name, fmt.Sprintf("a line is longer than %d MB; this is not a table file", maxLineBytes>>20)}
			}
		}
		if l.blank > maxBlankLines {
			return 0, &FileError{l.name, fmt.Sprintf("more than %d empty lines in a row; this is not a table file", maxBlankLines)}
		}
	}
	return n, err
}

// validUTF8Prefix reports whether b is UTF-8, allowing a rune cut at the end.
func validUTF8Prefix(b []byte) bool {
	for i := 0; i < 3 && len(b) > 0 && !utf8.Valid(b); i++ {
		b = b[:len(b)-1]
	}
	return utf8.Valid(b)
}

// detectSeparator picks the most frequent of comma, semicolon and tab outside
// quotes in the first line.
func detectSeparator(sample []byte) rune {
	line := sample
	if i := bytes.IndexByte(sample, '\n'); i >= 0 {
		line = sample[:i]
	}
	counts := map[rune]int{}
	inQuotes := false
	for _, c := range string(line) {
		switch {
		case c == '"':
			inQuotes = !inQuotes
		case !inQuotes && (c == ',' || c == ';' || c == '\t'):
			counts[c]++
		}
	}
	best := ','
	for _, c := range []rune{';', '\t'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return best
}

func utf8Text(s string) (string, bool) {
	if utf8.ValidString(s) {
		return s, true
	}
	return strings.ToValidUTF8(s, "\uFFFD"), false
}

func (t *csvTable) Header() []string { return t.header }

// DecimalComma reports whether the file writes numbers with a decimal comma:
// semicolon-separated files do (that is why they use semicolons), and
// tab-separated ones whose sample has more "12,50" than "12.50".
func (t *csvTable) DecimalComma() bool { return t.decimalComma }

// decimalCommas and decimalPoints count numbers with two decimals.
var (
	decimalCommas = counter{regexp.MustCompile(`\d,\d\d\b`)}
	decimalPoints = counter{regexp.MustCompile(`\d\.\d\d\b`)}
)

type counter struct{ re *regexp.Regexp }

func (c counter) Count(b []byte) int { return len(c.re.FindAllIndex(b, -1)) }

// Next returns the next record. A malformed record (for example an
// unterminated quote) is a row with Err set; reading goes on after it.
func (t *csvTable) Next() (*Row, error) {
	rec, err := t.r.Read()
	line, _ := t.r.FieldPos(0)
	var pe *csv.ParseError
	switch {
	case errors.Is(err, io.EOF):
		return nil, io.EOF
	case errors.As(err, &pe):
		return &Row{Line: pe.StartLine, Values: rec, Err: fmt.Errorf("malformed CSV: %v", pe.Err)}, nil
	case err != nil:
		return nil, fileErr(t.name, err)
	}
	row := &Row{Line: line, Values: rec}
	if i, ok := t.swallowedRows(rec); ok {
		end, _ := t.r.FieldPos(len(rec) - 1)
		row.Err = fmt.Errorf("a quote in column %q is not closed: its value runs on to line %d over lines that look like rows of their own; close the quote", t.column(i), end)
	}
	for i, v := range rec {
		text, ok := t.decode(v)
		if !ok && row.Err == nil {
			row.Err = fmt.Errorf("column %q is not valid UTF-8 text; save the file as UTF-8", t.column(i))
		}
		rec[i] = strings.TrimSpace(text)
	}
	return row, nil
}

// swallowedRows tells a value that an unclosed quote ran on over following
// records: a multi-line value with a line holding as many separators as a
// row of the file. A lazily quoted reader would otherwise read the rest of
// the file as one value.
func (t *csvTable) swallowedRows(rec []string) (int, bool) {
	if len(t.header) < 3 {
		return 0, false
	}
	for i, v := range rec {
		if !strings.Contains(v, "\n") {
			continue
		}
		for _, l := range strings.Split(v, "\n")[1:] {
			if strings.Count(l, string(t.r.Comma)) >= len(t.header)-1 {
				return i, true
			}
		}
	}
	return 0, false
}

func (t *csvTable) column(i int) string {
	if i < len(t.header) {
		return t.header[i]
	}
	return fmt.Sprintf("#%d", i+1)
}

func (t *csvTable) Close() error { return t.closer.Close() }
