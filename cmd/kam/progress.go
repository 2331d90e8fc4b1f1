package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/kamhq/kam/ingest"
)

// isTerminal reports whether w is a terminal, where a progress bar helps; in a
// log or a pipe it would only be noise.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// progressBar draws one line on w, redrawn in place: the file, a bar when its
// size is known, rows, rows per second and the time left.
func progressBar(w io.Writer) func(ingest.Progress) {
	return func(p ingest.Progress) {
		elapsed := time.Since(p.StartedAt).Seconds()
		rate := 0.0
		if elapsed > 0 {
			rate = float64(p.Rows) / elapsed
		}
		line := fmt.Sprintf("%s  %d rows  %.0f rows/s", p.File, p.Rows, rate)
		if p.Size > 0 && p.Bytes > 0 {
			frac := min(float64(p.Bytes)/float64(p.Size), 1)
			const width = 30
			filled := int(frac * width)
			bar := make([]byte, width)
			for i := range bar {
				bar[i] = '.'
				if i < filled {
					bar[i] = '#'
				}
			}
			eta := time.Duration(elapsed/frac*(1-frac)) * time.Second
			line = fmt.Sprintf("%s [%s] %3.0f%%  %d rows  %.0f rows/s  ETA %s", p.File, bar, frac*100, p.Rows, rate, eta.Round(time.Second))
		}
		if p.Done {
			fmt.Fprintf(w, "\r%s\x1b[K\n", line)
			return
		}
		fmt.Fprintf(w, "\r%s\x1b[K", line)
	}
}
