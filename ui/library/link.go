package library

import (
	"path/filepath"
	"strings"
)

// A viewer opened from the library steps through the files the library
// shows, and tells it of the files it saves. These are its side of that.

// Position returns path's place in the window's current order (its
// search, tag filter and sort), counted from 1, and how many files it
// shows; ok is false when path is not shown.
func (w *Window) Position(path string) (i, n int, ok bool) {
	j, ok := w.grid.index[path]
	return j + 1, len(w.grid.paths), ok
}

// Step returns the file delta places from path in the window's current
// order, and selects it in the grid, so that the grid follows a viewer
// stepping through it. ok is false past either end, or when path is not
// shown.
func (w *Window) Step(path string, delta int) (next string, ok bool) {
	i, ok := w.grid.index[path]
	if !ok || i+delta < 0 || i+delta >= len(w.grid.paths) {
		return "", false
	}
	w.grid.selectOnly(i + delta)
	return w.grid.paths[i+delta], true
}

// FileSaved tells the window that path was written (by a viewer's save):
// a file in its folder is read into the index again, its thumbnail made
// anew, and the search run again, as its tags may have changed what
// matches.
func (w *Window) FileSaved(path string) {
	if !inFolder(path, w.dir) {
		return
	}
	w.busy.Add(1)
	go func() {
		defer w.busy.Done()
		err := w.opts.Source.Scan(w.ctx, path, func(int, int) {})
		w.opts.RunOnUI(func() {
			if w.ctx.Err() != nil {
				return
			}
			if err != nil {
				w.scan.SetText("Could not read the saved file: " + err.Error())
			}
			w.grid.fileChanged(path)
			w.findNow()
		})
	}()
}

// inFolder reports whether path is dir or below it.
func inFolder(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}
