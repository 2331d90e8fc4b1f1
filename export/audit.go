package export

import (
	"io"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/sheet"
)

// AuditColumns are the columns of an export of the audit log, for
// administrators (GET /api/v1/audit).
var AuditColumns = []sheet.Column{{Name: "id", Type: sheet.Int}, {Name: "at", Type: sheet.Time}, {Name: "actor_id", Type: sheet.Int},
	{Name: "channel", Type: sheet.Text}, {Name: "entity", Type: sheet.Text}, {Name: "entity_id", Type: sheet.Int},
	{Name: "action", Type: sheet.Text}, {Name: "field", Type: sheet.Text}, {Name: "old_value", Type: sheet.Text},
	{Name: "new_value", Type: sheet.Text}}

// HistoryColumns are the columns of a record's history as a download: the
// audit log's, then the actor's name.
var HistoryColumns = append(append([]sheet.Column{}, AuditColumns...), sheet.Column{Name: "actor_name", Type: sheet.Text})

// AuditCSV writes audit entries as CSV, a row at a time. Text a
// spreadsheet would run as a formula (a value typed as "=cmd|...") is
// defused, as in every export.
type AuditCSV struct {
	sw    sheet.Writer
	names bool
}

// NewAuditCSV starts the file on w with its header line: AuditColumns, or
// HistoryColumns when withNames.
func NewAuditCSV(w io.Writer, withNames bool) (*AuditCSV, error) {
	cols := AuditColumns
	if withNames {
		cols = HistoryColumns
	}
	sw, err := sheet.NewCSV(w, cols)
	return &AuditCSV{sw: sw, names: withNames}, err
}

// Write writes one entry.
func (a *AuditCSV) Write(e *kam.AuditEntry) error {
	var actor any
	if e.ActorID != 0 {
		actor = e.ActorID
	}
	row := []any{e.ID, e.At, actor, e.Channel, e.Entity, e.EntityID, e.Action, e.Field, e.OldValue, e.NewValue}
	if a.names {
		row = append(row, e.ActorName)
	}
	return a.sw.Row(row...)
}

// Close flushes the file.
func (a *AuditCSV) Close() error { return a.sw.Close() }
