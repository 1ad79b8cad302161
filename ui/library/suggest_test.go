package library

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gen5viewer/gen5view/internal/libtest"
	"github.com/gen5viewer/gen5view/ui/widgets"
)

// The add field of Edit Tags… suggests the folder's tags that start with
// what is typed, most used first, then those containing it; Down and
// Enter take one.
func TestEditTagsSuggestsFolderTags(t *testing.T) {
	h, paths := newFileHarness(t,
		[]string{"red", "rose"}, []string{"red"}, []string{"reed"}, []string{"fire"}, []string{"blue"})
	// The folder's tags are suggested even when a search shows only the
	// file edited.
	onUI(func() { h.w.search.SetText("file 4"); h.w.findNow() })
	h.wait()
	h.click(0, 0)
	onUI(h.w.showTagDialog)
	var ed *widgets.TagEditor
	onUI(func() {
		walkOverlays(h.w.win.Canvas(), func(o fyne.CanvasObject) {
			if e, ok := o.(*widgets.TagEditor); ok {
				ed = e
			}
		})
	})
	if ed == nil {
		t.Fatal("Edit Tags… has no tag editor")
	}
	onUI(func() { test.Type(ed.Entry(), "RE") })
	var got []widgets.Suggestion
	onUI(func() { got = ed.Suggestions() })
	want := []widgets.Suggestion{{Tag: "red", Count: 2}, {Tag: "reed", Count: 1}, {Tag: "fire", Count: 1}}
	if !slices.Equal(got, want) {
		t.Fatalf("typing RE suggests %v, want %v", got, want)
	}
	onUI(func() {
		ed.Entry().TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
		ed.Entry().TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
		ed.Entry().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		test.Type(ed.Entry(), "sky") // typed, not yet added with Enter
	})
	h.tap("Apply")
	if got := libtest.Tags(t, paths[4]); !slices.Equal(got, []string{"blue", "reed", "sky"}) {
		t.Errorf("tags after the edit %v, want blue reed sky", got)
	}
}
