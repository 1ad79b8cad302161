package library

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"
)

// watchDelay is how long Watch waits after the last event before updating
// the index: a program saving a file (or many) sends several events per
// file, and a file written in place is read once it is finished.
const watchDelay = 400 * time.Millisecond

// Watch keeps the index's rows of the files under root (a folder, and the
// folders below it as Scan with recursive walks them) up to date while ctx
// lasts: a file added, changed or removed is read or dropped shortly after,
// without walking the folder again. changed, when not nil, is called on
// Watch's goroutine after each update with the paths it updated.
//
// The system's file notification (inotify on Linux) is not recursive:
// every folder is watched, and a folder made later is watched and scanned
// when it appears. When the system drops events, the folder is scanned
// again. Watch returns when ctx is done, or at once with an error when the
// folder cannot be watched (the system's limit on watches, say): the
// index then follows changes only when scanned.
func (ix *Index) Watch(ctx context.Context, root string, changed func(paths []string)) error {
	root, err := absPath(root)
	if err != nil {
		return err
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	defer w.Close()
	watched := map[string]bool{} // the folders watched, to tell one that went
	if err := watchTree(w, root, watched); err != nil {
		return err
	}
	pending := map[string]bool{}
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			if ev.Op == fsnotify.Chmod {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if st, err := os.Lstat(ev.Name); err == nil && st.IsDir() {
					if skipsFolder(filepath.Base(ev.Name)) {
						continue
					}
					watchTree(w, ev.Name, watched) // a folder that cannot be watched is scanned once
				}
			}
			pending[ev.Name] = true
			timer.Reset(watchDelay)
		case err, ok := <-w.Errors:
			if !ok {
				return nil
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				pending[root] = true // events were lost: scan it all
				timer.Reset(watchDelay)
			}
		case <-timer.C:
			paths := make([]string, 0, len(pending))
			for p := range pending {
				paths = append(paths, p)
			}
			clear(pending)
			updated := ix.follow(ctx, root, paths, watched)
			if changed != nil && len(updated) > 0 {
				changed(updated)
			}
		}
	}
}

// watchTree watches dir and the folders below it, but those Scan skips
// (hidden ones), adding them to watched.
func watchTree(w *fsnotify.Watcher, dir string, watched map[string]bool) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if path == dir {
				return pathError(path, err)
			}
			return nil
		}
		if !d.IsDir() {
			return nil
		}
		if path != dir && skipsFolder(d.Name()) {
			return fs.SkipDir
		}
		if err := w.Add(path); err != nil {
			if path == dir {
				return pathError(path, err)
			}
			return fs.SkipDir
		}
		watched[path] = true
		return nil
	})
}

// follow updates the index for paths that events named: an indexed file
// that is there is read if it changed, one that is gone is dropped, a
// folder is scanned (a new one, or root after lost events); a watched
// folder that went takes its files' rows with it through a scan of root.
// Other names (a program's temporary files) cost nothing. It returns the
// paths it updated.
func (ix *Index) follow(ctx context.Context, root string, paths []string, watched map[string]bool) []string {
	var files, gone, dirs []string
	rescan := false
	for _, p := range paths {
		st, err := os.Stat(p)
		switch {
		case err == nil && st.IsDir():
			dirs = append(dirs, p)
		case err == nil && st.Mode().IsRegular() && isIndexed(p):
			files = append(files, p)
		case err != nil && isIndexed(p):
			gone = append(gone, p)
		case err != nil && watched[p]:
			delete(watched, p)
			rescan = true
		}
	}
	if rescan {
		dirs = []string{root}
	}
	if len(gone) > 0 {
		if err := ix.Remove(ctx, gone...); err != nil {
			return nil
		}
	}
	if len(files) > 0 {
		if _, err := ix.Scan(ctx, files, false, nil); err != nil {
			// A file went between the look and the read: scan the folders.
			dirs = append(dirs, root)
		}
	}
	if len(dirs) > 0 {
		if _, err := ix.Scan(ctx, dirs, true, nil); err != nil {
			return nil
		}
	}
	return append(append(files, gone...), dirs...)
}
