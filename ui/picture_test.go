package ui

import (
	"testing"

	"github.com/gen5viewer/gen5view/internal/bigcase"
)

// A picture larger than the screen shows at display resolution; 1:1
// decodes it at full size, and going back to Fit lets that go.
func TestLargePictureAtDisplayResolution(t *testing.T) {
	path := bigcase.File(t, t.TempDir(), "wide.gen5", bigcase.PNG(3000, 1000), bigcase.Latent(1, 4, 125, 375))
	v := newTestViewer(t)
	openAndWait(t, v, path)
	im := v.doc.image
	if im.pending || !im.scaled || im.img == nil {
		t.Fatalf("picture pending %v, scaled %v, decoded %v: want a smaller copy shown", im.pending, im.scaled, im.img != nil)
	}
	if b := im.img.Bounds(); b.Dx() != displaySide || b.Dy() != displaySide/3 {
		t.Errorf("shown at %v, want %d×%d", b, displaySide, displaySide/3)
	}
	if v.images.pic.Picture() != im.img || !v.images.pic.Fitted() || !v.images.pic.Visible() {
		t.Error("Fit does not show the smaller copy")
	}
	if v.images.caption.Text == "" || v.images.progress.Visible() {
		t.Errorf("caption %q, progress shown %v", v.images.caption.Text, v.images.progress.Visible())
	}

	v.images.setActualSize(true)
	v.wait()
	full := v.images.pic.Picture()
	if full == nil || full.Bounds().Dx() != 3000 || v.images.pic.Zoom() != 1 {
		t.Fatalf("1:1 shows %v at %v", full.Bounds(), v.images.pic.Zoom())
	}
	v.images.setActualSize(false)
	if v.images.full != nil || v.images.pic.Picture() != im.img || !v.images.pic.Fitted() {
		t.Error("the full-size picture is kept after going back to Fit")
	}
}
