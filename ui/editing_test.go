package ui

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/internal/fixtures"
	"github.com/gen5viewer/gen5view/ui/widgets"
)

// menuItem returns the item labelled label in the window's menu called
// menu, failing the test when there is none.
func menuItem(t *testing.T, v *viewer, menu, label string) *fyne.MenuItem {
	t.Helper()
	for _, m := range v.Window().MainMenu().Items {
		if m.Label != menu {
			continue
		}
		for _, it := range m.Items {
			// Undo and Redo name their edit: "Undo" finds "Undo Seed".
			if it.Label == label || strings.HasPrefix(it.Label, label+" ") {
				return it
			}
		}
	}
	t.Fatalf("no %s › %s in the menu", menu, label)
	return nil
}

// openCopyInViewer copies a fixture into a temporary folder, opens it in a
// new viewer with the Edit tab selected, and returns both.
func openCopyInViewer(t *testing.T, name string) (*viewer, string) {
	t.Helper()
	path := fixtures.Copy(t, name, t.TempDir())
	v := newTestViewer(t)
	openAndWait(t, v, path)
	if v.doc == nil || v.edit.ed == nil {
		t.Fatalf("%s not opened for editing", name)
	}
	v.tabs.Select(v.edit.tab)
	stopHistoryClock(v.edit.ed)
	return v, path
}

// editPromptAndTag types a new prompt and a new tag into the form.
func editPromptAndTag(v *viewer, prompt, tag string) {
	ed := v.edit.ed
	ed.prompt.entry.SetText("")
	test.Type(ed.prompt.entry, prompt)
	test.Type(ed.tags.Entry(), tag+",")
}

func wantTitle(t *testing.T, v *viewer, want string) {
	t.Helper()
	if got := v.Window().Title(); got != want {
		t.Errorf("title %q, want %q", got, want)
	}
}

// TestEditAndSaveInWindow edits the prompt and the tags in the Edit tab,
// saves from the File menu, and checks the title, the file on disk (only
// the manifest changed: every chunk's stored bytes are as they were) and
// that the window now shows the saved file.
func TestEditAndSaveInWindow(t *testing.T) {
	v, path := openCopyInViewer(t, "a0_sd15_f32.gen5")
	if v.edit.tab.Content != v.edit.ed.CanvasObject() {
		t.Fatal("the Edit tab does not hold the editor")
	}
	oldFile := v.doc.file
	before := storedChunks(t, oldFile)
	wantTitle(t, v, "a0_sd15_f32.gen5 — Gen5 Viewer")
	if !menuItem(t, v, "File", "Save").Disabled {
		t.Error("Save enabled with nothing to save")
	}

	editPromptAndTag(v, "a puppy on a beach", "beach")
	wantTitle(t, v, "*a0_sd15_f32.gen5 — Gen5 Viewer")
	if v.edit.tab.Text != "Edit •" {
		t.Errorf("the Edit tab reads %q with unsaved edits", v.edit.tab.Text)
	}
	save := menuItem(t, v, "File", "Save")
	if save.Disabled || menuItem(t, v, "File", "Revert").Disabled {
		t.Fatal("Save or Revert disabled with unsaved edits")
	}
	if name := save.Shortcut.ShortcutName(); name != shortcut(fyne.KeyS).ShortcutName() {
		t.Errorf("Save's shortcut is %s", name)
	}
	save.Action()
	v.wait()

	wantTitle(t, v, "a0_sd15_f32.gen5 — Gen5 Viewer")
	if v.dirty() || v.edit.ed.Dirty() || v.edit.tab.Text != "Edit" {
		t.Errorf("still dirty after saving: tab %q", v.edit.tab.Text)
	}
	if !menuItem(t, v, "File", "Save").Disabled {
		t.Error("Save still enabled after saving")
	}
	if v.saved.Text != "Saved" {
		t.Errorf("status bar says %q, want Saved", v.saved.Text)
	}
	if v.doc.file == oldFile {
		t.Error("the window still reads the file that was replaced")
	}
	if n := v.tree.nodes[v.tree.find("model_info", "prompt")]; n == nil || n.full != "a puppy on a beach" {
		t.Errorf("the tree shows prompt %+v", n)
	}
	if n := v.tree.nodes[v.tree.find("model_info", "tags")]; n == nil || n.text() != "tags: puppy, dog, smile, beach" {
		t.Errorf("the tree shows tags %+v", n)
	}

	f, err := codec.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if errs := f.Verify(); len(errs) > 0 {
		t.Fatalf("saved file fails verification: %v", errs)
	}
	if p := f.Manifest.Prompt(); p != "a puppy on a beach" {
		t.Errorf("prompt on disk %q", p)
	}
	if tags := f.Manifest.Tags(); !reflect.DeepEqual(tags, []string{"puppy", "dog", "smile", "beach"}) {
		t.Errorf("tags on disk %q", tags)
	}
	after := storedChunks(t, f)
	if len(after) != len(before) {
		t.Fatalf("%d chunks after the save, %d before", len(after), len(before))
	}
	for i := range before {
		if !bytes.Equal(before[i], after[i]) {
			t.Errorf("chunk %d's stored bytes changed", i)
		}
	}

	// The tag the save added is counted in the stored vocabulary.
	if got := widgets.LoadTagVocabulary(v.app.Preferences()).Count("beach"); got != 1 {
		t.Errorf("beach counted %d times, want 1", got)
	}

	// A second edit saves over the file just written.
	editPromptAndTag(v, "second save", "sand")
	menuItem(t, v, "File", "Save").Action()
	v.wait()
	if v.dirty() {
		t.Fatal("the second save did not go through")
	}
}

// TestUndoRedoFromMenu undoes and redoes an edit through the Edit menu
// and Redo's second shortcut, following the title and the items' states.
func TestUndoRedoFromMenu(t *testing.T) {
	v, _ := openCopyInViewer(t, "a0_sd15_f32.gen5")
	ed := v.edit.ed
	if !menuItem(t, v, "Edit", "Undo").Disabled || !menuItem(t, v, "Edit", "Redo").Disabled {
		t.Fatal("Undo or Redo enabled before any edit")
	}
	setField(ed, "prompt", "edited")
	undo := menuItem(t, v, "Edit", "Undo")
	if undo.Disabled {
		t.Fatal("Undo disabled after an edit")
	}
	undo.Action()
	if ed.prompt.entry.Text != "A puppy smiling, cinematic" {
		t.Errorf("after Undo the prompt reads %q", ed.prompt.entry.Text)
	}
	wantTitle(t, v, "a0_sd15_f32.gen5 — Gen5 Viewer")
	redo := menuItem(t, v, "Edit", "Redo")
	if redo.Disabled {
		t.Fatal("Redo disabled after Undo")
	}
	redo.Action()
	if ed.prompt.entry.Text != "edited" {
		t.Errorf("after Redo the prompt reads %q", ed.prompt.entry.Text)
	}
	wantTitle(t, v, "*a0_sd15_f32.gen5 — Gen5 Viewer")

	// Ctrl+Shift+Z redoes too, with the focus outside the form.
	menuItem(t, v, "Edit", "Undo").Action()
	v.Window().Canvas().Unfocus()
	v.Window().Canvas().(fyne.Shortcutable).TypedShortcut(redoAltShortcut)
	if ed.prompt.entry.Text != "edited" {
		t.Errorf("Ctrl+Shift+Z did not redo: the prompt reads %q", ed.prompt.entry.Text)
	}

	menuItem(t, v, "File", "Revert").Action()
	if ed.prompt.entry.Text != "A puppy smiling, cinematic" || v.dirty() {
		t.Errorf("Revert left %q, dirty %v", ed.prompt.entry.Text, v.dirty())
	}
}

// TestInvalidEditIsUndoable types a seed that is no number: the edit is
// one step in the history like any other, named in the menu, and Ctrl+Z
// typed in the field takes it back, Redo puts the text back.
func TestInvalidEditIsUndoable(t *testing.T) {
	v, _ := openCopyInViewer(t, "a0_sd15_f32.gen5")
	ed := v.edit.ed
	seed := ed.fieldByKey("seed").entry
	orig := seed.Text
	v.Window().Canvas().Focus(seed)
	seed.SetText("")
	test.Type(seed, "abc")
	undo := menuItem(t, v, "Edit", "Undo")
	if undo.Disabled || undo.Label != "Undo Seed" {
		t.Fatalf("after typing an invalid seed the menu has %q (disabled %v), want Undo Seed enabled", undo.Label, undo.Disabled)
	}
	if !v.dirty() {
		t.Fatal("an invalid seed does not mark the file edited")
	}
	seed.TypedShortcut(&fyne.ShortcutUndo{})
	if seed.Text != orig || v.dirty() || len(ed.Problems()) != 0 {
		t.Fatalf("Ctrl+Z left the seed %q (want %q), dirty %v, problems %v", seed.Text, orig, v.dirty(), ed.Problems())
	}
	redo := menuItem(t, v, "Edit", "Redo")
	if redo.Label != "Redo Seed" {
		t.Errorf("Redo item reads %q, want Redo Seed", redo.Label)
	}
	redo.Action()
	if seed.Text != "abc" || !hasProblem(ed.Problems(), "seed") {
		t.Errorf("Redo gave the seed %q, problems %v; want abc refused", seed.Text, ed.Problems())
	}
}

// TestUndoInDialogEntry types in the Save As dialog's path and presses
// Ctrl+Z, which the menu sees first: the path's typing is undone, and the
// form's edit stays.
func TestUndoInDialogEntry(t *testing.T) {
	v, path := openCopyInViewer(t, "a0_sd15_f32.gen5")
	setField(v.edit.ed, "prompt", "edited")
	menuItem(t, v, "File", "Save As…").Action()
	e := overlayEntry(v.Window().Canvas())
	if e == nil || v.Window().Canvas().Focused() != e {
		t.Fatal("the Save As path is not focused")
	}
	test.Type(e, "x")
	menuItem(t, v, "Edit", "Undo").Action()
	if e.Text != path {
		t.Errorf("the path reads %q after Undo, want %q", e.Text, path)
	}
	if got := v.edit.ed.prompt.entry.Text; got != "edited" {
		t.Errorf("Undo in the dialog undid the form: the prompt reads %q", got)
	}
}

// TestOpenWhileDirtyAsks opens another file over unsaved edits: the window
// asks; Cancel keeps the edits, Discard opens the other file, and Save
// saves the edits first.
func TestOpenWhileDirtyAsks(t *testing.T) {
	v, path := openCopyInViewer(t, "a0_sd15_f32.gen5")
	other := fixtures.Copy(t, "a0_jpeg.gen5", t.TempDir())
	doc := v.doc
	setField(v.edit.ed, "prompt", "unsaved")

	v.Open(other)
	v.wait()
	c := v.Window().Canvas()
	if txt := overlayText(c); !strings.Contains(txt, "a0_sd15_f32.gen5 has unsaved changes") {
		t.Fatalf("no question asked; overlays say %q", txt)
	}
	test.Tap(findOverlayButton(c, "Cancel"))
	v.wait()
	if v.doc != doc || !v.dirty() || v.edit.ed.prompt.entry.Text != "unsaved" {
		t.Fatal("Cancel did not keep the document and its edits")
	}
	wantTitle(t, v, "*a0_sd15_f32.gen5 — Gen5 Viewer")

	v.Open(other)
	test.Tap(findOverlayButton(c, "Discard"))
	v.wait()
	if v.doc == doc || v.doc.path != other || v.dirty() {
		t.Fatalf("Discard did not open %s", other)
	}
	if v.edit.ed.Manifest().Prompt() != v.doc.manifest.Prompt() {
		t.Error("the editor still shows the previous file")
	}
	wantTitle(t, v, "a0_jpeg.gen5 — Gen5 Viewer")

	// Save saves the edits, then opens the other file.
	openAndWait(t, v, path)
	setField(v.edit.ed, "prompt", "saved on the way out")
	v.Open(other)
	test.Tap(findOverlayButton(c, "Save"))
	v.wait()
	if v.doc.path != other {
		t.Fatalf("shown: %s", v.doc.path)
	}
	f, err := codec.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if p := f.Manifest.Prompt(); p != "saved on the way out" {
		t.Errorf("prompt on disk %q", p)
	}
}

// TestCloseWhileDirtyAsks closes the window over unsaved edits: Cancel
// keeps it open.
func TestCloseWhileDirtyAsks(t *testing.T) {
	v, _ := openCopyInViewer(t, "a0_sd15_f32.gen5")
	setField(v.edit.ed, "prompt", "unsaved")
	menuItem(t, v, "File", "Close Window").Action()
	c := v.Window().Canvas()
	if !strings.Contains(overlayText(c), "has unsaved changes") {
		t.Fatal("closed without asking")
	}
	test.Tap(findOverlayButton(c, "Cancel"))
	if v.closed {
		t.Error("Cancel closed the window")
	}
}

// TestSaveAsAppendsExtension saves under a name typed without ".gen5":
// the file gets the extension, the window shows it, and the original is
// left as it was.
func TestSaveAsAppendsExtension(t *testing.T) {
	v, path := openCopyInViewer(t, "a0_sd15_f32.gen5")
	orig := readBytes(t, path)
	setField(v.edit.ed, "prompt", "a copy")
	item := menuItem(t, v, "File", "Save As…")
	if item.Shortcut.ShortcutName() != saveAsShortcut.ShortcutName() {
		t.Errorf("Save As shortcut %s", item.Shortcut.ShortcutName())
	}
	item.Action()
	c := v.Window().Canvas()
	e := overlayEntry(c)
	if e == nil {
		t.Fatal("no Save As dialog")
	}
	dir := filepath.Dir(path)
	e.SetText(filepath.Join(dir, "copy"))
	test.Tap(findOverlayButton(c, "Save"))
	v.wait()

	want := filepath.Join(dir, "copy.gen5")
	if v.doc.path != want {
		t.Fatalf("window shows %s, want %s", v.doc.path, want)
	}
	wantTitle(t, v, "copy.gen5 — Gen5 Viewer")
	if r := recentFiles(v.app.Preferences()); len(r) == 0 || r[0] != want {
		t.Errorf("recent files %q", r)
	}
	f, err := codec.OpenFile(want)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if p := f.Manifest.Prompt(); p != "a copy" {
		t.Errorf("prompt in the copy %q", p)
	}
	if !bytes.Equal(readBytes(t, path), orig) {
		t.Error("Save As changed the original")
	}
}

// TestSaveFailureKeepsFileAndEditsInWindow saves over a file that changed
// on disk: the error says why, and the file and the edits stay.
func TestSaveFailureKeepsFileAndEditsInWindow(t *testing.T) {
	v, path := openCopyInViewer(t, "a0_sd15_f32.gen5")
	doc, file := v.doc, v.doc.file
	setField(v.edit.ed, "prompt", "edits to keep")
	changed := append(readBytes(t, path), 0)
	if err := os.WriteFile(path, changed, 0o644); err != nil {
		t.Fatal(err)
	}
	menuItem(t, v, "File", "Save").Action()
	v.wait()
	if txt := overlayText(v.Window().Canvas()); !strings.Contains(txt, "changed on disk since it was opened") {
		t.Errorf("error shown: %q", txt)
	}
	if !bytes.Equal(readBytes(t, path), changed) {
		t.Error("the file on disk was overwritten")
	}
	if v.doc != doc || v.doc.file != file || !v.dirty() || v.edit.ed.prompt.entry.Text != "edits to keep" {
		t.Error("the window lost the document or its edits")
	}
	wantTitle(t, v, "*a0_sd15_f32.gen5 — Gen5 Viewer")
	if v.saved.Text == "Saved" {
		t.Error("status bar says Saved")
	}
}

// TestTagsCountedOncePerFile opens the same file twice and another once:
// the vocabulary counts each file's tags once.
func TestTagsCountedOncePerFile(t *testing.T) {
	v, path := openCopyInViewer(t, "a0_sd15_f32.gen5")
	openAndWait(t, v, fixtures.Copy(t, "a0_jpeg.gen5", t.TempDir()))
	openAndWait(t, v, path)
	vocab := widgets.LoadTagVocabulary(v.app.Preferences())
	if n := vocab.Count("puppy"); n != 1 {
		t.Errorf("puppy counted %d times after opening its file twice", n)
	}
	if got := v.edit.vocab.tags.Suggest("pu", nil, 5); len(got) == 0 || got[0].Tag != "puppy" {
		t.Errorf("suggestions for pu: %v", got)
	}
}

// TestQuitAsksEveryWindow quits from one window while another has unsaved
// edits: the question is asked there, and Cancel stops the quit.
func TestQuitAsksEveryWindow(t *testing.T) {
	v, _ := openCopyInViewer(t, "a0_sd15_f32.gen5")
	other := v.session.newViewer()
	t.Cleanup(func() {
		other.wait()
		other.Window().Close()
	})
	openAndWait(t, other, fixtures.Copy(t, "a0_jpeg.gen5", t.TempDir()))
	setField(other.edit.ed, "prompt", "unsaved elsewhere")
	other.wait() // the edit lays the window out again: the heatmap may render anew

	menuItem(t, v, "File", "Quit").Action()
	if v.Window().Canvas().Overlays().Top() != nil {
		t.Error("asked in the window without edits")
	}
	c := other.Window().Canvas()
	if !strings.Contains(overlayText(c), "a0_jpeg.gen5 has unsaved changes") {
		t.Fatal("the window with edits was not asked")
	}
	test.Tap(findOverlayButton(c, "Cancel"))
	if !other.dirty() || other.closed {
		t.Error("Cancel lost the edits")
	}
}

func TestEditMenuWithoutDocument(t *testing.T) {
	v := newTestViewer(t)
	for _, it := range []struct{ menu, label string }{
		{"File", "Save"}, {"File", "Save As…"}, {"File", "Revert"}, {"Edit", "Undo"}, {"Edit", "Redo"},
	} {
		item := menuItem(t, v, it.menu, it.label)
		if !item.Disabled {
			t.Errorf("%s enabled in an empty window", it.label)
		}
		item.Action() // a shortcut reaches it anyway: nothing must happen
	}
	if v.Window().Canvas().Overlays().Top() != nil {
		t.Error("an action opened a dialog in an empty window")
	}
}

// TestSavedSeedRechecksNoise saves a new seed: the noise panel checks the
// latent against it, not against the seed the file was opened with.
func TestSavedSeedRechecksNoise(t *testing.T) {
	v, _ := openCopyInViewer(t, "a0_sd15_f32.gen5")
	before := v.noise.repro.Text
	setField(v.edit.ed, "seed", "43")
	menuItem(t, v, "File", "Save").Action()
	v.wait()
	after := v.noise.repro.Text
	if after == before || !strings.Contains(after, "43") {
		t.Errorf("reproducibility line %q after saving seed 43 (was %q)", after, before)
	}
}

// TestConfirmUnsaved asks before unsaved edits would be lost, and only then.
func TestConfirmUnsaved(t *testing.T) {
	v, _ := openCopyInViewer(t, "a0_sd15_f32.gen5")
	w := v.Window()
	proceeded := 0
	v.confirmDiscard(func() { proceeded++ })
	if proceeded != 1 || w.Canvas().Overlays().Top() != nil {
		t.Fatal("asked although nothing was unsaved")
	}
	setField(v.edit.ed, "prompt", "unsaved")
	v.confirmDiscard(func() { proceeded++ })
	if proceeded != 1 {
		t.Fatal("went ahead without asking")
	}
	test.Tap(findOverlayButton(w.Canvas(), "Cancel"))
	if proceeded != 1 || !v.edit.ed.Dirty() {
		t.Fatal("Cancel went ahead")
	}
	v.confirmDiscard(func() { proceeded++ })
	test.Tap(findOverlayButton(w.Canvas(), "Discard"))
	if proceeded != 2 {
		t.Fatal("Discard did not go ahead")
	}
}

// TestInspectSaysEditsPending: while the Edit tab holds unsaved edits the
// Inspect tab says that it shows the file as saved.
func TestInspectSaysEditsPending(t *testing.T) {
	v, _ := openCopyInViewer(t, "a0_sd15_f32.gen5")
	if v.tree.pending.Visible() {
		t.Fatal("pending notice shown before any edit")
	}
	setField(v.edit.ed, "steps", "21")
	if !v.tree.pending.Visible() || v.tree.pending.Text != pendingText {
		t.Fatal("no pending notice while edits are unsaved")
	}
	menuItem(t, v, "File", "Revert").Action()
	if v.tree.pending.Visible() {
		t.Error("pending notice stays after Revert")
	}
}
