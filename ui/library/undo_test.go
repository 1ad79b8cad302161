package library

import (
	"image"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/gen5viewer/gen5view/internal/libtest"
	index "github.com/gen5viewer/gen5view/library"
)

// newIndexHarness opens a library window over a real library index on
// real files, one per tag list, so that its batches are journaled.
func newIndexHarness(t *testing.T, tags ...[]string) (*harness, IndexSource, []string) {
	t.Helper()
	dir := t.TempDir()
	paths := writeTagged(t, dir, tags...)
	ix, err := index.Open(filepath.Join(t.TempDir(), index.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	src := IndexSource{Index: ix}
	h := &harness{t: t}
	h.w = New(test.NewTempApp(t), dir, Options{
		Source:    src,
		Thumbnail: func(string) (image.Image, error) { return image.NewNRGBA(image.Rect(0, 0, 4, 4)), nil },
		Open:      func(string) {},
		RunOnUI:   onUI,
	})
	t.Cleanup(func() { onUI(h.w.win.Close) })
	h.wait()
	return h, src, paths
}

// A batch edit from the window over the library index is journaled, and
// Undo gives the files their tags back.
func TestBatchEditUndone(t *testing.T) {
	h, src, paths := newIndexHarness(t, []string{"red"}, []string{"red"}, []string{"red"})
	w := h.w
	onUI(func() { w.runBatch("Editing Tags", tagBatch{add: []string{"sky"}, remove: []string{"red"}}, paths[:2]) })
	w.wait()
	if got := libtest.Tags(t, paths[0]); !slices.Equal(got, []string{"sky"}) {
		t.Fatalf("after the batch: tags %v", got)
	}
	s, ok, err := src.LastEdit(w.ctx)
	if err != nil || !ok || s.Files != 2 || s.Label != "Add “sky”, remove “red”" {
		t.Fatalf("journal: %+v, %v, %v", s, ok, err)
	}
	onUI(func() { w.runUndo(src, s.Files) })
	w.wait()
	for _, p := range paths {
		if got := libtest.Tags(t, p); !slices.Equal(got, []string{"red"}) {
			t.Errorf("%s after undo: tags %v, want [red]", filepath.Base(p), got)
		}
	}
	onUI(func() {
		if got := w.scan.Text; got != "Undone: 2 files restored" {
			t.Errorf("status after undo %q", got)
		}
	})
}

// After a batch, the status line offers Undo; it asks, naming the batch,
// restores the files and goes away.
func TestUndoButtonAfterBatch(t *testing.T) {
	h, _, paths := newIndexHarness(t, []string{"cat"}, []string{"cat"})
	if h.w.undo.Visible() {
		t.Error("Undo shown before any batch")
	}
	onUI(func() { h.w.runBatch("Rename Tag", tagBatch{renames: []tagRename{{"cat", "kitten"}}}, paths) })
	h.wait()
	if !h.w.undo.Visible() {
		t.Fatal("Undo not shown after a batch")
	}
	onUI(func() { test.Tap(h.w.undo) })
	h.wait()
	if text := h.overlayText(); !strings.Contains(text, "Rename “cat” to “kitten”") || !strings.Contains(text, "2 files") {
		t.Errorf("Undo asks %q", text)
	}
	h.tap("Yes")
	for _, p := range paths {
		if got := libtest.Tags(t, p); !slices.Equal(got, []string{"cat"}) {
			t.Errorf("%s after Undo: %v", filepath.Base(p), got)
		}
	}
	if h.w.undo.Visible() {
		t.Error("Undo still shown with nothing left to undo")
	}
}
