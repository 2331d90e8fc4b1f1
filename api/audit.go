package api

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
)

// auditParams are the query parameters of GET /api/v1/audit.
var auditParams = []string{"from", "to"}

// auditColumnNames are the columns of the audit export.
var auditColumnNames = []string{"id", "at", "actor_id", "channel", "entity", "entity_id", "action", "field", "old_value", "new_value"}

// History returns the handler of GET /api/v1/{kind}/{id}/history: the
// record's audit entries, newest first (who, when, through web, API or
// import, which field, old and new value). entity names the record kind as
// the audit log does (account, contact, opportunity, case).
func (h *Handler) History(entity string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := pathTarget(r, entity)
		var entries []*kam.AuditEntry
		if err == nil {
			entries, err = h.st.FindAuditEntries(r.Context(), httpx.Principal(r.Context()), entity, id)
		}
		if err != nil {
			h.Error(w, r, err)
			return
		}
		h.writeJSON(w, r, http.StatusOK, listResponse[*kam.AuditEntry]{Data: orEmpty(entries)})
	}
}

// ExportAudit serves GET /api/v1/audit?from=YYYY-MM-DD&to=YYYY-MM-DD: the
// audit log of those days (default the last 30), oldest first, as CSV
// streamed row by row (administrators). The log itself cannot be changed
// through any interface.
func (h *Handler) ExportAudit(w http.ResponseWriter, r *http.Request) {
	q := newParams(r.URL.Query(), auditParams...)
	today := kam.DateOf(h.st.Now())
	from, to := q.date("from", today.AddDays(-30)), q.date("to", today)
	p := httpx.Principal(r.Context())
	if q.err == nil && !p.IsAdmin() {
		q.err = kam.Errorf(kam.EFORBIDDEN, "Only an administrator may export the audit log.")
	}
	if q.err != nil {
		h.Error(w, r, q.err)
		return
	}
	cw := csv.NewWriter(w)
	started := false
	err := h.st.EachAuditEntry(r.Context(), p, from, to, func(e *kam.AuditEntry) error {
		if !started {
			started = true
			writeAuditHead(w, from, to)
			cw.Write(auditColumnNames)
		}
		cw.Write([]string{strconv.FormatInt(e.ID, 10), e.At.Format(time.RFC3339Nano), strconv.FormatInt(e.ActorID, 10), e.Channel,
			e.Entity, strconv.FormatInt(e.EntityID, 10), e.Action, e.Field, e.OldValue, e.NewValue})
		return cw.Error()
	})
	switch {
	case err != nil && !started:
		h.Error(w, r, err)
		return
	case err != nil:
		panic(http.ErrAbortHandler) // a cut answer must not pass for a whole one
	case !started:
		writeAuditHead(w, from, to)
		cw.Write(auditColumnNames)
	}
	cw.Flush()
}

// writeAuditHead writes the headers of the audit export.
func writeAuditHead(w http.ResponseWriter, from, to kam.Date) {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="kam-audit-`+from.String()+`-`+to.String()+`.csv"`)
	w.Header().Set("Cache-Control", "no-store")
}
