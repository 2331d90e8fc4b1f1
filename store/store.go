// Package store keeps kam's data in SQLite or PostgreSQL through database/sql.
// There is one implementation for both engines: queries are written once in
// portable SQL, and the few differences live in dialect.go. Every read and
// write takes the acting principal and is scoped in scope.go.
package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// Store is kam's database. It is safe for concurrent use.
type Store struct {
	d dialect
	// write is the pool that changes data. On SQLite it has one connection,
	// so writers queue in Go instead of failing with SQLITE_BUSY.
	write *sql.DB
	// read serves reads; on SQLite a pool of connections in WAL mode reads
	// concurrently with the writer. On PostgreSQL it is the write pool.
	read *sql.DB
	// stmts caches prepared statements on the read pool; wstmts on
	// SQLite's writer connection (nil on PostgreSQL).
	stmts  *stmtCache
	wstmts *writeStmts
	// version tells commits apart on SQLite (nil on PostgreSQL).
	version *dataVersion
	// checkpoints copies SQLite's write-ahead log back in the background
	// (checkpoint.go; nil on PostgreSQL).
	checkpoints *checkpointer
	// tokens keeps the principals of API tokens seen at the current data
	// version (tokencache.go).
	tokens tokenCache
	// summaries keeps whole-portfolio sums at the current data version
	// (summary_cache.go).
	summaries summaryCache
	// hashSlots bounds how many password hashes (19 MiB each) run at once, so
	// that a flood of sign-ins cannot exhaust memory; extra ones queue.
	hashSlots chan struct{}
	// books keeps whether each account manager's book is large
	// (book_size.go).
	books bookSizes
	// users caches display names for account reads (usernames.go).
	users userNames
	// Now is the clock; tests replace it.
	Now func() time.Time
	// rollupMu runs one recompute or refresh at a time in this process, so
	// that a long recompute reading an older snapshot cannot write over a
	// refresh made while it ran. (Two processes on one database can still
	// overlap; kam recompute is meant to run from one place.)
	rollupMu sync.Mutex
	// portfolioPass lets one pass over a whole portfolio's histories run at
	// a time (see eachHistory).
	portfolioPass chan struct{}
	// Insights, when set, computes an account's roll-up, flags and health;
	// the store then refreshes the accounts an import changes as soon as it
	// commits. Without it roll-ups change on kam recompute only.
	Insights ComputeFunc
}

// Open connects to the database named by dsn: "sqlite:PATH" (a file, created
// if missing) or "postgres://..." / "postgresql://...". It does not migrate;
// call Migrate.
func Open(ctx context.Context, dsn string) (*Store, error) {
	s := &Store{
		Now:           func() time.Time { return time.Now().UTC().Truncate(time.Microsecond) },
		portfolioPass: make(chan struct{}, 1),
		hashSlots:     make(chan struct{}, runtime.NumCPU()),
	}
	switch {
	case strings.HasPrefix(dsn, "sqlite:"):
		if err := s.openSQLite(strings.TrimPrefix(dsn, "sqlite:")); err != nil {
			return nil, err
		}
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		if err := s.openPostgres(dsn); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("database %q: use sqlite:PATH or postgres://USER@HOST/DB", redactDSN(dsn))
	}
	s.stmts = newStmtCache(s.read)
	if err := s.read.PingContext(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("database %s: cannot connect: %s", redactDSN(dsn), oneLine(err.Error()))
	}
	return s, nil
}

// oneLine folds a multi-line driver message into one line for the terminal.
func oneLine(msg string) string {
	return strings.Join(strings.Fields(msg), " ")
}

func (s *Store) openSQLite(path string) error {
	if path == "" {
		return fmt.Errorf("database sqlite: give a file path, e.g. sqlite:kam.db")
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("database sqlite:%s: %w", path, err)
		}
	}
	// Checkpoints run in the background (checkpoint.go); a commit runs one
	// itself only past 10,000 pages, when a writer that never pauses keeps
	// the background's from starting the log over, and the log is cut back
	// to 64 MiB after.
	params := "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(ON)" +
		"&_pragma=synchronous(NORMAL)&_pragma=temp_store(MEMORY)&_pragma=wal_autocheckpoint(10000)" +
		"&_pragma=journal_size_limit(67108864)&_time_format=sqlite"
	base := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + params
	w, err := sql.Open("sqlite", base+"&_txlock=immediate")
	if err != nil {
		return fmt.Errorf("database sqlite:%s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	// Readers map the file (up to SQLite's 2 GiB limit) instead of copying
	// each page in with a system call: a third to a fifth of the time of
	// the pages that read many rows. The writer does not: a mapping costs
	// its small transactions more system calls than it saves them.
	r, err := sql.Open("sqlite", base+"&_pragma=query_only(1)&_pragma=mmap_size(2147418112)")
	if err != nil {
		w.Close()
		return fmt.Errorf("database sqlite:%s: %w", path, err)
	}
	n := max(4, runtime.NumCPU()*2)
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	s.d, s.write, s.read = sqliteDialect, w, r
	s.wstmts = newWriteStmts(w)
	// SQLite keeps its -shm file beside the database's real path.
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		real = path // a new database: no link to follow
	}
	if s.version, err = openDataVersion(base+"&_pragma=query_only(1)", real); err != nil {
		w.Close()
		r.Close()
		return fmt.Errorf("database sqlite:%s: %w", path, err)
	}
	// The writer opens the file first so that WAL mode is set before readers come.
	err = w.Ping()
	if err == nil {
		s.checkpoints, err = startCheckpointer(base, s.version.walProgress)
	}
	if err != nil {
		s.Close()
		return fmt.Errorf("database sqlite:%s: %w", path, err)
	}
	return nil
}

func (s *Store) openPostgres(dsn string) error {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return fmt.Errorf("database %s: %w", redactDSN(dsn), err)
	}
	db.SetMaxOpenConns(max(8, runtime.NumCPU()*4))
	db.SetMaxIdleConns(max(8, runtime.NumCPU()*4))
	db.SetConnMaxIdleTime(5 * time.Minute)
	s.d, s.write, s.read = postgresDialect, db, db
	return nil
}

// Close releases the connections.
func (s *Store) Close() error {
	var err error
	if s.checkpoints != nil {
		s.checkpoints.close()
	}
	if s.stmts != nil {
		s.stmts.close()
	}
	if s.wstmts != nil {
		s.wstmts.close()
	}
	if s.write != nil {
		err = s.write.Close()
	}
	if s.read != nil && s.read != s.write {
		if e := s.read.Close(); err == nil {
			err = e
		}
	}
	// Last: closing the header file drops this process's locks on the
	// shared memory, which must outlive every other connection.
	if s.version != nil {
		s.version.close()
	}
	return err
}

// Dialect names the engine: "sqlite" or "postgres".
func (s *Store) Dialect() string { return s.d.name }

// Rebind writes a query's ? placeholders in the engine's own form, for tests
// and benchmarks that run SQL of their own through DB.
func (s *Store) Rebind(q string) string { return s.d.rebind(q) }

// DB returns the read pool, for benchmarks that compare kam with the bare engine.
func (s *Store) DB() *sql.DB { return s.read }

// redactDSN hides a password in a connection string so that it never reaches a log.
func redactDSN(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// querier is what *sql.DB and *sql.Tx have in common.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// conn runs portable queries on a pool or a transaction, rebinding placeholders.
type conn struct {
	q querier
	d dialect
}

func (c conn) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return c.q.ExecContext(ctx, c.d.rebind(q), args...)
}

func (c conn) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return c.q.QueryContext(ctx, c.d.rebind(q), args...)
}

func (c conn) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return c.q.QueryRowContext(ctx, c.d.rebind(q), args...)
}

// insert runs an INSERT ... RETURNING id and returns the new id.
func (c conn) insert(ctx context.Context, q string, args ...any) (int64, error) {
	var id int64
	err := c.queryRow(ctx, q+" RETURNING id", args...).Scan(&id)
	return id, err
}

// reader returns a conn on the read pool.
func (s *Store) reader() conn { return conn{q: cachedQuerier{s.stmts}, d: s.d} }

// inTx runs fn in a write transaction, committing if it returns nil.
func (s *Store) inTx(ctx context.Context, fn func(c conn) error) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	c := conn{q: tx, d: s.d}
	if s.wstmts != nil {
		c.q = stmtTx{tx: tx, w: s.wstmts}
	}
	// A panic in fn rolls back before it goes on up: SQLite has one writer
	// connection, and a transaction left open would stall every write.
	defer func() {
		if v := recover(); v != nil {
			tx.Rollback()
			panic(v)
		}
	}()
	err = fn(c)
	if err != nil {
		tx.Rollback()
	} else if err = tx.Commit(); err != nil {
		err = fmt.Errorf("commit: %w", err)
	}
	if s.wstmts != nil {
		s.wstmts.prepareWanted(ctx)
	}
	return err
}

// nullID stores 0 as NULL for optional references.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// nullTime stores a nil or zero time as NULL.
func nullTime(t *time.Time) any {
	if t == nil || t.IsZero() {
		return nil
	}
	return t.UTC()
}

// Optimize refreshes the planner's statistics, as after a bulk load.
func (s *Store) Optimize(ctx context.Context) error {
	_, err := s.write.ExecContext(ctx, "ANALYZE")
	return err
}
