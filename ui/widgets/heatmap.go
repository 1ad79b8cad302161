package widgets

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"strconv"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gen5viewer/gen5view/heatmap"
)

// resizeDebounce is how long a heatmap waits after the last resize before
// drawing itself again at the new size; dragging a split would otherwise
// render at every step.
const resizeDebounce = 120 * time.Millisecond

// RenderFunc draws a heatmap in a px×px image and says where its cells are.
// It runs off the UI goroutine.
type RenderFunc func(px int) (*image.RGBA, heatmap.GridLayout)

// HeatmapView shows a heatmap crisply: the image is rendered (off the UI
// goroutine) at the widget's size in device pixels with the heatmap
// package's nearest-neighbour renderers and displayed with pixel scaling,
// so no cell is blurred. On resize it is drawn again, debounced. It reports
// the cell under the pointer and outlines it.
type HeatmapView struct {
	widget.BaseWidget

	img     *canvas.Image
	outline *canvas.Rectangle
	bg      *canvas.Rectangle
	// labels name the channel of each tile of a grid, on a dark patch
	// so they read on any colour; none for a single channel.
	labels       []*fyne.Container
	labelsHidden bool // while the pointer is over the view

	// OnHover is told the cell under the pointer (ok false: none).
	OnHover func(c, y, x int, ok bool)
	// OnTap is told the channel of the tile tapped.
	OnTap func(c int)
	// RunOnUI hands a finished render to the UI goroutine; nil means
	// fyne.Do.
	RunOnUI func(func())
	// OnDrawn, when set, is told on the UI goroutine each time a render
	// is put in the view.
	OnDrawn func()
	// LabelTiles puts each tile's channel number in its corner when the
	// image is a grid. The labels hide while the pointer is over the view,
	// so that no cell stays covered while values are read.
	LabelTiles bool

	lay    heatmap.GridLayout // where the cells of img.Image are
	render RenderFunc         // nil when there is nothing to draw

	wg    *sync.WaitGroup // counts renders under way, for tests
	seq   int             // numbers render requests; only the newest is shown
	timer *time.Timer     // pending debounced render
	want  int             // pixel size last asked for
}

var (
	_ desktop.Hoverable = (*HeatmapView)(nil)
	_ fyne.Tappable     = (*HeatmapView)(nil)
)

// NewHeatmapView returns an empty heatmap view; wg counts the renders
// under way, so that a caller can wait for them.
func NewHeatmapView(wg *sync.WaitGroup) *HeatmapView {
	h := &HeatmapView{
		img:     canvas.NewImageFromImage(nil),
		outline: canvas.NewRectangle(color.Transparent),
		bg:      canvas.NewRectangle(heatmap.BackgroundColor()),
		wg:      wg,
	}
	h.img.ScaleMode = canvas.ImageScalePixels
	h.img.FillMode = canvas.ImageFillStretch
	h.outline.StrokeColor = color.White
	h.outline.StrokeWidth = 1.5
	h.outline.Hide()
	h.ExtendBaseWidget(h)
	return h
}

// SetRender replaces what the view draws and draws it at once (in the
// background). nil clears the view.
func (h *HeatmapView) SetRender(f RenderFunc) {
	h.render = f
	h.outline.Hide()
	if f == nil {
		h.seq++
		h.img.Image = nil
		h.lay = heatmap.GridLayout{}
		h.setLabels()
		h.img.Refresh()
		return
	}
	h.request(h.pixelSize(), 0)
}

// MinSize keeps the heatmap large enough to read.
func (h *HeatmapView) MinSize() fyne.Size { return fyne.NewSquareSize(160) }

// Resize draws the heatmap again at the new size once resizing pauses.
func (h *HeatmapView) Resize(s fyne.Size) {
	h.BaseWidget.Resize(s)
	if px := h.pixelSize(); px != h.want && h.render != nil {
		h.request(px, resizeDebounce)
	}
}

// pixelSize is the side of the square the image fills, in device pixels.
func (h *HeatmapView) pixelSize() int {
	s := h.Size()
	side := min(s.Width, s.Height)
	c := fyne.CurrentApp().Driver().CanvasForObject(h)
	if c == nil {
		return int(math.Round(float64(side)))
	}
	// The canvas knows the true pixel density, including a Retina
	// display's texture scale, which Scale alone leaves out.
	x0, _ := c.PixelCoordinateForPosition(fyne.NewPos(0, 0))
	x1, _ := c.PixelCoordinateForPosition(fyne.NewPos(side, 0))
	return x1 - x0
}

// request renders at px pixels after delay, in the background, and shows
// the result unless a newer request came in meanwhile.
func (h *HeatmapView) request(px int, delay time.Duration) {
	if px <= 0 || h.render == nil {
		return
	}
	h.want = px
	h.seq++
	seq, render := h.seq, h.render
	run := func() {
		img, lay := render(px)
		runOnUI(h.RunOnUI, func() {
			defer h.wg.Done()
			if seq != h.seq {
				return
			}
			h.img.Image, h.lay = img, lay
			h.setLabels()
			h.outline.Hide()
			h.img.Refresh()
			h.Refresh()
			if h.OnDrawn != nil {
				h.OnDrawn()
			}
		})
	}
	if h.timer != nil && h.timer.Stop() {
		h.wg.Done() // the pending render will never run
	}
	h.timer = nil
	h.wg.Add(1)
	if delay == 0 {
		go run()
		return
	}
	h.timer = time.AfterFunc(delay, run)
}

// setLabels makes one channel label per tile when the image is a grid.
func (h *HeatmapView) setLabels() {
	h.labels = h.labels[:0]
	if !h.LabelTiles || len(h.lay.Tiles) < 2 {
		return
	}
	for _, t := range h.lay.Tiles {
		txt := canvas.NewText(strconv.Itoa(t.Channel), color.White)
		txt.TextSize = theme.CaptionTextSize()
		txt.TextStyle.Bold = true
		patch := canvas.NewRectangle(color.NRGBA{A: 0xb0})
		patch.CornerRadius = 2
		h.labels = append(h.labels, container.NewStack(patch, container.New(layout.NewCustomPaddedLayout(0, 0, 3, 3), txt)))
	}
}

// setLabelsShown shows or hides the tile labels that fit their tiles.
func (h *HeatmapView) setLabelsShown(on bool) {
	if h.labelsHidden == !on {
		return
	}
	h.labelsHidden = !on
	h.Refresh()
}

// TileLabels returns the channel labels shown on the tiles, in tile order;
// none when a single channel is shown.
func (h *HeatmapView) TileLabels() []string {
	var s []string
	for _, l := range h.labels {
		if l.Visible() {
			s = append(s, l.Objects[1].(*fyne.Container).Objects[0].(*canvas.Text).Text)
		}
	}
	return s
}

// Image returns the heatmap as last rendered, or nil.
func (h *HeatmapView) Image() image.Image { return h.img.Image }

// Grid returns where the cells of Image are.
func (h *HeatmapView) Grid() heatmap.GridLayout { return h.lay }

// Outlined reports whether a cell is outlined under the pointer.
func (h *HeatmapView) Outlined() bool { return h.outline.Visible() }

// imageRect returns where the image is drawn: centred, as large as fits,
// keeping its aspect (square for every heatmap renderer).
func (h *HeatmapView) imageRect() (pos fyne.Position, size fyne.Size) {
	s := h.Size()
	aspect := float32(1)
	if h.lay.Size.X > 0 && h.lay.Size.Y > 0 {
		aspect = float32(h.lay.Size.X) / float32(h.lay.Size.Y)
	}
	w, ht := s.Width, s.Width/aspect
	if ht > s.Height {
		w, ht = s.Height*aspect, s.Height
	}
	return fyne.NewPos((s.Width-w)/2, (s.Height-ht)/2), fyne.NewSize(w, ht)
}

// cellAt returns the tensor cell under pos (in widget coordinates), mapping
// the position from the widget's size to the rendered image's pixels.
func (h *HeatmapView) cellAt(pos fyne.Position) (c, y, x int, ok bool) {
	if h.img.Image == nil || h.lay.Size.X == 0 || h.lay.Size.Y == 0 {
		return 0, 0, 0, false
	}
	o, s := h.imageRect()
	if s.Width <= 0 || s.Height <= 0 {
		return 0, 0, 0, false
	}
	fx := float64((pos.X - o.X) / s.Width * float32(h.lay.Size.X))
	fy := float64((pos.Y - o.Y) / s.Height * float32(h.lay.Size.Y))
	if fx < 0 || fy < 0 {
		return 0, 0, 0, false
	}
	return h.lay.CellAt(image.Pt(int(math.Floor(fx)), int(math.Floor(fy))))
}

// CellRect returns where cell (c, y, x) is drawn, in widget coordinates.
func (h *HeatmapView) CellRect(c, y, x int) (fyne.Position, fyne.Size, bool) {
	r := h.lay.CellRect(c, y, x)
	if r.Empty() {
		return fyne.Position{}, fyne.Size{}, false
	}
	o, s := h.imageRect()
	sx, sy := s.Width/float32(h.lay.Size.X), s.Height/float32(h.lay.Size.Y)
	return fyne.NewPos(o.X+float32(r.Min.X)*sx, o.Y+float32(r.Min.Y)*sy),
		fyne.NewSize(float32(r.Dx())*sx, float32(r.Dy())*sy), true
}

func (h *HeatmapView) hover(pos fyne.Position) {
	h.setLabelsShown(false)
	c, y, x, ok := h.cellAt(pos)
	if ok {
		p, s, vis := h.CellRect(c, y, x)
		if vis {
			h.outline.Move(p)
			h.outline.Resize(s)
			h.outline.Show()
		}
	} else {
		h.outline.Hide()
	}
	h.outline.Refresh()
	if h.OnHover != nil {
		h.OnHover(c, y, x, ok)
	}
}

// MouseIn is part of desktop.Hoverable.
func (h *HeatmapView) MouseIn(e *desktop.MouseEvent) { h.hover(e.Position) }

// MouseMoved is part of desktop.Hoverable.
func (h *HeatmapView) MouseMoved(e *desktop.MouseEvent) { h.hover(e.Position) }

// MouseOut is part of desktop.Hoverable.
func (h *HeatmapView) MouseOut() {
	h.setLabelsShown(true)
	h.outline.Hide()
	h.outline.Refresh()
	if h.OnHover != nil {
		h.OnHover(0, 0, 0, false)
	}
}

// Tapped reports the channel of the tile tapped.
func (h *HeatmapView) Tapped(e *fyne.PointEvent) {
	if c, _, _, ok := h.cellAt(e.Position); ok && h.OnTap != nil {
		h.OnTap(c)
	}
}

// CreateRenderer is part of fyne.Widget.
func (h *HeatmapView) CreateRenderer() fyne.WidgetRenderer {
	return &heatmapRenderer{h: h}
}

type heatmapRenderer struct {
	h *HeatmapView
}

func (r *heatmapRenderer) Layout(s fyne.Size) {
	h := r.h
	p, is := h.imageRect()
	h.bg.Move(p)
	h.bg.Resize(is)
	h.img.Move(p)
	h.img.Resize(is)
	if len(h.labels) != len(h.lay.Tiles) || h.lay.Size.X == 0 {
		return
	}
	// A label sits in its tile's top left corner, and only where the tile
	// is large enough to keep most of its cells visible around it.
	sx, sy := is.Width/float32(h.lay.Size.X), is.Height/float32(h.lay.Size.Y)
	for i, t := range h.lay.Tiles {
		l := h.labels[i]
		ls := l.MinSize()
		tw, th := float32(t.Rect.Dx())*sx, float32(t.Rect.Dy())*sy
		if h.labelsHidden || tw < 3*ls.Width || th < 3*ls.Height {
			l.Hide()
			continue
		}
		l.Show()
		l.Move(fyne.NewPos(p.X+float32(t.Rect.Min.X)*sx+2, p.Y+float32(t.Rect.Min.Y)*sy+2))
		l.Resize(ls)
	}
}

func (r *heatmapRenderer) MinSize() fyne.Size { return r.h.MinSize() }
func (r *heatmapRenderer) Objects() []fyne.CanvasObject {
	h := r.h
	objs := []fyne.CanvasObject{h.bg, h.img}
	for _, l := range h.labels {
		objs = append(objs, l)
	}
	return append(objs, h.outline)
}
func (r *heatmapRenderer) Destroy() {}
func (r *heatmapRenderer) Refresh() {
	r.Layout(r.h.Size())
	canvas.Refresh(r.h)
}

// HoverText reads "b0 c3 y33 x26 = value": the element of t under the
// pointer, each index named by its axis.
func HoverText(t heatmap.Tensor, b, c, y, x int) string {
	return fmt.Sprintf("b%d c%d y%d x%d = %s", b, c, y, x, strconv.FormatFloat(float64(t.At(b, c, y, x)), 'g', 6, 32))
}

// SetHover puts in l what the pointer reads over a heatmap: a value
// (HoverText) in monospace, so that the digits stay put as the pointer
// moves, or, when value is false, a hint in the quiet colour.
func SetHover(l *widget.Label, s string, value bool) {
	l.TextStyle.Monospace = value
	l.Importance = widget.LowImportance
	if value {
		l.Importance = widget.MediumImportance
	}
	l.SetText(s)
}

// HeatmapWithColorbar puts view in the largest square that fits at the
// middle and bar right beside it, as tall as it.
func HeatmapWithColorbar(view *HeatmapView, bar *Colorbar) *fyne.Container {
	return container.New(heatLayout{}, view, bar)
}

// heatLayout lays out HeatmapWithColorbar: the heatmap is objs[0], the
// colour bar objs[1].
type heatLayout struct{}

func (heatLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	v, cb := objs[0].MinSize(), objs[1].MinSize()
	return fyne.NewSize(v.Width+theme.Padding()+cb.Width, max(v.Height, cb.Height))
}

func (heatLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	cbW := objs[1].MinSize().Width
	side := max(0, min(size.Width-cbW-theme.Padding(), size.Height))
	x := (size.Width - side - theme.Padding() - cbW) / 2
	objs[0].Move(fyne.NewPos(x, 0))
	objs[0].Resize(fyne.NewSquareSize(side))
	objs[1].Move(fyne.NewPos(x+side+theme.Padding(), 0))
	objs[1].Resize(fyne.NewSize(cbW, side))
}
