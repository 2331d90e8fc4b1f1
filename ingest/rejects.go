package ingest

import (
	"encoding/csv"
	"io"
	"strconv"
)

// RejectSink opens where the rejected rows of one input go, given the
// input's name, format (csv, xlsx or json) and header. It is called once per
// input, before its rows are read.
type RejectSink func(name, format string, header []string) (RejectWriter, error)

// RejectWriter receives the rejected rows of one input.
type RejectWriter interface {
	Write(row *Row, r Reject) error
	Close() error
}

// RejectColumns are the columns a rejects file adds to the input's own: where
// the row was and why it was refused. Fix the row, delete these columns (or
// keep them: an import ignores columns it does not know) and import the file
// again.
var RejectColumns = []string{"kam_line", "kam_error"}

// csvRejects writes rejected rows as CSV: the input's header and values, then
// the line and the reason. It writes nothing at all until the first reject.
type csvRejects struct {
	open   func() (io.WriteCloser, error)
	header []string
	w      io.WriteCloser
	csv    *csv.Writer
}

// CSVRejects returns a RejectWriter that creates its file with open on the
// first rejected row, so that a clean import leaves no empty rejects file.
func CSVRejects(header []string, open func() (io.WriteCloser, error)) RejectWriter {
	return &csvRejects{open: open, header: header}
}

func (c *csvRejects) Write(row *Row, r Reject) error {
	if c.csv == nil {
		w, err := c.open()
		if err != nil {
			return err
		}
		c.w, c.csv = w, csv.NewWriter(w)
		if err := c.csv.Write(append(append([]string{}, c.header...), RejectColumns...)); err != nil {
			return err
		}
	}
	values := make([]string, len(c.header), len(c.header)+2)
	copy(values, row.Values)
	reason := r.Reason
	if r.Column != "" {
		reason = r.Column + ": " + reason
	}
	return c.csv.Write(append(values, strconv.Itoa(r.Line), reason))
}

func (c *csvRejects) Close() error {
	if c.csv == nil {
		return nil
	}
	c.csv.Flush()
	if err := c.csv.Error(); err != nil {
		c.w.Close()
		return err
	}
	return c.w.Close()
}
