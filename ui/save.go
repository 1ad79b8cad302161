package ui

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/ui/widgets"
)

// saveDocument writes f again with manifest m, to dst (f's own path for
// Save, another for Save As), through codec.File.Save: every chunk keeps
// its stored bytes, the file is replaced atomically, and it is read back
// before it takes the old one's place, so on any error the file at dst is
// as it was. Errors name the file; when the file changed on disk since it
// was opened, the error (still errors.Is codec.ErrChangedOnDisk) says what
// to do about it.
func saveDocument(f *codec.File, m *codec.Manifest, dst string) error {
	err := f.Save(dst, m)
	if err != nil && errors.Is(err, codec.ErrChangedOnDisk) {
		return &changedOnDiskError{name: filepath.Base(dst), err: err}
	}
	return err
}

type changedOnDiskError struct {
	name string
	err  error
}

func (e *changedOnDiskError) Error() string {
	return e.name + " changed on disk since it was opened; save under another name (Save As) to keep both"
}

func (e *changedOnDiskError) Unwrap() error { return e.err }

// unsavedChoice is the answer to "NAME has unsaved changes".
type unsavedChoice int

const (
	// keepEditing cancels what would have lost the changes.
	keepEditing unsavedChoice = iota
	// saveChanges saves them first.
	saveChanges
	// discardChanges goes ahead without them.
	discardChanges
)

func (c unsavedChoice) String() string {
	switch c {
	case saveChanges:
		return "save"
	case discardChanges:
		return "discard"
	}
	return "cancel"
}

// askUnsaved asks whether to discard the unsaved changes to the file
// called name, with Save, Discard and Cancel buttons, and passes the answer
// to then (keepEditing when the dialog is dismissed).
func askUnsaved(w fyne.Window, name string, then func(unsavedChoice)) {
	widgets.ShowDialog(w, "Unsaved changes", widgets.MessageLabel(name+" has unsaved changes. Discard them?"), []widgets.DialogButton{
		{Label: "Cancel", Action: func() { then(keepEditing) }},
		{Label: "Discard", Importance: widget.DangerImportance, Action: func() { then(discardChanges) }},
		{Label: "Save", Importance: widget.HighImportance, Action: func() { then(saveChanges) }},
	}, 2, 0, 420, nil)
}

// saver runs the save flow of one window. A save runs in the background
// (it copies every chunk and reads the result back); when it succeeds the
// file is opened again, since the old descriptor points at the file that
// was replaced, the editor takes the saved manifest as its new original,
// and "Saved" shows for a moment. When it fails nothing changes: the file
// on disk is as it was, the edits stay in the window, and the error is
// shown.
type saver struct {
	Window fyne.Window
	// Status shows "Saved" for a moment after each save; nil for none.
	Status *widget.Label
	// Reopened receives the file opened again after a save, on the UI
	// goroutine: the window swaps it in and closes the old one.
	Reopened func(f *codec.File)

	busy  bool
	flash *time.Timer
	// running, when set, counts the saves whose result has not been
	// shown yet, for tests to wait on. It is the window's, shared by the
	// savers of the documents it shows one after another.
	running *sync.WaitGroup
}

// savedTime is how long "Saved" stays in the status label.
const savedTime = 3 * time.Second

// Save writes ed's edits into f's file at dst (f.Path() for Save) and
// calls then (if not nil) with whether it worked. Edits that break the
// schema are refused before anything is written, naming each problem.
func (s *saver) Save(f *codec.File, ed *editor, dst string, then func(ok bool)) {
	done := func(ok bool) {
		if then != nil {
			then(ok)
		}
	}
	if s.busy {
		done(false)
		return
	}
	if p := ed.Problems(); len(p) > 0 {
		widgets.ShowError(s.Window, fmt.Errorf("%s was not saved. Fix these first:\n%s",
			filepath.Base(dst), strings.Join(p, "\n")))
		done(false)
		return
	}
	s.busy = true
	m := ed.Manifest()
	if s.running != nil {
		s.running.Add(1)
	}
	go func() {
		nf, err := saveAndReopen(f, m, dst)
		runOnUI(func() {
			if s.running != nil {
				defer s.running.Done()
			}
			s.busy = false
			if err != nil {
				widgets.ShowError(s.Window, err)
				done(false)
				return
			}
			ed.MarkSaved(nf.Manifest)
			if s.Reopened != nil {
				s.Reopened(nf)
			}
			if s.Status != nil {
				if s.flash != nil {
					s.flash.Stop() // one timer per label: the newest clears it
				}
				s.flash = flashStatus(s.Status, "Saved", savedTime)
			}
			done(true)
		})
	}()
}

// stop keeps a pending "Saved" from clearing the status label later, for
// a window that is closing.
func (s *saver) stop() {
	if s.flash != nil {
		s.flash.Stop()
	}
}

func saveAndReopen(f *codec.File, m *codec.Manifest, dst string) (*codec.File, error) {
	if err := saveDocument(f, m, dst); err != nil {
		return nil, err
	}
	nf, err := codec.OpenFile(dst)
	if err != nil {
		return nil, fmt.Errorf("saved, but opening it again failed: %w", err)
	}
	return nf, nil
}

// SaveAs asks where to save (chooseSaveAs) and saves there.
func (s *saver) SaveAs(f *codec.File, ed *editor, then func(ok bool)) {
	chooseSaveAs(s.Window, f.Path(), func(dst string) {
		if dst == "" {
			if then != nil {
				then(false)
			}
			return
		}
		s.Save(f, ed, dst, then)
	})
}

// flashStatus shows text in l and clears it after d, unless something else
// was shown meanwhile. Stopping the timer it returns keeps the text.
func flashStatus(l *widget.Label, text string, d time.Duration) *time.Timer {
	l.SetText(text)
	l.Show()
	return time.AfterFunc(d, func() {
		runOnUI(func() {
			if l.Text == text {
				l.SetText("")
			}
		})
	})
}

// chooseSaveAs asks for the path to save a copy of the file at current to,
// and passes it to then with the file's extension (.gen5 or .raiiaf)
// appended when missing ("" when cancelled). Replacing another existing file is confirmed first.
//
// Fyne's file-save dialog is not used: it opens the chosen file for
// writing, truncating it, before it returns, which would empty the open
// file itself if the user picked it, and leave an empty file behind under
// a name without ".gen5".
func chooseSaveAs(w fyne.Window, current string, then func(dst string)) {
	f, _ := codec.FormatOfPath(current)
	askPath(w, widgets.PathDialog{
		Title: "Save As", Prompt: "Save a copy with the edits as:", Confirm: "Save",
		Initial: current,
		Fix:     func(dst string) string { return f.EnsureExt(dst) },
		// A device, a pipe or a link to one is never replaced.
		Check:      func(dst string) error { _, err := codec.WriteTarget(dst); return err },
		ReplaceAsk: func(dst string) bool { return !codec.SameFile(dst, current) },
		Done:       func(dst string, _ bool) { then(dst) },
	})
}
