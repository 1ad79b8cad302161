// Package library keeps an index of the .gen5 and .raiiaf files in folders:
// one row per file with what a file list, a search and a tag panel need
// (model, prompt, tags, settings, picture and latent sizes, or the reason
// the file cannot be read), in an SQLite database with full-text search.
//
// The index is a cache. It lives in the user cache directory, a file is
// re-read only when its size or modification time changed, and reading one
// reads its header and manifest (and the first bytes of its picture) only.
// A damaged or unknown database is replaced by an empty one, never an
// error; a damaged file is indexed with its one-line reason.
//
// Several processes may use one index at once (the window and the command
// line): the database is in WAL mode, readers never wait, and a writer
// waits for another's transaction to end.
//
// Open, then Scan the folders to show, then Query them. The package knows
// nothing of windows; a window keeps the paths a Query returns as its list
// and asks Get for a row.
package library

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// FileName is the index's file name in its directory.
const FileName = "library.sqlite"

// busyTimeout is how long a writer waits for another process's write
// transaction before giving up, in milliseconds. A scan commits every few
// hundred files, so a wait is short; this bounds a stuck peer.
const busyTimeout = 10000

// DefaultPath returns where the index lives: $XDG_CACHE_HOME/gen5view (or
// the platform's cache directory) /library.sqlite.
func DefaultPath() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no cache directory for the library index: %v", err)
	}
	return filepath.Join(dir, "gen5view", FileName), nil
}

// Index is an open library index. Its methods are safe for concurrent use.
type Index struct {
	db   *sql.DB
	path string
}

// Open opens the index at path, creating it and its directory when
// missing. A file there that is not a usable index (damaged, not SQLite,
// or of a schema this version cannot migrate) is replaced by an empty
// index: the index is a cache, and files are indexed again by the next
// Scan.
func Open(path string) (*Index, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("library index: %v", err)
	}
	ix, err := open(path)
	if err == nil {
		return ix, nil
	}
	if !replaceable(err) {
		return nil, fmt.Errorf("library index %s: %v", path, err)
	}
	if err := removeDB(path); err != nil {
		return nil, fmt.Errorf("library index %s is damaged and cannot be replaced: %v", path, err)
	}
	ix, err = open(path)
	if err != nil {
		return nil, fmt.Errorf("library index %s: %v", path, err)
	}
	return ix, nil
}

func open(path string) (*Index, error) {
	// _txlock=immediate takes the write lock when a transaction begins, so
	// two writers queue on busy_timeout instead of one failing at its
	// first write. Reads run outside transactions.
	dsn := "file:" + path + "?_txlock=immediate" +
		"&_pragma=busy_timeout(" + fmt.Sprint(busyTimeout) + ")" +
		"&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(ON)" +
		// A search reads the rows of its folders: a cache of 32 MiB and a
		// mapped file keep the index of a large folder in memory, instead of
		// a read call per page.
		"&_pragma=cache_size(-32768)&_pragma=mmap_size(268435456)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	ix := &Index{db: db, path: path}
	if err := ix.migrate(context.Background()); err != nil {
		db.Close()
		return nil, err
	}
	return ix, nil
}

// errReplace marks a database this version cannot use and may replace.
var errReplace = errors.New("index of an unknown schema")

// replaceable reports whether err says the database file is not a usable
// index, as opposed to a failure of the system (permissions, a full disk).
func replaceable(err error) bool {
	if errors.Is(err, errReplace) {
		return true
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
			return true
		}
	}
	return false
}

// Damaged reports whether err, from a method of an Index, says that its
// database is damaged: Recreate then replaces it with an empty one.
func Damaged(err error) bool { return replaceable(err) }

// Recreate replaces the index at path with an empty one and opens it, for
// when a damaged page shows only after Open (see Damaged). Every Index open
// on the old file must be closed first.
func Recreate(path string) (*Index, error) {
	if err := removeDB(path); err != nil {
		return nil, fmt.Errorf("library index %s is damaged and cannot be replaced: %v", path, err)
	}
	return Open(path)
}

// systemError reports whether err is a failure of the system or of
// sharing (a lock held too long, a full disk, no permission) rather than of
// the database's contents: such an index is kept and the error reported.
func systemError(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN,
		sqlite3.SQLITE_PERM, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_FULL, sqlite3.SQLITE_NOMEM,
		sqlite3.SQLITE_INTERRUPT, sqlite3.SQLITE_AUTH:
		return true
	}
	return false
}

// removeDB removes the database and its WAL files.
func removeDB(path string) error {
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(path + suffix); err != nil && !os.IsNotExist(err) {
			return err
		}
	}
	return nil
}

// Path returns the database file's path.
func (ix *Index) Path() string { return ix.path }

// Close closes the index.
func (ix *Index) Close() error { return ix.db.Close() }

// isIndexed reports whether name is a file the library lists, by its
// extension.
func isIndexed(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".gen5" || ext == ".raiiaf"
}
