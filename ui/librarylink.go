package ui

import (
	"fmt"
	"path/filepath"

	"fyne.io/fyne/v2"
)

// libraryOrder is the library window a viewer was opened from: the files
// it shows, in its order (its search, tag filter and sort), which ←/→ and
// Page Up/Down step through.
type libraryOrder interface {
	// Step returns the file delta places from path, selecting it in the
	// library; false at either end, or when path is not shown.
	Step(path string, delta int) (string, bool)
	// Position returns path's place, from 1, among n files shown.
	Position(path string) (i, n int, ok bool)
	// Dir is the library's folder.
	Dir() string
}

// followLibrary has the viewer step through lib's files.
func (v *viewer) followLibrary(lib libraryOrder) {
	v.order = lib
	v.showPlace()
}

// typedKey is the viewer's keys when no widget takes them: ← and Page Up
// show the library's previous file, → and Page Down the next.
func (v *viewer) typedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyLeft, fyne.KeyPageUp:
		v.step(-1)
	case fyne.KeyRight, fyne.KeyPageDown:
		v.step(1)
	}
}

// step opens the file delta places from the one shown in the library's
// order, asking first about unsaved edits.
func (v *viewer) step(delta int) {
	if v.order == nil || v.doc == nil {
		return
	}
	if next, ok := v.order.Step(v.doc.path, delta); ok {
		v.Open(next)
	}
}

// showPlace says in the status bar where the file shown stands in the
// library it was opened from, and that the arrow keys step through it.
func (v *viewer) showPlace() {
	text := ""
	if v.order != nil && v.doc != nil {
		if i, n, ok := v.order.Position(v.doc.path); ok {
			text = fmt.Sprintf("%d of %d in %s  (← →)", i, n, filepath.Base(v.order.Dir()))
		}
	}
	v.place.SetText(text)
	v.place.Hidden = text == ""
}

// fileSaved tells the library windows that path was written, so that they
// show it as it is now.
func (s *session) fileSaved(path string) {
	for _, lw := range s.libWindows {
		lw.FileSaved(path)
	}
}
