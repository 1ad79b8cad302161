package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"

	"github.com/gen5viewer/gen5view/library"
)

// withLibrary opens the shared library index, brings it up to date with
// the paths and runs use on it. When the index cannot be opened (no cache
// directory, or one that cannot be written), a throw-away index serves
// this run: a list never fails for want of a cache. An index found damaged
// while in use is replaced and the work done again, once.
func withLibrary(paths []string, recursive bool, use func(*library.Index) error) error {
	path, err := library.DefaultPath()
	if err != nil {
		return withTempLibrary(paths, recursive, use)
	}
	ix, err := library.Open(path)
	if err != nil {
		return withTempLibrary(paths, recursive, use)
	}
	err = scanAndUse(ix, paths, recursive, use)
	ix.Close()
	if err == nil || !library.Damaged(err) {
		return err
	}
	if ix, err = library.Recreate(path); err != nil {
		return err
	}
	defer ix.Close()
	return scanAndUse(ix, paths, recursive, use)
}

func scanAndUse(ix *library.Index, paths []string, recursive bool, use func(*library.Index) error) error {
	if _, err := ix.Scan(context.Background(), paths, recursive, nil); err != nil {
		return err
	}
	return use(ix)
}

// withTempLibrary runs use on an index made for this run alone.
func withTempLibrary(paths []string, recursive bool, use func(*library.Index) error) error {
	dir, err := os.MkdirTemp("", "gen5view-library-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	ix, err := library.Open(filepath.Join(dir, library.FileName))
	if err != nil {
		return err
	}
	defer ix.Close()
	return scanAndUse(ix, paths, recursive, use)
}

// pathShower returns shown, which gives an indexed (absolute) path as the
// user named it: under the root it was found through, spelled as that root
// was typed. The roots are made absolute once: a relative one costs a look
// at the working directory, once per root rather than once per path listed.
func pathShower(roots []string) (shown func(abs string) string) {
	type root struct{ typed, abs string }
	var rs []root
	for _, r := range roots {
		if ra, err := filepath.Abs(r); err == nil {
			rs = append(rs, root{r, ra})
		}
	}
	return func(abs string) string {
		for _, r := range rs {
			if abs == r.abs {
				return r.typed
			}
			if rel, ok := strings.CutPrefix(abs, strings.TrimSuffix(r.abs, string(filepath.Separator))+string(filepath.Separator)); ok {
				return filepath.Join(r.typed, rel)
			}
		}
		return abs
	}
}
