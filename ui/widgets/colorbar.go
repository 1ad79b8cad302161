package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gen5viewer/gen5view/heatmap"
)

// colorbarRows is the height the colour bar is rendered at; it is
// stretched to the widget, and 256 rows give every table entry its own.
const colorbarRows = 256

// Colorbar is the legend beside the heatmap: a vertical gradient of the
// colormap over the value range, maximum at the top, with tick values
// lined up with the colours they label.
type Colorbar struct {
	widget.BaseWidget

	axisLabels
	bar *canvas.Image
	r   heatmap.Range
}

const (
	colorbarWidth = 14 // the gradient's width
	colorbarGap   = 6  // between gradient and labels
)

// NewColorbar returns an empty legend.
func NewColorbar() *Colorbar {
	c := &Colorbar{bar: canvas.NewImageFromImage(nil)}
	c.bar.FillMode = canvas.ImageFillStretch
	c.bar.ScaleMode = canvas.ImageScaleSmooth
	c.ExtendBaseWidget(c)
	return c
}

// Set shows the legend for m over r; a zero range hides it.
func (c *Colorbar) Set(m heatmap.Colormap, r heatmap.Range) {
	c.r = r
	if r == (heatmap.Range{}) {
		c.bar.Image = nil
		c.setTicks(nil)
	} else {
		c.bar.Image = heatmap.Colorbar(m, r, 1, colorbarRows)
		c.setTicks(heatmap.Ticks(r, 6))
	}
	c.bar.Refresh()
	c.Refresh()
}

// Drawn reports whether a legend is shown.
func (c *Colorbar) Drawn() bool { return c.bar.Image != nil && len(c.labels) > 0 }

// CreateRenderer is part of fyne.Widget.
func (c *Colorbar) CreateRenderer() fyne.WidgetRenderer { return &colorbarRenderer{c: c} }

type colorbarRenderer struct{ c *Colorbar }

func (r *colorbarRenderer) labelWidth() float32 {
	w := float32(0)
	for _, l := range r.c.labels {
		w = max(w, l.MinSize().Width)
	}
	return w
}

func (r *colorbarRenderer) MinSize() fyne.Size {
	return fyne.NewSize(colorbarWidth+colorbarGap+max(r.labelWidth(), 28), 80)
}

func (r *colorbarRenderer) Layout(s fyne.Size) {
	c := r.c
	// Leave half a label above and below, so the end labels fit.
	half := theme.CaptionTextSize() * 0.75
	barH := s.Height - 2*half
	c.bar.Move(fyne.NewPos(0, half))
	c.bar.Resize(fyne.NewSize(colorbarWidth, barH))
	for i, l := range c.labels {
		y := heatmap.ColorbarY(c.r, c.ticks[i], colorbarRows) / (colorbarRows - 1)
		ls := l.MinSize()
		l.Move(fyne.NewPos(colorbarWidth+colorbarGap, half+float32(y)*barH-ls.Height/2))
		l.Resize(ls)
	}
}

func (r *colorbarRenderer) Objects() []fyne.CanvasObject { return r.c.objects(r.c.bar) }

func (r *colorbarRenderer) Refresh() {
	r.Layout(r.c.Size())
	canvas.Refresh(r.c)
}

func (r *colorbarRenderer) Destroy() {}
