package library

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// Cell sizes the size slider offers, in pixels of the square thumbnail.
const (
	minCellSize     = 96
	maxCellSize     = 256
	defaultCellSize = 160
)

// grid is the thumbnail grid: a widget.GridWrap, which keeps cells only
// for the rows near the viewport and recycles them as it scrolls, over the
// current result, with a selection of its own (GridWrap selects one item
// and redraws every visible cell to do so). The result is a list of paths;
// the rows of the files shown are read as cells show them (rows).
type grid struct {
	paths    []string
	index    map[string]int // path → index in paths
	rows     *rowCache
	sel      *selection
	cellSize float32

	thumbs *thumbLoader
	cells  []*cell // every cell made, bound or pooled

	wrap    *widget.GridWrap
	content *fyne.Container // holds wrap, which a new cell size replaces

	// onSelect is called when the selection changed; onOpen on a
	// double-click or Enter.
	onSelect func()
	onOpen   func(path string)
}

func newGrid(thumbs *thumbLoader, rows *rowCache) *grid {
	g := &grid{sel: newSelection(0), index: map[string]int{}, rows: rows, cellSize: defaultCellSize, thumbs: thumbs}
	g.content = container.NewStack()
	g.rebuild()
	return g
}

// rebuild makes a new GridWrap: its item size is read from a template cell
// when it is created, so a new cell size needs a new one.
func (g *grid) rebuild() {
	for _, c := range g.cells {
		g.thumbs.show("", c.path)
		c.path, c.id = "", -1
	}
	g.cells = nil
	g.wrap = widget.NewGridWrap(
		func() int { return len(g.paths) },
		func() fyne.CanvasObject {
			c := newCell(g)
			g.cells = append(g.cells, c)
			return c
		},
		func(id widget.GridWrapItemID, o fyne.CanvasObject) { o.(*cell).bind(id) },
	)
	g.content.Objects = []fyne.CanvasObject{g.wrap}
	g.content.Refresh()
}

// setCellSize changes the thumbnails' size, keeping the cursor's file in
// view.
func (g *grid) setCellSize(px float32) {
	if px == g.cellSize {
		return
	}
	g.cellSize = px
	g.rebuild()
	if g.sel.cursor >= 0 {
		g.wrap.ScrollTo(g.sel.cursor)
	}
}

// setPaths shows a new result, keeping selected the files still in it.
// The rows read for the last result are dropped: files may have changed
// since.
func (g *grid) setPaths(paths []string) {
	old := g.paths
	index := make(map[string]int, len(paths))
	for i, p := range paths {
		index[p] = i
	}
	g.sel = g.sel.remap(len(paths), func(i int) string { return old[i] }, index)
	g.paths, g.index = paths, index
	g.rows.clear()
	g.wrap.Refresh()
	if g.onSelect != nil {
		g.onSelect()
	}
}

// thumbArrived hands a thumbnail made in the background to the cells
// showing its file. On the UI goroutine.
func (g *grid) thumbArrived(path string, r thumbResult) {
	for _, c := range g.cells {
		c.thumbArrived(path, r)
	}
}

// fileChanged makes the thumbnail of a file that changed anew. The cells
// showing it keep the old one until the new one arrives.
func (g *grid) fileChanged(path string) {
	g.thumbs.forget(path)
	for _, c := range g.cells {
		if c.path == path {
			g.thumbs.show(path, path)
		}
	}
}

// selectOnly selects file i alone, as a click does, and scrolls it into
// view.
func (g *grid) selectOnly(i int) {
	g.sel.click(i, false, false)
	g.wrap.ScrollTo(i)
	g.redrawSelection()
}

// redrawSelection updates the selection drawn by the bound cells, without
// rebinding them.
func (g *grid) redrawSelection() {
	for _, c := range g.cells {
		if c.id >= 0 && c.id < len(g.paths) {
			c.showSelected(g.sel.has(c.id))
			c.bg.Refresh()
		}
	}
	if g.onSelect != nil {
		g.onSelect()
	}
}

func (g *grid) click(id int, toggle, extend bool) {
	g.sel.click(id, toggle, extend)
	g.redrawSelection()
}

func (g *grid) selectAll() {
	g.sel.all()
	g.redrawSelection()
}

// move moves the cursor by delta files, and scrolls it into view.
func (g *grid) move(delta int, extend bool) {
	g.sel.move(delta, extend)
	if g.sel.cursor >= 0 {
		g.wrap.ScrollTo(g.sel.cursor)
	}
	g.redrawSelection()
}

// columns is the number of files per row, which Up and Down move by.
func (g *grid) columns() int { return max(g.wrap.ColumnCount(), 1) }

// entry returns the row of file i of the result, read from the Source
// with its neighbours when not kept. The row may be dropped later: use it
// now.
func (g *grid) entry(i int) *Entry { return g.rows.get(g.paths, i) }

// current returns the cursor's file, nil when there is none.
func (g *grid) current() *Entry {
	if c := g.sel.cursor; c >= 0 && c < len(g.paths) {
		return g.entry(c)
	}
	return nil
}

func (g *grid) open(id int) {
	if id >= 0 && id < len(g.paths) && g.onOpen != nil {
		g.onOpen(g.paths[id])
	}
}

// typedKey handles the grid's keys: arrows, Home, End, Page Up/Down move
// the cursor (with Shift, extending the selection), Enter opens the
// cursor's file. It reports whether the key was one of them.
func (g *grid) typedKey(k fyne.KeyName, shift bool) bool {
	cols := g.columns()
	page := cols * max(int(g.wrap.Size().Height/(g.cellSize+captionHeight())), 1)
	switch k {
	case fyne.KeyLeft:
		g.move(-1, shift)
	case fyne.KeyRight:
		g.move(1, shift)
	case fyne.KeyUp:
		g.move(-cols, shift)
	case fyne.KeyDown:
		g.move(cols, shift)
	case fyne.KeyPageUp:
		g.move(-page, shift)
	case fyne.KeyPageDown:
		g.move(page, shift)
	case fyne.KeyHome:
		g.move(-len(g.paths), shift)
	case fyne.KeyEnd:
		g.move(len(g.paths), shift)
	case fyne.KeyReturn, fyne.KeyEnter:
		g.open(g.sel.cursor)
	default:
		return false
	}
	return true
}
