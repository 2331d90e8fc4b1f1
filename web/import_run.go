package web

import (
	"fmt"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/ingest"
	"github.com/kamhq/kam/server/httpx"
)

// shownRejects is how many rejected rows the job page lists; the rejects
// files have them all.
const shownRejects = 50

// job returns the signed-in administrator's job named in the path, or
// answers not found.
func (a *App) job(w http.ResponseWriter, r *http.Request) (*importJob, *kam.Principal) {
	p := a.adminOnly(w, r)
	if p == nil {
		return nil, nil
	}
	j := a.imports.get(r.PathValue("job"), p.UserID)
	if j == nil {
		a.Error(w, r, kam.Errorf(kam.ENOTFOUND, "This import is not known, or its files were deleted after an hour. Upload the files again."))
	}
	return j, p
}

// StartImport serves POST /imports/{job}/start: it starts a dry run
// (mode=dry_run) or the import (mode=import) of the job's files in the
// background and redirects to the job's page, which follows it.
func (a *App) StartImport(w http.ResponseWriter, r *http.Request) {
	j, p := a.job(w, r)
	if j == nil {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		a.Error(w, r, kam.Errorf(kam.EINVALID, "The form could not be read; reload the page and try again."))
		return
	}
	mode := r.PostForm.Get("mode")
	if mode != "dry_run" && mode != "import" {
		a.Error(w, r, kam.FieldError("mode", "Start a dry run or the import with one of the page's buttons."))
		return
	}
	j.start(r.Context(), a.st, p, mode == "dry_run", func(err error) {
		if err = httpx.ImportError(err); kam.ErrorCode(err) == kam.EINTERNAL {
			a.log.Error("import failed", "job", j.id, "user", p.Username, "err", err)
		}
	})
	http.Redirect(w, r, jobURL(j.id), http.StatusSeeOther)
}

// jobPage is the data of a job's page: a running import's progress, or a
// finished one's summary.
type jobPage struct {
	layout
	ID        string
	Running   bool
	DryRun    bool
	Elapsed   string
	Files     []fileProgress
	Lines     []string
	Notes     []string
	Rejected  int    // rows rejected in all
	RejectedN string // the same, written out
	Rejects   []ingest.Reject
	Downloads []download
	Failed    string
}

// fileProgress is how far a running import has read one file.
type fileProgress struct {
	Name    string
	Started bool
	Done    bool
	Rows    string
	Rate    string
	Percent int // -1 when the file's size is unknown
	ETA     string
}

// download links one input's rejects file.
type download struct{ Name, URL string }

// ImportJob serves GET /imports/{job}: the progress of a running import,
// refreshed every second, then its summary, rejected rows and rejects files.
// A job that has not run yet shows its preview again.
func (a *App) ImportJob(w http.ResponseWriter, r *http.Request) {
	j, _ := a.job(w, r)
	if j == nil {
		return
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if !j.running && !j.ran {
		a.render(w, r, http.StatusOK, "import_preview", &previewPage{layout: layout{Title: "Check the import"},
			ID: j.id, Choice: j.choice, DryRun: j.dryRun, Files: preview(j.files, j.opts)})
		return
	}
	d := &jobPage{ID: j.id, Running: j.running, DryRun: j.lastRun, Elapsed: time.Since(j.started).Round(time.Second).String()}
	switch {
	case j.running:
		d.Title, d.Refresh = "Importing…", 1
		if j.lastRun {
			d.Title = "Dry run…"
		}
		for _, f := range j.files {
			d.Files = append(d.Files, progressOf(f.Name, j.progress))
		}
	case j.err != nil:
		d.Title, d.Failed = "Import failed", failureMessage(j.err)
	case j.lastRun:
		d.Title = "Dry run done"
	default:
		d.Title = "Import done"
	}
	if j.sum != nil && !j.running {
		d.Lines, d.Notes, d.Rejects = j.sum.Lines(), j.sum.Notes, j.sum.Rejects[:min(len(j.sum.Rejects), shownRejects)]
		d.Elapsed = j.sum.Duration.Round(10 * time.Millisecond).String()
		for _, c := range j.sum.Kinds {
			d.Rejected += c.Rejected
		}
		d.RejectedN = grouped(d.Rejected)
		for n, f := range j.files {
			if _, ok := j.rejects[n]; ok {
				d.Downloads = append(d.Downloads, download{Name: f.Name, URL: jobURL(j.id, "rejects", strconv.Itoa(n))})
			}
		}
	}
	a.render(w, r, http.StatusOK, "import_job", d)
}

// progressOf describes a file's progress from the import's last report on
// it. The speed is the one of the report; the time left counts down from it.
func progressOf(name string, reports map[string]report) fileProgress {
	p, ok := reports[name]
	fp := fileProgress{Name: name, Started: ok, Done: p.Done, Rows: grouped(p.Rows), Percent: -1}
	if !ok {
		return fp
	}
	elapsed := p.at.Sub(p.StartedAt)
	if s := elapsed.Seconds(); s > 0 {
		fp.Rate = grouped(int(float64(p.Rows)/s)) + " rows/s"
	}
	if p.Size > 0 && p.Bytes > 0 {
		frac := min(float64(p.Bytes)/float64(p.Size), 1)
		fp.Percent = int(frac * 100)
		if left := time.Duration(float64(elapsed)/frac*(1-frac)) - time.Since(p.at); !p.Done && left > 0 {
			fp.ETA = left.Round(time.Second).String()
		}
	}
	return fp
}

// failureMessage is what an administrator reads of a failed import. The
// history of imports keeps the same text.
func failureMessage(err error) string {
	err = httpx.ImportError(err)
	if kam.ErrorCode(err) == kam.EINTERNAL {
		return err.Error()
	}
	return kam.ErrorMessage(err)
}

// grouped writes n with thousands separators: 1,234,567.
func grouped(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		return "-" + s
	}
	return s
}

// ImportRejects serves GET /imports/{job}/rejects/{n}: the rejected rows of
// the job's n-th file (XLSX for an XLSX input, CSV otherwise), with the
// columns kam_line and kam_error, named after the file: orders.csv gives
// orders.rejects.csv.
func (a *App) ImportRejects(w http.ResponseWriter, r *http.Request) {
	j, _ := a.job(w, r)
	if j == nil {
		return
	}
	n, err := strconv.Atoi(r.PathValue("n"))
	j.mu.Lock()
	path, ok := j.rejects[n]
	ok = ok && err == nil && !j.running
	var name string
	if ok {
		name = ingest.RejectsName(j.files[n].Name, ".rejects"+filepath.Ext(path))
	}
	j.mu.Unlock()
	if !ok {
		a.Error(w, r, kam.Errorf(kam.ENOTFOUND, "This import has no rejects file %q.", r.PathValue("n")))
		return
	}
	f, err := os.Open(path)
	if err != nil {
		a.Error(w, r, fmt.Errorf("open rejects file: %w", err))
		return
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		a.Error(w, r, fmt.Errorf("open rejects file: %w", err))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	if strings.HasSuffix(path, ".xlsx") {
		h.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	}
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	h.Set("Cache-Control", "no-store")
	http.ServeContent(w, r, name, info.ModTime(), f)
}
