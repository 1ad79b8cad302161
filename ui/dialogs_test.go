package ui

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/gen5viewer/gen5view/ui/widgets"
)

// pressKey sends a key to the window as the driver does when no widget
// has the focus.
func pressKey(t *testing.T, w fyne.Window, k fyne.KeyName) {
	t.Helper()
	h := w.Canvas().OnTypedKey()
	if h == nil {
		t.Fatalf("no key handler on the canvas for %s", k)
	}
	h(&fyne.KeyEvent{Name: k})
}

func newDialogWindow(t *testing.T) fyne.Window {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel("doc"))
	w.Resize(fyne.NewSize(800, 600))
	return w
}

// TestDialogKeys: Enter presses the default button and Escape cancels, in
// the unsaved-changes question, a confirmation and an error, and the
// canvas gets its own key handler back once they are gone.
func TestDialogKeys(t *testing.T) {
	w := newDialogWindow(t)
	var own []fyne.KeyName
	w.Canvas().SetOnTypedKey(func(ev *fyne.KeyEvent) { own = append(own, ev.Name) })

	var got []unsavedChoice
	askUnsaved(w, "a.gen5", func(c unsavedChoice) { got = append(got, c) })
	pressKey(t, w, fyne.KeyReturn)
	askUnsaved(w, "a.gen5", func(c unsavedChoice) { got = append(got, c) })
	pressKey(t, w, fyne.KeyEscape)
	if len(got) != 2 || got[0] != saveChanges || got[1] != keepEditing {
		t.Errorf("Enter, Escape in the unsaved question gave %v, want [save cancel]", got)
	}

	var answers []bool
	widgets.ShowConfirm(w, "Q", "q?", "Yes", "No", func(ok bool) { answers = append(answers, ok) })
	pressKey(t, w, fyne.KeyEscape)
	widgets.ShowConfirm(w, "Q", "q?", "Yes", "No", func(ok bool) { answers = append(answers, ok) })
	pressKey(t, w, fyne.KeyEnter)
	if len(answers) != 2 || answers[0] || !answers[1] {
		t.Errorf("Escape, Enter in a confirmation gave %v, want [false true]", answers)
	}

	widgets.ShowError(w, errors.New("bad"))
	if overlayText(w.Canvas()) == "" {
		t.Fatal("no error shown")
	}
	pressKey(t, w, fyne.KeyEscape)
	if w.Canvas().Overlays().Top() != nil {
		t.Error("Escape left the error dialog open")
	}
	pressKey(t, w, fyne.KeyA)
	if len(own) != 1 || own[0] != fyne.KeyA {
		t.Errorf("the window's own key handler got %v after the dialogs, want [A]", own)
	}
}

// TestErrorKeepsNameCase: a message starting with a file name is shown
// as written, not capitalised (Fyne's error dialog capitalises).
func TestErrorKeepsNameCase(t *testing.T) {
	w := newDialogWindow(t)
	widgets.ShowError(w, errors.New("edit-me.gen5 was not saved"))
	if txt := overlayText(w.Canvas()); txt != "edit-me.gen5 was not saved\n" && !containsLine(txt, "edit-me.gen5 was not saved") {
		t.Errorf("error shown as %q", txt)
	}
}

func containsLine(text, line string) bool {
	for _, l := range splitLines(text) {
		if l == line {
			return true
		}
	}
	return false
}

func splitLines(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// TestPathDialogKeys: a path typed and Enter submits; Escape in the path
// cancels; "Replace file?" → No comes back to the path as typed.
func TestPathDialogKeys(t *testing.T) {
	dir := t.TempDir()
	current := filepath.Join(dir, "cat.gen5")
	other := filepath.Join(dir, "other.gen5")
	for _, p := range []string{current, other} {
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	w := newDialogWindow(t)
	var got []string
	then := func(dst string) { got = append(got, dst) }

	chooseSaveAs(w, current, then)
	e := overlayEntry(w.Canvas())
	e.SetText("new")
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if len(got) != 1 || got[0] != filepath.Join(dir, "new.gen5") {
		t.Fatalf("Enter in the path gave %q", got)
	}

	chooseSaveAs(w, current, then)
	overlayEntry(w.Canvas()).TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if len(got) != 2 || got[1] != "" {
		t.Fatalf("Escape in the path gave %q, want a cancel", got)
	}

	chooseSaveAs(w, current, then)
	e = overlayEntry(w.Canvas())
	e.SetText("other")
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	pressKey(t, w, fyne.KeyEscape) // "Replace file?" → No
	if len(got) != 2 {
		t.Fatalf("declining the replacement gave %q", got[2:])
	}
	e = overlayEntry(w.Canvas())
	if e == nil || e.Text != "other" || w.Canvas().Focused() != e {
		t.Fatalf("after No the path is not back with %q focused", "other")
	}
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	pressKey(t, w, fyne.KeyReturn) // Replace
	if len(got) != 3 || got[2] != other {
		t.Errorf("replacing after asking again gave %q", got[2:])
	}
}
