package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"github.com/gen5viewer/gen5view/internal/bigcase"
	"github.com/gen5viewer/gen5view/ui/widgets"
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
	if v.images.pane.Picture() != im.img || !v.images.pane.Fitted() || !zoomImage(t, v).Visible() {
		t.Error("Fit does not show the smaller copy")
	}
	if v.images.pane.Caption() == "" || v.images.pane.Busy() {
		t.Errorf("caption %q, progress shown %v", v.images.pane.Caption(), v.images.pane.Busy())
	}

	v.images.pane.SetActualSize(true)
	v.wait()
	full := v.images.pane.Picture()
	if full == nil || full.Bounds().Dx() != 3000 || v.images.pane.Zoom() != 1 {
		t.Fatalf("1:1 shows %v at %v", full.Bounds(), v.images.pane.Zoom())
	}
	v.images.pane.SetActualSize(false)
	if v.images.full != nil || v.images.pane.Picture() != im.img || !v.images.pane.Fitted() {
		t.Error("the full-size picture is kept after going back to Fit")
	}
}

// zoomImage is the picture widget inside v's image pane.
func zoomImage(t *testing.T, v *viewer) *widgets.ZoomImage {
	t.Helper()
	var z *widgets.ZoomImage
	walkTree(v.images.pane, func(o fyne.CanvasObject) {
		if x, ok := o.(*widgets.ZoomImage); ok && z == nil {
			z = x
		}
	})
	if z == nil {
		t.Fatal("no picture in the image pane")
	}
	return z
}
