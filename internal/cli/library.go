package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"

	"github.com/gen5viewer/gen5view/library"
)

// openLibrary opens the shared library index and brings it up to date with
// the paths. When the index cannot be opened (no cache directory, or one
// that cannot be written), a throw-away index serves this run: a list
// never fails for want of a cache. The returned function closes it.
func openLibrary(e *env, paths []string, recursive bool) (*library.Index, func(), error) {
	var ix *library.Index
	path, err := library.DefaultPath()
	if err == nil {
		ix, err = library.Open(path)
	}
	closeIt := func() { ix.Close() }
	if err != nil {
		dir, terr := os.MkdirTemp("", "gen5view-library-")
		if terr != nil {
			return nil, nil, err
		}
		if ix, terr = library.Open(filepath.Join(dir, library.FileName)); terr != nil {
			os.RemoveAll(dir)
			return nil, nil, err
		}
		closeIt = func() { ix.Close(); os.RemoveAll(dir) }
	}
	if _, err := ix.Scan(context.Background(), paths, recursive, nil); err != nil {
		closeIt()
		return nil, nil, err
	}
	return ix, closeIt, nil
}

// shownPath returns an indexed (absolute) path as the user named it: under
// the root it was found through, spelled as that root was typed.
func shownPath(abs string, roots []string) string {
	for _, r := range roots {
		ra, err := filepath.Abs(r)
		if err != nil {
			continue
		}
		if abs == ra {
			return r
		}
		if rel, ok := strings.CutPrefix(abs, strings.TrimSuffix(ra, string(filepath.Separator))+string(filepath.Separator)); ok {
			return filepath.Join(r, rel)
		}
	}
	return abs
}
