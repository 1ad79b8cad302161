package library

import (
	"context"

	index "github.com/gen5viewer/gen5view/library"
)

// Entry is one file as the index keeps it.
type Entry = index.Entry

// TagCount is a tag and how many of the shown files carry it.
type TagCount = index.TagCount

// Search is what the window asks its Source for: the files of Dir (and
// of the folders below) matching Text, as typed in the search field, and
// carrying every one of Tags, in the order Sort names.
type Search struct {
	Dir  string
	Text string
	Tags []string
	Sort string // "name", "date", "model" or "seed"
}

// Source is where the window's files come from: the library index, or a
// list of its own in tests.
type Source interface {
	// Scan brings what the source knows of dir up to date, calling
	// progress (on Scan's goroutine) as it goes with the number of files
	// new or changed since the last scan and how many of them were read.
	Scan(ctx context.Context, dir string, progress func(changed, read int)) error
	// Find returns the paths of the files matching s, in its order, and
	// the tags they carry with their counts, most used first. An error
	// about the search text is shown beside the field. Paths only: at tens
	// of thousands of files, the grid reads the rows it shows (Rows).
	Find(ctx context.Context, s Search) ([]string, []TagCount, error)
	// Rows returns the rows of the files at paths, in that order; a file
	// the source no longer holds has none.
	Rows(ctx context.Context, paths []string) ([]Entry, error)
}

// EditJournal is a Source that journals batch edits, so that the last can
// be undone: the library index does.
type EditJournal interface {
	// BeginEdit starts the journal of a batch, replacing the last one's.
	BeginEdit(ctx context.Context, label string) (EditLog, error)
	// LastEdit describes the batch UndoLastEdit would undo; false when
	// there is none.
	LastEdit(ctx context.Context) (index.EditSummary, bool, error)
	// UndoLastEdit gives the files of the last batch their manifests from
	// before it, except those changed since.
	UndoLastEdit(ctx context.Context, progress func(done, total int)) (index.UndoResult, error)
}

// Watcher is a Source that follows a folder's files as they change on
// disk, while ctx lasts: the library index does, through the system's file
// notification. changed is called (off the UI goroutine) after each
// change it took in, with the paths of the files (or folders) that
// changed.
type Watcher interface {
	Watch(ctx context.Context, dir string, changed func(paths []string)) error
}

// EditLog journals the files of one batch as they are saved; Close ends
// the batch, writing what it gathered.
type EditLog interface {
	Saved(ctx context.Context, path string, before []byte) error
	Close(ctx context.Context) error
}

// IndexSource is a Source over the library index: the folder and the
// folders below it.
type IndexSource struct{ Index *index.Index }

// Scan brings the index up to date with dir and everything below it.
func (s IndexSource) Scan(ctx context.Context, dir string, progress func(changed, read int)) error {
	_, err := s.Index.Scan(ctx, []string{dir}, true, func(p index.Progress) { progress(p.Changed, p.Read) })
	return err
}

// Find parses the search text as the command line's ls --search does,
// and asks the index for the paths of the files and their tag counts.
func (s IndexSource) Find(ctx context.Context, q Search) ([]string, []TagCount, error) {
	query, err := index.ParseQuery(q.Text)
	if err != nil {
		return nil, nil, err
	}
	query.Roots, query.Recursive = []string{q.Dir}, true
	query.Tags = append(query.Tags, q.Tags...)
	if query.Sort, err = index.ParseSort(q.Sort); err != nil {
		return nil, nil, err
	}
	// The two queries read the index on two connections at once: over a
	// folder of 10,000 files each costs tens of milliseconds.
	var counts []TagCount
	var countErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		counts, countErr = s.Index.TagCounts(ctx, query)
	}()
	paths, err := s.Index.Paths(ctx, query)
	<-done
	if err != nil {
		return nil, nil, err
	}
	if countErr != nil {
		return nil, nil, countErr
	}
	return paths, counts, nil
}

// Rows reads the rows of the files at paths from the index.
func (s IndexSource) Rows(ctx context.Context, paths []string) ([]Entry, error) {
	return s.Index.Rows(ctx, paths)
}

// BeginEdit starts the index's journal of a batch edit.
func (s IndexSource) BeginEdit(ctx context.Context, label string) (EditLog, error) {
	return s.Index.BeginEdit(ctx, label)
}

// LastEdit describes the batch edit the index would undo.
func (s IndexSource) LastEdit(ctx context.Context) (index.EditSummary, bool, error) {
	return s.Index.LastEdit(ctx)
}

// UndoLastEdit undoes the last batch edit journaled in the index.
func (s IndexSource) UndoLastEdit(ctx context.Context, progress func(done, total int)) (index.UndoResult, error) {
	return s.Index.UndoLastEdit(ctx, progress)
}

// Watch keeps the index's rows of dir and the folders below it up to date
// as files change on disk.
func (s IndexSource) Watch(ctx context.Context, dir string, changed func(paths []string)) error {
	return s.Index.Watch(ctx, dir, changed)
}
