package widgets

import (
	"image"
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
)

// checker is a w×h picture of black and white pixels in a checkerboard.
func checker(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			if (x+y)%2 == 0 {
				img.Set(x, y, color.White)
			} else {
				img.Set(x, y, color.Black)
			}
		}
	}
	return img
}

func newZoomTest(t *testing.T, img image.Image) *ZoomImage {
	t.Helper()
	test.NewTempApp(t)
	z := NewZoomImage()
	w := test.NewTempWindow(t, z)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(300, 200))
	z.SetImage(img, img.Bounds().Size())
	return z
}

// TestZoomImageNearest fits a 64×64 checkerboard in a 300×200 view, a
// magnification, and checks that no pixel is a blend of the two colours,
// and that the picture is centred and as large as fits.
func TestZoomImageNearest(t *testing.T) {
	z := newZoomTest(t, checker(64, 64))
	if got := z.Zoom(); math.Abs(got-200.0/64) > 1e-9 || !z.Fitted() {
		t.Fatalf("fitted zoom %v (fitted %v), want %v", got, z.Fitted(), 200.0/64)
	}
	img := z.Image().(*image.RGBA)
	blends, drawn := 0, 0
	for y := range img.Bounds().Dy() {
		for x := range img.Bounds().Dx() {
			c := img.RGBAAt(x, y)
			if c.A == 0 {
				continue
			}
			drawn++
			if c.R != 0 && c.R != 255 {
				blends++
			}
		}
	}
	if blends > 0 {
		t.Errorf("%d pixels are blends of black and white: the picture is smoothed", blends)
	}
	if want := 200 * 200; drawn < want-400 || drawn > want {
		t.Errorf("%d pixels drawn, want about %d (the picture fitted to the height)", drawn, want)
	}
	if img.RGBAAt(49, 100).A != 0 || img.RGBAAt(51, 100).A == 0 {
		t.Error("the fitted picture is not centred")
	}
}

// TestZoomImageZoomAt zooms about a point and checks the picture pixel
// under it stays put, then pans by dragging.
func TestZoomImageZoomAt(t *testing.T) {
	z := newZoomTest(t, checker(64, 64))
	at := fyne.NewPos(120, 80)
	under := func() (float64, float64) {
		ox, oy := z.offset()
		f := z.Zoom()
		return ox + float64(at.X)/f, oy + float64(at.Y)/f
	}
	x0, y0 := under()
	z.ZoomAt(at, 4)
	if z.Fitted() || math.Abs(z.Zoom()-4*200.0/64) > 1e-9 {
		t.Fatalf("zoom %v fitted %v after zooming in ×4", z.Zoom(), z.Fitted())
	}
	if x1, y1 := under(); math.Abs(x1-x0) > 1e-6 || math.Abs(y1-y0) > 1e-6 {
		t.Errorf("the pointer was over picture point (%.2f, %.2f), now over (%.2f, %.2f)", x0, y0, x1, y1)
	}

	ox, oy := z.offset()
	z.Dragged(&fyne.DragEvent{Dragged: fyne.NewDelta(25, -10)})
	nx, ny := z.offset()
	if f := z.Zoom(); math.Abs((ox-nx)*f-25) > 1e-6 || math.Abs((oy-ny)*f+10) > 1e-6 {
		t.Errorf("dragging by (25, -10) moved the picture by (%.2f, %.2f) pixels", (ox-nx)*f, (oy-ny)*f)
	}

	// Ctrl and the wheel zoom; the wheel alone pans.
	f := z.Zoom()
	z.modifiers = func() fyne.KeyModifier { return fyne.KeyModifierControl }
	z.Scrolled(&fyne.ScrollEvent{PointEvent: fyne.PointEvent{Position: at}, Scrolled: fyne.NewDelta(0, -20)})
	if z.Zoom() >= f {
		t.Errorf("Ctrl+wheel down left the zoom at %v (was %v)", z.Zoom(), f)
	}
	z.modifiers = func() fyne.KeyModifier { return 0 }
	f = z.Zoom()
	z.Scrolled(&fyne.ScrollEvent{PointEvent: fyne.PointEvent{Position: at}, Scrolled: fyne.NewDelta(0, -20)})
	if z.Zoom() != f {
		t.Errorf("the wheel alone zoomed to %v (was %v)", z.Zoom(), f)
	}

	z.ZoomOut()
	z.ZoomIn()
	if math.Abs(z.Zoom()-f) > 1e-9 {
		t.Errorf("Zoom Out then In gives %v, want %v", z.Zoom(), f)
	}
	z.Fit()
	if !z.Fitted() || math.Abs(z.Zoom()-200.0/64) > 1e-9 {
		t.Errorf("after Fit: zoom %v fitted %v", z.Zoom(), z.Fitted())
	}
}

// TestZoomImageSmooth checks that a picture shown smaller than its pixels
// is left to smooth scaling, placed where it fits, and that zoomed in on
// (3×, nearest neighbour) its pixels land where the zoom puts them, from
// an NRGBA picture too.
func TestZoomImageSmooth(t *testing.T) {
	pic := image.NewNRGBA(image.Rect(0, 0, 900, 600))
	for i := range pic.Pix {
		pic.Pix[i] = 0xff
	}
	pic.SetNRGBA(450, 300, color.NRGBA{R: 0xff, A: 0x80})
	z := newZoomTest(t, pic)
	if z.view.ScaleMode != canvas.ImageScaleSmooth {
		t.Error("a reduced picture is not scaled smoothly")
	}
	if s := z.view.Size(); math.Abs(float64(s.Width)-300) > 0.5 || math.Abs(float64(s.Height)-200) > 0.5 {
		t.Errorf("the reduced picture is drawn %v, want 300×200", s)
	}
	z.SetZoom(3)
	img := z.Image().(*image.RGBA)
	// Zoomed about the view's centre, picture point (450, 300): pixel
	// (450, 300) covers 3×3 screen pixels from the centre.
	want := color.RGBA{R: 0x80, A: 0x80}
	for _, p := range []image.Point{{150, 100}, {151, 101}, {152, 102}} {
		if got := img.RGBAAt(p.X, p.Y); got != want {
			t.Errorf("at %v: %v, want the centre pixel %v", p, got, want)
		}
	}
	for _, p := range []image.Point{{149, 100}, {153, 100}, {150, 103}} {
		if got := img.RGBAAt(p.X, p.Y); got.G != 0xff {
			t.Errorf("at %v: %v, want white", p, got)
		}
	}
}

// TestZoomImageResizeTellsZoom checks that a fitted picture's new zoom is
// told when the view is resized, for the percentage beside it.
func TestZoomImageResizeTellsZoom(t *testing.T) {
	z := newZoomTest(t, checker(64, 64))
	told := 0.0
	z.OnZoom = func() { told = z.Zoom() }
	z.Resize(fyne.NewSize(128, 128))
	if told != 2 {
		t.Errorf("after resizing to 128×128 OnZoom was told %v, want 2", told)
	}
}

// BenchmarkZoomImageRender draws a 1000×1000 pixel view of a 2560×1440
// picture, fitted (left to the GPU) and at 400% (nearest neighbour), against a
// plain copy of as many pixels as the floor: a drag redraws the view at
// every step.
func BenchmarkZoomImageRender(b *testing.B) {
	test.NewTempApp(b)
	pic := checker(2560, 1440)
	z := NewZoomImage()
	w := test.NewTempWindow(b, z)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(1000, 1000))
	z.SetImage(pic, pic.Bounds().Size())
	b.Run("copy", func(b *testing.B) {
		dst := image.NewRGBA(image.Rect(0, 0, 1000, 1000))
		for b.Loop() {
			copy(dst.Pix, pic.Pix[:len(dst.Pix)])
		}
	})
	b.Run("fit", func(b *testing.B) {
		z.Fit()
		for b.Loop() {
			z.render()
		}
	})
	b.Run("400%", func(b *testing.B) {
		z.SetZoom(4)
		for b.Loop() {
			z.render()
		}
	})
}
