package widgets

import (
	"image"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gen5viewer/gen5view/heatmap"
)

// Histogram plots the distribution of the values shown against the
// standard normal density, with the value axis labelled underneath. The
// plot is drawn by heatmap.HistogramImage at the widget's pixel size.
type Histogram struct {
	widget.BaseWidget

	axisLabels
	raster *canvas.Raster
	lo, hi float64

	values []float32
	ver    int         // bumped when values change
	img    image.Image // the last rendering, for repaints at the same size
	key    [3]int      // width, height and ver of img
}

const histogramHeight = 84

// NewHistogram returns an empty plot.
func NewHistogram() *Histogram {
	h := &Histogram{}
	h.raster = canvas.NewRaster(h.draw)
	h.raster.ScaleMode = canvas.ImageScalePixels
	h.ExtendBaseWidget(h)
	return h
}

// Set plots values (nil clears the plot).
func (h *Histogram) Set(values []float32) {
	h.values = values
	h.ver++
	h.lo, h.hi = heatmap.HistogramRange(values)
	h.setTicks(heatmap.Ticks(heatmap.Range{Min: h.lo, Max: h.hi}, 5))
	h.raster.Refresh()
	h.Refresh()
}

// Plotted reports whether values are plotted.
func (h *Histogram) Plotted() bool { return h.values != nil }

// draw is the raster's generator.
func (h *Histogram) draw(w, ht int) image.Image {
	key := [3]int{w, ht, h.ver}
	if h.img != nil && key == h.key {
		return h.img
	}
	if h.values == nil || w < 2 || ht < 2 {
		return image.NewRGBA(image.Rect(0, 0, 1, 1))
	}
	bg := opaque(theme.Color(theme.ColorNameInputBackground))
	bar := theme.Color(theme.ColorNamePrimary)
	curve := theme.Color(theme.ColorNameForeground)
	h.img, h.key = heatmap.HistogramImage(h.values, w, ht, bg, bar, curve), key
	return h.img
}

// opaque flattens a translucent theme colour onto the theme's background.
func opaque(c color.Color) color.Color {
	r, g, b, a := c.RGBA()
	if a == 0xffff {
		return c
	}
	br, bgr, bb, _ := theme.Color(theme.ColorNameBackground).RGBA()
	mix := func(f, bk uint32) uint8 { return uint8((f + bk*(0xffff-a)/0xffff) >> 8) }
	return color.RGBA{mix(r, br), mix(g, bgr), mix(b, bb), 0xff}
}

// CreateRenderer is part of fyne.Widget.
func (h *Histogram) CreateRenderer() fyne.WidgetRenderer { return &histogramRenderer{h: h} }

type histogramRenderer struct{ h *Histogram }

func (r *histogramRenderer) labelHeight() float32 {
	return fyne.MeasureText("0", theme.CaptionTextSize(), fyne.TextStyle{}).Height
}

func (r *histogramRenderer) MinSize() fyne.Size {
	return fyne.NewSize(160, histogramHeight+r.labelHeight()+2)
}

func (r *histogramRenderer) Layout(s fyne.Size) {
	h := r.h
	lh := r.labelHeight()
	plotH := s.Height - lh - 2
	h.raster.Move(fyne.NewPos(0, 0))
	h.raster.Resize(fyne.NewSize(s.Width, plotH))
	if h.hi <= h.lo {
		return
	}
	for i, l := range h.labels {
		ls := l.MinSize()
		x := float32((h.ticks[i]-h.lo)/(h.hi-h.lo))*s.Width - ls.Width/2
		x = max(0, min(x, s.Width-ls.Width))
		l.Move(fyne.NewPos(x, plotH+2))
		l.Resize(ls)
	}
}

func (r *histogramRenderer) Objects() []fyne.CanvasObject { return r.h.objects(r.h.raster) }

func (r *histogramRenderer) Refresh() {
	r.Layout(r.h.Size())
	canvas.Refresh(r.h)
}

func (r *histogramRenderer) Destroy() {}
