package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"os"
	"sync"
)

// dataVersion tells, on SQLite, whether anything was committed to the
// database since it was last asked, whoever committed it: this process's
// writer, or another process on the same file (kam import, kam recompute).
//
// Every commit in WAL mode rewrites the wal-index header at the start of
// the "-shm" file (SQLite's walformat document, "the WAL-index header"):
// its change counter, last frame and salts. dataVersion reads that header
// with one pread and counts a new version whenever it differs from the last
// one seen; SQLite itself decides that its cache is stale the same way.
// Where the file cannot be read, the version comes from PRAGMA
// data_version on a connection that does nothing else (that costs a read
// transaction and its file locks, several system calls, on every ask).
type dataVersion struct {
	mu sync.Mutex
	db *sql.DB // one connection, kept open: it holds the shared memory
	// path is the database file's; the header is in path+"-shm".
	path string
	shm  *os.File
	// tried is set once the header file was looked for.
	tried bool
	last  [walHeaderSize]byte
	n     int64
}

// The wal-index header: two copies of 48 bytes, written second copy first,
// so that a reader that finds both equal has read a whole one.
const (
	walHeaderSize = 48
	walIndexInit  = 12 // byte offset of isInit, 1 once the header is valid
	walMaxFrame   = 16 // byte offset of mxFrame, the last valid frame
)

func openDataVersion(dsn, path string) (*dataVersion, error) {
	db, err := openOneConnection(dsn)
	if err != nil {
		return nil, err
	}
	return &dataVersion{db: db, path: path, tried: path == ""}, nil
}

// openOneConnection opens a pool of one SQLite connection, kept open for
// as long as the pool is.
func openOneConnection(dsn string) (*sql.DB, error) {
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	return db, nil
}

func (v *dataVersion) read(ctx context.Context) (int64, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if err := v.openHeader(ctx); err != nil {
		return 0, err
	}
	if v.shm == nil {
		return v.pragma(ctx)
	}
	if hdr, _, ok := v.header(); ok {
		if hdr != v.last {
			v.last = hdr
			v.n++
		}
		return v.n, nil
	}
	// A header being written, or none: count a new version, which at worst
	// makes answers kept so far be read again.
	v.last = [walHeaderSize]byte{}
	v.n++
	return v.n, nil
}

// openHeader opens the header file, once. The version connection is
// opened (and so the shared memory set up) by its first query; only then is
// the file there to read.
func (v *dataVersion) openHeader(ctx context.Context) error {
	if v.tried {
		return nil
	}
	if _, err := v.pragma(ctx); err != nil {
		return err
	}
	v.tried = true
	if f, err := os.Open(v.path + "-shm"); err == nil {
		v.shm = f
	}
	return nil
}

// header reads a whole copy of the wal-index header, trying again while it
// is being written, and the checkpoint's progress (nBackfill, the first
// field after the two copies); ok is false if there is no valid header.
func (v *dataVersion) header() (hdr [walHeaderSize]byte, backfilled uint32, ok bool) {
	if v.shm == nil {
		return hdr, 0, false
	}
	var buf [2*walHeaderSize + 4]byte
	for range 3 {
		if n, err := v.shm.ReadAt(buf[:], 0); n == len(buf) && err == nil &&
			buf[walIndexInit] == 1 && bytes.Equal(buf[:walHeaderSize], buf[walHeaderSize:2*walHeaderSize]) {
			copy(hdr[:], buf[:walHeaderSize])
			return hdr, binary.NativeEndian.Uint32(buf[2*walHeaderSize:]), true
		}
	}
	return hdr, 0, false
}

// walProgress returns how many frames the write-ahead log holds since it
// was last started over, and how many of them a checkpoint has copied back
// to the database; ok is false where the header cannot be read.
func (v *dataVersion) walProgress(ctx context.Context) (frames, backfilled uint32, ok bool) {
	v.mu.Lock()
	var hdr [walHeaderSize]byte
	if err := v.openHeader(ctx); err == nil {
		hdr, backfilled, ok = v.header()
	}
	v.mu.Unlock()
	if !ok {
		return 0, 0, false
	}
	// mxFrame, in the byte order of the machine that wrote it (this one).
	return binary.NativeEndian.Uint32(hdr[walMaxFrame:]), backfilled, true
}

// pragma reads the version from SQLite on the version connection.
func (v *dataVersion) pragma(ctx context.Context) (int64, error) {
	var n int64
	if err := v.db.QueryRowContext(ctx, "PRAGMA data_version").Scan(&n); err != nil {
		return 0, fmt.Errorf("read data version: %w", err)
	}
	return n, nil
}

// close ends the version connection and the header file.
func (v *dataVersion) close() error {
	if v.shm != nil {
		v.shm.Close()
	}
	return v.db.Close()
}

// DataVersion returns a number that changes whenever anything is committed
// to the database, so that an answer computed at one version can be served
// again while the version holds. ok is false where the engine cannot tell
// (PostgreSQL, whose other servers' commits this process does not see).
func (s *Store) DataVersion(ctx context.Context) (v int64, ok bool, err error) {
	if s.version == nil {
		return 0, false, nil
	}
	v, err = s.version.read(ctx)
	return v, err == nil, err
}
