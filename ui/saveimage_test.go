package ui

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
)

// TestSaveImageAs writes the stored picture byte for byte under the name
// typed.
func TestSaveImageAs(t *testing.T) {
	v, path := openCopyInViewer(t, "a0_sd15_f32.gen5")
	menuItem(t, v, "File", "Save Image As…").Action()
	e := overlayEntry(v.Window().Canvas())
	if e == nil || filepath.Ext(e.Text) != ".png" {
		t.Fatalf("no path asked, or not a .png name: %v", e)
	}
	dst := filepath.Join(filepath.Dir(path), "picture.png")
	e.SetText(dst)
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	v.wait()
	want, _ := v.doc.file.Image().Payload()
	if got, err := os.ReadFile(dst); err != nil || !bytes.Equal(got, want) {
		t.Errorf("saved picture differs from the stored one (%v)", err)
	}
}
