package web

import (
	"cmp"
	"maps"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/ingest"
	"github.com/kamhq/kam/server/httpx"
)

// importHistoryRows is how many past imports the imports page lists.
const importHistoryRows = 30

// importsPage is the data of the imports page: the upload form and the
// history of imports.
type importsPage struct {
	layout
	Form     importForm
	Kinds    []option
	Profiles []profileOption // built in
	Saved    []profileOption // saved with kam import --save-profile
	Error    string
	Runs     []runView
}

// importForm is what the upload form was filled in with.
type importForm struct {
	Kind, Profile, Source, Currency string
	DryRun                          bool
}

// profileOption is one profile in the profile select.
type profileOption struct {
	Name, Description string
	Selected          bool
}

// runView is one import of the history.
type runView struct {
	When, Who, Kind, Files, Message string
	DryRun                          bool
	Status                          string // done, failed, running or interrupted
	Counts                          []kindCounts
	URL                             string // the job's page, when it is the viewer's and still known
}

// kindCounts are the counts of one kind in an import, written out.
type kindCounts struct {
	Kind                                       string
	New, Changed, Unchanged, Matched, Rejected string // "" for a zero Matched
	Bad                                        bool   // rows were rejected
}

// countsOf writes out the counts of a run, kind by kind in the order of the
// upload form's kinds.
func countsOf(summary map[string]kam.Counts) []kindCounts {
	rank := func(k string) int {
		if i := slices.Index(httpx.ImportKinds, ingest.Kind(k)); i >= 0 {
			return i
		}
		return len(httpx.ImportKinds)
	}
	kinds := slices.Collect(maps.Keys(summary))
	slices.SortFunc(kinds, func(a, b string) int { return cmp.Or(cmp.Compare(rank(a), rank(b)), strings.Compare(a, b)) })
	out := make([]kindCounts, len(kinds))
	for i, k := range kinds {
		c := summary[k]
		out[i] = kindCounts{Kind: k, New: grouped(c.New), Changed: grouped(c.Changed), Unchanged: grouped(c.Unchanged),
			Rejected: grouped(c.Rejected), Bad: c.Rejected > 0}
		if c.Matched > 0 {
			out[i].Matched = grouped(c.Matched)
		}
	}
	return out
}

// adminOnly returns the principal of an administrator's request; anyone else
// gets the forbidden page and nil.
func (a *App) adminOnly(w http.ResponseWriter, r *http.Request) *kam.Principal {
	return a.admin(w, r, "import data")
}

// Imports serves GET /imports: the upload form and the latest imports.
func (a *App) Imports(w http.ResponseWriter, r *http.Request) {
	if p := a.adminOnly(w, r); p != nil {
		a.renderImports(w, r, p, http.StatusOK, importForm{}, "")
	}
}

// renderImports renders the imports page with the form as filled in and an
// error above it, if any.
func (a *App) renderImports(w http.ResponseWriter, r *http.Request, p *kam.Principal, status int, f importForm, msg string) {
	runs, err := a.importHistory(r, p)
	if err != nil {
		a.Error(w, r, err)
		return
	}
	profiles, err := httpx.ProfileChoices(r.Context(), a.st)
	if err != nil {
		a.Error(w, r, err)
		return
	}
	d := &importsPage{layout: layout{Title: "Imports", Nav: "admin", Tab: "imports"}, Form: f, Error: msg, Runs: runs,
		Kinds: options(httpx.ImportKinds, ingest.Kind(f.Kind))}
	for _, pr := range profiles {
		o := profileOption{Name: pr.Name, Description: capitalize(pr.Description), Selected: pr.Name == f.Profile}
		if pr.Saved {
			d.Saved = append(d.Saved, o)
		} else {
			d.Profiles = append(d.Profiles, o)
		}
	}
	a.render(w, r, status, "imports", d)
}

// importHistory lists the latest imports with who ran them. A run still
// marked running that no job of this process runs was cut off by a restart.
func (a *App) importHistory(r *http.Request, p *kam.Principal) ([]runView, error) {
	runs, err := a.st.FindImportRuns(r.Context(), p, importHistoryRows)
	if err != nil || len(runs) == 0 {
		return nil, err
	}
	users, err := a.st.FindUsers(r.Context(), p)
	if err != nil {
		return nil, err
	}
	names := map[int64]string{}
	for _, u := range users {
		names[u.ID] = u.Name()
	}
	jobs := a.imports.byRun()
	out := make([]runView, 0, len(runs))
	for _, run := range runs {
		v := runView{When: run.StartedAt.Format("2006-01-02 15:04 UTC"), Who: names[run.UserID], Kind: run.Kind,
			Files: run.Files, DryRun: run.DryRun, Status: run.Status, Message: run.Message}
		if v.Who == "" {
			v.Who = "kam (command line)"
		}
		j := jobs[run.ID]
		if j != nil && j.userID == p.UserID {
			v.URL = "/imports/" + j.id
		}
		if run.Status == "running" && (j == nil || !j.isRunning()) {
			v.Status = "interrupted"
		}
		v.Counts = countsOf(run.Summary)
		out = append(out, v)
	}
	return out, nil
}

// UploadImport serves POST /imports: it keeps the uploaded files in a folder
// of their own and shows what the import would make of them, with buttons to
// start a dry run or the import.
func (a *App) UploadImport(w http.ResponseWriter, r *http.Request) {
	p := a.adminOnly(w, r)
	if p == nil {
		return
	}
	dir, err := os.MkdirTemp("", "kam-import-")
	if err != nil {
		a.Error(w, r, err)
		return
	}
	files, values, err := httpx.SaveUploads(w, r, dir, "file")
	f := importForm{Kind: values.Get("kind"), Profile: values.Get("profile"), Source: values.Get("source"),
		Currency: values.Get("currency"), DryRun: values.Get("dry_run") != ""}
	var opts ingest.Options
	if err == nil {
		opts, err = httpx.ImportOptions(r.Context(), a.st, f.Kind, f.Profile, f.Source, f.Currency)
	}
	if err == nil && len(files) == 0 {
		err = kam.FieldError("file", "Choose one or more files to import.")
	}
	if err != nil {
		os.RemoveAll(dir)
		if kam.ErrorCode(err) == kam.EINVALID {
			a.renderImports(w, r, p, http.StatusBadRequest, f, kam.ErrorMessage(err))
		} else {
			a.Error(w, r, err)
		}
		return
	}
	d := &previewPage{layout: layout{Title: "Check the import"}, Choice: describe(f), DryRun: f.DryRun,
		Files: preview(files, opts)}
	status := http.StatusOK
	if d.Blocked() {
		// Nothing can start; the files are uploaded again once fixed.
		os.RemoveAll(dir)
		status = http.StatusBadRequest
	} else {
		d.ID = a.imports.add(&importJob{userID: p.UserID, dir: dir, files: files, opts: opts, choice: d.Choice, dryRun: f.DryRun}).id
	}
	a.render(w, r, status, "import_preview", d)
}

// previewPage is the data of the page that shows what an import would make
// of its files before it starts.
type previewPage struct {
	layout
	ID     string
	Choice string // the kind or profile chosen, in words
	DryRun bool   // a dry run was asked for
	Files  []ingest.FilePreview
}

// preview reads the first rows of each file as the import would. A file's
// problem is shown under its name, so it need not repeat it.
func preview(files []httpx.Upload, opts ingest.Options) []ingest.FilePreview {
	out := ingest.Preview(httpx.Inputs(files), opts, 5)
	for i := range out {
		out[i].Err = capitalize(strings.TrimPrefix(out[i].Err, out[i].Name+": "))
	}
	return out
}

// Blocked reports whether a file has a problem that would stop the import.
func (d *previewPage) Blocked() bool {
	return slices.ContainsFunc(d.Files, func(f ingest.FilePreview) bool { return f.Err != "" })
}

// describe says in words how the files will be read.
func describe(f importForm) string {
	var parts []string
	if f.Kind != "" {
		parts = append(parts, "as "+f.Kind)
	}
	if f.Profile != "" {
		parts = append(parts, "with the profile "+f.Profile)
	}
	if f.Source != "" {
		parts = append(parts, "ids from "+f.Source)
	}
	if f.Currency != "" {
		parts = append(parts, "amounts in "+f.Currency)
	}
	return strings.Join(parts, ", ")
}

// jobURL is the address of a job's page, or of one of its parts.
func jobURL(id string, parts ...string) string {
	return "/imports/" + url.PathEscape(id) + strings.Join(append([]string{""}, parts...), "/")
}

// capitalize upper-cases the first letter of a sentence.
func capitalize(s string) string {
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
