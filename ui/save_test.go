package ui

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/internal/fixtures"
	"github.com/gen5viewer/gen5view/internal/unprivileged"
	"github.com/gen5viewer/gen5view/ui/widgets"
)

// openFixtureCopy copies a fixture to dir and opens it.
func openFixtureCopy(t *testing.T, name, dir string) (string, *codec.File) {
	t.Helper()
	path := fixtures.Copy(t, name, dir)
	f, err := codec.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return path, f
}

func readBytes(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func editedManifest(f *codec.File) *codec.Manifest {
	m := f.Manifest.Clone()
	m.SetPrompt("an edit that must not land")
	return m
}

// noTempFiles checks that a failed save left nothing behind in dir.
func noTempFiles(t *testing.T, dir string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

func TestSaveDocumentChangedOnDisk(t *testing.T) {
	dir := t.TempDir()
	path, f := openFixtureCopy(t, "a0_sd15_f32.gen5", dir)
	// Someone else rewrites the file after it was opened.
	other := append(readBytes(t, path), 0)
	if err := os.WriteFile(path, other, 0o644); err != nil {
		t.Fatal(err)
	}
	err := saveDocument(f, editedManifest(f), path)
	if !errors.Is(err, codec.ErrChangedOnDisk) {
		t.Fatalf("err = %v, want ErrChangedOnDisk", err)
	}
	want := "a0_sd15_f32.gen5 changed on disk since it was opened; save under another name (Save As) to keep both"
	if err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}
	if !bytes.Equal(readBytes(t, path), other) {
		t.Error("the other program's version was overwritten")
	}

	// Save As another name still works, and keeps both.
	dst := filepath.Join(dir, "copy.gen5")
	if err := saveDocument(f, editedManifest(f), dst); err != nil {
		t.Fatalf("Save As after the refusal: %v", err)
	}
	nf, err := codec.OpenFile(dst)
	if err != nil {
		t.Fatal(err)
	}
	defer nf.Close()
	if nf.Manifest.Prompt() != "an edit that must not land" {
		t.Errorf("copy has prompt %q", nf.Manifest.Prompt())
	}
}

func TestSaveDocumentInvalidManifest(t *testing.T) {
	dir := t.TempDir()
	path, f := openFixtureCopy(t, "v010_sd15_f32.gen5", dir)
	orig := readBytes(t, path)
	m := f.Manifest.Clone()
	if err := m.SetSetting("steps", 0); err != nil {
		t.Fatal(err)
	}
	err := saveDocument(f, m, path)
	if err == nil || !strings.Contains(err.Error(), "steps") || !strings.Contains(err.Error(), path) {
		t.Fatalf("err = %v, want a refusal naming the file and steps", err)
	}
	if !bytes.Equal(readBytes(t, path), orig) {
		t.Error("the file changed although the save was refused")
	}
	noTempFiles(t, dir)
}

func TestSaveDocumentReadOnlyDir(t *testing.T) {
	// Directory permissions do not bind root: as root, the test runs as nobody.
	if unprivileged.Rerun(t, "a0_sd15_f32.gen5") {
		return
	}
	dir := t.TempDir()
	path, f := openFixtureCopy(t, "a0_sd15_f32.gen5", dir)
	orig := readBytes(t, path)
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	err := saveDocument(f, editedManifest(f), path)
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Fatalf("err = %v, want a failure naming %s", err, path)
	}
	if !bytes.Equal(readBytes(t, path), orig) {
		t.Error("the original changed")
	}
}

// TestSaveDocumentFullDisk saves onto a filesystem with no room for the
// new copy: the save must fail, naming the file, and leave the original
// byte for byte as it was, with no temporary file behind.
func TestSaveDocumentFullDisk(t *testing.T) {
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a small tmpfs to fill (needs root): %v %s", err, bytes.TrimSpace(out))
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v %s", dir, err, out)
		}
	})
	path, f := openFixtureCopy(t, "a0_sd15_f32.gen5", dir) // 168 KB of 200
	orig := readBytes(t, path)
	// Fill what is left.
	filler, err := os.Create(filepath.Join(dir, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 4096)
	for {
		if _, err := filler.Write(buf); err != nil {
			break
		}
	}
	filler.Close()

	err = saveDocument(f, editedManifest(f), path)
	if err == nil {
		t.Fatal("save onto a full filesystem succeeded")
	}
	if !strings.Contains(err.Error(), path) {
		t.Errorf("error %q does not name the file", err)
	}
	t.Logf("error shown: %v", err)
	if !bytes.Equal(readBytes(t, path), orig) {
		t.Error("the original changed")
	}
	noTempFiles(t, dir)

	// The same open file can still be saved somewhere with room.
	if err := saveDocument(f, editedManifest(f), filepath.Join(t.TempDir(), "elsewhere.gen5")); err != nil {
		t.Errorf("Save As elsewhere after the failure: %v", err)
	}
}

// findOverlayButton looks for a button with the given text in the window's
// overlays (dialogs).
func findOverlayButton(c fyne.Canvas, text string) *widget.Button {
	var found *widget.Button
	walkOverlays(c, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == text && found == nil {
			found = b
		}
	})
	return found
}

// overlayText gathers the text of every label in the overlays.
func overlayText(c fyne.Canvas) string {
	var sb strings.Builder
	walkOverlays(c, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok {
			sb.WriteString(l.Text + "\n")
		}
	})
	return sb.String()
}

func TestConfirmDiscard(t *testing.T) {
	for _, tc := range []struct {
		button string
		want   unsavedChoice
	}{{"Save", saveChanges}, {"Discard", discardChanges}, {"Cancel", keepEditing}} {
		t.Run(tc.button, func(t *testing.T) {
			test.NewTempApp(t)
			w := test.NewTempWindow(t, widget.NewLabel("doc"))
			w.Resize(fyne.NewSize(600, 400))
			var got []unsavedChoice
			askUnsaved(w, "cat.gen5", func(c unsavedChoice) { got = append(got, c) })
			if txt := overlayText(w.Canvas()); !strings.Contains(txt, "cat.gen5 has unsaved changes. Discard them?") {
				t.Fatalf("dialog says %q", txt)
			}
			b := findOverlayButton(w.Canvas(), tc.button)
			if b == nil {
				t.Fatalf("no %s button", tc.button)
			}
			test.Tap(b)
			if len(got) != 1 || got[0] != tc.want {
				t.Errorf("choices %v, want [%v]", got, tc.want)
			}
			if w.Canvas().Overlays().Top() != nil {
				t.Error("dialog still shown")
			}
		})
	}
}

// newSaverWindow opens a fixture copy in an editor inside a test window.
func newSaverWindow(t *testing.T, dir string) (string, *codec.File, *editor, *saver, fyne.Window) {
	t.Helper()
	path, f := openFixtureCopy(t, "a0_sd15_f32.gen5", dir)
	e := newTestEditor(t, f.Manifest)
	w := test.NewTempWindow(t, e.CanvasObject())
	w.Resize(fyne.NewSize(800, 900))
	status := widget.NewLabel("")
	s := &saver{Window: w, Status: status}
	t.Cleanup(s.stop) // "Saved" must not be cleared after the test
	return path, f, e, s, w
}

// saveAndWait runs saver.Save and waits for its result.
func saveAndWait(t *testing.T, s *saver, f *codec.File, e *editor, dst string) bool {
	t.Helper()
	done := make(chan bool, 1)
	s.Save(f, e, dst, func(ok bool) { done <- ok })
	select {
	case ok := <-done:
		return ok
	case <-time.After(30 * time.Second):
		t.Fatal("save did not finish")
	}
	return false
}

func TestSaverSavesAndReopens(t *testing.T) {
	dir := t.TempDir()
	path, f, e, s, _ := newSaverWindow(t, dir)
	var reopened *codec.File
	s.Reopened = func(nf *codec.File) { reopened = nf }
	setField(e, "prompt", "saved prompt")
	if !saveAndWait(t, s, f, e, path) {
		t.Fatal("save failed")
	}
	if reopened == nil {
		t.Fatal("Reopened not called")
	}
	defer reopened.Close()
	if reopened.Manifest.Prompt() != "saved prompt" {
		t.Errorf("re-opened file has prompt %q", reopened.Manifest.Prompt())
	}
	if e.Dirty() {
		t.Error("still dirty after saving")
	}
	if s.Status.Text != "Saved" {
		t.Errorf("status %q", s.Status.Text)
	}
	// Saving again from the re-opened file works: it is the file on disk.
	setField(e, "prompt", "second save")
	if !saveAndWait(t, s, reopened, e, path) {
		t.Fatal("second save failed")
	}
}

func TestSaverFailureKeepsFileAndEdits(t *testing.T) {
	dir := t.TempDir()
	path, f, e, s, w := newSaverWindow(t, dir)
	s.Reopened = func(*codec.File) { t.Error("Reopened called after a failed save") }
	orig := readBytes(t, path)
	setField(e, "prompt", "edits to keep")
	// The file changes on disk meanwhile: the save must refuse.
	if err := os.WriteFile(path, append(readBytes(t, path), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	orig = append(orig, 1)
	if saveAndWait(t, s, f, e, path) {
		t.Fatal("save over a file changed on disk succeeded")
	}
	if !bytes.Equal(readBytes(t, path), orig) {
		t.Error("the file on disk changed")
	}
	if !e.Dirty() || e.Manifest().Prompt() != "edits to keep" || e.prompt.entry.Text != "edits to keep" {
		t.Error("the edits in the window were lost")
	}
	if txt := overlayText(w.Canvas()); !strings.Contains(txt, "changed on disk since it was opened") {
		t.Errorf("error shown: %q", txt)
	}
	if s.Status.Text == "Saved" {
		t.Error("status says Saved")
	}
}

func TestSaverRefusesProblems(t *testing.T) {
	dir := t.TempDir()
	path, f, e, s, w := newSaverWindow(t, dir)
	orig := readBytes(t, path)
	setField(e, "steps", "0")
	if saveAndWait(t, s, f, e, path) {
		t.Fatal("saved with steps 0")
	}
	if txt := overlayText(w.Canvas()); !strings.Contains(txt, "steps: must be a whole number, at least 1") {
		t.Errorf("refusal shown: %q", txt)
	}
	if !bytes.Equal(readBytes(t, path), orig) {
		t.Error("the file changed")
	}
}

// overlayEntry returns the first entry in the window's overlays.
func overlayEntry(c fyne.Canvas) *widgets.DialogEntry {
	var found *widgets.DialogEntry
	walkOverlays(c, func(o fyne.CanvasObject) {
		if e, ok := o.(*widgets.DialogEntry); ok && found == nil {
			found = e
		}
	})
	return found
}

func TestChooseSaveAs(t *testing.T) {
	dir := t.TempDir()
	current := filepath.Join(dir, "cat.gen5")
	other := filepath.Join(dir, "other.gen5")
	for _, p := range []string{current, other} {
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "folder.gen5"), 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, typed string
		confirm     string // button of the replace question, "" for none
		want        string
	}{
		{"new name gets the extension", filepath.Join(dir, "copy"), "", filepath.Join(dir, "copy.gen5")},
		{"relative to the file's folder", "rel.GEN5", "", filepath.Join(dir, "rel.GEN5")},
		{"the file itself needs no question", current, "", current},
		{"replacing another file, confirmed", other, "Replace", other},
		// No, and a folder, come back to the path as typed.
		{"replacing another file, declined", filepath.Join(dir, "other"), "No", "<asked again>"},
		{"a folder is refused", filepath.Join(dir, "folder"), "OK", "<asked again>"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			test.NewTempApp(t)
			w := test.NewTempWindow(t, widget.NewLabel("doc"))
			w.Resize(fyne.NewSize(800, 600))
			var got []string
			chooseSaveAs(w, current, func(dst string) { got = append(got, dst) })
			e := overlayEntry(w.Canvas())
			if e == nil || e.Text != current {
				t.Fatalf("path entry missing or not prefilled: %v", e)
			}
			e.SetText(tc.typed)
			test.Tap(findOverlayButton(w.Canvas(), "Save"))
			if tc.confirm != "" {
				if len(got) != 0 {
					t.Fatalf("went ahead before asking to replace: %q", got)
				}
				test.Tap(findOverlayButton(w.Canvas(), tc.confirm))
			}
			if tc.want == "<asked again>" {
				if len(got) != 0 {
					t.Fatalf("then got %q, want the path asked again", got)
				}
				if e := overlayEntry(w.Canvas()); e == nil || e.Text != tc.typed || w.Canvas().Focused() != e {
					t.Fatalf("the path is not asked again with %q focused: %v", tc.typed, e)
				}
				return
			}
			if len(got) != 1 || got[0] != tc.want {
				t.Errorf("then got %q, want [%q]", got, tc.want)
			}
		})
	}
	if b, _ := os.ReadFile(other); string(b) != "x" {
		t.Error("choosing a file changed it: only the save may write")
	}
}
