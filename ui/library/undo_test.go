package library

import (
	"fmt"
	"image"
	"path/filepath"
	"slices"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/internal/libtest"
	index "github.com/gen5viewer/gen5view/library"
)

// A batch edit from the window over the library index is journaled, and
// Undo gives the files their tags back.
func TestBatchEditUndone(t *testing.T) {
	dir := t.TempDir()
	var paths []string
	for i := range 3 {
		m := codec.NewManifest()
		m.SetPrompt(fmt.Sprint("file ", i))
		if err := m.SetTags([]string{"red"}); err != nil {
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
	src := IndexSource{Index: ix}
	w := New(test.NewTempApp(t), dir, Options{
		Source:    src,
		Thumbnail: func(string) (image.Image, error) { return image.NewNRGBA(image.Rect(0, 0, 4, 4)), nil },
		Open:      func(string) {},
		RunOnUI:   onUI,
	})
	defer onUI(w.win.Close)
	w.wait()

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
