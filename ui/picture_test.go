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
	if v.images.fit.Image != im.img || v.images.actual.Image != nil || !v.images.fit.Visible() {
		t.Error("Fit does not show the smaller copy alone")
	}
	if v.images.caption.Text == "" || v.images.progress.Visible() {
		t.Errorf("caption %q, progress shown %v", v.images.caption.Text, v.images.progress.Visible())
	}

	v.images.setActualSize(true)
	v.wait()
	full := v.images.actual.Image
	if full == nil || full.Bounds().Dx() != 3000 || !v.images.scroll.Visible() {
		t.Fatalf("1:1 shows %v", full)
	}
	v.images.setActualSize(false)
	if v.images.actual.Image != nil || !v.images.fit.Visible() {
		t.Error("the full-size picture is kept after going back to Fit")
	}
}
