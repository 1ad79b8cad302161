package ui

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gen5viewer/gen5view/internal/fixtures"
	"github.com/gen5viewer/gen5view/ui/widgets"
)

// newTestViewer returns an empty viewer on a fresh test app.
func newTestViewer(t testing.TB) *viewer {
	t.Helper()
	a := test.NewTempApp(t)
	v := newSession(a).newViewer()
	v.Window().Resize(fyne.NewSize(1280, 800))
	t.Cleanup(func() {
		v.wait()
		v.Window().Close()
	})
	return v
}

// openAndWait opens path in v and waits for the window to show it.
func openAndWait(t *testing.T, v *viewer, path string) {
	t.Helper()
	v.Open(path)
	v.wait()
}

// fixtureExpectation is the part of NAME.expected.json the viewer tests use.
type fixtureExpectation struct {
	Metadata struct {
		Gen5 struct {
			ModelInfo struct {
				Prompt   string   `json:"prompt"`
				Tags     []string `json:"tags"`
				Settings *struct {
					Seed *json.Number `json:"seed"`
				} `json:"generation_settings"`
			} `json:"model_info"`
		} `json:"gen5_metadata"`
	} `json:"metadata"`
	Latents []struct {
		Shape []int  `json:"shape"`
		DType string `json:"dtype"`
	} `json:"latents"`
	Image *struct {
		Size int `json:"size"`
	} `json:"image"`
	Env any `json:"env"`
}

func readExpectation(t *testing.T, gen5 string) fixtureExpectation {
	t.Helper()
	data, err := os.ReadFile(strings.TrimSuffix(gen5, ".gen5") + ".expected.json")
	if err != nil {
		t.Fatal(err)
	}
	var e fixtureExpectation
	d := json.NewDecoder(strings.NewReader(string(data)))
	d.UseNumber()
	if err := d.Decode(&e); err != nil {
		t.Fatal(err)
	}
	return e
}

func fixtureFiles(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(fixtures.Dir(t), "*.gen5"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	return files
}

// TestOpenFixtures opens every fixture in a window and checks that the
// tree holds its prompt, tags and seed, the noise panel its latents, and
// the image pane its image.
func TestOpenFixtures(t *testing.T) {
	v := newTestViewer(t)
	for _, path := range fixtureFiles(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			want := readExpectation(t, path)
			openAndWait(t, v, path)
			if v.doc == nil || v.doc.path != path {
				t.Fatalf("document not shown")
			}
			if p := v.banner.message(); p != "" {
				t.Errorf("banner on a healthy file: %q", p)
			}
			if got := v.Window().Title(); got != filepath.Base(path)+" — Gen5 Viewer" {
				t.Errorf("title %q", got)
			}
			mi := want.Metadata.Gen5.ModelInfo
			prompt := v.tree.nodes[v.tree.find("model_info", "prompt")]
			if prompt == nil || prompt.full != mi.Prompt {
				t.Errorf("prompt row %+v, want %q", prompt, mi.Prompt)
			}
			tags := "[]"
			if len(mi.Tags) > 0 {
				tags = strings.Join(mi.Tags, ", ")
			}
			if n := v.tree.nodes[v.tree.find("model_info", "tags")]; n == nil || n.text() != "tags: "+tags {
				t.Errorf("tags row %+v, want %q", n, tags)
			}
			if s := mi.Settings; s != nil && s.Seed != nil {
				n := v.tree.nodes[v.tree.find("model_info", "generation_settings", "seed")]
				if n == nil || n.text() != "seed: "+s.Seed.String() {
					t.Errorf("seed row %+v, want %s", n, s.Seed)
				}
				if !v.noise.repro.Visible() || !strings.HasPrefix(v.noise.repro.Text, "Reproducibility: ") {
					t.Errorf("reproducibility line %q", v.noise.repro.Text)
				}
			} else if v.noise.repro.Visible() {
				t.Errorf("reproducibility line shown without a seed: %q", v.noise.repro.Text)
			}
			if (want.Env != nil) != (v.tree.find("env") != "") {
				t.Errorf("env node: file has env %v, tree has %q", want.Env != nil, v.tree.find("env"))
			}
			if len(v.doc.latents) != len(want.Latents) {
				t.Fatalf("%d latents, want %d", len(v.doc.latents), len(want.Latents))
			}
			if v.noise.view.Image() == nil {
				t.Errorf("no heatmap drawn")
			}
			if want.Image != nil {
				if v.images.pane.Picture() == nil {
					t.Errorf("image not shown: %q", v.images.pane.Message())
				}
				if !strings.Contains(v.images.pane.Caption(), widgets.FormatBytes(int64(want.Image.Size))) {
					t.Errorf("caption %q does not give the size", v.images.pane.Caption())
				}
			} else if v.images.pane.Message() != "This file holds no image" {
				t.Errorf("no-image message %q", v.images.pane.Message())
			}
		})
	}
}

// TestCorruptFileKeepsPrevious opens a damaged file after a good one: an
// error dialog names the problem and the good file stays on show.
func TestCorruptFileKeepsPrevious(t *testing.T) {
	v := newTestViewer(t)
	good := fixtures.Path(t, "a0_sd15_f32.gen5")
	openAndWait(t, v, good)

	data, err := os.ReadFile(fixtures.Path(t, "v010_sd15_f32.gen5"))
	if err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(t.TempDir(), "broken.gen5")
	if err := os.WriteFile(bad, data[:len(data)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	openAndWait(t, v, bad)

	if v.doc == nil || v.doc.path != good {
		t.Fatalf("the previous document is no longer shown")
	}
	if got := v.Window().Title(); got != "a0_sd15_f32.gen5 — Gen5 Viewer" {
		t.Errorf("title %q", got)
	}
	top := v.Window().Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no error dialog")
	}
	if !containsText(top, "broken.gen5") {
		t.Errorf("the error dialog does not name the file")
	}
	if v.doc.file == nil || v.noise.view.Image() == nil {
		t.Errorf("the previous document was torn down")
	}
}

// TestCorruptFileOnEmptyWindow leaves the window empty and usable.
func TestCorruptFileOnEmptyWindow(t *testing.T) {
	v := newTestViewer(t)
	bad := filepath.Join(t.TempDir(), "junk.gen5")
	if err := os.WriteFile(bad, []byte("not a gen5 file at all, just text"), 0o644); err != nil {
		t.Fatal(err)
	}
	openAndWait(t, v, bad)
	if v.doc != nil {
		t.Fatal("a document was shown")
	}
	if v.Window().Canvas().Overlays().Top() == nil {
		t.Fatal("no error dialog")
	}
	if v.center.Objects[0] != v.empty.content {
		t.Error("the empty view is gone")
	}
	if v.Window().Title() != "Gen5 Viewer" {
		t.Errorf("title %q", v.Window().Title())
	}
}

// TestMissingFileShowsError opens a file that is not there (moved since it
// was double-clicked, say): the window says so in a dialog naming the file,
// rather than failing where nobody looks.
func TestMissingFileShowsError(t *testing.T) {
	v := newTestViewer(t)
	missing := filepath.Join(t.TempDir(), "moved-away.gen5")
	openAndWait(t, v, missing)
	if v.doc != nil {
		t.Fatal("a document was shown")
	}
	top := v.Window().Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no error dialog")
	}
	if !containsText(top, missing) || !containsText(top, "no such file") {
		t.Errorf("the error dialog does not say that %s is missing", missing)
	}
}

// TestChunkRows checks the summary each chunk record's row shows when
// closed: its type, the tensor's name and the check's verdict.
func TestChunkRows(t *testing.T) {
	v := newTestViewer(t)
	openAndWait(t, v, fixtures.Path(t, "v010_two_latents.gen5"))
	for i, want := range []string{"LATN · initial_noise · SHA-256 ✓", "LATN · denoised · SHA-256 ✓", "DATA · SHA-256 ✓"} {
		if n := v.tree.nodes[v.tree.find("chunks", fmt.Sprint(i))]; n == nil || n.value != want || n.status != statusOK {
			t.Errorf("chunk %d row %+v, want %q", i, n, want)
		}
	}
}

// TestHashMismatchBanner opens a file whose latent payload was altered:
// it still opens, with a banner naming the chunk, and the chunk's row in
// the tree is marked.
func TestHashMismatchBanner(t *testing.T) {
	v := newTestViewer(t)
	path := damagedCopy(t, "v010_uncompressed.gen5")
	openAndWait(t, v, path)
	if v.doc == nil {
		t.Fatal("the file did not open")
	}
	msg := v.banner.message()
	if !strings.Contains(msg, "chunk 0 (LATN): SHA-256 mismatch") {
		t.Errorf("banner %q does not name chunk 0", msg)
	}
	if n := v.tree.nodes[v.tree.find("chunks", "0")]; n == nil || n.status != statusBad {
		t.Errorf("chunk 0 row %+v not marked bad", n)
	}
	if n := v.tree.nodes[v.tree.find("chunks", "2")]; n == nil || n.status != statusOK {
		t.Errorf("chunk 2 row %+v not marked good", n)
	}
	if v.noise.view.Image() == nil {
		t.Error("the damaged latent is not shown")
	}

	// A healthy file afterwards clears the banner.
	openAndWait(t, v, fixtures.Path(t, "v010_sd15_f32.gen5"))
	if msg := v.banner.message(); msg != "" {
		t.Errorf("banner kept: %q", msg)
	}
}

// damagedCopy copies a fixture whose first chunk is an uncompressed LATN
// and flips a byte of its payload.
func damagedCopy(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(fixtures.Path(t, name))
	if err != nil {
		t.Fatal(err)
	}
	// Chunk 0 starts right after the header; skip its 12-byte chunk header.
	data[32+12+100] ^= 0xff
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// containsText reports whether a label or rich text under o contains s.
func containsText(o fyne.CanvasObject, s string) bool {
	found := false
	walkTree(o, func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Label:
			found = found || strings.Contains(x.Text, s)
		case *widget.RichText:
			found = found || strings.Contains(x.String(), s)
		}
	})
	return found
}

// walkTree calls visit on o and on everything drawn under it: a
// container's objects and a widget's renderer objects, depth first.
func walkTree(o fyne.CanvasObject, visit func(fyne.CanvasObject)) {
	if o == nil {
		return
	}
	visit(o)
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			walkTree(c, visit)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			walkTree(c, visit)
		}
	}
}

// walkOverlays is walkTree over every overlay (dialog) of the canvas.
func walkOverlays(c fyne.Canvas, visit func(fyne.CanvasObject)) {
	for _, o := range c.Overlays().List() {
		walkTree(o, visit)
	}
}

func TestHandleDrop(t *testing.T) {
	v := newTestViewer(t)

	gen5 := fixtures.Path(t, "a0_jpeg.gen5")
	v.HandleDrop([]string{gen5})
	v.wait()
	if v.doc == nil || v.doc.path != gen5 {
		t.Fatalf("dropped .gen5 not opened")
	}
	if v.newContainer != nil {
		t.Error("a dropped .gen5 opened the New container view")
	}

	png := fixtures.Path(t, "upstream_example.png")
	onUI(func() { v.HandleDrop([]string{png}) })
	nc := v.newContainer
	if nc == nil {
		t.Fatal("a dropped picture did not start a new container")
	}
	nc.Wait()
	t.Cleanup(func() {
		nc.Wait()
		onUI(nc.Window().Close)
	})
	if nc.Picture() != png {
		t.Errorf("the New container view got %q, want %s", nc.Picture(), png)
	}
	if v.doc.path != gen5 {
		t.Errorf("the shown document changed to %s", v.doc.path)
	}
}

func TestHandleDropOtherFile(t *testing.T) {
	v := newTestViewer(t)
	txt := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(txt, []byte("x"), 0o644)
	v.HandleDrop([]string{txt})
	if v.Window().Canvas().Overlays().Top() == nil {
		t.Error("a dropped text file is refused without a word")
	}
	if v.doc != nil || v.newContainer != nil {
		t.Error("a document or a New container view was opened")
	}
}

func TestWindowTitle(t *testing.T) {
	if got := windowTitle(nil, false); got != "Gen5 Viewer" {
		t.Errorf("empty: %q", got)
	}
	d := &document{path: "/x/y/cat.gen5"}
	if got := windowTitle(d, false); got != "cat.gen5 — Gen5 Viewer" {
		t.Errorf("clean: %q", got)
	}
	if got := windowTitle(d, true); got != "*cat.gen5 — Gen5 Viewer" {
		t.Errorf("dirty: %q", got)
	}
}

// gateLoads makes v's loads of path wait until the returned function is
// called.
func gateLoads(v *viewer, path string) (release func()) {
	gate := make(chan struct{})
	v.load = func(p string) (*document, error) {
		if p == path {
			<-gate
		}
		return load(p)
	}
	return func() { close(gate) }
}

// TestNewerOpenWins opens two files in quick succession, the first of
// which takes longer to load: the second is shown, and the first, which
// finishes last, is dropped.
func TestNewerOpenWins(t *testing.T) {
	v := newTestViewer(t)
	first, second := fixtures.Path(t, "a0_flux_f32.gen5"), fixtures.Path(t, "a0_webp.gen5")
	release := gateLoads(v, first)
	v.Open(first)
	v.Open(second)
	release()
	v.wait()
	if v.doc == nil || v.doc.path != second {
		t.Fatalf("shown: %v", v.doc)
	}
}

// TestProgressForLargeFiles shows a progress bar while a file over 2 MB
// loads, and none for a small one.
func TestProgressForLargeFiles(t *testing.T) {
	v := newTestViewer(t)
	large := fixtures.Path(t, "a0_flux_f32.gen5") // 2.6 MB
	release := gateLoads(v, large)
	v.Open(large)
	if !v.progress.Visible() || !v.statusBar.Visible() || !strings.Contains(v.progText.Text, "a0_flux_f32.gen5") {
		t.Errorf("no progress shown while loading %s", large)
	}
	release()
	v.wait()
	if v.progress.Visible() {
		t.Error("progress still shown after loading")
	}
	v.Open(fixtures.Path(t, "a0_webp.gen5"))
	shown := v.progress.Visible()
	v.wait()
	if shown {
		t.Error("progress shown for a small file")
	}
}

func TestFileMenu(t *testing.T) {
	v := newTestViewer(t)
	var labels []string
	for _, it := range v.win.MainMenu().Items[0].Items {
		if it.IsSeparator {
			labels = append(labels, "-")
		} else {
			labels = append(labels, it.Label)
		}
	}
	want := "New from Files…|Open…|Open Folder…|Open Recent|Open Recent Folder|-|Save|Save As…|Revert|-|Save Image As…|Export|Compare With…|Show in Folder|-|Close Window|Quit"
	if got := strings.Join(labels, "|"); got != want {
		t.Errorf("File menu %s, want %s", got, want)
	}
}

func TestRecentMenu(t *testing.T) {
	v := newTestViewer(t)
	a, b := fixtures.Path(t, "a0_jpeg.gen5"), fixtures.Path(t, "a0_webp.gen5")
	openAndWait(t, v, a)
	openAndWait(t, v, b)
	openAndWait(t, v, a)
	sub := v.recentMenuItem().ChildMenu.Items
	if len(sub) != 4 || !strings.HasPrefix(sub[0].Label, "a0_jpeg.gen5") || !strings.HasPrefix(sub[1].Label, "a0_webp.gen5") {
		var l []string
		for _, it := range sub {
			l = append(l, it.Label)
		}
		t.Fatalf("recent menu %q", l)
	}
	sub[1].Action()
	v.wait()
	if v.doc.path != b {
		t.Errorf("Open Recent opened %s", v.doc.path)
	}
}

func TestViewMenuSwitchesImageSize(t *testing.T) {
	v := newTestViewer(t)
	openAndWait(t, v, fixtures.Path(t, "a0_flux_f32.gen5")) // 1024×1024: larger than the pane
	items := v.win.MainMenu().Items[2].Items
	pic := zoomImage(t, v)
	items[0].Action() // Actual Size
	if pic.Fitted() || pic.Zoom() != 1 || v.images.pane.ZoomText() != "100%" {
		t.Errorf("Actual Size shows the image at %v (fitted %v, caption %q)", pic.Zoom(), pic.Fitted(), v.images.pane.ZoomText())
	}
	items[2].Action() // Zoom In
	if z := pic.Zoom(); z <= 1 {
		t.Errorf("Zoom In left the zoom at %v", z)
	}
	items[3].Action() // Zoom Out
	items[3].Action()
	if z := pic.Zoom(); z >= 1 {
		t.Errorf("Zoom Out twice left the zoom at %v", z)
	}
	items[1].Action() // Fit
	if !pic.Fitted() || pic.Zoom() >= 1 {
		t.Errorf("Fit shows the image at %v (fitted %v)", pic.Zoom(), pic.Fitted())
	}
}

// TestNoImageGivesPaneBack opens a file without a picture: the image pane
// hides and the tabs take the window's width; a file with one brings it
// back.
func TestNoImageGivesPaneBack(t *testing.T) {
	v := newTestViewer(t)
	openAndWait(t, v, fixtures.Path(t, "a0_no_image.gen5"))
	if v.images.pane.Visible() {
		t.Error("the image pane is shown for a file without a picture")
	}
	openAndWait(t, v, fixtures.Path(t, "a0_sd15_f32.gen5"))
	if !v.images.pane.Visible() {
		t.Error("the image pane stays hidden for a file with a picture")
	}
}

func TestCopyShortcut(t *testing.T) {
	v := newTestViewer(t)
	openAndWait(t, v, fixtures.Path(t, "a0_sd15_f32.gen5"))
	clip := fyne.CurrentApp().Clipboard()

	v.tree.tree.Select(v.tree.find("model_info", "generation_settings", "cfg_scale"))
	v.Window().Canvas().(fyne.Shortcutable).TypedShortcut(&fyne.ShortcutCopy{})
	if got := clip.Content(); got != "7.5" {
		t.Errorf("Ctrl+C copied %q, want 7.5", got)
	}
	if got := v.tree.note.Text; got != "cfg_scale copied" {
		t.Errorf("no confirmation: %q", got)
	}

	v.tree.tree.Select(v.tree.find("model_info", "tags"))
	v.Window().Canvas().(fyne.Shortcutable).TypedShortcut(&fyne.ShortcutCopy{})
	if got := clip.Content(); got != "puppy, dog, smile" {
		t.Errorf("Ctrl+C copied %q", got)
	}

	test.Tap(v.tree.copyPrompt)
	if got := clip.Content(); got != "A puppy smiling, cinematic" {
		t.Errorf("Copy prompt copied %q", got)
	}
}
