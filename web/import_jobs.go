package web

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/ingest"
	"github.com/kamhq/kam/server/httpx"
)

const (
	// importJobTTL is how long an import job and its files are kept after
	// the upload or the end of its last run.
	importJobTTL = time.Hour
	// maxJobsPerUser bounds the jobs one user keeps; beyond it the oldest
	// idle one is dropped with its files.
	maxJobsPerUser = 10
)

// importJobs are the imports of this process: uploaded files waiting between
// preview and start, running imports and their outcome. They live in memory,
// because a job is the files on this machine's disk and the goroutine that
// reads them; the history of runs is in the database.
type importJobs struct {
	mu   sync.Mutex
	jobs map[string]*importJob
}

func newImportJobs() *importJobs {
	return &importJobs{jobs: map[string]*importJob{}}
}

// importJob is one upload and its runs (a dry run, then the import).
type importJob struct {
	id     string
	userID int64
	dir    string // the temporary folder of the uploads and rejects files
	files  []httpx.Upload
	opts   ingest.Options
	choice string // the kind or profile chosen, in words
	dryRun bool   // the choice made on the upload form

	mu       sync.Mutex
	running  bool
	ran      bool // a run has finished
	lastRun  bool // the last or current run is a dry run
	runID    int64
	started  time.Time
	idleFrom time.Time         // upload or end of the last run, for expiry
	progress map[string]report // by file name
	sum      *ingest.Summary
	err      error
	rejects  map[int]string // input index → rejects file, once written
}

// add registers a new job of uploaded files, giving it its id.
func (js *importJobs) add(j *importJob) *importJob {
	j.id, j.idleFrom = rand.Text(), time.Now()
	userID := j.userID
	js.mu.Lock()
	defer js.mu.Unlock()
	js.sweep(time.Now())
	var idle []*importJob
	for _, o := range js.jobs {
		if o.userID == userID && !o.isRunning() {
			idle = append(idle, o)
		}
	}
	slices.SortFunc(idle, func(a, b *importJob) int { return a.idleSince().Compare(b.idleSince()) })
	for len(idle) >= maxJobsPerUser {
		js.drop(idle[0])
		idle = idle[1:]
	}
	js.jobs[j.id] = j
	time.AfterFunc(importJobTTL+time.Minute, func() {
		js.mu.Lock()
		defer js.mu.Unlock()
		js.sweep(time.Now())
	})
	return j
}

// get returns a job of the user, or nil: another user's job is as absent
// as an expired one.
func (js *importJobs) get(id string, userID int64) *importJob {
	js.mu.Lock()
	defer js.mu.Unlock()
	js.sweep(time.Now())
	if j := js.jobs[id]; j != nil && j.userID == userID {
		return j
	}
	return nil
}

// byRun returns the jobs of this process by the import run they recorded.
func (js *importJobs) byRun() map[int64]*importJob {
	js.mu.Lock()
	defer js.mu.Unlock()
	out := map[int64]*importJob{}
	for _, j := range js.jobs {
		j.mu.Lock()
		if j.runID != 0 {
			out[j.runID] = j
		}
		j.mu.Unlock()
	}
	return out
}

// sweep drops the idle jobs older than importJobTTL. The caller holds js.mu.
func (js *importJobs) sweep(now time.Time) {
	for _, j := range js.jobs {
		if !j.isRunning() && now.Sub(j.idleSince()) > importJobTTL {
			js.drop(j)
		}
	}
}

// drop forgets a job and deletes its files. The caller holds js.mu.
func (js *importJobs) drop(j *importJob) {
	delete(js.jobs, j.id)
	os.RemoveAll(j.dir)
}

func (j *importJob) isRunning() bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.running
}

func (j *importJob) idleSince() time.Time {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.idleFrom
}

// start runs the job's import in the background as p, unless it is running
// already. The run outlives the request that started it and is recorded in
// the history of imports under the web channel.
func (j *importJob) start(ctx context.Context, svc kam.ImportService, p *kam.Principal, dryRun bool, done func(error)) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.running {
		return
	}
	j.running, j.lastRun, j.runID, j.started = true, dryRun, 0, time.Now()
	j.progress, j.sum, j.err, j.rejects = map[string]report{}, nil, nil, map[int]string{}
	opts := j.opts
	opts.DryRun, opts.Progress, opts.Rejects = dryRun, j.report, j.rejectSink
	ctx = kam.WithChannel(context.WithoutCancel(ctx), "web")
	go func() {
		sum, _, err := ingest.RunRecorded(ctx, recorder{ImportService: svc, job: j}, p, httpx.Inputs(j.files), opts)
		j.mu.Lock()
		j.running, j.ran, j.sum, j.err, j.idleFrom = false, true, sum, err, time.Now()
		j.mu.Unlock()
		done(err)
	}()
}

// report is the import's last report of its progress through a file.
type report struct {
	ingest.Progress
	at time.Time
}

// report takes the import's progress through a file.
func (j *importJob) report(p ingest.Progress) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.progress[p.File] = report{Progress: p, at: time.Now()}
}

// rejectSink writes the rejected rows of each input to a file in the job's
// folder, created at the first one: XLSX for an XLSX input, CSV otherwise.
func (j *importJob) rejectSink(name, format string, header []string) (ingest.RejectWriter, error) {
	n := slices.IndexFunc(j.files, func(u httpx.Upload) bool { return u.Name == name })
	if n < 0 {
		return nil, fmt.Errorf("no upload named %q", name)
	}
	var path string
	rw, ext := ingest.RejectsFor(format, header, func() (io.WriteCloser, error) {
		j.mu.Lock()
		j.rejects[n] = path
		j.mu.Unlock()
		return os.Create(path)
	})
	path = filepath.Join(j.dir, fmt.Sprintf("rejects-%d%s", n, ext))
	return rw, nil
}

// recorder is the store's import service, noting the id of the import run it
// records, so that the history can tell this process's running imports from
// ones cut off by a restart.
type recorder struct {
	kam.ImportService
	job *importJob
}

// StartImportRun records the run and notes its id.
func (r recorder) StartImportRun(ctx context.Context, p *kam.Principal, run *kam.ImportRun) error {
	err := r.ImportService.StartImportRun(ctx, p, run)
	if err == nil {
		r.job.mu.Lock()
		r.job.runID = run.ID
		r.job.mu.Unlock()
	}
	return err
}
