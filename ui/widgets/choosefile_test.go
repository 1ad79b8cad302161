package widgets

import (
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestChooseFileShowsDialog: the chooser opens over the window, and hands
// nothing on before a file is chosen.
func TestChooseFileShowsDialog(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel("doc"))
	w.Resize(fyne.NewSize(1000, 700))
	called := false
	ChooseFile(w, []string{".png"}, filepath.Join(t.TempDir(), "cat.png"), func(string) { called = true })
	if w.Canvas().Overlays().Top() == nil {
		t.Fatal("no file dialog over the window")
	}
	if called {
		t.Error("a path was handed on before one was chosen")
	}
}
