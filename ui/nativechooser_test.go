package ui

import (
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/gen5viewer/gen5view/internal/xdg/xdgtest"
	"github.com/gen5viewer/gen5view/ui/widgets"
)

// withPortal makes the file choosers use the session bus of xdgtest's
// StartBus, asked afresh, until the test ends.
func withPortal(t *testing.T) {
	xdgtest.StartBus(t)
	old := native
	native = &nativeChooser{}
	t.Cleanup(func() {
		native.pending.Wait()
		if b := native.bus.Load(); b != nil {
			b.Close()
		}
		native = old
	})
}

// File ▸ Open goes to the portal's chooser, which starts in the folder of
// the file shown and offers containers only, and opens what it answers.
func TestOpenThroughPortal(t *testing.T) {
	withPortal(t)
	fake := xdgtest.StartFileChooser(t)
	files := fixtureFiles(t)
	v := newTestViewer(t)
	openAndWait(t, v, files[0])

	fake.Answer(files[1])
	onUI(v.showOpenDialog)
	native.pending.Wait()
	v.wait()
	if v.doc == nil || v.doc.path != files[1] {
		t.Fatalf("the file the chooser answered is not open: %v", v.doc)
	}
	if n := len(v.win.Canvas().Overlays().List()); n != 0 {
		t.Errorf("%d dialogs of the window's own shown besides the portal's chooser", n)
	}
	calls := fake.Calls()
	if len(calls) != 1 {
		t.Fatalf("%d portal calls, want 1", len(calls))
	}
	c := calls[0]
	if c.Method != "OpenFile" || c.Title != "Open" || c.Folder() != filepath.Dir(files[0]) {
		t.Errorf("chooser asked as %s %q in %q", c.Method, c.Title, c.Folder())
	}
	if _, ok := c.Options["filters"]; !ok {
		t.Error("the chooser is not told to show containers")
	}

	// Cancelled: nothing changes.
	fake.Answer("")
	onUI(v.showOpenDialog)
	native.pending.Wait()
	v.wait()
	if v.doc == nil || v.doc.path != files[1] {
		t.Errorf("cancelling the chooser changed the file shown")
	}
}

// Save As in the portal's chooser: the chooser starts on the file's name
// in its folder; a name without the extension gets it, and replacing a
// file the chooser did not ask about is confirmed.
func TestSaveAsThroughPortal(t *testing.T) {
	withPortal(t)
	fake := xdgtest.StartFileChooser(t)
	dir := t.TempDir()
	current := filepath.Join(dir, "cat.gen5")
	other := filepath.Join(dir, "other.gen5")
	for _, p := range []string{current, other} {
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	w := newDialogWindow(t)
	var got []string
	saveAs := func() {
		onUI(func() { chooseSaveAs(w, current, func(dst string) { got = append(got, dst) }) })
		native.pending.Wait()
	}

	fake.Answer(filepath.Join(dir, "copy"))
	saveAs()
	if len(got) != 1 || got[0] != filepath.Join(dir, "copy.gen5") {
		t.Fatalf("a new name gave %q", got)
	}
	c := fake.Calls()[0]
	if c.Method != "SaveFile" || c.Folder() != dir || c.String("current_name") != "cat.gen5" {
		t.Errorf("chooser asked as %s in %q named %q", c.Method, c.Folder(), c.String("current_name"))
	}

	// The chooser confirmed replacing other.gen5 itself: no second question.
	fake.Answer(other)
	saveAs()
	if len(got) != 2 || got[1] != other {
		t.Fatalf("a file the chooser confirmed gave %q", got[1:])
	}

	// "other" became other.gen5, which the chooser did not ask about.
	fake.Answer(filepath.Join(dir, "other"))
	saveAs()
	if len(got) != 2 {
		t.Fatalf("replaced other.gen5 without asking: %q", got[2:])
	}
	onUI(func() {
		b := findOverlayButton(w.Canvas(), "Replace")
		if b == nil {
			t.Fatal("no Replace file? question")
		}
		test.Tap(b)
	})
	if len(got) != 3 || got[2] != other {
		t.Fatalf("confirming the replacement gave %q", got[2:])
	}

	fake.Answer("")
	saveAs()
	if len(got) != 4 || got[3] != "" {
		t.Errorf("cancelling the chooser gave %q", got[3:])
	}
}

// A session bus without a portal: the window's own dialog opens.
func TestNoPortalFallsBack(t *testing.T) {
	withPortal(t)
	w := newDialogWindow(t)
	var got []string
	onUI(func() { chooseSaveAs(w, "/tmp/cat.gen5", func(dst string) { got = append(got, dst) }) })
	native.pending.Wait()
	var e *widgets.DialogEntry
	onUI(func() { e = overlayEntry(w.Canvas()) })
	if e == nil || e.Text != "/tmp/cat.gen5" {
		t.Fatalf("no path dialog of the window's own without a portal: %v", e)
	}
	if len(got) != 0 {
		t.Fatalf("went ahead without asking: %q", got)
	}
}
