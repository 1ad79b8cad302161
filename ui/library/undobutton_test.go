package library

import (
	"fmt"
	"image"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/internal/libtest"
	index "github.com/gen5viewer/gen5view/library"
)

// After a batch, the status line offers Undo; it asks, naming the batch,
// restores the files and goes away.
func TestUndoButtonAfterBatch(t *testing.T) {
	dir := t.TempDir()
	var paths []string
	for i := range 2 {
		m := codec.NewManifest()
		m.SetPrompt(fmt.Sprint("file ", i))
		if err := m.SetTags([]string{"cat"}); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, fmt.Sprintf("f%d.gen5", i))
		writeFile(t, p, m)
		paths = append(paths, p)
	}
	ix, err := index.Open(filepath.Join(t.TempDir(), index.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	h := &harness{t: t}
	h.w = New(test.NewTempApp(t), dir, Options{
		Source:    IndexSource{Index: ix},
		Thumbnail: func(string) (image.Image, error) { return image.NewNRGBA(image.Rect(0, 0, 4, 4)), nil },
		Open:      func(string) {},
		RunOnUI:   onUI,
	})
	defer onUI(h.w.win.Close)
	h.wait()
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
