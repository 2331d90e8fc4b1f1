package ingest

import (
	"fmt"
	"slices"
	"strings"
)

// Mapping says which input column fills each kam field.
type Mapping struct {
	Kind Kind
	// Columns maps a field name to its column index in the input.
	Columns map[string]int
	// Unused lists the input columns no field takes, so that a user can see
	// what was left out.
	Unused []string
}

// Value returns the text of field in a row, or "" when the field is unmapped
// or the row is short.
func (m *Mapping) Value(row *Row, field string) string {
	i, ok := m.Columns[field]
	if !ok || i >= len(row.Values) {
		return ""
	}
	return row.Values[i]
}

// Has reports whether the field is mapped.
func (m *Mapping) Has(field string) bool {
	_, ok := m.Columns[field]
	return ok
}

// MapColumns maps the header of an input to the fields of kind: first the
// explicit pairs (column=field, as given to --map), then each field's
// synonyms. A missing required field, an unknown field or an unknown column in
// an explicit pair is an error saying what to change.
func MapColumns(kind Kind, header []string, explicit map[string]string) (*Mapping, error) {
	fields, ok := Fields[kind]
	if !ok {
		return nil, fmt.Errorf("unknown import kind %q; use one of %s", kind, strings.Join(kindNames(), ", "))
	}
	m := &Mapping{Kind: kind, Columns: map[string]int{}}
	taken := map[int]bool{}
	for col, field := range explicit {
		if !slices.ContainsFunc(fields, func(f Field) bool { return f.Name == field }) {
			return nil, fmt.Errorf("--map %s=%s: %s has no field %q; fields are %s", col, field, kind, field, strings.Join(fieldNames(fields), ", "))
		}
		i := slices.IndexFunc(header, func(h string) bool { return strings.EqualFold(h, col) })
		if i < 0 {
			return nil, fmt.Errorf("--map %s=%s: the file has no column %q; its columns are %s", col, field, col, strings.Join(header, ", "))
		}
		m.Columns[field] = i
		taken[i] = true
	}
	norm := make([]string, len(header))
	for i, h := range header {
		norm[i] = normalizeHeader(h)
	}
	// A field's own name wins over synonyms, then synonyms in their order.
	for _, f := range fields {
		if m.Has(f.Name) {
			continue
		}
		for _, want := range append([]string{normalizeHeader(f.Name)}, f.Synonyms...) {
			i := slices.IndexFunc(norm, func(n string) bool { return n == want })
			if i >= 0 && !taken[i] {
				m.Columns[f.Name] = i
				taken[i] = true
				break
			}
		}
	}
	var missing []string
	for _, f := range fields {
		if f.Required && !m.Has(f.Name) {
			missing = append(missing, f.Name)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("no column for %s: name the column with --map 'COLUMN=%s' (the file's columns are %s)",
			strings.Join(missing, ", "), missing[0], strings.Join(header, ", "))
	}
	for i, h := range header {
		if !taken[i] {
			m.Unused = append(m.Unused, h)
		}
	}
	return m, nil
}

// ParseMapFlags reads --map values of the form "column=field".
func ParseMapFlags(pairs []string) (map[string]string, error) {
	out := map[string]string{}
	for _, p := range pairs {
		col, field, ok := strings.Cut(p, "=")
		col, field = strings.TrimSpace(col), strings.TrimSpace(field)
		if !ok || col == "" || field == "" {
			return nil, fmt.Errorf("--map %q: write it as 'COLUMN=field'", p)
		}
		out[col] = field
	}
	return out, nil
}

func kindNames() []string {
	var out []string
	for k := range Fields {
		out = append(out, string(k))
	}
	slices.Sort(out)
	return out
}

func fieldNames(fs []Field) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Name
	}
	return out
}
