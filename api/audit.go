package api

import (
	"net/http"
	"strings"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/export"
	"github.com/kamhq/kam/server/httpx"
	"github.com/kamhq/kam/store"
)

// auditParams are the query parameters of GET /api/v1/audit.
var auditParams = []string{"from", "to"}

// historyParams are the query parameters of GET /api/v1/{kind}/{id}/history.
var historyParams = []string{"limit", "after"}

// History returns the handler of GET /api/v1/{kind}/{id}/history: one page
// of the record's audit entries, newest first (who, when, through web, API
// or import, which field, old and new value). entity names the record kind
// as the audit log does (one of store.HistoryEntities).
func (h *Handler) History(entity string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q := newParams(r.URL.Query(), historyParams...)
		f := store.HistoryFilter{Limit: q.intIn("limit", 50, 1, 500), After: q.str("after")}
		id, ok := httpx.PathID(r, "id")
		if !ok {
			q.fail(kam.FieldError("id", "The %s id must be a positive whole number, not %q.", strings.ReplaceAll(entity, "_", " "), r.PathValue("id")))
		}
		var page *store.HistoryPage
		err := q.err
		if err == nil {
			page, err = h.st.FindHistory(r.Context(), httpx.Principal(r.Context()), entity, id, f)
		}
		if err != nil {
			h.Error(w, r, err)
			return
		}
		h.writeJSON(w, r, http.StatusOK, listResponse[*kam.AuditEntry]{Data: page.Entries, NextCursor: page.Next})
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
	var out *export.AuditCSV
	start := func() error {
		writeAuditHead(w, from, to)
		var err error
		out, err = export.NewAuditCSV(w, false)
		return err
	}
	err := h.st.EachAuditEntry(r.Context(), p, from, to, func(e *kam.AuditEntry) error {
		if out == nil {
			if err := start(); err != nil {
				return err
			}
		}
		return out.Write(e)
	})
	switch {
	case err != nil && out == nil:
		h.Error(w, r, err)
		return
	case err != nil:
		panic(http.ErrAbortHandler) // a cut answer must not pass for a whole one
	case out == nil:
		err = start()
	}
	if err == nil {
		err = out.Close()
	}
	if err != nil {
		panic(http.ErrAbortHandler)
	}
}

// writeAuditHead writes the headers of the audit export.
func writeAuditHead(w http.ResponseWriter, from, to kam.Date) {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="kam-audit-`+from.String()+`-`+to.String()+`.csv"`)
	w.Header().Set("Cache-Control", "no-store")
}
