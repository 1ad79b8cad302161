package heatmap

import (
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"math"
)

// backgroundColor fills the gaps between tiles and the margins around them:
// a dark neutral grey that belongs to no colormap, so a gap is never read
// as a row of low values.
var backgroundColor = color.RGBA{R: 32, G: 32, B: 32, A: 255}

// BackgroundColor returns the colour of the gaps and margins in the images
// Grid and ChannelView return, so the panel around them can match it.
func BackgroundColor() color.RGBA { return backgroundColor }

// Tile is the place of one channel in a rendered image.
type Tile struct {
	// Channel is the tensor channel the tile shows.
	Channel int
	// Rect is the tile's pixels in image coordinates.
	Rect image.Rectangle
}

// GridLayout describes where the cells of a Grid or ChannelView image are,
// so the panel can turn a pointer position back into tensor coordinates.
// Every tile has the same size and shows H×W cells scaled by nearest
// neighbour; pixels outside all tiles are background.
type GridLayout struct {
	// Size is the size of the rendered image.
	Size image.Point
	// Cols and Rows give the arrangement of the tiles, filled row by row.
	Cols, Rows int
	// H and W are the number of cell rows and columns in each tile.
	H, W int
	// Tiles holds one entry per rendered channel, in channel order.
	Tiles []Tile
}

// CellAt returns the channel, row and column of the cell drawn at pixel p,
// for the hover read-out. ok is false when p is on a gap, a margin, or
// outside the image. It inverts exactly the mapping the renderer used, so
// the reported cell is always the one whose colour is under the pointer.
func (l GridLayout) CellAt(p image.Point) (c, y, x int, ok bool) {
	for _, t := range l.Tiles {
		if !p.In(t.Rect) {
			continue
		}
		y = source(p.Y-t.Rect.Min.Y, t.Rect.Dy(), l.H)
		x = source(p.X-t.Rect.Min.X, t.Rect.Dx(), l.W)
		return t.Channel, y, x, true
	}
	return 0, 0, 0, false
}

// CellRect returns the pixels that show cell (y, x) of channel c, for
// outlining the hovered cell. It is empty when the channel is not in the
// layout, the cell is out of range, or the tile is smaller than the tensor
// and nearest-neighbour sampling skipped that cell.
func (l GridLayout) CellRect(c, y, x int) image.Rectangle {
	if uint(y) >= uint(l.H) || uint(x) >= uint(l.W) {
		return image.Rectangle{}
	}
	for _, t := range l.Tiles {
		if t.Channel != c {
			continue
		}
		y0, y1 := first(y, t.Rect.Dy(), l.H), first(y+1, t.Rect.Dy(), l.H)
		x0, x1 := first(x, t.Rect.Dx(), l.W), first(x+1, t.Rect.Dx(), l.W)
		r := image.Rect(x0, y0, x1, y1).Add(t.Rect.Min)
		if r.Empty() {
			return image.Rectangle{}
		}
		return r
	}
	return image.Rectangle{}
}

// source maps destination pixel d of an n-pixel span to one of s cells by
// sampling at the pixel centre: floor((2d+1)·s / 2n). This is the formula
// golang.org/x/image/draw.NearestNeighbor uses, so the output is identical
// to scaling the one-pixel-per-cell image with it; the tests check that.
// For an integral factor k it reduces to d/k, a plain block copy.
func source(d, n, s int) int {
	return (2*d + 1) * s / (2 * n)
}

// first returns the first destination pixel that source maps to cell i or
// later, the inverse of source: ceil((2i·n - s) / 2s), at least 0.
func first(i, n, s int) int {
	a := 2*i*n - s
	if a <= 0 {
		return 0
	}
	return min(n, (a+2*s-1)/(2*s))
}

// runs returns, for each of s cells, how many of n destination pixels show
// it (zero for cells skipped when shrinking). Rendering walks cells rather
// than pixels, so each value is quantised once however large it is drawn.
func runs(n, s int) []int {
	r := make([]int, s)
	for d := range n {
		r[source(d, n, s)]++
	}
	return r
}

// Channel renders channel c of batch b at one pixel per cell: pixel (x, y)
// shows cell (y, x). Values are placed in r and coloured with m; NaN cells
// get NaNColor. It panics when b or c is out of range.
func Channel(t Tensor, b, c int, m Colormap, r Range) *image.RGBA {
	h, w := t.Shape[2], t.Shape[3]
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	one := make([]int, max(h, w))
	for i := range one {
		one[i] = 1
	}
	drawTile(img, img.Rect, t.Channel(b, c), h, w, one[:h], one[:w], m.table(), newNormalizer(r))
	return img
}

// ChannelView renders channel c of batch b scaled to fit a size×size image,
// keeping the cells square and centring the result on the background. The
// layout maps pixels back to cells. It panics when b or c is out of range.
func ChannelView(t Tensor, b, c int, m Colormap, r Range, size int) (*image.RGBA, GridLayout) {
	cells := t.Channel(b, c)
	l := layout(1, c, t.Shape[2], t.Shape[3], size)
	return render(l, m, func(int) Range { return r }, func(int) []float32 { return cells }), l
}

// Grid renders every channel of batch b as tiles of a near-square grid in a
// size×size image: 4 channels as 2×2, 16 as 4×4, n in general as
// ceil(sqrt(n)) columns. Tiles are scaled by nearest neighbour to fill
// their slot, so cells stay crisp squares, and are separated by a 1 or 2
// pixel gap of BackgroundColor (1 when tiles would otherwise be under 16
// pixels). All tiles share one range r so their colours compare; pass
// AutoRange of t.Batch(b) for that. If size is too small to give each tile a
// pixel, the image grows to the smallest size that does. It panics when b is
// out of range.
func Grid(t Tensor, b int, m Colormap, r Range, size int) (*image.RGBA, GridLayout) {
	if uint(b) >= uint(t.Shape[0]) {
		panic(fmt.Sprintf("heatmap: batch %d outside [0, %d)", b, t.Shape[0]))
	}
	l := layout(t.Shape[1], 0, t.Shape[2], t.Shape[3], size)
	return render(l, m, func(int) Range { return r }, func(c int) []float32 { return t.Channel(b, c) }), l
}

// GridEach is Grid with each channel c placed in its own range rs[c], so
// that every tile shows its own structure at full contrast; the colours of
// two tiles then do not compare. It panics when b is out of range or rs
// does not hold one range per channel.
func GridEach(t Tensor, b int, m Colormap, rs []Range, size int) (*image.RGBA, GridLayout) {
	if uint(b) >= uint(t.Shape[0]) {
		panic(fmt.Sprintf("heatmap: batch %d outside [0, %d)", b, t.Shape[0]))
	}
	if len(rs) != t.Shape[1] {
		panic(fmt.Sprintf("heatmap: %d ranges for %d channels", len(rs), t.Shape[1]))
	}
	l := layout(t.Shape[1], 0, t.Shape[2], t.Shape[3], size)
	return render(l, m, func(c int) Range { return rs[c] }, func(c int) []float32 { return t.Channel(b, c) }), l
}

// layout places n tiles of h×w cells, for channels c0, c0+1, …, in a
// size×size image.
func layout(n, c0, h, w, size int) GridLayout {
	size = max(size, 1)
	l := GridLayout{Size: image.Pt(size, size), H: h, W: w}
	if n <= 0 || h <= 0 || w <= 0 {
		return l
	}
	cols := int(math.Ceil(math.Sqrt(float64(n))))
	for cols*cols < n { // guard against the float square root rounding down
		cols++
	}
	rows := (n + cols - 1) / cols
	gap := 0
	if cols > 1 {
		gap = 2
		if (size-(cols-1)*gap)/cols < 16 {
			gap = 1
		}
	}
	slot := (size - (cols-1)*gap) / cols
	if slot < 1 {
		slot = 1
		size = cols + (cols-1)*gap
		l.Size = image.Pt(size, size)
	}
	// Keep cells square: the longer side of the channel fills the slot.
	tw, th := slot, slot
	if w > h {
		th = max(1, int(math.Round(float64(slot)*float64(h)/float64(w))))
	} else if h > w {
		tw = max(1, int(math.Round(float64(slot)*float64(w)/float64(h))))
	}
	x0 := (size - (cols*slot + (cols-1)*gap)) / 2
	y0 := (size - (rows*slot + (rows-1)*gap)) / 2
	l.Cols, l.Rows = cols, rows
	l.Tiles = make([]Tile, n)
	for i := range l.Tiles {
		x := x0 + (i%cols)*(slot+gap) + (slot-tw)/2
		y := y0 + (i/cols)*(slot+gap) + (slot-th)/2
		l.Tiles[i] = Tile{Channel: c0 + i, Rect: image.Rect(x, y, x+tw, y+th)}
	}
	return l
}

// render paints the background and then every tile of l; cells returns the
// values of tile i and r the range they are placed in.
func render(l GridLayout, m Colormap, r func(i int) Range, cells func(i int) []float32) *image.RGBA {
	img := image.NewRGBA(image.Rectangle{Max: l.Size})
	fill(img.Pix, backgroundColor)
	if len(l.Tiles) == 0 {
		return img
	}
	// All tiles have the same size, so the run lengths are shared.
	tr := l.Tiles[0].Rect
	rowRuns, colRuns := runs(tr.Dy(), l.H), runs(tr.Dx(), l.W)
	lut := m.table()
	for i, t := range l.Tiles {
		drawTile(img, t.Rect, cells(i), l.H, l.W, rowRuns, colRuns, lut, newNormalizer(r(i)))
	}
	return img
}

// drawTile paints the h×w cells into rect of img, cell row sy covering
// rowRuns[sy] pixel rows and cell column sx covering colRuns[sx] pixels.
// This is the hot loop: each cell is quantised to a table index once, its
// colour stored as a single 32-bit write per pixel of the first pixel row,
// and the remaining rows of the block are copies of that row.
func drawTile(img *image.RGBA, rect image.Rectangle, cells []float32, h, w int, rowRuns, colRuns []int, lut *table, n normalizer) {
	rowBytes := rect.Dx() * 4
	o := img.PixOffset(rect.Min.X, rect.Min.Y)
	for sy := range h {
		k := rowRuns[sy]
		if k == 0 {
			continue
		}
		row := img.Pix[o : o+rowBytes]
		src := cells[sy*w : sy*w+w]
		p := 0
		for sx, run := range colRuns {
			if run == 0 {
				continue
			}
			c := lut[n.index(src[sx])]
			for range run {
				binary.LittleEndian.PutUint32(row[p:], c)
				p += 4
			}
		}
		o += img.Stride
		for range k - 1 {
			copy(img.Pix[o:o+rowBytes], row)
			o += img.Stride
		}
	}
}

// fill sets every pixel of pix to c, doubling the filled prefix with copy so
// a megapixel image costs a handful of memmoves rather than a million
// four-byte stores.
func fill(pix []byte, c color.RGBA) {
	if len(pix) < 4 {
		return
	}
	pix[0], pix[1], pix[2], pix[3] = c.R, c.G, c.B, c.A
	for n := 4; n < len(pix); n *= 2 {
		copy(pix[n:], pix[:n])
	}
}
