package ui

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/gen5viewer/gen5view/internal/fixtures"
)

// fakeOrder is a library's order of files.
type fakeOrder struct{ paths []string }

func (o *fakeOrder) Step(path string, delta int) (string, bool) {
	i := slices.Index(o.paths, path)
	if i < 0 || i+delta < 0 || i+delta >= len(o.paths) {
		return "", false
	}
	return o.paths[i+delta], true
}

func (o *fakeOrder) Position(path string) (int, int, bool) {
	i := slices.Index(o.paths, path)
	return i + 1, len(o.paths), i >= 0
}

func (o *fakeOrder) Dir() string { return "/pics" }

// ←/→ and Page Up/Down step through the library's order; the status bar
// says where the file stands in it.
func TestViewerStepsThroughLibrary(t *testing.T) {
	order := &fakeOrder{}
	for _, n := range []string{"a0_jpeg.gen5", "a0_webp.gen5", "a0_sd15_f32.gen5"} {
		order.paths = append(order.paths, fixtures.Path(t, n))
	}
	v := newTestViewer(t)
	v.followLibrary(order)
	openAndWait(t, v, order.paths[0])
	key := func(k fyne.KeyName) {
		v.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: k})
		v.wait()
	}
	for _, step := range []struct {
		key   fyne.KeyName
		want  int
		place string
	}{
		{fyne.KeyLeft, 0, "1 of 3 in pics"}, // at the start: stays
		{fyne.KeyRight, 1, "2 of 3 in pics"},
		{fyne.KeyPageDown, 2, "3 of 3 in pics"},
		{fyne.KeyRight, 2, "3 of 3 in pics"}, // at the end: stays
		{fyne.KeyPageUp, 1, "2 of 3 in pics"},
	} {
		key(step.key)
		if v.doc.path != order.paths[step.want] {
			t.Errorf("after %s the viewer shows %s, want %s", step.key, filepath.Base(v.doc.path), filepath.Base(order.paths[step.want]))
		}
		if !strings.HasPrefix(v.place.Text, step.place) || v.place.Hidden {
			t.Errorf("after %s the status bar says %q, want %q", step.key, v.place.Text, step.place)
		}
	}
	// A file opened otherwise, not in the library's order, shows no place.
	openAndWait(t, v, fixtures.Path(t, "a0_flux_f32.gen5"))
	if !v.place.Hidden {
		t.Errorf("a file outside the library shows %q", v.place.Text)
	}
}

// A save in the viewer reads the file into the library's index again.
func TestSaveInViewerUpdatesLibrary(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	v, path := openCopyInViewer(t, "a0_sd15_f32.gen5")
	lw := v.session.openLibrary(filepath.Dir(path), v.win)
	if lw == nil {
		t.Fatal("the library window did not open")
	}
	t.Cleanup(func() {
		lw.Window().Close()
		lw.WaitClosed() // its thumbnail of the saved file may still be written
	})
	lw.Wait()
	editPromptAndTag(v, "a puppy on a beach", "beach")
	menuItem(t, v, "File", "Save").Action()
	v.wait()
	lw.Wait()
	e, ok, err := v.session.lib.index.Get(t.Context(), path)
	if err != nil || !ok {
		t.Fatalf("index row of %s: %v, %v", path, ok, err)
	}
	if !slices.Contains(e.Tags, "beach") || e.Prompt != "a puppy on a beach" {
		t.Errorf("index row after the save: prompt %q, tags %v", e.Prompt, e.Tags)
	}
}
