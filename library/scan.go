package library

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
)

// batchSize is how many rows a scan writes per transaction: large enough
// that commits cost little, small enough that another process waiting to
// write (an edit from the command line) waits briefly.
const batchSize = 500

// maxReaders bounds the goroutines that read files during a scan. Reading
// a manifest is quick; more readers than cores only contend, and a window
// scanning in the background must leave the machine usable.
const maxReaders = 4

// Progress tells how far a Scan has got. It is reported after the walk
// and after each batch written.
type Progress struct {
	Found   int // files under the roots
	Changed int // of those, new or changed since the index last saw them
	Read    int // of the changed ones, read and stored
	Removed int // rows dropped for files no longer there
}

// Scan brings the index up to date with the roots: folders, whose .gen5
// and .raiiaf files are indexed (with recursive, those of every folder
// below too), and single files. Only new files and files whose size or
// modification time changed are read; rows of files no longer there are
// dropped, except under a folder that could not be listed. progress, when
// not nil, is called on Scan's goroutine.
//
// A root that does not exist or cannot be listed is an error naming it;
// nothing under the other roots is then changed either. Cancelling ctx
// stops the scan after the batch being written; what was stored stays.
func (ix *Index) Scan(ctx context.Context, roots []string, recursive bool, progress func(Progress)) (Progress, error) {
	var p Progress
	report := func() {
		if progress != nil {
			progress(p)
		}
	}
	scopes, err := makeScopes(roots, recursive)
	if err != nil {
		return p, err
	}
	found := map[string]os.FileInfo{}
	var unlisted []string // folders whose rows are kept, as they could not be listed
	for _, s := range scopes {
		if err := s.walk(ctx, found, &unlisted); err != nil {
			return p, err
		}
	}
	p.Found = len(found)
	known, err := ix.known(ctx, scopes)
	if err != nil {
		return p, err
	}
	var changed []string
	for path, st := range found {
		k, ok := known[path]
		if !ok || k.size != st.Size() || k.mtime != st.ModTime().UnixNano() {
			changed = append(changed, path)
		}
	}
	var gone []int64
	for path, k := range known {
		if _, ok := found[path]; !ok && !under(path, unlisted) {
			gone = append(gone, k.id)
		}
	}
	p.Changed = len(changed)
	report()
	if len(gone) > 0 {
		if err := ix.remove(ctx, gone); err != nil {
			return p, err
		}
		p.Removed = len(gone)
	}
	if len(changed) == 0 {
		if len(gone) > 0 {
			report()
		}
		return p, nil
	}
	entries := readAll(ctx, changed, found)
	batch := make([]Entry, 0, batchSize)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := ix.store(ctx, batch); err != nil {
			return err
		}
		p.Read += len(batch)
		batch = batch[:0]
		report()
		return nil
	}
	for e := range entries {
		batch = append(batch, e)
		if len(batch) == batchSize {
			if err := flush(); err != nil {
				drain(entries)
				return p, err
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return p, err
	}
	if err := flush(); err != nil {
		return p, err
	}
	if p.Read+p.Removed >= analyzeFrom {
		// Row counts per index let SQLite choose the seed or tag index over
		// the folder's for a search that names one.
		if _, err := ix.db.ExecContext(ctx, "ANALYZE"); err != nil {
			return p, ix.wrap(err)
		}
	}
	return p, nil
}

// analyzeFrom is the number of rows written from which a scan refreshes
// the statistics the query planner uses.
const analyzeFrom = 500

// drain empties the channel so that its senders end.
func drain(ch <-chan Entry) {
	for range ch {
	}
}

// readAll reads the files on a few goroutines and sends their entries; the
// channel is closed when all are read or ctx is done.
func readAll(ctx context.Context, paths []string, info map[string]os.FileInfo) <-chan Entry {
	jobs := make(chan string)
	// Room for a batch, so that the readers go on while the batch before
	// is written.
	out := make(chan Entry, batchSize)
	n := min(runtime.GOMAXPROCS(0), maxReaders, len(paths))
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for path := range jobs {
				out <- readEntry(path, info[path])
			}
		}()
	}
	go func() {
		defer close(out)
		defer wg.Wait()
		defer close(jobs)
		for _, path := range paths {
			select {
			case jobs <- path:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

// knownFile is what the index holds of a file to tell whether it changed.
type knownFile struct {
	id    int64
	size  int64
	mtime int64
}

// known returns the indexed files under the scopes, by path.
func (ix *Index) known(ctx context.Context, scopes []scope) (map[string]knownFile, error) {
	where, args := scopesWhere(scopes)
	rows, err := ix.db.QueryContext(ctx, "SELECT id, path, size, mtime_ns FROM file WHERE "+where, args...)
	if err != nil {
		return nil, ix.wrap(err)
	}
	defer rows.Close()
	out := map[string]knownFile{}
	for rows.Next() {
		var k knownFile
		var path string
		if err := rows.Scan(&k.id, &path, &k.size, &k.mtime); err != nil {
			return nil, ix.wrap(err)
		}
		out[path] = k
	}
	return out, ix.wrap(rows.Err())
}

// remove drops rows by id, with their tags and search entries.
func (ix *Index) remove(ctx context.Context, ids []int64) error {
	list, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	return ix.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO file_fts (file_fts, rowid, prompt, negative_prompt, tags, model_name)
			SELECT 'delete', id, prompt, negative_prompt, tags, model_name FROM file
			WHERE id IN (SELECT value FROM json_each(?))`, list); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf(dirTagSQL, "-", idsOfBatch), list); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM file WHERE id IN (SELECT value FROM json_each(?))", list); err != nil {
			return err // file_tag rows go by ON DELETE CASCADE
		}
		_, err := tx.ExecContext(ctx, dirTagPrune)
		return err
	})
}

// The statements of store. A batch's rows go in through one prepared
// statement per row, their values bound (no text to parse); what follows
// from the rows (their search entries, their tags) is written by one
// statement over the whole batch, named by a JSON array of its paths: FTS5
// flushes its pending terms at the end of every statement that writes it,
// so a statement per file would make a segment per file.
const (
	// batchPaths selects the paths of the batch.
	batchPaths = "SELECT value FROM json_each(?1)"

	// Search entries of the rows about to be replaced are taken out with
	// the values they were made from, as an external-content FTS5 table
	// requires.
	unindexSQL = `INSERT INTO file_fts (file_fts, rowid, prompt, negative_prompt, tags, model_name)
		SELECT 'delete', id, prompt, negative_prompt, tags, model_name FROM file
		WHERE path IN (` + batchPaths + `)`

	upsertSQL = `INSERT INTO file (path, dir, name, size, mtime_ns, model_name, model_version, date,
		prompt, negative_prompt, tags, seed, steps, sampler, cfg_scale,
		image_format, width, height, latents, error)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT (path) DO UPDATE SET dir = excluded.dir, name = excluded.name,
		size = excluded.size, mtime_ns = excluded.mtime_ns,
		model_name = excluded.model_name, model_version = excluded.model_version,
		date = excluded.date, prompt = excluded.prompt,
		negative_prompt = excluded.negative_prompt, tags = excluded.tags,
		seed = excluded.seed, steps = excluded.steps, sampler = excluded.sampler,
		cfg_scale = excluded.cfg_scale, image_format = excluded.image_format,
		width = excluded.width, height = excluded.height,
		latents = excluded.latents, error = excluded.error`

	indexSQL = `INSERT INTO file_fts (rowid, prompt, negative_prompt, tags, model_name)
		SELECT id, prompt, negative_prompt, tags, model_name FROM file
		WHERE path IN (` + batchPaths + `)`

	// dirTagSQL adds to dir_tag ("+") or takes from it ("-") the tags of
	// the files whose ids the second verb selects; dirTagPrune drops the
	// counts that fell to nothing.
	dirTagSQL = `INSERT INTO dir_tag (dir, tag, n)
		SELECT f.dir, t.tag, %[1]scount(*) FROM file f JOIN file_tag t ON t.file_id = f.id
		WHERE f.id IN (%[2]s) GROUP BY f.dir, t.tag
		ON CONFLICT (dir, tag) DO UPDATE SET n = n + excluded.n`
	dirTagPrune = "DELETE FROM dir_tag WHERE n <= 0"
	idsOfBatch  = "SELECT value FROM json_each(?1)"
	idsOfPaths  = "SELECT id FROM file WHERE path IN (" + batchPaths + ")"

	untagSQL = `DELETE FROM file_tag WHERE file_id IN (SELECT id FROM file WHERE path IN (` + batchPaths + `))`

	tagSQL = `INSERT OR IGNORE INTO file_tag (file_id, tag)
		SELECT f.id, t.value FROM file f, json_each(f.tags) t
		WHERE f.path IN (` + batchPaths + `)`
)

// store writes entries in one transaction.
func (ix *Index) store(ctx context.Context, entries []Entry) error {
	paths := make([]string, len(entries))
	for i := range entries {
		paths[i] = entries[i].Path
	}
	list, err := json.Marshal(paths)
	if err != nil {
		return err
	}
	batch := string(list)
	return ix.write(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{unindexSQL, fmt.Sprintf(dirTagSQL, "-", idsOfPaths), untagSQL} {
			if _, err := tx.ExecContext(ctx, q, batch); err != nil {
				return err
			}
		}
		upsert, err := tx.PrepareContext(ctx, upsertSQL)
		if err != nil {
			return err
		}
		defer upsert.Close()
		for i := range entries {
			args, err := entries[i].columns()
			if err != nil {
				return err
			}
			if _, err := upsert.ExecContext(ctx, args...); err != nil {
				return err
			}
		}
		for _, q := range []string{indexSQL, tagSQL, fmt.Sprintf(dirTagSQL, "", idsOfPaths), dirTagPrune} {
			if _, err := tx.ExecContext(ctx, q, batch); err != nil {
				return err
			}
		}
		return nil
	})
}

// columns returns the entry's values in upsertSQL's order. Tags and
// latent shapes are stored as JSON arrays, seeds through seedKey, absent
// numbers and no error as NULL.
func (e *Entry) columns() ([]any, error) {
	tags, err := json.Marshal(nonNil(e.Tags))
	if err != nil {
		return nil, err
	}
	latents, err := json.Marshal(nonNil(e.Latents))
	if err != nil {
		return nil, err
	}
	var seed, steps, cfg, errText any
	if e.Seed != nil {
		seed = seedKey(*e.Seed)
	}
	if e.Steps != nil {
		steps = *e.Steps
	}
	if e.CFGScale != nil {
		cfg = *e.CFGScale
	}
	if e.Error != "" {
		errText = e.Error
	}
	return []any{e.Path, filepath.Dir(e.Path), filepath.Base(e.Path), e.Size, e.ModTime.UnixNano(),
		e.ModelName, e.ModelVersion, e.Date, e.Prompt, e.NegativePrompt, string(tags),
		seed, steps, e.Sampler, cfg, e.ImageFormat, e.Width, e.Height, string(latents), errText}, nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// seedKey maps an unsigned seed onto SQLite's signed integers keeping its
// order: the top bit flipped.
func seedKey(seed uint64) int64 { return int64(seed ^ 1<<63) }

// seedOf undoes seedKey.
func seedOf(key int64) uint64 { return uint64(key) ^ 1<<63 }

// write runs fn in a write transaction.
func (ix *Index) write(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := ix.db.BeginTx(ctx, nil)
	if err != nil {
		return ix.wrap(err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return ix.wrap(err)
	}
	return ix.wrap(tx.Commit())
}

// wrap names the index in an error from the database.
func (ix *Index) wrap(err error) error {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return fmt.Errorf("library index %s: %w", ix.path, err)
}

// scope is one root of a scan or a query: a file, a folder, or a folder
// and every folder below it.
type scope struct {
	path      string // absolute and clean
	dir       bool
	recursive bool
}

// makeScopes turns the roots into scopes, refusing a root that does not
// exist or is neither a folder nor a regular file.
func makeScopes(roots []string, recursive bool) ([]scope, error) {
	var out []scope
	for _, r := range roots {
		abs, err := filepath.Abs(r)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", r, err)
		}
		st, err := os.Stat(abs)
		if err != nil {
			return nil, pathError(r, err)
		}
		switch {
		case st.IsDir():
			out = append(out, scope{path: abs, dir: true, recursive: recursive})
		case st.Mode().IsRegular():
			out = append(out, scope{path: abs})
		default:
			return nil, fmt.Errorf("%s: not a folder or a regular file", r)
		}
	}
	return out, nil
}

// pathError is a one-line error naming path.
func pathError(path string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s: no such file or folder", path)
	}
	return fmt.Errorf("%s: %v", path, err)
}

// walk adds the scope's indexed files to found. A folder below the root
// that cannot be listed is added to unlisted and skipped; the root itself
// failing is an error.
func (s scope) walk(ctx context.Context, found map[string]os.FileInfo, unlisted *[]string) error {
	if !s.dir {
		st, err := os.Stat(s.path)
		if err != nil {
			return pathError(s.path, err)
		}
		found[s.path] = st
		return nil
	}
	return filepath.WalkDir(s.path, func(path string, d fs.DirEntry, err error) error {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return ctxErr
		}
		if err != nil {
			if path == s.path {
				return pathError(path, err)
			}
			if d != nil && d.IsDir() {
				*unlisted = append(*unlisted, path)
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if path != s.path && (!s.recursive || skipsFolder(d.Name())) {
				return fs.SkipDir
			}
			return nil
		}
		if !isIndexed(d.Name()) {
			return nil
		}
		st, err := d.Info()
		if err == nil && d.Type()&fs.ModeSymlink != 0 {
			st, err = os.Stat(path) // a link to a file lists the file
		}
		if err != nil || !st.Mode().IsRegular() {
			return nil
		}
		found[path] = st
		return nil
	})
}

// under reports whether path lies below one of the folders.
func under(path string, dirs []string) bool {
	for _, d := range dirs {
		if strings.HasPrefix(path, d+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// scopesWhere returns an SQL condition on file rows matching any scope.
func scopesWhere(scopes []scope) (string, []any) {
	var parts []string
	var args []any
	for _, s := range scopes {
		switch {
		case !s.dir:
			parts = append(parts, "path = ?")
			args = append(args, s.path)
		case !s.recursive:
			parts = append(parts, "dir = ?")
			args = append(args, s.path)
		default:
			// Every folder below: names between "root/" and "root0", as
			// '0' follows the separator '/'.
			prefix := strings.TrimSuffix(s.path, string(filepath.Separator)) + string(filepath.Separator)
			parts = append(parts, "(dir = ? OR (dir >= ? AND dir < ?))")
			args = append(args, s.path, prefix, prefix[:len(prefix)-1]+string(rune(filepath.Separator+1)))
		}
	}
	if len(parts) == 0 {
		return "0", nil
	}
	return "(" + strings.Join(parts, " OR ") + ")", args
}

// Remove drops the rows of the files at paths (made absolute), for a
// window told by the system that they went; a path the index does not hold
// is no error. Scan drops such rows too, for the folders it walks.
func (ix *Index) Remove(ctx context.Context, paths ...string) error {
	var ids []int64
	for _, p := range paths {
		abs, err := absPath(p)
		if err != nil {
			return err
		}
		var id int64
		switch err := ix.db.QueryRowContext(ctx, "SELECT id FROM file WHERE path = ?", abs).Scan(&id); err {
		case nil:
			ids = append(ids, id)
		case sql.ErrNoRows:
		default:
			return ix.wrap(err)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	return ix.remove(ctx, ids)
}

// skipsFolder says whether a recursive scan leaves out the folder named
// name: a hidden one, as file managers leave it out. Watch watches no
// folder a scan leaves out.
func skipsFolder(name string) bool { return strings.HasPrefix(name, ".") }
