package ui

import (
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/gen5viewer/gen5view/internal/fixtures"
)

// TestOpenPictureOffersCreate: opening a PNG says what it is and offers
// the New container window with the picture in it, instead of an error
// about the magic number.
func TestOpenPictureOffersCreate(t *testing.T) {
	path := fixtures.Copy(t, "upstream_example.png", t.TempDir())
	v := newTestViewer(t)
	openAndWait(t, v, path)
	txt := overlayText(v.Window().Canvas())
	if strings.Contains(strings.ToLower(txt), "magic") || !strings.Contains(txt, filepath.Base(path)+" is a PNG picture") {
		t.Fatalf("opening a PNG shows %q", txt)
	}
	b := findOverlayButton(v.Window().Canvas(), "Create a Container from This Picture…")
	if b == nil {
		t.Fatal("no button to create a container from the picture")
	}
	test.Tap(b)
	if v.newContainer == nil {
		t.Fatal("the New container window did not open")
	}
	v.newContainer.Wait()
	if got := v.newContainer.Picture(); got != path {
		t.Errorf("the New container window holds picture %q, want %q", got, path)
	}
}
