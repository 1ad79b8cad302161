package library

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/internal/libtest"
)

// fakeSource is a folder of files in memory. Find takes words (all must
// be in the prompt) and tag:x, and counts the tags of what it returns.
type fakeSource struct {
	entries  []Entry
	scans    int
	scanned  []string // the folders (or files) scanned, in order
	rowReads int
}

func (f *fakeSource) Scan(ctx context.Context, dir string, progress func(int, int)) error {
	f.scans++
	f.scanned = append(f.scanned, dir)
	progress(len(f.entries), len(f.entries))
	return nil
}

func (f *fakeSource) Find(ctx context.Context, s Search) ([]string, []TagCount, error) {
	tags := slices.Clone(s.Tags)
	var words []string
	for _, t := range strings.Fields(s.Text) {
		if v, ok := strings.CutPrefix(t, "tag:"); ok {
			tags = append(tags, v)
		} else if strings.HasPrefix(t, "seed:") {
			return nil, nil, fmt.Errorf("%s is not a seed", t)
		} else {
			words = append(words, t)
		}
	}
	var out []string
	count := map[string]int{}
next:
	for _, e := range f.entries {
		for _, w := range words {
			if !strings.Contains(e.Prompt, w) {
				continue next
			}
		}
		for _, t := range tags {
			if !slices.Contains(e.Tags, t) {
				continue next
			}
		}
		out = append(out, e.Path)
		for _, t := range e.Tags {
			count[t]++
		}
	}
	var counts []TagCount
	for t, n := range count {
		counts = append(counts, TagCount{Tag: t, Files: n})
	}
	slices.SortFunc(counts, func(a, b TagCount) int {
		if a.Files != b.Files {
			return b.Files - a.Files
		}
		return strings.Compare(a.Tag, b.Tag)
	})
	return out, counts, nil
}

// Rows returns the entries at paths, counting the calls.
func (f *fakeSource) Rows(ctx context.Context, paths []string) ([]Entry, error) {
	f.rowReads++
	var out []Entry
	for _, p := range paths {
		for _, e := range f.entries {
			if e.Path == p {
				out = append(out, e)
			}
		}
	}
	return out, nil
}

// uiMu makes the test and the deliveries from background goroutines take
// turns, as the desktop driver's event loop would.
var uiMu sync.Mutex

func onUI(f func()) {
	uiMu.Lock()
	defer uiMu.Unlock()
	f()
}

type harness struct {
	t      *testing.T
	w      *Window
	src    *fakeSource
	opened []string

	thumbMu    sync.Mutex
	thumbsMade map[string]int // thumbnails made, by file
}

// newHarness opens a library window on n files: file00.gen5 … with
// prompts "cat" for the even ones and "dog" for the odd ones, and tag
// "red" on every third.
func newHarness(t *testing.T, n int) *harness {
	t.Helper()
	a := test.NewTempApp(t)
	h := &harness{t: t, src: &fakeSource{}, thumbsMade: map[string]int{}}
	for i := range n {
		e := Entry{Path: filepath.Join("/lib", fmt.Sprintf("file%02d.gen5", i)), Prompt: []string{"cat", "dog"}[i%2]}
		if i%3 == 0 {
			e.Tags = []string{"red"}
		}
		h.src.entries = append(h.src.entries, e)
	}
	thumb := image.NewNRGBA(image.Rect(0, 0, 8, 8))
	thumb.Set(0, 0, color.White)
	h.w = New(a, "/lib", Options{
		Source: h.src,
		Thumbnail: func(p string) (image.Image, error) {
			h.thumbMu.Lock()
			defer h.thumbMu.Unlock()
			h.thumbsMade[p]++
			return thumb, nil
		},
		Open:    func(p string) { h.opened = append(h.opened, filepath.Base(p)) },
		RunOnUI: onUI,
	})
	onUI(func() { h.w.win.Resize(fyne.NewSize(1000, 700)) })
	h.wait()
	t.Cleanup(func() { onUI(h.w.win.Close) })
	return h
}

func (h *harness) wait() { h.w.wait() }

// cellFor returns the cell showing file i.
func (h *harness) cellFor(i int) *cell {
	h.t.Helper()
	for _, c := range h.w.grid.cells {
		if c.id == i {
			return c
		}
	}
	h.t.Fatalf("no cell shows file %d", i)
	return nil
}

func (h *harness) click(i int, mods fyne.KeyModifier) {
	onUI(func() {
		h.cellFor(i).MouseDown(&desktop.MouseEvent{Button: desktop.MouseButtonPrimary, Modifier: mods})
	})
}

func (h *harness) key(k fyne.KeyName) {
	onUI(func() { h.w.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: k}) })
}

func (h *harness) shortcut(s fyne.Shortcut) {
	onUI(func() { h.w.win.Canvas().(interface{ TypedShortcut(fyne.Shortcut) }).TypedShortcut(s) })
}

// selected returns the selected files' indices.
func (h *harness) selected() []int {
	var out []int
	onUI(func() { out = h.w.grid.sel.indices() })
	return out
}

func (h *harness) expect(what string, want ...int) {
	h.t.Helper()
	if got := h.selected(); !slices.Equal(got, want) {
		h.t.Errorf("%s: selected %v, want %v", what, got, want)
	}
}

func TestClickSelectsAsAFileManager(t *testing.T) {
	h := newHarness(t, 20)
	h.click(2, 0)
	h.expect("click", 2)
	h.click(5, 0)
	h.expect("another click", 5)
	h.click(7, fyne.KeyModifierControl)
	h.expect("ctrl+click adds", 5, 7)
	h.click(5, fyne.KeyModifierControl)
	h.expect("ctrl+click again removes", 7)
	// The anchor is the last file clicked, even with Ctrl to deselect it.
	h.click(10, fyne.KeyModifierShift)
	h.expect("shift+click selects from the anchor", 5, 6, 7, 8, 9, 10)
	h.click(3, fyne.KeyModifierShift)
	h.expect("shift+click replaces the range", 3, 4, 5)
	h.click(12, fyne.KeyModifierControl)
	h.click(14, fyne.KeyModifierShift|fyne.KeyModifierControl)
	h.expect("ctrl+shift+click adds a range", 3, 4, 5, 12, 13, 14)

	// The cells draw the selection, and the status line counts it.
	onUI(func() {
		if h.cellFor(13).bg.StrokeWidth == 0 || h.cellFor(6).bg.StrokeWidth != 0 {
			t.Error("cells do not draw the selection")
		}
		if got := h.w.status.Text; got != "20 files · 6 selected" {
			t.Errorf("status %q", got)
		}
	})
}

func TestSelectAllAndArrows(t *testing.T) {
	h := newHarness(t, 20)
	// A click in the grid takes the keys from the search field.
	onUI(func() { h.w.win.Canvas().Focus(h.w.search) })
	h.click(0, 0)
	onUI(func() {
		if f := h.w.win.Canvas().Focused(); f != nil {
			t.Errorf("after a click in the grid %T has the keys", f)
		}
	})
	h.shortcut(&fyne.ShortcutSelectAll{})
	if got := len(h.selected()); got != 20 {
		t.Errorf("Ctrl+A selected %d of 20", got)
	}
	var cols int
	onUI(func() { cols = h.w.grid.columns() })
	if cols < 2 {
		t.Fatalf("the grid shows %d columns; the test needs a wider window", cols)
	}
	h.click(1, 0)
	h.key(fyne.KeyRight)
	h.expect("right", 2)
	h.key(fyne.KeyDown)
	h.expect("down moves a row", 2+cols)
	h.key(fyne.KeyLeft)
	h.shortcut(&desktop.CustomShortcut{KeyName: fyne.KeyRight, Modifier: fyne.KeyModifierShift})
	h.shortcut(&desktop.CustomShortcut{KeyName: fyne.KeyRight, Modifier: fyne.KeyModifierShift})
	h.expect("shift+right extends", 1+cols, 2+cols, 3+cols)
	h.key(fyne.KeyHome)
	h.expect("home", 0)
	h.key(fyne.KeyLeft)
	h.expect("left at the start stays", 0)
	h.key(fyne.KeyEnd)
	h.expect("end", 19)
	h.key(fyne.KeyReturn)
	if !slices.Equal(h.opened, []string{"file19.gen5"}) {
		t.Errorf("Enter opened %v", h.opened)
	}
}

func TestDoubleClickOpensAndSidePanelDescribes(t *testing.T) {
	h := newHarness(t, 6)
	h.click(3, 0)
	onUI(func() {
		if got := h.w.details.prompt.Text; got != "dog" {
			t.Errorf("side panel prompt %q, want dog", got)
		}
		test.DoubleTap(h.cellFor(4))
	})
	if !slices.Equal(h.opened, []string{"file04.gen5"}) {
		t.Errorf("double-click opened %v", h.opened)
	}
}

func TestSearchKeepsSelectionOfFilesStillShown(t *testing.T) {
	h := newHarness(t, 12)
	h.click(2, 0)
	h.click(3, fyne.KeyModifierControl) // a dog: filtered out below
	onUI(func() { h.w.search.SetText("cat") })
	onUI(h.w.findNow) // no waiting for the typing pause
	h.wait()
	onUI(func() {
		if n := len(h.w.grid.paths); n != 6 {
			t.Errorf("search cat shows %d files, want 6", n)
		}
		if got := h.w.grid.sel.indices(); !slices.Equal(got, []int{1}) { // file02 is the second cat
			t.Errorf("selection after the search %v, want [1]", got)
		}
		// The cursor's file (file03) is gone: the side panel shows the
		// file still selected.
		if h.w.details.body.Hidden || h.w.details.prompt.Text != "cat" {
			t.Errorf("side panel after the search: hidden %v, prompt %q", h.w.details.body.Hidden, h.w.details.prompt.Text)
		}
	})
	onUI(func() { h.w.search.SetText("seed:x") })
	onUI(h.w.findNow)
	h.wait()
	onUI(func() {
		if h.w.problem.Hidden || !strings.Contains(h.w.problem.Text, "seed:x") {
			t.Errorf("a bad search shows %q", h.w.problem.Text)
		}
	})
}

func TestTagPanelFilters(t *testing.T) {
	h := newHarness(t, 12)
	onUI(func() {
		if len(h.w.tags.counts) != 1 || h.w.tags.counts[0] != (TagCount{Tag: "red", Files: 4}) {
			t.Fatalf("tag panel lists %v, want red 4", h.w.tags.counts)
		}
		// A click on the row, as the driver delivers it.
		for _, o := range test.LaidOutObjects(h.w.tags.list) {
			if r, ok := o.(*tagRow); ok && r.tag == "red" {
				test.Tap(r)
			}
		}
	})
	h.wait()
	onUI(func() {
		if n := len(h.w.grid.paths); n != 4 {
			t.Errorf("tag red shows %d files, want 4", n)
		}
		h.w.tags.list.Select(0) // and off again
	})
	h.wait()
	onUI(func() {
		if n := len(h.w.grid.paths); n != 12 {
			t.Errorf("tag red off shows %d files, want 12", n)
		}
	})
}

func TestBatchAddsAndRemovesTags(t *testing.T) {
	dir := t.TempDir()
	paths := writeTagged(t, dir, []string{"red", "cat"}, []string{"cat"}, []string{"blue"})
	damaged := filepath.Join(dir, "damaged.gen5")
	if err := os.WriteFile(damaged, []byte("GEN5 not really"), 0o644); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(paths[2])
	b := tagBatch{add: parseTagList(" sky , cat,sky"), remove: []string{"red"}}
	var seen []int
	changed, errs := b.run(context.Background(), []string{paths[0], damaged, paths[1]}, func(d int) { seen = append(seen, d) })
	if changed != 2 || len(errs) != 1 || !strings.Contains(errs[0].Error(), "damaged.gen5") {
		t.Errorf("changed %d, errors %v; want 2 and one naming damaged.gen5", changed, errs)
	}
	if !slices.Equal(seen, []int{1, 2, 3}) {
		t.Errorf("progress %v", seen)
	}
	for i, want := range [][]string{{"cat", "sky"}, {"cat", "sky"}} {
		if got := libtest.Tags(t, paths[i]); !slices.Equal(got, want) {
			t.Errorf("%s: tags %v, want %v", paths[i], got, want)
		}
	}
	if after, _ := os.ReadFile(paths[2]); !slices.Equal(before, after) {
		t.Error("a file outside the batch changed")
	}
	// Cancelled before it starts: no file is touched.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if changed, errs := (tagBatch{add: []string{"x"}}).run(ctx, paths, func(int) {}); changed != 0 || len(errs) != 1 {
		t.Errorf("cancelled batch changed %d, errors %v", changed, errs)
	}
}

// writeFile writes a small .gen5 file with manifest m.
func writeFile(t *testing.T, path string, m *codec.Manifest) {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, 8, 8))
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	noise, err := codec.TensorFromFloat32([]int{1, 4, 1, 1}, make([]float32, 4), codec.Float16)
	if err != nil {
		t.Fatal(err)
	}
	if err := codec.WriteNewFile(path, codec.Contents{Manifest: m, Image: buf.Bytes(),
		Latents: []codec.NewLatent{{Key: "initial_noise", Tensor: noise}}}); err != nil {
		t.Fatal(err)
	}
}

// A large folder costs the grid its paths, not its rows: the rows read are
// those of the blocks shown, and no more than rowMemory are kept however
// many files a batch dialog looks at.
func TestGridReadsRowsOfShownFilesOnly(t *testing.T) {
	const n = 3000
	h := newHarness(t, n)
	onUI(func() {
		if got := len(h.w.grid.paths); got != n {
			t.Fatalf("the grid lists %d files, want %d", got, n)
		}
		if got := h.w.grid.rows.len(); got == 0 || got > rowBlock {
			t.Errorf("after the first screen %d rows are kept, want 1 to %d", got, rowBlock)
		}
	})
	h.click(0, 0)
	h.key(fyne.KeyEnd)
	onUI(func() {
		if e := h.w.grid.current(); e == nil || e.Path != h.src.entries[n-1].Path || e.Prompt != "dog" {
			t.Errorf("End: the side panel's file is %+v", e)
		}
	})
	h.shortcut(&fyne.ShortcutSelectAll{})
	onUI(func() {
		counts := h.w.selectedTagCounts()
		if len(counts) != 1 || counts[0] != (TagCount{Tag: "red", Files: n / 3}) {
			t.Errorf("tags of all %d files: %v, want red %d", n, counts, n/3)
		}
		if got := h.w.grid.rows.len(); got > rowMemory {
			t.Errorf("%d rows kept, over the bound of %d", got, rowMemory)
		}
	})
}

// watchingSource is a fakeSource that can tell the window its files
// changed.
type watchingSource struct {
	*fakeSource
	changed chan func([]string)
}

func (s watchingSource) Watch(ctx context.Context, dir string, changed func([]string)) error {
	s.changed <- changed
	<-ctx.Done()
	return nil
}

// A change the Source reports shows in the grid without a scan, and the
// thumbnail of a file that changed is made anew.
func TestWatchedChangeShows(t *testing.T) {
	a := test.NewTempApp(t)
	src := watchingSource{fakeSource: &fakeSource{}, changed: make(chan func([]string), 1)}
	src.entries = []Entry{{Path: "/lib/a.gen5", Prompt: "cat"}}
	var mu sync.Mutex
	made := map[string]int{}
	w := New(a, "/lib", Options{
		Source: src,
		Thumbnail: func(p string) (image.Image, error) {
			mu.Lock()
			defer mu.Unlock()
			made[p]++
			return image.NewNRGBA(image.Rect(0, 0, 4, 4)), nil
		},
		Open:    func(string) {},
		RunOnUI: onUI,
	})
	defer onUI(w.win.Close)
	w.wait()
	var changed func([]string)
	select {
	case changed = <-src.changed:
	case <-time.After(10 * time.Second): // a bound, so that a window that never watches fails
		t.Fatal("the window does not watch its folder")
	}
	w.grid.thumbs.wait() // a.gen5's first thumbnail
	scans := src.scans
	onUI(func() { src.entries = append(src.entries, Entry{Path: "/lib/b.gen5", Prompt: "dog"}) })
	changed([]string{"/lib/a.gen5", "/lib/b.gen5"})
	w.wait()
	w.grid.thumbs.wait()
	onUI(func() {
		if n := len(w.grid.paths); n != 2 {
			t.Errorf("after a change the grid shows %d files, want 2", n)
		}
	})
	mu.Lock()
	if made["/lib/a.gen5"] != 2 {
		t.Errorf("a.gen5's thumbnail was made %d times; want again after it changed", made["/lib/a.gen5"])
	}
	mu.Unlock()
	if src.scans != scans {
		t.Errorf("the change cost a scan")
	}
}
