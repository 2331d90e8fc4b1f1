package web

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/kamhq/kam/ingest"
)

func TestGrouped(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 135080: "135,080", 1234567: "1,234,567", -4500: "-4,500"} {
		if got := grouped(n); got != want {
			t.Errorf("grouped(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestProgressOf(t *testing.T) {
	at := time.Now()
	reports := map[string]report{
		"big.csv":   {ingest.Progress{File: "big.csv", Rows: 5000, Bytes: 250, Size: 1000, StartedAt: at.Add(-10 * time.Second)}, at},
		"small.csv": {ingest.Progress{File: "small.csv", Rows: 20000, Bytes: 900, StartedAt: at.Add(-4 * time.Second), Done: true}, at},
	}
	got := progressOf("big.csv", reports)
	if want := (fileProgress{Name: "big.csv", Started: true, Rows: "5,000", Rate: "500 rows/s", Percent: 25, ETA: "30s"}); got != want {
		t.Errorf("a quarter read: %+v, want %+v", got, want)
	}
	got = progressOf("small.csv", reports)
	if want := (fileProgress{Name: "small.csv", Started: true, Done: true, Rows: "20,000", Rate: "5,000 rows/s", Percent: -1}); got != want {
		t.Errorf("done, size unknown: %+v, want %+v", got, want)
	}
	if got := progressOf("next.csv", reports); got.Started || got.Percent != -1 {
		t.Errorf("not yet started: %+v", got)
	}
}

// TestImportJobs checks that a job is its user's only, that each user keeps
// at most maxJobsPerUser, and that idle jobs expire with their files.
func TestImportJobs(t *testing.T) {
	js := newImportJobs()
	newJob := func(user int64) *importJob {
		dir, err := os.MkdirTemp(t.TempDir(), "job")
		if err != nil {
			t.Fatal(err)
		}
		return js.add(&importJob{userID: user, dir: dir})
	}
	gone := func(j *importJob) bool {
		_, err := os.Stat(j.dir)
		return os.IsNotExist(err)
	}
	first := newJob(1)
	if js.get(first.id, 1) != first || js.get(first.id, 2) != nil || js.get("nope", 1) != nil {
		t.Fatal("a job is found by its id for its user only")
	}
	running := newJob(1)
	running.running = true
	for range maxJobsPerUser { // one more idle job than a user keeps
		newJob(1)
	}
	other := newJob(2)
	if js.get(first.id, 1) != nil || !gone(first) {
		t.Error("the oldest idle job was kept beyond the limit")
	}
	if js.get(running.id, 1) == nil || js.get(other.id, 2) == nil {
		t.Error("a running job or another user's job was dropped")
	}

	other.idleFrom = time.Now().Add(-importJobTTL - time.Minute)
	running.idleFrom = other.idleFrom
	if js.get(other.id, 2) != nil || !gone(other) {
		t.Error("an expired job was kept")
	}
	if js.get(running.id, 1) == nil || gone(running) {
		t.Error("a running job expired")
	}
}

// TestImportTemplates renders the job page in each of its states.
func TestImportTemplates(t *testing.T) {
	as, err := loadAssets()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		page string
		data page
		want []string
	}{
		{"running", "import_job", &jobPage{layout: layout{Title: "Importing…", Refresh: 1}, ID: "J", Running: true, Elapsed: "3s",
			Files: []fileProgress{{Name: "a.csv", Started: true, Rows: "5,000", Rate: "500 rows/s", Percent: 25, ETA: "30s"}, {Name: "b.csv", Percent: -1}}},
			[]string{`<meta http-equiv="refresh" content="1">`, `<progress max="100" value="25">`, "30s", "Waiting"}},
		{"failed", "import_job", &jobPage{layout: layout{Title: "Import failed"}, ID: "J", Failed: "a.csv: the file is empty"},
			[]string{"The import stopped:", "a.csv: the file is empty", "Back to imports"}},
		{"dry run done", "import_job", &jobPage{layout: layout{Title: "Dry run done"}, ID: "J", DryRun: true, Elapsed: "1s",
			Lines: []string{"accounts: 1 new, 0 changed, 0 unchanged, 1 rows rejected"}, Rejected: 60, RejectedN: "60",
			Rejects:   []ingest.Reject{{File: "a.csv", Line: 3, Column: "status", Reason: "bad"}},
			Downloads: []download{{Name: "a.csv", URL: "/imports/J/rejects/0"}}},
			[]string{"a dry run writes nothing", `action="/imports/J/start"`, `href="/imports/J/rejects/0"`, "The first 1 of 60"}},
		{"blocked preview", "import_preview", &previewPage{layout: layout{Title: "Check the import"},
			Files: []ingest.FilePreview{{Name: "a.csv", Format: "csv", Err: "No column for name"}}},
			[]string{`<p class="alert" role="alert">No column for name`, "Upload other files"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf strings.Builder
			if err := as.execute(&buf, tc.page, tc.data); err != nil {
				t.Fatal(err)
			}
			for _, s := range tc.want {
				if !strings.Contains(buf.String(), s) {
					t.Errorf("page lacks %q\n%s", s, buf.String())
				}
			}
			if tc.name != "running" && strings.Contains(buf.String(), "refresh") {
				t.Error("a page that follows nothing refreshes")
			}
		})
	}
}
