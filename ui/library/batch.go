package library

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/gen5viewer/gen5view/codec"
)

// tagBatch is a tag edit over many files: tags to add, tags to remove.
type tagBatch struct {
	add, remove []string
}

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
	_, err := codec.NewEdit(codec.NewManifest()).AddTags(b.add...)
	return err
}

// applyTo edits one file as `gen5view edit --add-tag … --remove-tag …`
// does, through codec.Edit, and saves it atomically in place. A file the
// edit leaves as it was is not rewritten.
func (b tagBatch) applyTo(path string) (changed bool, err error) {
	f, err := codec.OpenFile(path)
	if err != nil {
		return false, codec.NamePathError(path, err)
	}
	defer f.Close()
	ed := codec.NewEdit(f.Manifest)
	ed.RemoveTags(b.remove...) // a tag the file lacks is no error: the edit runs over many
	if _, err := ed.AddTags(b.add...); err != nil {
		return false, codec.NamePathError(path, err)
	}
	if !ed.Changed() {
		return false, nil
	}
	return true, f.Save(path, ed.Manifest())
}

// run edits the files one after another, calling progress after each,
// until done or ctx is cancelled, and returns the errors, one per failing
// file; the other files are still edited.
func (b tagBatch) run(ctx context.Context, paths []string, progress func(done int)) (changed int, errs []error) {
	for i, p := range paths {
		if ctx.Err() != nil {
			errs = append(errs, fmt.Errorf("cancelled: %d of %d files not edited", len(paths)-i, len(paths)))
			break
		}
		ok, err := b.applyTo(p)
		if err != nil {
			errs = append(errs, err)
		} else if ok {
			changed++
		}
		progress(i + 1)
	}
	return changed, errs
}
