package store

import (
	"slices"

	"github.com/kamhq/kam"
)

// differ applies an import's values to a stored record field by field, for
// the fields the import sets, and keeps the changes for the audit log.
type differ struct {
	fields  []string
	changes []change
}

func (d *differ) on(field string) bool { return slices.Contains(d.fields, field) }

// str sets *dst to v if the field is imported and differs.
func (d *differ) str(field string, dst *string, v string) {
	if d.on(field) && v != *dst {
		d.changes = append(d.changes, change{field, *dst, v})
		*dst = v
	}
}

// id sets *dst to v if the field is imported and differs.
func (d *differ) id(field string, dst *int64, v int64) {
	if d.on(field) && v != *dst {
		d.changes = append(d.changes, change{field, idText(*dst), idText(v)})
		*dst = v
	}
}

// money sets *dst to v if the field is imported and differs.
func (d *differ) money(field string, dst *kam.Money, v kam.Money) {
	if d.on(field) && v != *dst {
		d.changes = append(d.changes, change{field, dst.String(), v.String()})
		*dst = v
	}
}

// date sets *dst to v if the field is imported and differs.
func (d *differ) date(field string, dst *kam.Date, v kam.Date) {
	if d.on(field) && v != *dst {
		d.changes = append(d.changes, change{field, dst.String(), v.String()})
		*dst = v
	}
}

func (d *differ) changed() bool { return len(d.changes) > 0 }

// staleCheck refuses a change based on an older version of a record than the
// stored one (want 0: the file carries no version).
func staleCheck(what string, id, want, have int64) error {
	if want != 0 && want != have {
		return kam.Errorf(kam.ECONFLICT, "%s %d was changed in kam since this file was exported (version %d, now %d): export it again and redo the change there.",
			what, id, want, have)
	}
	return nil
}

// patch applies the given fields of an update, whose nil fields keep their
// values, and notes each change for the audit log.
type patch struct {
	changes []change
}

// str sets *dst to *v when v is given and differs.
func (p *patch) str(field string, dst, v *string) { patchText(p, field, dst, v) }

// id sets *dst to *v when v is given and differs.
func (p *patch) id(field string, dst, v *int64) {
	if v != nil && *v != *dst {
		p.changes = append(p.changes, change{field, idText(*dst), idText(*v)})
		*dst = *v
	}
}

// patchText is patch.str for string types such as statuses and roles.
func patchText[T ~string](p *patch, field string, dst, v *T) {
	if v != nil && *v != *dst {
		p.changes = append(p.changes, change{field, string(*dst), string(*v)})
		*dst = *v
	}
}
