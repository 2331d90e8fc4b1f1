package server_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// accountsCSV holds three good accounts and, on line 4, one with a status
// kam does not know.
const accountsCSV = "id,name,country,status\n" +
	"A-1,Acme Oy,FI,active\n" +
	"A-2,Beta AB,SE,\n" +
	"A-3,Gamma GmbH,DE,sleeping\n" +
	"A-4,Delta SARL,FR,prospect\n"

// importFixture is the server fixture with two administrators, and API tokens
// of the first: one that may write and one that may only read.
type importFixture struct {
	*fixture
	adminToken, readOnlyAdmin string
}

func newImportFixture(t *testing.T, s *store.Store) *importFixture {
	t.Helper()
	// Uploads go to temporary folders; keep them inside the test's.
	t.Setenv("TMPDIR", t.TempDir())
	f := &importFixture{fixture: newFixture(t, s)}
	ctx, sys := context.Background(), kam.System()
	for _, name := range []string{"admin", "admin2"} {
		must(t, s.CreateUser(ctx, sys, &kam.User{Username: name, DisplayName: "Ada " + name, Role: kam.RoleAdmin}, testPassword))
	}
	var err error
	_, f.adminToken, err = s.CreateToken(ctx, sys, "admin", "imports", false, nil)
	must(t, err)
	_, f.readOnlyAdmin, err = s.CreateToken(ctx, sys, "admin", "reads", true, nil)
	must(t, err)
	return f
}

// file is one file of a multipart upload.
type file struct{ name, body string }

// multipartBody sends fields and files as multipart/form-data, the files in
// the field "file", as a browser on the same site does.
func multipartBody(fields url.Values, files ...file) option {
	return func(r *http.Request) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		for name, vs := range fields {
			for _, v := range vs {
				mw.WriteField(name, v)
			}
		}
		for _, f := range files {
			w, _ := mw.CreateFormFile("file", f.name)
			io.WriteString(w, f.body)
		}
		mw.Close()
		r.Body = io.NopCloser(&buf)
		r.ContentLength = int64(buf.Len())
		r.Header.Set("Content-Type", mw.FormDataContentType())
		r.Header.Set("Sec-Fetch-Site", "same-origin")
	}
}

// rawBody sends body as the whole request body with a Content-Type.
func rawBody(contentType, body string) option {
	return func(r *http.Request) {
		r.Body = io.NopCloser(strings.NewReader(body))
		r.ContentLength = int64(len(body))
		r.Header.Set("Content-Type", contentType)
	}
}

// wantBody fails the test unless body has every string.
func wantBody(t *testing.T, body string, want ...string) {
	t.Helper()
	for _, s := range want {
		if !strings.Contains(body, s) {
			t.Errorf("body lacks %q\n%s", s, body)
		}
	}
}

// wantPage fails the test unless a response has the status and every string.
func wantPage(t *testing.T, w *httptest.ResponseRecorder, status int, want ...string) string {
	t.Helper()
	if w.Code != status {
		t.Fatalf("status %d, want %d\n%s", w.Code, status, w.Body)
	}
	wantBody(t, w.Body.String(), want...)
	return w.Body.String()
}

var startAction = regexp.MustCompile(`action="/imports/([A-Z2-7]+)/start"`)

// TestImportPages walks an administrator through an import on the web:
// upload, preview of the mapping, start, progress until done, the summary,
// the rejected row and its download; and keeps everyone else out.
func TestImportPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newImportFixture(t, s)
		admin, admin2, am1 := f.login(t, "admin"), f.login(t, "admin2"), f.login(t, "am1")

		w := f.do(t, "GET", "/imports", cookie(admin))
		wantPage(t, w, 200, `enctype="multipart/form-data"`, `name="file" multiple`,
			"— from the profile —", `<option value="opportunities">`, "maven-crm", "Maven Analytics CRM", `name="dry_run"`,
			"No imports yet.", `<a href="/imports" aria-current="page">Imports</a>`)
		if body := f.do(t, "GET", "/", cookie(am1)).Body.String(); strings.Contains(body, `href="/imports"`) {
			t.Error("an account manager's top bar links the imports")
		}

		w = f.do(t, "POST", "/imports", cookie(admin), multipartBody(url.Values{"kind": {"accounts"}}))
		wantPage(t, w, 400, "Choose one or more files")

		w = f.do(t, "POST", "/imports", cookie(admin), multipartBody(url.Values{"kind": {"accounts"}},
			file{"accounts.csv", accountsCSV}))
		wantPage(t, w, 400, "Its ids (column id) are another system&#39;s: name that system as the source")
		w = f.do(t, "POST", "/imports", cookie(admin), multipartBody(url.Values{"kind": {"accounts"}, "source": {"crm"}},
			file{"ids.csv", "id,country\nA-9,FI\n"}, file{"accounts.csv", accountsCSV}))
		wantPage(t, w, 400, "ids.csv", `<p class="alert" role="alert">No column for name`, "Acme Oy", "Upload other files")
		if startAction.MatchString(w.Body.String()) {
			t.Error("a file that cannot be imported can be started")
		}

		w = f.do(t, "POST", "/imports", cookie(admin), multipartBody(url.Values{"kind": {"accounts"}, "source": {"crm"}},
			file{"accounts.csv", accountsCSV}))
		wantPage(t, w, 200, "accounts.csv", "csv", "<code>external_id</code>", "<code>status</code>",
			"Acme Oy", "Gamma GmbH", "Nothing has been written yet", `value="dry_run"`, `value="import"`)
		m := startAction.FindStringSubmatch(w.Body.String())
		if m == nil {
			t.Fatal("the preview has no start form")
		}
		job := "/imports/" + m[1]
		if n := count(t, s); n != 7 {
			t.Fatalf("the preview wrote: %d accounts", n)
		}

		// Only the administrator who uploaded the files may see or start the job.
		for _, tc := range []struct {
			name, sess, method, path string
			status                   int
		}{
			{"another admin's job", admin2, "GET", job, 404},
			{"another admin starts it", admin2, "POST", job + "/start", 404},
			{"an account manager's imports page", am1, "GET", "/imports", 403},
			{"an account manager uploads", am1, "POST", "/imports", 403},
			{"an account manager's look at the job", am1, "GET", job, 403},
			{"unknown job", admin, "GET", "/imports/NOSUCHJOB", 404},
			{"no rejects before a run", admin, "GET", job + "/rejects/0", 404},
		} {
			w := f.do(t, tc.method, tc.path, cookie(tc.sess), multipartBody(url.Values{"kind": {"accounts"}, "mode": {"import"}},
				file{"a.csv", accountsCSV}))
			if w.Code != tc.status {
				t.Errorf("%s: status %d, want %d", tc.name, w.Code, tc.status)
			}
		}

		// A dry run first, then the import of the same files.
		for _, mode := range []string{"dry_run", "import"} {
			w = f.do(t, "POST", job+"/start", cookie(admin), form(url.Values{"mode": {mode}}), header("Sec-Fetch-Site", "same-origin"))
			if w.Code != http.StatusSeeOther || w.Header().Get("Location") != job {
				t.Fatalf("start %s: %d to %q", mode, w.Code, w.Header().Get("Location"))
			}
			done := pollJob(t, f.fixture, job, admin)
			wantBody(t, done, "accounts: 3 new, 0 changed, 0 unchanged, 1 rows rejected",
				"Rejected rows", "sleeping", `href="`+job+`/rejects/0"`, "Download the rejected rows of accounts.csv")
			if mode == "dry_run" {
				wantBody(t, done, "Dry run done", "a dry run writes nothing", `value="import"`)
				if n := count(t, s); n != 7 {
					t.Fatalf("the dry run wrote: %d accounts", n)
				}
			} else {
				wantBody(t, done, "Import done")
			}
		}
		if n := count(t, s); n != 10 {
			t.Errorf("%d accounts after the import, want 10", n)
		}

		w = f.do(t, "GET", job+"/rejects/0", cookie(admin))
		if w.Code != 200 || w.Header().Get("Content-Disposition") != `attachment; filename=accounts.rejects.csv` {
			t.Fatalf("rejects: %d %v", w.Code, w.Header())
		}
		rows, err := csv.NewReader(w.Body).ReadAll()
		must(t, err)
		if len(rows) != 2 || strings.Join(rows[0], ",") != "id,name,country,status,kam_line,kam_error" ||
			strings.Join(rows[1][:5], ",") != "A-3,Gamma GmbH,DE,sleeping,4" || !strings.Contains(rows[1][5], `status "sleeping"`) {
			t.Errorf("rejects file %q", rows)
		}

		w = f.do(t, "GET", "/imports", cookie(admin))
		wantPage(t, w, 200, "Ada admin", "accounts.csv", "Done", "3 new", "1 rejected", `href="`+job+`"`)
		if strings.Contains(w.Body.String(), "No imports yet.") {
			t.Error("the history is empty")
		}

		// A run marked running that no job of this server runs was cut off.
		must(t, s.StartImportRun(context.Background(), kam.System(), &kam.ImportRun{Kind: "orders", Files: "old.csv"}))
		w = f.do(t, "GET", "/imports", cookie(admin))
		wantPage(t, w, 200, "old.csv", "Interrupted — run it again to complete it.")
	})
}

// pollJob reloads a job's page, as its refresh tag does, until the import
// is over, and returns the last page.
func pollJob(t *testing.T, f *fixture, job, sess string) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		w := f.do(t, "GET", job, cookie(sess))
		body := w.Body.String()
		if w.Code != 200 {
			t.Fatalf("job page: status %d\n%s", w.Code, body)
		}
		if !strings.Contains(body, `http-equiv="refresh"`) {
			return body
		}
		if time.Now().After(deadline) {
			t.Fatalf("the import did not finish\n%s", body)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// count returns how many accounts there are.
func count(t *testing.T, s *store.Store) int {
	t.Helper()
	page, err := s.FindAccounts(context.Background(), kam.System(), kam.AccountFilter{Limit: 500})
	must(t, err)
	return len(page.Accounts)
}

// importResult is the body of POST /api/v1/imports.
type importResult struct {
	Run     kam.ImportRun `json:"run"`
	Summary struct {
		Kinds   map[string]kam.Counts `json:"kinds"`
		Notes   []string              `json:"notes"`
		Rejects []struct {
			File, Column, Reason string
			Line                 int
		} `json:"rejects"`
		DryRun bool `json:"dry_run"`
	} `json:"summary"`
}

// TestImportAPI imports through the API: counts, a repeat that changes
// nothing, a dry run, the history, and the refusals.
func TestImportAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newImportFixture(t, s)
		post := func(path string, opts ...option) (importResult, *apiBody) {
			t.Helper()
			w := f.do(t, "POST", path, append([]option{bearer(f.adminToken)}, opts...)...)
			if w.Code != 200 {
				b := decode(t, w)
				return importResult{}, &b
			}
			var res importResult
			must(t, json.Unmarshal(w.Body.Bytes(), &res))
			return res, nil
		}
		res, errBody := post("/api/v1/imports?kind=accounts&source=crm&name=accounts.csv", rawBody("text/csv", accountsCSV))
		if errBody != nil {
			t.Fatalf("import: %+v", errBody.Error)
		}
		if c := res.Summary.Kinds["accounts"]; c != (kam.Counts{New: 3, Rejected: 1}) || res.Run.Status != "done" || res.Run.Files != "accounts.csv" {
			t.Fatalf("first import: %+v, run %+v", c, res.Run)
		}
		if r := res.Summary.Rejects; len(r) != 1 || r[0].Line != 4 || r[0].Column != "status" || r[0].File != "accounts.csv" {
			t.Errorf("rejects %+v", r)
		}
		res, errBody = post("/api/v1/imports?kind=accounts&source=crm", multipartBody(nil, file{"accounts.csv", accountsCSV}))
		if c := res.Summary.Kinds["accounts"]; errBody != nil || c != (kam.Counts{Unchanged: 3, Rejected: 1}) {
			t.Fatalf("second import: %+v %+v", c, errBody)
		}
		changed := strings.Replace(accountsCSV, "Beta AB,SE,", "Beta AB,SE,at_risk", 1)
		res, _ = post("/api/v1/imports?kind=accounts&source=crm&dry_run=true", rawBody("text/csv", changed))
		if c := res.Summary.Kinds["accounts"]; !res.Summary.DryRun || !res.Run.DryRun || c != (kam.Counts{Changed: 1, Unchanged: 2, Rejected: 1}) {
			t.Errorf("dry run: %+v", res.Summary)
		}
		if n := count(t, s); n != 10 {
			t.Errorf("%d accounts, want 10", n)
		}

		w := f.do(t, "GET", "/api/v1/imports", bearer(f.adminToken))
		var runs []kam.ImportRun
		if b := decode(t, w); w.Code != 200 || json.Unmarshal(b.Data, &runs) != nil || len(runs) != 3 ||
			!runs[0].DryRun || runs[2].Summary["accounts"].New != 3 {
			t.Errorf("history: %d %s", w.Code, w.Body)
		}

		for _, tc := range []struct {
			name, method, path, token string
			opts                      []option
			status                    int
			code, field, msg          string
		}{
			{"an account manager's token", "POST", "/api/v1/imports?kind=accounts", f.readToken, nil, 403, "forbidden", "", "administrator"},
			{"a read-only admin token", "POST", "/api/v1/imports?kind=accounts", f.readOnlyAdmin, nil, 403, "forbidden", "", "read only"},
			{"an account manager's history", "GET", "/api/v1/imports", f.readToken, nil, 403, "forbidden", "", ""},
			{"unknown parameter", "POST", "/api/v1/imports?kind=accounts&dryrun=true", f.adminToken, nil, 400, "invalid", "dryrun", "Unknown parameter"},
			{"unknown kind", "POST", "/api/v1/imports?kind=widgets", f.adminToken, nil, 400, "invalid", "kind", "widgets"},
			{"no kind or profile", "POST", "/api/v1/imports", f.adminToken, []option{rawBody("text/csv", accountsCSV)}, 400, "invalid", "kind", "profile"},
			{"unknown profile", "POST", "/api/v1/imports?profile=sap", f.adminToken, nil, 400, "invalid", "profile", "maven-crm"},
			{"no files", "POST", "/api/v1/imports?kind=accounts", f.adminToken, []option{multipartBody(nil)}, 400, "invalid", "file", ""},
			{"a body of no known type", "POST", "/api/v1/imports?kind=accounts", f.adminToken, []option{rawBody("image/png", "x")}, 400, "invalid", "", "text/csv"},
			{"a JSON file that is no SObject tree", "POST", "/api/v1/imports?kind=accounts&name=a.json", f.adminToken,
				[]option{rawBody("application/json", `{"a": 1}`)}, 400, "invalid", "", "a.json: a JSON file must be a Salesforce SObject tree"},
			{"a file without the name column", "POST", "/api/v1/imports?kind=accounts", f.adminToken,
				[]option{rawBody("text/csv", "id,country\nA-9,FI\n")}, 400, "invalid", "", "upload.csv"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				w := f.do(t, tc.method, tc.path, append([]option{bearer(tc.token)}, tc.opts...)...)
				b := decode(t, w)
				if w.Code != tc.status || b.Error == nil || b.Error.Code != tc.code || b.Error.Field != tc.field ||
					!strings.Contains(b.Error.Message, tc.msg) {
					t.Errorf("%d %s", w.Code, w.Body)
				}
			})
		}
	})
}
