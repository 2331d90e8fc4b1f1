package store

import (
	"fmt"
	"strings"
)

// batchRows is how many rows one multi-row INSERT carries; with at most 9
// columns that stays far below both engines' limits on parameters.
const batchRows = 250

// rowBatch gathers rows for one table and writes them as multi-row INSERTs, so
// that a bulk load of order lines costs one statement per batch, not per row.
// Only rows that nothing reads back (no RETURNING) and that no other row
// refers to go through a batch: a full batch is written on its own, so it must
// refer only to rows already written.
type rowBatch struct {
	table string
	cols  []string
	args  []any
	rows  int
}

// add queues one row; it flushes when the batch is full.
func (l *Loader) add(table string, cols []string, args ...any) error {
	b := l.batches[table]
	if b == nil {
		b = &rowBatch{table: table, cols: cols}
		l.batches[table] = b
		l.batchOrder = append(l.batchOrder, table)
	}
	b.args = append(b.args, args...)
	b.rows++
	if b.rows == batchRows {
		return l.flushBatch(b)
	}
	return nil
}

func (l *Loader) flushBatch(b *rowBatch) error {
	if b.rows == 0 {
		return nil
	}
	row := "(" + placeholders(len(b.cols)) + ")"
	q := "INSERT INTO " + b.table + " (" + strings.Join(b.cols, ", ") + ") VALUES " +
		strings.TrimSuffix(strings.Repeat(row+",", b.rows), ",")
	if err := l.exec(q, b.args...); err != nil {
		return fmt.Errorf("load %s: %w", b.table, err)
	}
	b.args, b.rows = b.args[:0], 0
	return nil
}

// flushAll writes every queued row, in the order the tables were first used,
// so that rows referring to earlier tables find them.
func (l *Loader) flushAll() error {
	for _, t := range l.batchOrder {
		if err := l.flushBatch(l.batches[t]); err != nil {
			return err
		}
	}
	return nil
}
