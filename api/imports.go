package api

import (
	"net/http"
	"os"
	"strings"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/ingest"
	"github.com/kamhq/kam/server/httpx"
)

// importParams are the query parameters of POST /api/v1/imports.
var importParams = []string{"kind", "profile", "source", "currency", "dry_run", "name"}

// importRunsParams are the query parameters of GET /api/v1/imports.
var importRunsParams = []string{"limit"}

// importResponse is the outcome of an import.
type importResponse struct {
	Run     *kam.ImportRun `json:"run"`
	Summary importSummary  `json:"summary"`
}

// importSummary is what an import did, by kind, with the first rejected rows.
type importSummary struct {
	Kinds      map[ingest.Kind]*kam.Counts `json:"kinds"`
	Notes      []string                    `json:"notes"`
	Rejects    []ingest.Reject             `json:"rejects"`
	DurationMS int64                       `json:"duration_ms"`
	DryRun     bool                        `json:"dry_run"`
}

// requireAdmin refuses anyone but an administrator with a token that may write.
func requireAdmin(p *kam.Principal) error {
	if !p.IsAdmin() || p.ReadOnly {
		return kam.Errorf(kam.EFORBIDDEN, "Only an administrator may import data, with a token that is not read only.")
	}
	return nil
}

// Import serves POST /api/v1/imports: it imports the files of the request
// and answers when the import is done, with the run as recorded in the
// history and a summary by kind. The files come either as multipart/form-data
// (the field file, repeated for more files) or as the whole body, with the
// Content-Type text/csv, application/json (a Salesforce SObject tree) or the
// XLSX type, named by the parameter name. The parameters kind or profile say
// what the files hold; source, currency and dry_run=true work as in kam
// import. A file the import cannot read is a 400 that says why; rejected rows
// are not errors and are listed in the summary (the first 1,000).
func (h *Handler) Import(w http.ResponseWriter, r *http.Request) {
	p := httpx.Principal(r.Context())
	q := newParams(r.URL.Query(), importParams...)
	dryRun, name := q.boolean("dry_run"), q.str("name")
	err := q.err
	var opts ingest.Options
	if err == nil {
		err = requireAdmin(p)
	}
	if err == nil {
		opts, err = httpx.ImportOptions(r.Context(), h.st, q.str("kind"), q.str("profile"), q.str("source"), q.str("currency"))
		opts.DryRun = dryRun
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	dir, err := os.MkdirTemp("", "kam-api-import-")
	if err != nil {
		h.Error(w, r, err)
		return
	}
	defer os.RemoveAll(dir)
	files, err := receiveFiles(w, r, dir, name)
	if err != nil {
		h.Error(w, r, err)
		return
	}
	sum, run, err := ingest.RunRecorded(r.Context(), h.st, p, httpx.Inputs(files), opts)
	if err != nil {
		h.Error(w, r, httpx.ImportError(err))
		return
	}
	out := importResponse{Run: run, Summary: importSummary{Kinds: sum.Kinds, Notes: sum.Notes, Rejects: sum.Rejects,
		DurationMS: sum.Duration.Milliseconds(), DryRun: sum.DryRun}}
	if out.Summary.Notes == nil {
		out.Summary.Notes = []string{}
	}
	if out.Summary.Rejects == nil {
		out.Summary.Rejects = []ingest.Reject{}
	}
	h.writeJSON(w, r, http.StatusOK, out)
}

// receiveFiles saves the files of an import request into dir.
func receiveFiles(w http.ResponseWriter, r *http.Request, dir, name string) ([]httpx.Upload, error) {
	ct := r.Header.Get("Content-Type")
	if strings.HasPrefix(ct, "multipart/form-data") {
		if name != "" {
			return nil, kam.FieldError("name", "name names a file sent as the whole body; multipart files have their own names.")
		}
		files, values, err := httpx.SaveUploads(w, r, dir, "file")
		for field := range values {
			if err == nil {
				err = kam.FieldError(field, "Unknown form field %q; send the files in the field file and the choices as parameters.", field)
			}
		}
		if err == nil && len(files) == 0 {
			err = kam.FieldError("file", "Send one or more files in the form field file.")
		}
		return files, err
	}
	ext, ok := httpx.ContentTypeExt(ct)
	if !ok {
		return nil, kam.Errorf(kam.EINVALID, "Send the files as multipart/form-data, or one file as the body with the Content-Type text/csv, "+
			"application/json or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, not %q.", ct)
	}
	if name == "" {
		name = "upload" + ext
	}
	u, err := httpx.SaveBody(w, r, dir, name)
	if err != nil {
		return nil, err
	}
	return []httpx.Upload{u}, nil
}

// ListImports serves GET /api/v1/imports: the latest imports, newest first,
// as recorded in the history (limit, 1 to 500, default 50).
func (h *Handler) ListImports(w http.ResponseWriter, r *http.Request) {
	q := newParams(r.URL.Query(), importRunsParams...)
	limit := q.intIn("limit", 50, 1, 500)
	err := q.err
	var runs []*kam.ImportRun
	if err == nil {
		runs, err = h.st.FindImportRuns(r.Context(), httpx.Principal(r.Context()), limit)
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	if runs == nil {
		runs = []*kam.ImportRun{}
	}
	h.writeJSON(w, r, http.StatusOK, listResponse[*kam.ImportRun]{Data: runs})
}
