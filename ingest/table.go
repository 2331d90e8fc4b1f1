// Package ingest reads customer data from the files teams bring to kam (CSV,
// gzip-compressed CSV, XLSX, Salesforce exports), maps their columns to kam's
// fields, and reports every row it rejects with its line and reason.
package ingest

import (
	"errors"
	"fmt"
)

// Row is one data record of an input file.
type Row struct {
	// Line is where the record starts in the file (1 is the header line of a
	// CSV file), so that a rejection can point a user at it.
	Line   int
	Values []string
	// Err is set when the record could not be read as it stands (for example
	// a broken encoding); Values then holds what could be read.
	Err error
}

// Table is a file read as a header and a stream of rows. Next returns io.EOF
// after the last row.
type Table interface {
	Header() []string
	Next() (*Row, error)
	Close() error
}

// FileError is a problem with a whole file, with what to change.
type FileError struct {
	Name   string
	Reason string
}

func (e *FileError) Error() string { return fmt.Sprintf("%s: %s", e.Name, e.Reason) }

// fileErr wraps err as a FileError unless it is one already.
func fileErr(name string, err error) error {
	var fe *FileError
	if errors.As(err, &fe) {
		return err
	}
	return &FileError{Name: name, Reason: err.Error()}
}
