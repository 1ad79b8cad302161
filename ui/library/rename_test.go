package library

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/internal/libtest"
)

// writeTagged writes into dir a file f0.gen5, f1.gen5… per tag list, with
// prompt "file 0", "file 1"… and those tags, and returns their paths.
func writeTagged(t *testing.T, dir string, tags ...[]string) []string {
	t.Helper()
	var paths []string
	for i, tt := range tags {
		m := codec.NewManifest()
		m.SetPrompt(fmt.Sprint("file ", i))
		if err := m.SetTags(tt); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, fmt.Sprintf("f%d.gen5", i))
		writeFile(t, p, m)
		paths = append(paths, p)
	}
	return paths
}

// newFileHarness opens a library window on real files, one per tag list,
// which its fake source lists with those tags.
func newFileHarness(t *testing.T, tags ...[]string) (*harness, []string) {
	t.Helper()
	paths := writeTagged(t, t.TempDir(), tags...)
	var entries []Entry
	for i, tt := range tags {
		entries = append(entries, Entry{Path: paths[i], Prompt: fmt.Sprint("file ", i), Tags: slices.Clone(tt)})
	}
	h := newHarness(t, 0)
	onUI(func() { h.src.entries = entries; h.w.findNow() })
	h.wait()
	return h, paths
}

// walkOverlays calls f on every object of the window's dialogs.
func walkOverlays(c fyne.Canvas, f func(fyne.CanvasObject)) {
	for _, o := range c.Overlays().List() {
		for _, x := range test.LaidOutObjects(o) {
			f(x)
		}
	}
}

func (h *harness) overlayButton(text string) *widget.Button {
	h.t.Helper()
	var found *widget.Button
	onUI(func() {
		walkOverlays(h.w.win.Canvas(), func(o fyne.CanvasObject) {
			if b, ok := o.(*widget.Button); ok && b.Text == text && !b.Hidden {
				found = b
			}
		})
	})
	if found == nil {
		h.t.Fatalf("no button %q in the dialogs; they say %q", text, h.overlayText())
	}
	return found
}

func (h *harness) overlayText() string {
	var s string
	onUI(func() { s = h.overlayTextLocked() })
	return s
}

// overlayTextLocked is overlayText on the UI goroutine.
func (h *harness) overlayTextLocked() string {
	var sb strings.Builder
	walkOverlays(h.w.win.Canvas(), func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok && !l.Hidden {
			sb.WriteString(l.Text + "\n")
		}
	})
	return sb.String()
}

func (h *harness) tap(text string) {
	b := h.overlayButton(text)
	onUI(func() { test.Tap(b) })
	h.wait()
}

func TestRenamePlanSaysHowManyFilesChange(t *testing.T) {
	entries := []Entry{
		{Path: "a", Tags: []string{"cat", "red"}},
		{Path: "b", Tags: []string{"Cat"}}, // another tag: tags are exact
		{Path: "c", Tags: []string{"cat", "feline"}},
		{Path: "d", Tags: []string{"dog"}},
	}
	p := planRename(entries, tagRename{"cat", "feline"})
	if !slices.Equal(p.paths, []string{"a", "c"}) || p.merging != 1 {
		t.Fatalf("plan: files %v, merging %d; want [a c], 1", p.paths, p.merging)
	}
	title, text, button := p.question("the folder")
	if title != "Merge Tag" || button != "Merge in 2 files" ||
		!strings.Contains(text, "it is renamed in 1 file, and merged in the 1 file that carries both.") {
		t.Errorf("merge question: %q, %q, %q", title, text, button)
	}
	title, text, button = planRename(entries, tagRename{"red", "crimson"}).question("the folder")
	if title != "Rename Tag" || button != "Rename in 1 file" || !strings.Contains(text, "“red” becomes “crimson” in 1 file of the folder.") {
		t.Errorf("rename question: %q, %q, %q", title, text, button)
	}
	many := renamePlan{rename: tagRename{"a", "b"}, paths: make([]string, 1234)}
	if _, _, button := many.question(""); button != "Rename in 1,234 files" {
		t.Errorf("1234 files: %q", button)
	}
	many.merging = 1234
	if _, text, _ := many.question(""); !strings.Contains(text, "in 1,234 files: each carries both already, and each keeps one.") {
		t.Errorf("all merging: %q", text)
	}
}

func TestBatchRenamesAndMerges(t *testing.T) {
	_, paths := newFileHarness(t, []string{"cat", "red"}, []string{"red", "cat", "feline"}, []string{"dog"})
	before, _ := os.ReadFile(paths[2])
	b := tagBatch{renames: []tagRename{{"cat", "feline"}}}
	changed, errs := b.run(context.Background(), paths, func(int) {})
	if changed != 2 || len(errs) != 0 {
		t.Errorf("changed %d, errors %v; want 2, none", changed, errs)
	}
	// Renamed where it stood; merged into the place of the tag already there.
	for i, want := range [][]string{{"feline", "red"}, {"red", "feline"}} {
		if got := libtest.Tags(t, paths[i]); !slices.Equal(got, want) {
			t.Errorf("file %d: tags %v, want %v", i, got, want)
		}
	}
	if after, _ := os.ReadFile(paths[2]); !slices.Equal(before, after) {
		t.Error("a file without the tag was rewritten")
	}
	if err := (tagBatch{renames: []tagRename{{"cat", "  "}}}).check(); err == nil {
		t.Error("a blank new name passed the check")
	}
}

// The whole flow from the tag panel: the dialog, the confirmation with
// the number of files, the edit.
func TestRenameFromTagPanel(t *testing.T) {
	h, paths := newFileHarness(t, []string{"cat"}, []string{"cat", "feline"}, []string{"dog"}, []string{"cat"})
	// One file shown: a rename over the folder still finds the others.
	onUI(func() { h.w.search.SetText("file 1"); h.w.findNow() })
	h.wait()
	// A right-click on the tag offers to rename it.
	onUI(func() {
		var row *tagRow
		for _, o := range test.LaidOutObjects(h.w.tags.list) {
			if r, ok := o.(*tagRow); ok && r.tag == "cat" {
				row = r
			}
		}
		if row == nil {
			t.Fatal("the tag panel shows no row for cat")
		}
		test.TapSecondary(row)
		top := h.w.win.Canvas().Overlays().Top()
		var menu *widget.PopUpMenu
		for _, o := range test.LaidOutObjects(top) {
			if m, ok := o.(*widget.PopUpMenu); ok {
				menu = m
			}
		}
		if menu == nil {
			t.Fatalf("a right-click on a tag shows %T, not a menu", top)
		}
		h.w.win.Canvas().Overlays().Remove(top)
		items := h.w.tags.menu("cat").Items
		if len(items) != 2 || items[1].Label != "Rename or Merge…" {
			t.Fatalf("the tag's menu: %v", items)
		}
		items[1].Action()
	})
	var name *nameEntry
	onUI(func() {
		walkOverlays(h.w.win.Canvas(), func(o fyne.CanvasObject) {
			if e, ok := o.(*nameEntry); ok && name == nil {
				name = e
			}
		})
	})
	if name == nil {
		t.Fatal("the rename dialog has no entry")
	}
	// The folder's tags are offered while typing, the one renamed left
	// out; Down and Enter take one.
	onUI(func() {
		test.Type(name, "e")
		var got []string
		for _, s := range name.items {
			got = append(got, s.Tag)
		}
		if !slices.Equal(got, []string{"feline"}) || name.list.Hidden {
			t.Errorf("typing e offers %v (list hidden %v), want [feline]", got, name.list.Hidden)
		}
		inDialog := false
		walkOverlays(h.w.win.Canvas(), func(o fyne.CanvasObject) { inDialog = inDialog || o == name.list })
		if !inDialog {
			t.Error("the offered tags are not in the dialog")
		}
		name.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
		name.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		if name.Text != "feline" || !name.list.Hidden {
			t.Errorf("after Down and Enter the field says %q, list hidden %v", name.Text, name.list.Hidden)
		}
		name.SetText("dog") // a tag typed in full is not offered again
		if len(name.items) != 0 {
			t.Errorf("typing dog offers %v", name.items)
		}
		name.SetText("feline")
	})
	if !strings.Contains(h.overlayText(), "“feline” is a tag already") {
		t.Errorf("the dialog does not say the tags merge: %q", h.overlayText())
	}
	h.tap("Continue…")
	if text := h.overlayText(); !strings.Contains(text, "“cat” merges into “feline” in 3 files of the folder") {
		t.Errorf("confirmation says %q", text)
	}
	h.tap("Merge in 3 files")
	for i, want := range [][]string{{"feline"}, {"feline"}, {"dog"}, {"feline"}} {
		if got := libtest.Tags(t, paths[i]); !slices.Equal(got, want) {
			t.Errorf("file %d: tags %v, want %v", i, got, want)
		}
	}
	onUI(func() {
		if got := h.w.scan.Text; got != "Tags edited: 3 of 3 files changed" {
			t.Errorf("status after the rename %q", got)
		}
	})
}

func TestRenameInSelectionOnly(t *testing.T) {
	h, paths := newFileHarness(t, []string{"cat"}, []string{"cat"}, []string{"cat"})
	h.click(1, 0)
	onUI(func() { h.w.confirmRename(tagRename{"cat", "kitten"}, false) })
	if text := h.overlayText(); !strings.Contains(text, "“cat” becomes “kitten” in 1 file of the selection.") {
		t.Errorf("confirmation says %q", text)
	}
	h.tap("Rename in 1 file")
	for i, want := range [][]string{{"cat"}, {"kitten"}, {"cat"}} {
		if got := libtest.Tags(t, paths[i]); !slices.Equal(got, want) {
			t.Errorf("file %d: tags %v, want %v", i, got, want)
		}
	}
}

// A batch over many damaged files lists them in a dialog that scrolls
// and fits the window, however many they are.
func TestBatchErrorsListedWithinWindow(t *testing.T) {
	h, paths := newFileHarness(t, []string{"cat"})
	var batch []string
	for i := range 60 {
		p := filepath.Join(filepath.Dir(paths[0]), fmt.Sprintf("damaged%02d.gen5", i))
		if err := os.WriteFile(p, []byte("GEN5 not really"), 0o644); err != nil {
			t.Fatal(err)
		}
		batch = append(batch, p)
	}
	onUI(func() { h.w.runBatch("Editing Tags", tagBatch{add: []string{"sky"}}, append(batch, paths[0])) })
	h.wait()
	if got := libtest.Tags(t, paths[0]); !slices.Equal(got, []string{"cat", "sky"}) {
		t.Errorf("the good file after the batch: %v", got)
	}
	onUI(func() {
		c := h.w.win.Canvas()
		var scroll *container.Scroll
		for _, o := range test.LaidOutObjects(c.Overlays().Top()) {
			if s, ok := o.(*container.Scroll); ok {
				scroll = s
			}
		}
		if scroll == nil {
			t.Fatal("the errors are not in a scrolling list")
		}
		list, ok := scroll.Content.(*widget.Label)
		if !ok || strings.Count(list.Text, "\n") != 59 || !strings.Contains(list.Text, "damaged59.gen5") {
			t.Fatalf("the list of errors: %T", scroll.Content)
		}
		if !strings.Contains(h.overlayTextLocked(), "60 problems:") {
			t.Error("the dialog does not count the problems")
		}
		if h := scroll.Size().Height; h > c.Size().Height*0.8 || h < 200 {
			t.Errorf("the list is %v tall in a window %v tall", scroll.Size().Height, c.Size().Height)
		}
	})
}
