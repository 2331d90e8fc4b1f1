package ingest

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/kamhq/kam"
)

// Input is one file to import. Open is called once; Size (0 when unknown)
// gives the progress bar its end.
type Input struct {
	Name string
	Size int64
	Open func() (io.ReadCloser, error)
}

// Options steer an import.
type Options struct {
	// Kind of every file; empty with a profile, which tells each file's kind
	// from its columns.
	Kind Kind
	// Source names the system the file's ids come from (default: the
	// profile's name, or "import"). Records are upserted by (source, id).
	Source  string
	Profile *Profile
	// Map names columns explicitly, as --map 'COLUMN=field'.
	Map map[string]string
	// Sheet is the XLSX sheet to read (default: the first).
	Sheet string
	// Currency of amounts when the file has no currency column (default:
	// the profile's, or EUR).
	Currency string
	// DryRun checks everything, reports what would happen and writes nothing.
	DryRun bool
	// BatchRecords is how many records one transaction carries (default 500).
	BatchRecords int
	// Rejects, when set, receives every rejected row (see RejectSink).
	Rejects RejectSink
	// Progress, when set, is called as rows are read.
	Progress func(Progress)
}

// Progress is how far an import has come.
type Progress struct {
	File      string
	Rows      int
	Bytes     int64 // bytes of the file read so far
	Size      int64 // the file's size, 0 when unknown
	Done      bool
	StartedAt time.Time
}

// Summary is what an import did.
type Summary struct {
	Kinds   map[Kind]*kam.Counts
	Rejects []Reject // the first MaxRejectsKept rejected rows
	// Notes report what the import resolved on its own, such as names it
	// matched despite a different spelling.
	Notes    []string
	Duration time.Duration
	DryRun   bool
	// Review counts new accounts that look like existing ones and wait in
	// the duplicate review queue (kam dedupe).
	Review int
	// Unused lists, per file, the columns no field took.
	Unused map[string][]string
}

// MaxRejectsKept bounds the rejected rows a Summary holds; the rejects file
// has them all.
const MaxRejectsKept = 1000

// Reject is one rejected row.
type Reject struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column string `json:"column,omitempty"`
	Reason string `json:"reason"`
}

func (r Reject) String() string {
	if r.Column != "" {
		return fmt.Sprintf("%s line %d, column %s: %s", r.File, r.Line, r.Column, r.Reason)
	}
	return fmt.Sprintf("%s line %d: %s", r.File, r.Line, r.Reason)
}

// counts returns the tally of kind, creating it.
func (s *Summary) counts(k Kind) *kam.Counts {
	c := s.Kinds[k]
	if c == nil {
		c = &kam.Counts{}
		s.Kinds[k] = c
	}
	return c
}

// Lines renders the summary, one line per kind, in import order.
func (s *Summary) Lines() []string {
	var out []string
	for _, k := range kindOrder {
		c := s.Kinds[k]
		if c == nil {
			continue
		}
		line := fmt.Sprintf("%s: %d new, %d changed, %d unchanged", k, c.New, c.Changed, c.Unchanged)
		if c.Matched > 0 {
			line += fmt.Sprintf(", %d matched to existing accounts", c.Matched)
		}
		line += fmt.Sprintf(", %d rows rejected", c.Rejected)
		out = append(out, line)
	}
	return out
}

// kindOrder is the order files are imported in, so that what a row refers to
// (an account, a product, an owner) is there before it.
var kindOrder = []Kind{KindUsers, KindAccounts, KindProducts, KindContacts, KindOrders, KindInvoices, KindPayments, KindOpportunities, KindActivities}

// ErrNoRecords is returned by Run when no input held a data row.
var ErrNoRecords = errors.New("the files hold no data rows")

// Run imports inputs as p through svc. Rows that cannot be imported are
// rejected with their line, column and reason; every valid record is
// written. Records commit in batches, each in one transaction, so that an
// import stopped midway leaves whole records only, and running it again
// completes it. A dry run does everything in one transaction and rolls it back.
func Run(ctx context.Context, svc kam.ImportService, p *kam.Principal, inputs []Input, opts Options) (*Summary, error) {
	e, err := newEngine(svc, p, opts)
	if err != nil {
		return nil, err
	}
	started := time.Now()
	files, err := e.openAll(inputs)
	defer func() {
		for _, f := range files {
			f.close()
		}
	}()
	if err != nil {
		return nil, err
	}
	sort.SliceStable(files, func(i, j int) bool { return kindRank(files[i].kind) < kindRank(files[j].kind) })
	if opts.DryRun {
		err = svc.Import(ctx, p, true, func(w kam.ImportWriter) error {
			e.w = w
			return e.importFiles(ctx, files)
		})
	} else {
		err = e.importFiles(ctx, files)
		// The accounts the import changed have their roll-ups and flags
		// refreshed now, whatever part of it committed.
		if s, ok := svc.(rollupSettler); ok {
			if serr := s.SettleRollups(context.WithoutCancel(ctx)); serr != nil && err == nil {
				err = fmt.Errorf("the import is complete, but refreshing the accounts' roll-ups failed (kam recompute will): %w", serr)
			}
		}
	}
	e.sum.Duration = time.Since(started)
	if e.matches > maxMatchNotes {
		e.sum.Notes = append(e.sum.Notes, fmt.Sprintf("… and %d more accounts matched to existing ones", e.matches-maxMatchNotes))
	}
	e.sum.Notes = append(e.sum.Notes, e.res.notes()...)
	return e.sum, err
}

// rollupSettler is an import service that keeps roll-ups, refreshed after
// an import (the store).
type rollupSettler interface {
	SettleRollups(ctx context.Context) error
}

func kindRank(k Kind) int {
	for i, o := range kindOrder {
		if o == k {
			return i
		}
	}
	return len(kindOrder)
}

// engine carries one import's state.
type engine struct {
	svc  kam.ImportService
	p    *kam.Principal
	opts Options
	sum  *Summary
	res  *resolver
	w    kam.ImportWriter // set for a dry run: the one transaction
	// preview opens files without the full read an orders file needs.
	preview bool
	// sourceGiven: the user named the source (not a default).
	sourceGiven bool
	// ordersSeen names the file each order number of the run came from.
	ordersSeen map[string]string
	// matches counts accounts matched to existing ones, for the notes.
	matches int
}

// maxMatchNotes bounds the notes naming matched accounts.
const maxMatchNotes = 20

// noteMatch names an account matched to an existing one, the first
// maxMatchNotes of them.
func (e *engine) noteMatch(text string) {
	if e.matches++; e.matches <= maxMatchNotes {
		e.sum.Notes = append(e.sum.Notes, text)
	}
}

func newEngine(svc kam.ImportService, p *kam.Principal, opts Options) (*engine, error) {
	sourceGiven := opts.Source != ""
	if opts.Profile != nil {
		if opts.Kind == "" {
			opts.Kind = opts.Profile.Kind
		}
		if opts.Source == "" {
			opts.Source = cmp.Or(opts.Profile.Source, opts.Profile.Name)
		}
		if opts.Currency == "" {
			opts.Currency = opts.Profile.Currency
		}
	}
	if opts.Source == "" {
		opts.Source = "import"
	}
	if opts.Currency == "" {
		opts.Currency = "EUR"
	}
	opts.Currency = strings.ToUpper(opts.Currency)
	if opts.BatchRecords <= 0 {
		opts.BatchRecords = 500
	}
	if opts.Kind != "" {
		if _, ok := Fields[opts.Kind]; !ok {
			return nil, fmt.Errorf("unknown import kind %q; use one of %s", opts.Kind, strings.Join(kindNames(), ", "))
		}
	} else if opts.Profile == nil {
		return nil, errors.New("name the kind of the files (accounts, contacts, products, orders, opportunities, users) or a --profile")
	}
	sum := &Summary{Kinds: map[Kind]*kam.Counts{}, DryRun: opts.DryRun, Unused: map[string][]string{}}
	return &engine{svc: svc, p: p, opts: opts, sum: sum, res: newResolver(opts.Source), sourceGiven: sourceGiven,
		ordersSeen: map[string]string{}}, nil
}

// inTx runs fn in a transaction of its own, or in the dry run's one.
func (e *engine) inTx(ctx context.Context, fn func(w kam.ImportWriter) error) error {
	if e.w != nil {
		return fn(e.w)
	}
	return e.svc.Import(ctx, e.p, false, fn)
}

// RunRecorded is Run with the import recorded in the history of import runs:
// marked running first, so that an import cut off midway shows as such, then
// done or failed with its summary.
func RunRecorded(ctx context.Context, svc kam.ImportService, p *kam.Principal, inputs []Input, opts Options) (*Summary, *kam.ImportRun, error) {
	names := make([]string, len(inputs))
	for i, in := range inputs {
		names[i] = in.Name
	}
	run := &kam.ImportRun{Kind: string(opts.Kind), Source: opts.Source, Files: strings.Join(names, ", "), DryRun: opts.DryRun}
	if p := opts.Profile; p != nil {
		run.Kind = cmp.Or(run.Kind, string(p.Kind), "profile "+p.Name)
		run.Source = cmp.Or(run.Source, p.Source, p.Name)
	}
	if err := svc.StartImportRun(ctx, p, run); err != nil {
		return nil, nil, err
	}
	sum, err := Run(ctx, svc, p, inputs, opts)
	run.Status, run.Summary = "done", map[string]kam.Counts{}
	if sum != nil {
		for k, c := range sum.Kinds {
			run.Summary[string(k)] = *c
		}
	}
	if err != nil {
		run.Status, run.Message = "failed", err.Error()
	}
	// Record the outcome even when the import's context was cancelled.
	if ferr := svc.FinishImportRun(context.WithoutCancel(ctx), run); ferr != nil && err == nil {
		err = ferr
	}
	return sum, run, err
}
