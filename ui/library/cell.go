package library

import (
	"image/color"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// cell is one square of the grid: the file's thumbnail, its name below,
// a warning mark on a file that fails its check, and the selection drawn
// behind. The grid recycles cells as it scrolls: bind points one at
// another file. It is plain canvas objects, so that binding one is cheap.
type cell struct {
	widget.BaseWidget
	grid *grid

	id   int    // index in the grid's result, -1 unbound
	path string // the file shown, for thumbnails arriving later

	bg      *canvas.Rectangle
	img     *canvas.Image
	empty   *canvas.Image // shown while the thumbnail is made, or when it failed
	caption *canvas.Text
	mark    *canvas.Image
}

func newCell(g *grid) *cell {
	c := &cell{grid: g, id: -1}
	c.bg = canvas.NewRectangle(color.Transparent)
	c.bg.CornerRadius = theme.SelectionRadiusSize()
	c.img = canvas.NewImageFromImage(nil)
	c.img.FillMode = canvas.ImageFillContain
	c.img.ScaleMode = canvas.ImageScaleFastest
	c.empty = canvas.NewImageFromResource(theme.NewDisabledResource(theme.FileImageIcon()))
	c.empty.FillMode = canvas.ImageFillContain
	c.caption = canvas.NewText("", theme.Color(theme.ColorNameForeground))
	c.caption.TextSize = theme.CaptionTextSize()
	c.caption.Alignment = fyne.TextAlignCenter
	c.mark = canvas.NewImageFromResource(theme.NewErrorThemedResource(theme.WarningIcon()))
	c.mark.Hide()
	c.ExtendBaseWidget(c)
	return c
}

// captionHeight is the height of a cell's name line.
func captionHeight() float32 {
	return fyne.MeasureText("Mg", theme.CaptionTextSize(), fyne.TextStyle{}).Height
}

func (c *cell) MinSize() fyne.Size {
	s := c.grid.cellSize
	return fyne.NewSize(s, s+captionHeight()+theme.Padding())
}

// bind shows file id of the grid's result in the cell.
func (c *cell) bind(id int) {
	g := c.grid
	e := g.entry(id)
	c.id = id
	old := c.path
	c.path = e.Path
	c.caption.Text = fitText(filepath.Base(e.Path), c.grid.cellSize-2*theme.Padding(), c.caption.TextSize)
	c.caption.Color = theme.Color(theme.ColorNameForeground)
	if e.Error != "" {
		c.caption.Color = theme.Color(theme.ColorNameError)
		c.mark.Show()
	} else {
		c.mark.Hide()
	}
	c.showSelected(g.sel.has(id))
	if old == e.Path && c.img.Image != nil {
		return
	}
	r, ok := g.thumbs.show(e.Path, old)
	if ok {
		c.setThumb(r)
	} else {
		c.setThumb(thumbResult{})
	}
	c.Refresh()
}

// setThumb shows a thumbnail, or the placeholder when it has none.
func (c *cell) setThumb(r thumbResult) {
	c.img.Image = r.img
	if r.img == nil {
		c.img.Hide()
		c.empty.Show()
	} else {
		c.img.Show()
		c.empty.Hide()
	}
	if r.err != nil {
		c.mark.Show()
	}
}

// thumbArrived shows a thumbnail made for path, when the cell still shows
// that file.
func (c *cell) thumbArrived(path string, r thumbResult) {
	if c.path != path {
		return
	}
	c.setThumb(r)
	c.Refresh()
}

func (c *cell) showSelected(on bool) {
	if on {
		c.bg.FillColor = theme.Color(theme.ColorNameSelection)
		c.bg.StrokeColor = theme.Color(theme.ColorNamePrimary)
		c.bg.StrokeWidth = 2
	} else {
		c.bg.FillColor = color.Transparent
		c.bg.StrokeWidth = 0
	}
}

// MouseDown selects: a click, Ctrl+click or Shift+click as in a file
// manager. It acts on the press, not on the tap, which waits for a
// possible double-click.
func (c *cell) MouseDown(ev *desktop.MouseEvent) {
	if c.id < 0 || ev.Button != desktop.MouseButtonPrimary {
		return
	}
	// The keys go to the grid now. The driver leaves the search field
	// focused, as the GridWrap around the cell is focusable.
	if cv := fyne.CurrentApp().Driver().CanvasForObject(c); cv != nil {
		cv.Unfocus()
	}
	toggle := ev.Modifier&(fyne.KeyModifierControl|fyne.KeyModifierSuper) != 0
	extend := ev.Modifier&fyne.KeyModifierShift != 0
	c.grid.click(c.id, toggle, extend)
}

func (c *cell) MouseUp(*desktop.MouseEvent) {}

// Tapped does nothing: MouseDown selected.
func (c *cell) Tapped(*fyne.PointEvent) {}

// DoubleTapped opens the file in a viewer.
func (c *cell) DoubleTapped(*fyne.PointEvent) {
	if c.id >= 0 {
		c.grid.open(c.id)
	}
}

func (c *cell) CreateRenderer() fyne.WidgetRenderer {
	return &cellRenderer{c: c, objects: []fyne.CanvasObject{c.bg, c.empty, c.img, c.caption, c.mark}}
}

type cellRenderer struct {
	c       *cell
	objects []fyne.CanvasObject
}

func (r *cellRenderer) Layout(size fyne.Size) {
	c := r.c
	pad := theme.Padding()
	c.bg.Resize(size)
	c.bg.Move(fyne.NewPos(0, 0))
	side := size.Width - 2*pad
	c.img.Move(fyne.NewPos(pad, pad))
	c.img.Resize(fyne.NewSquareSize(side))
	c.empty.Move(fyne.NewPos(pad+side/4, pad+side/4))
	c.empty.Resize(fyne.NewSquareSize(side / 2))
	ch := captionHeight()
	c.caption.Move(fyne.NewPos(pad, size.Height-ch-pad/2))
	c.caption.Resize(fyne.NewSize(side, ch))
	m := theme.IconInlineSize() * 1.25
	c.mark.Move(fyne.NewPos(size.Width-m-pad, pad))
	c.mark.Resize(fyne.NewSquareSize(m))
}

func (r *cellRenderer) MinSize() fyne.Size           { return r.c.MinSize() }
func (r *cellRenderer) Refresh()                     { r.Layout(r.c.Size()); canvas.Refresh(r.c) }
func (r *cellRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *cellRenderer) Destroy()                     {}

// fitText shortens s with an ellipsis in the middle, where names differ
// least often at their ends (a batch's counter, the extension), until it
// fits width at the given text size.
func fitText(s string, width, size float32) string {
	style := fyne.TextStyle{}
	if fyne.MeasureText(s, size, style).Width <= width {
		return s
	}
	rs := []rune(s)
	lo, hi := 0, len(rs) // the number of runes kept
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if fyne.MeasureText(middle(rs, mid), size, style).Width <= width {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return middle(rs, lo)
}

// middle keeps n runes of rs, the end's half after an ellipsis.
func middle(rs []rune, n int) string {
	tail := n / 2
	return string(rs[:n-tail]) + "…" + string(rs[len(rs)-tail:])
}
