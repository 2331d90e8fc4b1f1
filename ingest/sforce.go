package ingest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
)

// Salesforce's "SObject tree" files (the format of `sf data import tree`) hold
// {"records": [...]}, each record with attributes {type, referenceId}, its
// fields, and child relationships as nested {"records": [...]}. References to
// other records are "@RefId" strings.

// Columns a tree table adds to the record's own fields.
const (
	// ColReferenceID holds the record's referenceId, its id within the export.
	ColReferenceID = "referenceId"
	// ColParentRef holds the referenceId of the record a nested record sits under.
	ColParentRef = "parentReferenceId"
)

// maxTreeBytes bounds a tree file; Salesforce's own limit is 200 records a file.
const maxTreeBytes = 64 << 20

// field is one member of a JSON object, kept in document order.
type field struct {
	key   string
	value json.RawMessage
}

// orderedFields splits a JSON object into its members in document order, so
// that columns come out in the order the export wrote them.
func orderedFields(raw json.RawMessage) ([]field, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, fmt.Errorf("not an object")
	}
	var out []field
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		out = append(out, field{key, v})
	}
	return out, nil
}

// sliceTable is a Table over rows held in memory.
type sliceTable struct {
	header []string
	rows   []*Row
	next   int
}

func (t *sliceTable) Header() []string { return t.header }
func (t *sliceTable) Close() error     { return nil }
func (t *sliceTable) Next() (*Row, error) {
	if t.next >= len(t.rows) {
		return nil, io.EOF
	}
	t.next++
	return t.rows[t.next-1], nil
}

// OpenSalesforceTree reads the records of one SObject type (such as "Account")
// from a tree file, nested ones included, as a table: one column per field in
// order of first appearance, plus referenceId and parentReferenceId. Row.Line
// is the record's number in the file, counting every record in document order.
func OpenSalesforceTree(name string, r io.Reader, sobject string) (Table, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxTreeBytes+1))
	if err != nil {
		return nil, fileErr(name, err)
	}
	if len(data) > maxTreeBytes {
		return nil, &FileError{name, "the file is larger than 64 MiB; split the export"}
	}
	var doc struct {
		Records []json.RawMessage `json:"records"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return nil, &FileError{name, "not a Salesforce tree export (JSON with a \"records\" list): " + err.Error()}
	}
	if doc.Records == nil {
		return nil, &FileError{name, "no \"records\" list: export with `sf data export tree`"}
	}
	t := &sliceTable{}
	cols := map[string]int{}
	addCol := func(c string) int {
		if i, ok := cols[c]; ok {
			return i
		}
		cols[c] = len(t.header)
		t.header = append(t.header, c)
		return cols[c]
	}
	addCol(ColReferenceID)
	addCol(ColParentRef)
	n := 0
	var walk func(recs []json.RawMessage, parent string) error
	walk = func(recs []json.RawMessage, parent string) error {
		for _, raw := range recs {
			n++
			fields, err := orderedFields(raw)
			if err != nil {
				return &FileError{name, fmt.Sprintf("record %d is not a JSON object", n)}
			}
			var attrs struct{ Type, ReferenceID string }
			for _, f := range fields {
				if f.key == "attributes" {
					json.Unmarshal(f.value, &attrs)
				}
			}
			row := &Row{Line: n}
			vals := map[int]string{}
			if attrs.Type == sobject {
				vals[cols[ColReferenceID]] = attrs.ReferenceID
				vals[cols[ColParentRef]] = parent
			}
			for _, f := range fields {
				k, v := f.key, f.value
				if k == "attributes" {
					continue
				}
				var child struct {
					Records []json.RawMessage `json:"records"`
				}
				if bytes.HasPrefix(bytes.TrimSpace(v), []byte("{")) && json.Unmarshal(v, &child) == nil && child.Records != nil {
					if err := walk(child.Records, attrs.ReferenceID); err != nil {
						return err
					}
					continue
				}
				if attrs.Type == sobject {
					text, err := jsonText(v)
					if err != nil && row.Err == nil {
						row.Err = fmt.Errorf("field %q: %v", k, err)
					}
					vals[addCol(k)] = text
				}
			}
			if attrs.Type == sobject {
				row.Values = make([]string, 0, len(vals))
				for i := range len(t.header) {
					row.Values = append(row.Values, vals[i])
				}
				t.rows = append(t.rows, row)
			}
		}
		return nil
	}
	if err := walk(doc.Records, ""); err != nil {
		return nil, err
	}
	// Rows read before a column appeared are shorter; pad them.
	for _, r := range t.rows {
		for len(r.Values) < len(t.header) {
			r.Values = append(r.Values, "")
		}
	}
	return t, nil
}

// jsonText turns a scalar JSON value into the text a CSV cell would hold.
func jsonText(v json.RawMessage) (string, error) {
	var x any
	dec := json.NewDecoder(bytes.NewReader(v))
	dec.UseNumber()
	if err := dec.Decode(&x); err != nil {
		return "", err
	}
	switch t := x.(type) {
	case nil:
		return "", nil
	case string:
		return t, nil
	case json.Number:
		return t.String(), nil
	case bool:
		return strconv.FormatBool(t), nil
	}
	return "", fmt.Errorf("a list or object where a value belongs")
}
