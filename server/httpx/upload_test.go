package httpx

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/ingest"
)

func TestSaveUploads(t *testing.T) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("kind", "accounts")
	for _, f := range []struct{ name, body string }{
		{"accounts.csv", "name\nAcme\n"}, {`C:\Users\ada\accounts.csv`, "name\nBeta\n"}, {"", ""}, {"../x.csv", "name\n"},
	} {
		w, _ := mw.CreateFormFile("file", f.name)
		io.WriteString(w, f.body)
	}
	mw.Close()
	r := httptest.NewRequest("POST", "/imports", &body)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	dir := t.TempDir()
	ups, values, err := SaveUploads(httptest.NewRecorder(), r, dir, "file")
	if err != nil {
		t.Fatal(err)
	}
	if values.Get("kind") != "accounts" || len(values) != 1 {
		t.Errorf("values %v", values)
	}
	var names []string
	for _, u := range ups {
		names = append(names, u.Name)
		if !strings.HasPrefix(u.Path, dir) {
			t.Errorf("%s saved outside the folder: %s", u.Name, u.Path)
		}
	}
	if got := strings.Join(names, "|"); got != "accounts.csv|accounts (2).csv|x.csv" {
		t.Errorf("names %q", got)
	}
	if b, _ := os.ReadFile(ups[1].Path); string(b) != "name\nBeta\n" || ups[1].Size != 10 {
		t.Errorf("second file %q, size %d", b, ups[1].Size)
	}
	in := Inputs(ups)[0]
	rc, err := in.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	if b, _ := io.ReadAll(rc); in.Name != "accounts.csv" || string(b) != "name\nAcme\n" {
		t.Errorf("input %s: %q", in.Name, b)
	}
}

func TestImportOptions(t *testing.T) {
	for _, tc := range []struct {
		kind, profile, source, currency string
		field                           string // the field an error names; "" for none
	}{
		{"accounts", "", "erp", "usd", ""},
		{"", "maven-crm", "", "", ""},
		{"orders", "online-retail", "", "GBP", ""},
		{"", "", "", "", "kind"},
		{"widgets", "", "", "", "kind"},
		{"accounts", "sap", "", "", "profile"},
		{"", "crm-accounts", "", "", ""},
		{"", "broken", "", "", "profile"},
		{"accounts", "", "", "euro", "currency"},
		{"accounts", "", strings.Repeat("x", 101), "", "source"},
	} {
		opts, err := ImportOptions(context.Background(), savedProfiles, tc.kind, tc.profile, tc.source, tc.currency)
		if got := kam.ErrorField(err); got != tc.field || (err != nil && kam.ErrorCode(err) != kam.EINVALID) {
			t.Errorf("%+v: error %v", tc, err)
		}
		if err == nil && (opts.Kind != ingest.Kind(tc.kind) || opts.Currency != strings.ToUpper(tc.currency) ||
			(tc.profile != "") != (opts.Profile != nil)) {
			t.Errorf("%+v: options %+v", tc, opts)
		}
	}
}

func TestContentTypeExt(t *testing.T) {
	for ct, want := range map[string]string{
		"text/csv; charset=utf-8": ".csv",
		"application/json":        ".json",
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
		"image/png": "!",
		"":          "!",
	} {
		ext, ok := ContentTypeExt(ct)
		if !ok {
			ext = "!"
		}
		if ext != want {
			t.Errorf("%q: %q, want %q", ct, ext, want)
		}
	}
}

func TestImportError(t *testing.T) {
	err := ImportError(&ingest.FileError{Name: "a.csv", Reason: "the file is empty"})
	if kam.ErrorCode(err) != kam.EINVALID || kam.ErrorMessage(err) != "a.csv: the file is empty" {
		t.Errorf("file error: %v", err)
	}
	if err := ImportError(io.ErrUnexpectedEOF); kam.ErrorCode(err) != kam.EINTERNAL {
		t.Errorf("other error: %v", err)
	}
}

func TestCleanName(t *testing.T) {
	for in, want := range map[string]string{
		"orders.csv": "orders.csv", `C:\data\orders.csv`: "orders.csv", "a/b/c.xlsx": "c.xlsx",
		" bell\a.csv ": "bell.csv", "": "upload-3", "..": "upload-3",
	} {
		if got := cleanName(in, 2); got != want {
			t.Errorf("cleanName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestImportKindsAreAll keeps the kinds offered in step with what ingest
// imports.
func TestImportKindsAreAll(t *testing.T) {
	if len(ImportKinds) != len(ingest.Fields) {
		t.Errorf("ImportKinds lists %d kinds; ingest imports %d", len(ImportKinds), len(ingest.Fields))
	}
	for _, k := range ImportKinds {
		if _, ok := ingest.Fields[k]; !ok {
			t.Errorf("ingest does not import %s", k)
		}
	}
}

func TestCleanNameDropsDirectionOverrides(t *testing.T) {
	if got := cleanName("invoice\u202efdp.csv", 0); got != "invoicefdp.csv" {
		t.Errorf("cleanName with U+202E = %q", got)
	}
}
