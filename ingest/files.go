package ingest

import (
	"bufio"

	"bytes"
	"errors"
	"fmt"
	"github.com/kamhq/kam"
	"io"
	"maps"
	"regexp"
	"strings"
)

// fileState is one input being imported.
type fileState struct {
	name    string
	size    int64
	format  string // csv, xlsx or json
	kind    Kind
	table   Table
	mapping *Mapping
	counter *countingReader
	raw     io.Closer
	rejects RejectWriter
	// orderLines counts the lines of each order number (orders files only).
	orderLines map[string]int
	// decimalComma: the file writes numbers with a decimal comma.
	decimalComma bool
}

func (f *fileState) close() {
	if f.table != nil {
		f.table.Close()
	}
	if f.raw != nil {
		f.raw.Close()
	}
	if f.rejects != nil {
		f.rejects.Close()
	}
}

// countingReader counts the bytes read through it, for progress.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// openAll opens every input, tells its format by its content (not its name),
// its kind, and maps its columns. Any file-level problem stops the import
// before anything is written.
func (e *engine) openAll(inputs []Input) ([]*fileState, error) {
	if len(inputs) == 0 {
		return nil, fmt.Errorf("no files to import")
	}
	var files []*fileState
	for _, in := range inputs {
		f, err := e.open(in)
		if f != nil {
			files = append(files, f)
		}
		if err != nil {
			return files, err
		}
	}
	return files, nil
}

// sobjectType finds a record's object type in its attributes (a record may
// also have a field named "type").
var sobjectType = regexp.MustCompile(`"attributes"\s*:\s*\{[^}]*"type"\s*:\s*"(\w+)"`)

// sobjectKinds maps Salesforce object types to import kinds.
var sobjectKinds = map[string]Kind{"Account": KindAccounts, "Contact": KindContacts, "Opportunity": KindOpportunities, "Product2": KindProducts, "User": KindUsers}

// openTable opens an input as a table, telling its format by its content.
// kind is the kind a Salesforce tree's object type names, if any.
func (e *engine) openTable(in Input) (f *fileState, kind Kind, err error) {
	rc, err := in.Open()
	if err != nil {
		return nil, "", &FileError{Name: in.Name, Reason: err.Error()}
	}
	f = &fileState{name: in.Name, size: in.Size, raw: rc, counter: &countingReader{r: rc}}
	br := bufio.NewReaderSize(f.counter, 64<<10)
	head, _ := br.Peek(4096)
	trimmed := bytes.TrimLeft(head, " \t\r\n\xef\xbb\xbf")
	switch {
	case IsXLSX(head):
		f.format = "xlsx"
		f.table, err = OpenXLSX(in.Name, br, e.opts.Sheet)
	case len(trimmed) > 0 && trimmed[0] == '{':
		f.format = "json"
		m := sobjectType.FindSubmatch(head)
		if m == nil {
			return f, "", &FileError{Name: in.Name, Reason: "a JSON file must be a Salesforce SObject tree export ({\"records\": [...]} with attributes.type)"}
		}
		kind = sobjectKinds[string(m[1])]
		f.table, err = OpenSalesforceTree(in.Name, br, string(m[1]))
	default:
		f.format = "csv"
		f.table, err = OpenCSV(in.Name, br)
	}
	if err != nil {
		return f, "", fileErr(in.Name, err)
	}
	if d, ok := f.table.(interface{ DecimalComma() bool }); ok {
		f.decimalComma = d.DecimalComma()
	}
	return f, kind, nil
}

func (e *engine) open(in Input) (*fileState, error) {
	f, treeKind, err := e.openTable(in)
	if err != nil {
		return f, err
	}
	kind := e.opts.Kind
	if kind == "" {
		kind = treeKind
	}
	header := f.table.Header()
	if kind == "" && e.opts.Profile != nil {
		kind = e.opts.Profile.KindOf(header)
	}
	if kind == "" {
		return f, &FileError{Name: in.Name, Reason: fmt.Sprintf("cannot tell what this file holds from its columns (%s); name the kind: kam import KIND FILE",
			strings.Join(header, ", "))}
	}
	f.kind = kind
	explicit := map[string]string{}
	if e.opts.Profile != nil {
		maps.Copy(explicit, e.opts.Profile.Map[kind])
	}
	maps.Copy(explicit, e.opts.Map)
	// A profile's mapping may name columns a particular file lacks.
	for col := range explicit {
		if !hasColumn(header, col) && e.opts.Map[col] == "" {
			delete(explicit, col)
		}
	}
	f.mapping, err = MapColumns(kind, header, explicit)
	if err != nil {
		return f, &FileError{Name: in.Name, Reason: err.Error()}
	}
	// A kam export (kam_id column) speaks of kam's own ids.
	if f.mapping.Has("kam_id") {
		if e.opts.Source != kam.SourceKam && e.sourceGiven {
			return f, &FileError{Name: in.Name, Reason: fmt.Sprintf("it has kam's own ids (kam_id), which belong to no source; drop --source %s or the kam_id column", e.opts.Source)}
		}
		e.opts.Source, e.res.source = kam.SourceKam, kam.SourceKam
	} else if e.opts.Source == kam.SourceKam {
		return f, &FileError{Name: in.Name, Reason: "import kam exports (with kam_id) and other files separately"}
	}
	if err := e.checkSource(f); err != nil {
		return f, err
	}
	if kind == KindOrders && !e.preview {
		if f.orderLines, err = e.countOrderLines(in, f.mapping.Columns["order_id"]); err != nil {
			return f, err
		}
	}
	if e.opts.Rejects != nil {
		f.rejects, err = e.opts.Rejects(in.Name, f.format, header)
		if err != nil {
			return f, &FileError{Name: in.Name, Reason: "cannot write its rejects file: " + err.Error()}
		}
	}
	return f, nil
}

func hasColumn(header []string, col string) bool {
	for _, h := range header {
		if strings.EqualFold(h, col) {
			return true
		}
	}
	return false
}

// countOrderLines reads an orders file once to count each order's lines, so
// that the import knows when an order whose lines are scattered through the
// file is complete.
func (e *engine) countOrderLines(in Input, col int) (map[string]int, error) {
	f, _, err := e.openTable(in)
	if f != nil {
		defer f.close()
	}
	if err != nil {
		return nil, err
	}
	counts := map[string]int{}
	for {
		row, err := f.table.Next()
		if errors.Is(err, io.EOF) {
			return counts, nil
		}
		if err != nil {
			return nil, fileErr(in.Name, err)
		}
		if col < len(row.Values) {
			counts[ParseID(row.Values[col])]++
		}
	}
}

// FilePreview is what an import would make of one file, before it runs: its
// format, kind and mapping, and its first rows.
type FilePreview struct {
	Name   string
	Format string
	Kind   Kind
	// Fields pairs each mapped kam field with its column, in field order.
	Fields [][2]string
	// Unused lists the columns no field takes.
	Unused []string
	Header []string
	Rows   [][]string
	// Err is a file-level problem that would stop the import, with what to change.
	Err string
}

// Preview opens each input as Run would and reads its first rows, writing
// nothing, so that a user can check the mapping before importing.
func Preview(inputs []Input, opts Options, rows int) []FilePreview {
	opts.Rejects = nil
	e, err := newEngine(nil, nil, opts)
	if e != nil {
		e.preview = true
	}
	var out []FilePreview
	for _, in := range inputs {
		p := FilePreview{Name: in.Name}
		if err != nil {
			p.Err = err.Error()
			out = append(out, p)
			continue
		}
		f, ferr := e.open(in)
		if f != nil {
			p.Format, p.Kind = f.format, f.kind
			if f.table != nil {
				p.Header = f.table.Header()
			}
			if f.mapping != nil {
				for _, fd := range Fields[f.kind] {
					if f.mapping.Has(fd.Name) {
						p.Fields = append(p.Fields, [2]string{fd.Name, f.column(fd.Name)})
					}
				}
				p.Unused = f.mapping.Unused
			}
		}
		if ferr != nil {
			p.Err = ferr.Error()
		} else {
			for len(p.Rows) < rows {
				row, err := f.table.Next()
				if err != nil {
					break
				}
				p.Rows = append(p.Rows, row.Values)
			}
		}
		if f != nil {
			f.close()
		}
		out = append(out, p)
	}
	return out
}

// idKinds are the kinds whose records an import knows by the file's own ids
// (always, or when it has an id column).
var idKinds = map[Kind]bool{KindOrders: true, KindInvoices: true, KindPayments: true}

// checkSource refuses to take ids from a file without knowing whose ids they
// are: the ids of two systems (customer 1 of the ERP, customer 1 of a
// spreadsheet) would overwrite each other's records under one default
// source. Nor may the reference ids of a Salesforce tree export (AccountRef1…),
// which every export numbers anew, be kept without naming the export.
func (e *engine) checkSource(f *fileState) error {
	if e.sourceGiven || e.opts.Source == kam.SourceKam {
		return nil
	}
	idColumn := f.column("external_id")
	if p := e.opts.Profile; p != nil {
		positional := idColumn == "" && (f.kind == KindAccounts || f.kind == KindContacts || f.kind == KindOpportunities)
		if p.RefIDs && (positional || idColumn == ColReferenceID) {
			return &FileError{Name: f.name, Reason: "its records have only the reference ids of a Salesforce tree export (AccountRef1…), " +
				"which every export numbers anew: name this export as the source (--source, for example --source sf-2026-11)"}
		}
		return nil
	}
	if idKinds[f.kind] || idColumn != "" {
		col := idColumn
		if col == "" {
			col = f.column("order_id")
		}
		return &FileError{Name: f.name, Reason: fmt.Sprintf("its ids (column %s) are another system's: name that system as the source "+
			"(--source, for example --source erp), so that the ids of two systems never overwrite each other's records", col)}
	}
	return nil
}
