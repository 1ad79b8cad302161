package library

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/gen5viewer/gen5view/codec"
)

// A batch edit (tags added, removed or renamed over many files) is
// journaled in the index as it goes: for each file saved, the manifest it
// had before and its size and modification time after. UndoLastEdit puts
// the manifests back, through the same atomic save, in each file that has
// not changed since. The journal holds the last batch only and survives
// the program's end; the index being a cache, losing it loses the Undo,
// never a file.

// EditLog records one batch edit as it goes. Begin one with BeginEdit,
// call Saved after each file saved (from any goroutine), and Close at the
// end. Records are written a few dozen at a time: a transaction per file
// cost a batch edit more than its saves.
type EditLog struct {
	ix *Index
	id int64

	mu      sync.Mutex
	pending []editItem
	written bool // the first records are written: this is the batch to undo
}

// editItem is a file's record in the journal.
type editItem struct {
	path   string
	before []byte
	size   int64
	mtime  int64
}

// editFlushAt is how many records EditLog gathers before writing them.
const editFlushAt = 64

// BeginEdit starts the journal of a batch edit, described by label (as a
// window names it: "Add tag “sky”"). Once it records a file, it is the
// batch Undo undoes; a batch that saves no file (an edit that changed
// nothing) leaves the last one to undo.
func (ix *Index) BeginEdit(ctx context.Context, label string) (*EditLog, error) {
	l := &EditLog{ix: ix}
	err := ix.write(ctx, func(tx *sql.Tx) error {
		// Batches that saved nothing are of no use.
		if _, err := tx.ExecContext(ctx, `DELETE FROM edit_batch
			WHERE id NOT IN (SELECT batch_id FROM edit_item)`); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, "INSERT INTO edit_batch (label, at_ns) VALUES (?, ?)", label, time.Now().UnixNano())
		if err != nil {
			return err
		}
		l.id, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return nil, err
	}
	return l, nil
}

// Saved records that the file at path was saved by the batch, holding
// before (its metadata JSON as stored) until then. Call it right after
// the save: the file's size and modification time now are what Undo
// expects to find.
func (l *EditLog) Saved(ctx context.Context, path string, before []byte) error {
	abs, err := absPath(path)
	if err != nil {
		return err
	}
	st, err := os.Stat(abs)
	if err != nil {
		return pathError(path, err)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.pending = append(l.pending, editItem{abs, append([]byte(nil), before...), st.Size(), st.ModTime().UnixNano()})
	if len(l.pending) < editFlushAt {
		return nil
	}
	return l.flush(ctx)
}

// Close writes the records not written yet.
func (l *EditLog) Close(ctx context.Context) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.flush(ctx)
}

// flush writes the pending records, in one transaction; l.mu is held.
func (l *EditLog) flush(ctx context.Context) error {
	if len(l.pending) == 0 {
		return nil
	}
	err := l.ix.write(ctx, func(tx *sql.Tx) error {
		if !l.written {
			// This batch now has something to undo: the one before is
			// no longer the last.
			if _, err := tx.ExecContext(ctx, "DELETE FROM edit_batch WHERE id != ?", l.id); err != nil {
				return err
			}
		}
		ins, err := tx.PrepareContext(ctx, `INSERT OR REPLACE INTO edit_item (batch_id, path, before, after_size, after_mtime_ns)
			VALUES (?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer ins.Close()
		for _, it := range l.pending {
			if _, err := ins.ExecContext(ctx, l.id, it.path, it.before, it.size, it.mtime); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	l.written = true
	l.pending = l.pending[:0]
	return nil
}

// EditSummary describes the batch edit Undo would undo.
type EditSummary struct {
	Label string
	At    time.Time
	Files int // files saved by the batch and not undone yet
}

// LastEdit returns the batch edit that UndoLastEdit would undo, and false
// when there is none.
func (ix *Index) LastEdit(ctx context.Context) (EditSummary, bool, error) {
	var s EditSummary
	var at int64
	err := ix.db.QueryRowContext(ctx, `SELECT b.label, b.at_ns, count(i.path) FROM edit_batch b
		JOIN edit_item i ON i.batch_id = b.id GROUP BY b.id ORDER BY b.id DESC LIMIT 1`).Scan(&s.Label, &at, &s.Files)
	if err == sql.ErrNoRows {
		return s, false, nil
	}
	if err != nil {
		return s, false, ix.wrap(err)
	}
	s.At = time.Unix(0, at)
	return s, true, nil
}

// UndoResult is what UndoLastEdit did.
type UndoResult struct {
	Restored int     // files given back their manifest from before the batch
	Errors   []error // one per file not restored, naming it and why
}

// ErrChangedSinceEdit says that a file changed after the batch edit saved
// it, so that Undo would lose that change: the file is left as it is.
var ErrChangedSinceEdit = errors.New("changed since the edit; not restored")

// UndoLastEdit gives each file the last batch edit saved its manifest from
// before, saved atomically, except a file changed since (its size or
// modification time differ from the batch's), which is named in the
// result. progress, when not nil, is called after each file. Each file
// leaves the journal once restored or refused; cancelling ctx leaves the
// rest in it, to be undone later. Call Scan afterwards for the index's
// rows.
func (ix *Index) UndoLastEdit(ctx context.Context, progress func(done, total int)) (UndoResult, error) {
	var res UndoResult
	var batch int64
	var items []editItem
	rows, err := ix.db.QueryContext(ctx, `SELECT i.batch_id, i.path, i.before, i.after_size, i.after_mtime_ns
		FROM edit_item i WHERE i.batch_id = (SELECT max(batch_id) FROM edit_item) ORDER BY i.path`)
	if err != nil {
		return res, ix.wrap(err)
	}
	for rows.Next() {
		var it editItem
		if err := rows.Scan(&batch, &it.path, &it.before, &it.size, &it.mtime); err != nil {
			rows.Close()
			return res, ix.wrap(err)
		}
		items = append(items, it)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return res, ix.wrap(err)
	}
	for i, it := range items {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		if err := restore(it.path, it.before, it.size, it.mtime); err != nil {
			res.Errors = append(res.Errors, err)
		} else {
			res.Restored++
		}
		if _, err := ix.db.ExecContext(ctx, "DELETE FROM edit_item WHERE batch_id = ? AND path = ?", batch, it.path); err != nil {
			return res, ix.wrap(err)
		}
		if progress != nil {
			progress(i+1, len(items))
		}
	}
	_, err = ix.db.ExecContext(ctx, "DELETE FROM edit_batch WHERE id = ? AND NOT EXISTS (SELECT 1 FROM edit_item WHERE batch_id = ?)", batch, batch)
	return res, ix.wrap(err)
}

// restore saves the manifest before into the file at path, if the file is
// still as the batch left it (size and modification time).
func restore(path string, before []byte, size, mtime int64) error {
	m, err := codec.ParseManifest(before)
	if err != nil {
		return fmt.Errorf("%s: the manifest kept for Undo: %v", path, err)
	}
	f, err := codec.OpenFile(path)
	if err != nil {
		return codec.NamePathError(path, err)
	}
	defer f.Close()
	// Checked after the open: a change before it shows here, a change
	// after it makes the save refuse (it compares with what it opened).
	st, err := os.Stat(path)
	if err != nil {
		return pathError(path, err)
	}
	if st.Size() != size || st.ModTime().UnixNano() != mtime {
		return fmt.Errorf("%s: %w", path, ErrChangedSinceEdit)
	}
	return f.Save(path, m)
}
