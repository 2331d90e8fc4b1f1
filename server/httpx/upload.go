package httpx

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/ingest"
)

// This file holds what the import page and the import API share: receiving
// the files of an import and reading its choices.

// MaxUploadBytes bounds the body of a request that uploads files to import.
const MaxUploadBytes = 512 << 20

// MaxUploadFiles bounds the files of one upload.
const MaxUploadFiles = 100

// maxFieldBytes bounds the form fields that come with uploaded files.
const maxFieldBytes = 64 << 10

// ImportKinds are the kinds a file can be imported as, in the order the
// import page offers them.
var ImportKinds = []ingest.Kind{ingest.KindAccounts, ingest.KindContacts, ingest.KindProducts,
	ingest.KindOrders, ingest.KindInvoices, ingest.KindPayments, ingest.KindOpportunities,
	ingest.KindActivities, ingest.KindUsers}

// Upload is one file a request carried, saved to disk.
type Upload struct {
	Name string // the file's name as the client sent it, without folders
	Path string // where it is saved
	Size int64
}

// Inputs returns uploads as the inputs of an import, each opening its file.
func Inputs(ups []Upload) []ingest.Input {
	out := make([]ingest.Input, len(ups))
	for i, u := range ups {
		out[i] = ingest.Input{Name: u.Name, Size: u.Size, Open: func() (io.ReadCloser, error) { return os.Open(u.Path) }}
	}
	return out
}

// LongRequestTimeout bounds an upload and the synchronous import that
// follows it, in place of the server's read and write timeouts, which suit
// ordinary pages (a 500 MB upload or a 10M-line import takes minutes).
const LongRequestTimeout = 30 * time.Minute

// AllowLongRequest lifts the server's read and write deadlines for this
// request to LongRequestTimeout.
func AllowLongRequest(w http.ResponseWriter) {
	rc := http.NewResponseController(w)
	deadline := time.Now().Add(LongRequestTimeout)
	_ = rc.SetReadDeadline(deadline) // not every ResponseWriter supports deadlines (tests)
	_ = rc.SetWriteDeadline(deadline)
}

// SaveUploads streams a multipart/form-data body into dir: each file part
// named field to a file of its own, in order, and the other parts (64 KB in
// all at most) into values. A file input left empty is skipped. Files with
// the same name are told apart by a number, since the name is how an import
// reports a file.
func SaveUploads(w http.ResponseWriter, r *http.Request, dir, field string) ([]Upload, url.Values, error) {
	AllowLongRequest(w)
	r.Body = http.MaxBytesReader(w, r.Body, MaxUploadBytes)
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, nil, kam.Errorf(kam.EINVALID, "Send the files as multipart/form-data.")
	}
	var ups []Upload
	values := url.Values{}
	fieldBytes := 0
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return ups, values, nil
		}
		if err != nil {
			return ups, values, uploadError(err)
		}
		name := part.FormName()
		switch {
		case part.FileName() == "" && name == field:
			continue // a file input left empty
		case part.FileName() == "":
			b, err := io.ReadAll(io.LimitReader(part, maxFieldBytes+1))
			if fieldBytes += len(b); err == nil && fieldBytes > maxFieldBytes {
				err = kam.Errorf(kam.EINVALID, "The form fields are longer than %d KB.", maxFieldBytes>>10)
			}
			if err != nil {
				return ups, values, uploadError(err)
			}
			values.Add(name, string(b))
			continue
		case name != field:
			return ups, values, kam.FieldError(name, "Send the files in the form field %q, not %q.", field, name)
		}
		if len(ups) == MaxUploadFiles {
			return ups, values, kam.Errorf(kam.EINVALID, "Send at most %d files at a time.", MaxUploadFiles)
		}
		u, err := saveFile(dir, len(ups), uniqueName(ups, part.FileName()), part)
		if err != nil {
			return ups, values, err
		}
		ups = append(ups, u)
	}
}

// SaveBody saves a request's whole body into dir as one file called name.
func SaveBody(w http.ResponseWriter, r *http.Request, dir, name string) (Upload, error) {
	AllowLongRequest(w)
	r.Body = http.MaxBytesReader(w, r.Body, MaxUploadBytes)
	return saveFile(dir, 0, cleanName(name, 0), r.Body)
}

// saveFile copies body to the n-th upload file of dir. The file on disk is
// named by number, so that no client-given name reaches the file system.
func saveFile(dir string, n int, name string, body io.Reader) (Upload, error) {
	u := Upload{Name: name, Path: filepath.Join(dir, fmt.Sprintf("upload-%d", n))}
	f, err := os.Create(u.Path)
	if err != nil {
		return u, fmt.Errorf("save upload: %w", err)
	}
	u.Size, err = io.Copy(f, body)
	if cerr := f.Close(); err == nil && cerr != nil {
		return u, fmt.Errorf("save upload: %w", cerr)
	}
	if err != nil {
		return u, uploadError(err)
	}
	return u, nil
}

// uploadError explains a body that could not be read.
func uploadError(err error) error {
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return kam.Errorf(kam.EINVALID, "The upload is larger than %d MB; import the files in several turns.", MaxUploadBytes>>20)
	case kam.ErrorCode(err) != kam.EINTERNAL:
		return err
	}
	return kam.Errorf(kam.EINVALID, "The upload was cut off (%v); send it again.", err)
}

// unsafeName matches what a file name shown to people should not hold.
var unsafeName = regexp.MustCompile(`[\x00-\x1f\x7f]`)

// cleanName keeps the last element of a client's file name, which browsers
// on Windows may send with its folders, or names the n-th upload.
func cleanName(name string, n int) string {
	name = name[strings.LastIndexAny(name, `/\`)+1:]
	// Control and format characters (such as U+202E, which shows text right
	// to left) could make one file look like another.
	name = strings.Map(func(r rune) rune {
		if unicode.In(r, unicode.Cc, unicode.Cf) {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(unsafeName.ReplaceAllString(name, ""))
	if name == "" || name == "." || name == ".." {
		return fmt.Sprintf("upload-%d", n+1)
	}
	return name
}

// uniqueName is the clean name of the next upload, numbered when an earlier
// one has it: "orders.csv", "orders (2).csv".
func uniqueName(ups []Upload, name string) string {
	name = cleanName(name, len(ups))
	taken := func(s string) bool {
		return slices.ContainsFunc(ups, func(u Upload) bool { return u.Name == s })
	}
	ext := filepath.Ext(name)
	base, out := strings.TrimSuffix(name, ext), name
	for i := 2; taken(out); i++ {
		out = fmt.Sprintf("%s (%d)%s", base, i, ext)
	}
	return out
}

// ImportOptions reads the choices of an import: a kind, or a profile (built
// in or saved, see FindProfile) that tells each file's kind; the system the
// files' ids come from; and the currency of amounts. Errors name the field at
// fault.
func ImportOptions(ctx context.Context, saved SavedProfiles, kind, profile, source, currency string) (ingest.Options, error) {
	opts := ingest.Options{Kind: ingest.Kind(kind), Source: strings.TrimSpace(source), Currency: strings.ToUpper(strings.TrimSpace(currency))}
	if kind != "" && !slices.Contains(ImportKinds, opts.Kind) {
		return opts, kam.FieldError("kind", "There is no import kind %q; use one of %v.", kind, ImportKinds)
	}
	if profile != "" {
		p, err := FindProfile(ctx, saved, profile)
		if err != nil {
			return opts, err
		}
		opts.Profile = p
	}
	if kind == "" && profile == "" {
		return opts, kam.FieldError("kind", "Choose what the files hold, or a profile that tells it from their columns.")
	}
	if c := opts.Currency; c != "" && (len(c) != 3 || strings.Trim(c, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "") {
		return opts, kam.FieldError("currency", "The currency must be a three-letter code such as EUR or USD, not %q.", currency)
	}
	if len(opts.Source) > 100 {
		return opts, kam.FieldError("source", "The source is a short name for the system the files come from, such as erp.")
	}
	return opts, nil
}

// ImportError gives the error of an import the code users act on: a problem
// with a file (its format, its columns) is theirs to fix.
func ImportError(err error) error {
	var fe *ingest.FileError
	if errors.As(err, &fe) {
		return kam.Errorf(kam.EINVALID, "%s", fe.Error())
	}
	return err
}

// ContentTypeExt returns the file extension of a raw upload's media type,
// and false for a type that is not one of an import's formats.
func ContentTypeExt(contentType string) (string, bool) {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return "", false
	}
	ext, ok := map[string]string{
		"text/csv": ".csv", "text/plain": ".csv", "text/tab-separated-values": ".tsv",
		"application/json": ".json", "application/gzip": ".csv.gz", "application/octet-stream": "",
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
	}[mt]
	return ext, ok
}
