package library

import (
	"slices"
	"testing"
)

// A viewer steps through the files the library shows, in its order, and
// the grid's selection follows.
func TestStepFollowsSearchAndOrder(t *testing.T) {
	h := newHarness(t, 12)
	onUI(func() { h.w.search.SetText("cat"); h.w.findNow() }) // file00, file02, … file10
	h.wait()
	onUI(func() {
		if i, n, ok := h.w.Position("/lib/file02.gen5"); !ok || i != 2 || n != 6 {
			t.Errorf("position of file02: %d of %d, %v; want 2 of 6", i, n, ok)
		}
		next, ok := h.w.Step("/lib/file02.gen5", 1)
		if !ok || next != "/lib/file04.gen5" {
			t.Errorf("step from file02: %q, %v; want file04", next, ok)
		}
		if got := h.w.grid.sel.indices(); !slices.Equal(got, []int{2}) {
			t.Errorf("after the step the grid selects %v, want [2]", got)
		}
		if prev, ok := h.w.Step("/lib/file02.gen5", -1); !ok || prev != "/lib/file00.gen5" {
			t.Errorf("step back from file02: %q, %v", prev, ok)
		}
		if _, ok := h.w.Step("/lib/file10.gen5", 1); ok {
			t.Error("stepped past the last file")
		}
		if _, ok := h.w.Step("/lib/file00.gen5", -1); ok {
			t.Error("stepped before the first file")
		}
		if _, ok := h.w.Step("/lib/file03.gen5", 1); ok {
			t.Error("stepped from a file the search hides")
		}
	})
}

// A save in a viewer reads the file into the index again, makes its
// thumbnail anew and shows its new tags; a file elsewhere is no concern
// of the window.
func TestFileSavedUpdatesCellAndRow(t *testing.T) {
	h := newHarness(t, 6)
	h.click(4, 0)
	const path = "/lib/file04.gen5"
	h.w.grid.thumbs.wait()
	h.thumbMu.Lock()
	before := h.thumbsMade[path]
	h.thumbMu.Unlock()
	if before == 0 {
		t.Fatal("the file's thumbnail was never made")
	}
	onUI(func() {
		h.src.entries[4].Tags = []string{"blue"}
		h.src.scanned = nil
		h.w.FileSaved(path)
		h.w.FileSaved("/elsewhere/file04.gen5")
	})
	h.wait()
	h.w.grid.thumbs.wait()
	onUI(func() {
		if !slices.Equal(h.src.scanned, []string{path}) {
			t.Errorf("scanned %q, want only the file saved", h.src.scanned)
		}
		if got := h.w.details.tags.Text; got != "blue" {
			t.Errorf("side panel tags %q, want blue", got)
		}
		if !slices.ContainsFunc(h.w.tags.counts, func(tc TagCount) bool { return tc.Tag == "blue" }) {
			t.Errorf("tag panel %v lacks blue", h.w.tags.counts)
		}
	})
	h.thumbMu.Lock()
	defer h.thumbMu.Unlock()
	if h.thumbsMade[path] != before+1 {
		t.Errorf("thumbnail made %d times after the save, want %d", h.thumbsMade[path], before+1)
	}
}
