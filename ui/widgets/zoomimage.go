package widgets

import (
	"image"
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// Zoom limits, in screen pixels per picture pixel.
const (
	MinZoom = 1.0 / 32
	MaxZoom = 64.0
)

// ZoomStep is the factor one Zoom In or Zoom Out multiplies by.
const ZoomStep = 1.25

// ZoomImage shows a picture fitted to the widget or at any zoom, panned by
// dragging or by the wheel, zoomed with Ctrl and the wheel about the
// pointer. Magnified pictures (100% and above) it draws itself, by
// nearest neighbour at the screen's own pixels and only what is in view,
// so each picture pixel stays a sharp square; smaller ones are scaled
// smoothly by the GPU.
//
// A zoom is screen pixels (not Fyne units) per picture pixel, so 1 is the
// picture pixel for pixel whatever the display's scale.
type ZoomImage struct {
	widget.BaseWidget

	// OnZoom is told when the zoom or fitting changes.
	OnZoom func()
	// OnMagnify is told when a picture shown from a reduced copy is
	// zoomed beyond the copy's own pixels, so that the full picture can
	// be given with SetImage.
	OnMagnify func()

	src  image.Image
	full image.Point // the picture's size; src may be a reduced copy
	fit  bool
	zoom float64
	// off is the picture point (in full-size pixels) at the widget's top
	// left corner; negative when the picture is smaller than the view
	// and centred in it.
	off   [2]float64
	view  *canvas.Image
	drawn image.Image // what view shows, for tests
	// told is the zoom OnZoom was last told of: a fitted picture's zoom
	// changes with the view's size too.
	told float64

	// modifiers returns the keyboard modifiers held; the driver's unless
	// a test replaces it.
	modifiers func() fyne.KeyModifier
}

var (
	_ fyne.Scrollable = (*ZoomImage)(nil)
	_ fyne.Draggable  = (*ZoomImage)(nil)
)

// NewZoomImage returns an empty view, fitting what it will be given.
func NewZoomImage() *ZoomImage {
	z := &ZoomImage{fit: true, zoom: 1, view: canvas.NewImageFromImage(nil)}
	z.view.FillMode = canvas.ImageFillStretch
	z.view.ScaleMode = canvas.ImageScalePixels // the pixels are the screen's already
	z.modifiers = func() fyne.KeyModifier {
		if d, ok := fyne.CurrentApp().Driver().(desktop.Driver); ok {
			return d.CurrentKeyModifiers()
		}
		return 0
	}
	z.ExtendBaseWidget(z)
	return z
}

// SetImage shows img, a picture of size full (img is a reduced copy when
// smaller). A picture of another size than the one shown is fitted; the
// same size (its full copy replacing the reduced one) keeps the zoom and
// place. nil clears the view.
func (z *ZoomImage) SetImage(img image.Image, full image.Point) {
	if img == nil || full != z.full {
		z.fit = true
	}
	z.src, z.full = img, full
	z.Refresh()
	z.zoomed()
}

// Picture returns the picture last given to SetImage.
func (z *ZoomImage) Picture() image.Image { return z.src }

// Image returns what the view shows: the screen's pixels when magnified,
// the part of the picture in view when reduced; nil when empty.
func (z *ZoomImage) Image() image.Image { return z.drawn }

// Fitted reports whether the picture is fitted to the view.
func (z *ZoomImage) Fitted() bool { return z.fit }

// Zoom returns the zoom shown, in screen pixels per picture pixel.
func (z *ZoomImage) Zoom() float64 {
	if z.fit {
		return z.fitZoom()
	}
	return z.zoom
}

// Fit fits the picture to the view, and keeps it fitted as the view is
// resized.
func (z *ZoomImage) Fit() {
	z.fit = true
	z.Refresh()
	z.zoomed()
}

// SetZoom shows the picture at zoom f about the view's centre; 1 is pixel
// for pixel.
func (z *ZoomImage) SetZoom(f float64) {
	s := z.Size()
	z.ZoomAt(fyne.NewPos(s.Width/2, s.Height/2), f/z.Zoom())
}

// ZoomIn and ZoomOut zoom by ZoomStep about the view's centre.
func (z *ZoomImage) ZoomIn() { z.SetZoom(z.Zoom() * ZoomStep) }

// ZoomOut zooms out by ZoomStep about the view's centre.
func (z *ZoomImage) ZoomOut() { z.SetZoom(z.Zoom() / ZoomStep) }

// ZoomAt multiplies the zoom by factor keeping the picture point under pos
// (in widget coordinates) where it is.
func (z *ZoomImage) ZoomAt(pos fyne.Position, factor float64) {
	if z.src == nil {
		return
	}
	old := z.Zoom()
	nz := math.Min(MaxZoom, math.Max(MinZoom, old*factor))
	sc := z.scale()
	px, py := float64(pos.X)*sc, float64(pos.Y)*sc // screen pixels from the corner
	ox, oy := z.offset()
	// The picture point under the pointer stays put.
	ix, iy := ox+px/old, oy+py/old
	z.fit, z.zoom = false, nz
	z.off = [2]float64{ix - px/nz, iy - py/nz}
	z.Refresh()
	z.zoomed()
}

func (z *ZoomImage) zoomed() {
	if z.OnMagnify != nil && z.src != nil && z.src.Bounds().Dx() < z.full.X && z.Zoom()*float64(z.full.X)/float64(z.src.Bounds().Dx()) > 1 {
		z.OnMagnify()
	}
	z.told = z.Zoom()
	if z.OnZoom != nil {
		z.OnZoom()
	}
}

// Scrolled zooms about the pointer with Ctrl held, and pans otherwise.
func (z *ZoomImage) Scrolled(e *fyne.ScrollEvent) {
	if z.modifiers()&(fyne.KeyModifierControl|fyne.KeyModifierSuper) != 0 {
		// A wheel notch scrolls about 25 units under X11: ×1.19 a notch,
		// four notches double.
		z.ZoomAt(e.Position, math.Pow(2, float64(e.Scrolled.DY)/100))
		return
	}
	z.pan(-e.Scrolled.DX, -e.Scrolled.DY)
}

// Dragged pans the picture with the pointer.
func (z *ZoomImage) Dragged(e *fyne.DragEvent) { z.pan(e.Dragged.DX, e.Dragged.DY) }

// DragEnd is part of fyne.Draggable.
func (z *ZoomImage) DragEnd() {}

// pan moves the picture by (dx, dy) Fyne units.
func (z *ZoomImage) pan(dx, dy float32) {
	if z.src == nil || z.fit {
		return
	}
	k := z.scale() / z.zoom
	ox, oy := z.offset()
	z.off = [2]float64{ox - float64(dx)*k, oy - float64(dy)*k}
	z.Refresh()
}

// scale is screen pixels per Fyne unit.
func (z *ZoomImage) scale() float64 {
	c := fyne.CurrentApp().Driver().CanvasForObject(z)
	if c == nil {
		return 1
	}
	// The canvas knows the true pixel density, including a Retina
	// display's texture scale, which Scale alone leaves out.
	x0, _ := c.PixelCoordinateForPosition(fyne.NewPos(0, 0))
	x1, _ := c.PixelCoordinateForPosition(fyne.NewPos(100, 0))
	if x1 <= x0 {
		return float64(c.Scale())
	}
	return float64(x1-x0) / 100
}

// pixels is the view's size in screen pixels.
func (z *ZoomImage) pixels() (w, h int) {
	s, sc := z.Size(), z.scale()
	return int(math.Round(float64(s.Width) * sc)), int(math.Round(float64(s.Height) * sc))
}

func (z *ZoomImage) fitZoom() float64 {
	w, h := z.pixels()
	if z.full.X <= 0 || z.full.Y <= 0 || w <= 0 || h <= 0 {
		return 1
	}
	return math.Min(float64(w)/float64(z.full.X), float64(h)/float64(z.full.Y))
}

// offset is the picture point at the top left corner: on each axis the
// picture is centred when it is smaller than the view, and otherwise kept
// covering the view.
func (z *ZoomImage) offset() (x, y float64) {
	w, h := z.pixels()
	f := z.Zoom()
	place := func(off float64, view, pic int) float64 {
		span := float64(view) / f // picture pixels in view
		if float64(pic) <= span || z.fit {
			return (float64(pic) - span) / 2
		}
		return math.Min(math.Max(off, 0), float64(pic)-span)
	}
	return place(z.off[0], w, z.full.X), place(z.off[1], h, z.full.Y)
}

// render draws what is in view. A magnified picture (a screen pixel or
// more per pixel of src) is drawn here by nearest neighbour at the
// screen's pixels, only what is in view; a reduced one is left to the
// GPU's smooth scaling, given only the part of src in view so that it
// spills at most a fraction of a screen pixel past the widget.
func (z *ZoomImage) render() {
	w, h := z.pixels()
	if z.src == nil || w <= 0 || h <= 0 || z.full.X <= 0 || z.full.Y <= 0 {
		z.view.Image, z.drawn = nil, nil
		return
	}
	ox, oy := z.offset()
	z.off = [2]float64{ox, oy}
	f := z.Zoom()
	b := z.src.Bounds()
	// Screen pixels per pixel of src, which may be a reduced copy.
	kx, ky := f*float64(z.full.X)/float64(b.Dx()), f*float64(z.full.Y)/float64(b.Dy())
	// The view's corner in src pixels.
	sx0, sy0 := ox*f/kx, oy*f/ky
	if kx >= 1 && ky >= 1 {
		z.view.ScaleMode = canvas.ImageScalePixels // already the screen's pixels
		dst := nearest(z.src, w, h, sx0, sy0, kx, ky)
		z.view.Move(fyne.NewPos(0, 0))
		z.view.Resize(z.Size())
		z.view.Image, z.drawn = dst, dst
		return
	}
	// The src pixels in view, whole ones, within the picture.
	vis := image.Rect(
		b.Min.X+int(math.Floor(max(0, sx0))), b.Min.Y+int(math.Floor(max(0, sy0))),
		b.Min.X+int(math.Ceil(min(float64(b.Dx()), sx0+float64(w)/kx))), b.Min.Y+int(math.Ceil(min(float64(b.Dy()), sy0+float64(h)/ky))),
	).Intersect(b)
	if vis.Empty() {
		z.view.Image, z.drawn = nil, nil
		return
	}
	sc := z.scale()
	pos := fyne.NewPos(float32((float64(vis.Min.X-b.Min.X)-sx0)*kx/sc), float32((float64(vis.Min.Y-b.Min.Y)-sy0)*ky/sc))
	size := fyne.NewSize(float32(float64(vis.Dx())*kx/sc), float32(float64(vis.Dy())*ky/sc))
	var sub image.Image = z.src
	if vis != b {
		if si, ok := z.src.(interface {
			SubImage(image.Rectangle) image.Image
		}); ok {
			sub = si.SubImage(vis)
		}
	}
	z.view.ScaleMode = canvas.ImageScaleSmooth
	z.view.Move(pos)
	z.view.Resize(size)
	z.view.Image, z.drawn = sub, sub
}

// nearest draws a w×h view of src whose top left corner is at (sx0, sy0)
// in src's pixels (from its Bounds().Min), kx×ky screen pixels to each
// pixel of src, by nearest neighbour; pixels off the picture stay
// transparent. Each src pixel is read once per distinct row: the rows of a
// magnified picture repeat, and are copied.
func nearest(src image.Image, w, h int, sx0, sy0, kx, ky float64) *image.RGBA {
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	b := src.Bounds()
	cols := make([]int, w) // src column of each dst column, -1 off the picture
	for dx := range cols {
		x := int(math.Floor(sx0 + (float64(dx)+0.5)/kx))
		if x < 0 || x >= b.Dx() {
			x = -1
		}
		cols[dx] = x
	}
	prev := -1
	for dy := range h {
		y := int(math.Floor(sy0 + (float64(dy)+0.5)/ky))
		if y < 0 || y >= b.Dy() {
			continue
		}
		row := dst.Pix[dy*dst.Stride : dy*dst.Stride+4*w]
		if y == prev {
			copy(row, dst.Pix[(dy-1)*dst.Stride:(dy-1)*dst.Stride+4*w])
			continue
		}
		prev = y
		switch s := src.(type) {
		case *image.RGBA:
			sr := s.Pix[s.PixOffset(b.Min.X, b.Min.Y+y):]
			for dx, x := range cols {
				if x >= 0 {
					copy(row[4*dx:4*dx+4], sr[4*x:4*x+4])
				}
			}
		case *image.NRGBA:
			sr := s.Pix[s.PixOffset(b.Min.X, b.Min.Y+y):]
			for dx, x := range cols {
				if x >= 0 {
					a := uint32(sr[4*x+3]) // premultiplied, as RGBA holds it
					row[4*dx] = uint8((uint32(sr[4*x])*a + 127) / 255)
					row[4*dx+1] = uint8((uint32(sr[4*x+1])*a + 127) / 255)
					row[4*dx+2] = uint8((uint32(sr[4*x+2])*a + 127) / 255)
					row[4*dx+3] = uint8(a)
				}
			}
		default:
			last, c := -2, color.RGBA{}
			for dx, x := range cols {
				if x < 0 {
					continue
				}
				if x != last {
					last, c = x, color.RGBAModel.Convert(src.At(b.Min.X+x, b.Min.Y+y)).(color.RGBA)
				}
				row[4*dx], row[4*dx+1], row[4*dx+2], row[4*dx+3] = c.R, c.G, c.B, c.A
			}
		}
	}
	return dst
}

// CreateRenderer is part of fyne.Widget.
func (z *ZoomImage) CreateRenderer() fyne.WidgetRenderer { return &zoomRenderer{z: z} }

type zoomRenderer struct{ z *ZoomImage }

func (r *zoomRenderer) Layout(s fyne.Size) {
	r.z.render()
	r.z.view.Refresh()
	if r.z.src != nil && r.z.Zoom() != r.z.told {
		r.z.zoomed()
	}
}

func (r *zoomRenderer) MinSize() fyne.Size           { return fyne.NewSquareSize(32) }
func (r *zoomRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.z.view} }
func (r *zoomRenderer) Destroy()                     {}
func (r *zoomRenderer) Refresh()                     { r.Layout(r.z.Size()) }
