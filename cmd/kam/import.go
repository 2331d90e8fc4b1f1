package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/ingest"
	"github.com/kamhq/kam/store"
)

// listFlag collects a flag given several times, such as --map.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ", ") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

func (c *cli) importCmd(args []string) error {
	f := c.newFlags("import")
	profile := f.String("profile", "", "a built-in profile (online-retail, maven-crm, salesforce) or one saved with --save-profile")
	saveProfile := f.String("save-profile", "", "save this import's kind, source, currency and --map columns as a profile of this name")
	source := f.String("source", "", "the system the file's ids come from (default: the profile's name, or import)")
	currency := f.String("currency", "", "currency of amounts when the file has no currency column (default: the profile's, or EUR)")
	sheet := f.String("sheet", "", "the XLSX sheet to read (default: the first)")
	dryRun := f.Bool("dry-run", false, "check everything and report what would change, writing nothing")
	rejectsDir := f.String("rejects-dir", "", "where to write each file's rejected rows (default: beside the file)")
	var maps listFlag
	f.Var(&maps, "map", "COLUMN=field, naming a column's field; repeat for more columns")
	return f.run(args, -1, "the kind and the files: kam import KIND FILE... (or --profile NAME FILE...)", func(st *store.Store, pos []string) error {
		opts := ingest.Options{Source: *source, Currency: *currency, Sheet: *sheet, DryRun: *dryRun}
		var err error
		if *profile != "" {
			if opts.Profile, err = findProfile(c, st, *profile); err != nil {
				return fmt.Errorf("import: %v", err)
			}
		}
		if len(pos) > 0 {
			if _, ok := ingest.Fields[ingest.Kind(pos[0])]; ok {
				opts.Kind, pos = ingest.Kind(pos[0]), pos[1:]
			} else if opts.Profile == nil {
				return fmt.Errorf("import: %q is not a kind; give one of accounts, contacts, products, orders, invoices, payments, opportunities, activities, users, or a --profile", pos[0])
			}
		}
		if len(pos) == 0 {
			return fmt.Errorf("import: give the files to import")
		}
		if opts.Map, err = ingest.ParseMapFlags(maps); err != nil {
			return fmt.Errorf("import: %v", err)
		}
		inputs, err := fileInputs(pos)
		if err != nil {
			return fmt.Errorf("import: %v", err)
		}
		if *saveProfile != "" {
			saved, err := ingest.SavedProfile(*saveProfile, opts)
			if err != nil {
				return fmt.Errorf("import: --save-profile: %v", err)
			}
			body, err := saved.JSON()
			if err == nil {
				err = st.SaveImportProfile(c.ctx, kam.System(), saved.Name, body)
			}
			if err != nil {
				return fmt.Errorf("import: %s", cliMessage(err))
			}
			fmt.Fprintf(c.stdout, "Saved profile %q: next time, kam import --profile %s FILE...\n", saved.Name, saved.Name)
		}
		written := map[string]string{} // input → its rejects file
		opts.Rejects = func(name, format string, header []string) (ingest.RejectWriter, error) {
			var path string
			rw, ext := ingest.RejectsFor(format, header, func() (io.WriteCloser, error) {
				f, free, err := createFree(path)
				written[name] = free
				return f, err
			})
			path = rejectsPath(name, *rejectsDir, ext)
			return rw, nil
		}
		if isTerminal(c.stderr) {
			opts.Progress = progressBar(c.stderr)
		}
		ctx := kam.WithChannel(c.ctx, "import")
		sum, _, err := ingest.RunRecorded(ctx, st, kam.System(), inputs, opts)
		if sum != nil {
			c.printSummary(sum, written)
		}
		if err != nil {
			return fmt.Errorf("import: %s", cliMessage(err))
		}
		return nil
	})
}

// fileInputs opens nothing yet: each input opens its file when its turn comes.
func fileInputs(paths []string) ([]ingest.Input, error) {
	var out []ingest.Input
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if info.IsDir() {
			return nil, fmt.Errorf("%s is a folder; give the files in it", p)
		}
		out = append(out, ingest.Input{Name: p, Size: info.Size(), Open: func() (io.ReadCloser, error) { return os.Open(p) }})
	}
	return out, nil
}

// rejectsPath is where an input's rejected rows go: beside it, or in dir.
func rejectsPath(input, dir, ext string) string {
	if dir == "" {
		dir = filepath.Dir(input)
	}
	return filepath.Join(dir, ingest.RejectsName(filepath.Base(input), ext))
}

func (c *cli) printSummary(sum *ingest.Summary, rejects map[string]string) {
	w := c.stdout
	if sum.DryRun {
		fmt.Fprintf(w, "Dry run in %s: nothing was written. The import would do this:\n", sum.Duration.Round(time.Millisecond))
	} else {
		fmt.Fprintf(w, "Imported in %s:\n", sum.Duration.Round(time.Millisecond))
	}
	for _, line := range sum.Lines() {
		fmt.Fprintln(w, "  "+line)
	}
	for file, cols := range sum.Unused {
		fmt.Fprintf(w, "Not imported from %s (no kam field takes them; name one with --map 'COLUMN=field'): %s\n", file, strings.Join(cols, ", "))
	}
	if sum.Review > 0 {
		fmt.Fprintf(w, "%d new accounts look like existing ones: review them with kam dedupe.\n", sum.Review)
	}
	for _, n := range sum.Notes {
		fmt.Fprintln(w, "Note: "+n)
	}
	for i, r := range sum.Rejects {
		if i == 10 {
			fmt.Fprintf(w, "  … and more\n")
			break
		}
		if i == 0 {
			fmt.Fprintln(w, "Rejected rows:")
		}
		fmt.Fprintln(w, "  "+r.String())
	}
	for input, path := range rejects {
		fmt.Fprintf(w, "The rejected rows of %s, with the reason for each, are in %s: fix them there and import that file again.\n", input, path)
	}
}

// findProfile returns a built-in profile, or one saved in the database.
func findProfile(c *cli, st *store.Store, name string) (*ingest.Profile, error) {
	if p, err := ingest.ProfileByName(name); err == nil {
		return p, nil
	}
	body, err := st.FindImportProfile(c.ctx, name)
	if kam.ErrorCode(err) == kam.ENOTFOUND {
		_, err := ingest.ProfileByName(name)
		saved, _ := st.FindImportProfiles(c.ctx)
		if len(saved) > 0 {
			return nil, fmt.Errorf("%v; saved profiles: %s", err, strings.Join(saved, ", "))
		}
		return nil, err
	} else if err != nil {
		return nil, err
	}
	return ingest.ParseProfile(body)
}

// createFree creates path, or, when a file of that name exists (a rejects
// file the user may be fixing), the first free name with a number before
// its extension: orders.rejects.2.csv.
func createFree(path string) (*os.File, string, error) {
	ext := filepath.Ext(path)
	base := strings.TrimSuffix(path, ext)
	for n := 1; ; n++ {
		try := path
		if n > 1 {
			try = fmt.Sprintf("%s.%d%s", base, n, ext)
		}
		f, err := os.OpenFile(try, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if !errors.Is(err, os.ErrExist) || n == 1000 {
			return f, try, err
		}
	}
}
