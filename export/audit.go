package export

import (
	"io"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/sheet"
)

// AuditColumns are the columns of an export of the audit log, for
// administrators (GET /api/v1/audit).
var AuditColumns = []sheet.Column{{Name: "id", Type: sheet.Int}, {Name: "at", Type: sheet.Text}, {Name: "actor_id", Type: sheet.Int},
	{Name: "channel", Type: sheet.Text}, {Name: "entity", Type: sheet.Text}, {Name: "entity_id", Type: sheet.Int},
	{Name: "action", Type: sheet.Text}, {Name: "field", Type: sheet.Text}, {Name: "old_value", Type: sheet.Text},
	{Name: "new_value", Type: sheet.Text}}

// HistoryColumns are the columns of a record's history as a download: the
// audit log's, then the actor's name.
var HistoryColumns = append(append([]sheet.Column{}, AuditColumns...), sheet.Column{Name: "actor_name", Type: sheet.Text})

// AuditCSV writes audit entries as CSV, a row at a time: the time to the
// nanosecond in UTC (RFC 3339), the actor's id (0 for kam itself). Text a
// spreadsheet would run as a formula (a value typed as "=cmd|...") is
// defused with a leading apostrophe, as in every export.
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
	row := []any{e.ID, e.At.UTC().Format(time.RFC3339Nano), e.ActorID, e.Channel, e.Entity, e.EntityID, e.Action, e.Field, e.OldValue, e.NewValue}
	if a.names {
		row = append(row, e.ActorName)
	}
	return a.sw.Row(row...)
}

// Close flushes the file.
func (a *AuditCSV) Close() error { return a.sw.Close() }
