package library

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/gen5viewer/gen5view/codec"
)

// tagBatch is a tag edit over many files: tags to add, tags to remove,
// and tags to rename (old → new; where a file has new already, the two
// merge into one).
type tagBatch struct {
	add, remove []string
	renames     []tagRename

	// log journals each file saved with its manifest from before, for
	// Undo; nil journals nothing.
	log EditLog
}

// tagRename is one tag's new name.
type tagRename struct{ old, new string }

// parseTagList reads tags typed as a comma-separated list.
func parseTagList(text string) []string {
	var out []string
	for _, t := range strings.Split(text, ",") {
		if t = strings.TrimSpace(t); t != "" && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// check refuses tags no file could take, before any file is touched.
func (b tagBatch) check() error {
	if _, err := codec.NewEdit(codec.NewManifest()).AddTags(b.add...); err != nil {
		return err
	}
	for _, r := range b.renames {
		if _, err := codec.NormalizeTag(r.new); err != nil {
			return fmt.Errorf("cannot rename %q: %v", r.old, err)
		}
	}
	return nil
}

// applyTo edits one file as `gen5view edit --add-tag … --remove-tag …
// --rename-tag OLD=NEW` does, through codec.Edit, and saves it atomically in place. A file the
// edit leaves as it was is not rewritten.
func (b tagBatch) applyTo(ctx context.Context, path string) (changed bool, err error) {
	f, err := codec.OpenFile(path)
	if err != nil {
		return false, codec.NamePathError(path, err)
	}
	defer f.Close()
	before := f.MetadataJSON()
	ed := codec.NewEdit(f.Manifest)
	ed.RemoveTags(b.remove...) // a tag the file lacks is no error: the edit runs over many
	for _, r := range b.renames {
		if _, err := ed.RenameTag(r.old, r.new); err != nil {
			return false, codec.NamePathError(path, err)
		}
	}
	if _, err := ed.AddTags(b.add...); err != nil {
		return false, codec.NamePathError(path, err)
	}
	if !ed.Changed() {
		return false, nil
	}
	if err := f.Save(path, ed.Manifest()); err != nil {
		return false, err
	}
	if b.log != nil {
		// The file is saved: a journal that fails costs the Undo of this
		// file, not the edit.
		if err := b.log.Saved(ctx, path, before); err != nil {
			return true, fmt.Errorf("%s: saved, but cannot be undone: %v", path, err)
		}
	}
	return true, nil
}

// label describes the batch, for the Undo it can be undone by.
func (b tagBatch) label() string {
	var parts []string
	quote := func(tags []string) string { return "“" + strings.Join(tags, "”, “") + "”" }
	if len(b.add) > 0 {
		parts = append(parts, "add "+quote(b.add))
	}
	if len(b.remove) > 0 {
		parts = append(parts, "remove "+quote(b.remove))
	}
	for _, r := range b.renames {
		parts = append(parts, "rename “"+r.old+"” to “"+r.new+"”")
	}
	if len(parts) == 0 {
		return "Tag edit"
	}
	s := strings.Join(parts, ", ")
	return strings.ToUpper(s[:1]) + s[1:]
}

// batchWorkers is how many files a batch saves at once: a save waits
// mostly on fsync, and the waits overlap (as in gen5view edit).
const batchWorkers = 4

// run edits the files, a few at once, calling progress (from any of its
// goroutines, one call at a time, with a count that only grows) after
// each, until done or ctx is cancelled, and returns the errors, one per
// failing file in the order of paths; the other files are still edited.
func (b tagBatch) run(ctx context.Context, paths []string, progress func(done int)) (changed int, errs []error) {
	fileErrs := make([]error, len(paths))
	var mu sync.Mutex // guards changed, done and the calls of progress
	done := 0
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(batchWorkers, len(paths)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				ok, err := b.applyTo(ctx, paths[i])
				fileErrs[i] = err
				mu.Lock()
				if ok && err == nil {
					changed++
				}
				done++
				progress(done)
				mu.Unlock()
			}
		}()
	}
	sent := 0
send:
	for sent < len(paths) && ctx.Err() == nil {
		select {
		case jobs <- sent:
			sent++
		case <-ctx.Done():
			break send
		}
	}
	close(jobs)
	wg.Wait()
	if b.log != nil {
		// Written even when cancelled: the files saved can be undone.
		if err := b.log.Close(context.WithoutCancel(ctx)); err != nil {
			errs = append(errs, fmt.Errorf("the edit cannot be undone: %v", err))
		}
	}
	for _, err := range fileErrs {
		if err != nil {
			errs = append(errs, err)
		}
	}
	if sent < len(paths) {
		errs = append(errs, fmt.Errorf("cancelled: %d of %d files not edited", len(paths)-sent, len(paths)))
	}
	return changed, errs
}
