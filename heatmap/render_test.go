package heatmap

import (
	"fmt"
	"image"
	"image/color"
	"math/rand/v2"
	"testing"

	"golang.org/x/image/draw"
)

// pseudoNormal returns a tensor of the given shape filled with N(0,1)
// samples from a fixed seed, so tests and benchmarks see the same data on
// every run.
func pseudoNormal(tb testing.TB, seed uint64, shape ...int) Tensor {
	tb.Helper()
	n := 1
	for _, d := range shape {
		n *= d
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	data := make([]float32, n)
	for i := range data {
		data[i] = float32(rng.NormFloat64())
	}
	t, err := FromShape(shape, data)
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

func pixel(img *image.RGBA, x, y int) color.RGBA { return img.RGBAAt(x, y) }

// TestChannelKnownPixels renders a 2×3 channel holding the minimum, the
// maximum, the midpoint, NaN and both infinities, and checks every pixel
// against colours written out by hand.
func TestChannelKnownPixels(t *testing.T) {
	magenta := rgb(255, 0, 255)
	tests := []struct {
		m            Colormap
		lo, mid, hi  float32
		cLo, cMid, c color.RGBA
	}{
		{Viridis, -1, 1, 3, rgb(68, 1, 84), rgb(33, 144, 140), rgb(253, 231, 37)},
		{Magma, 10, 15, 20, rgb(0, 0, 4), rgb(183, 55, 121), rgb(252, 253, 191)},
		{Coolwarm, -2, 0, 2, rgb(59, 76, 192), rgb(221, 221, 221), rgb(180, 4, 38)},
		{Gray, 0, 0.5, 1, rgb(0, 0, 0), rgb(128, 128, 128), rgb(255, 255, 255)},
	}
	for _, tc := range tests {
		t.Run(tc.m.String(), func(t *testing.T) {
			data := []float32{
				tc.lo, tc.hi, tc.mid,
				nan, pinf, ninf,
			}
			tn, err := FromShape([]int{2, 3}, data)
			if err != nil {
				t.Fatal(err)
			}
			r := AutoRange(data, tc.m)
			img := Channel(tn, 0, 0, tc.m, r)
			if img.Bounds() != image.Rect(0, 0, 3, 2) {
				t.Fatalf("bounds = %v, want 3×2", img.Bounds())
			}
			want := [2][3]color.RGBA{
				{tc.cLo, tc.c, tc.cMid},
				{magenta, tc.c, tc.cLo},
			}
			for y := range 2 {
				for x := range 3 {
					if got := pixel(img, x, y); got != want[y][x] {
						t.Errorf("pixel (%d,%d) = %v, want %v", x, y, got, want[y][x])
					}
				}
			}
		})
	}
}

// TestChannelGeometry uses gray over [0, 255], where a pixel's grey level
// equals its cell value, to check that row y of the image is row y of the
// tensor and that the right batch and channel are picked.
func TestChannelGeometry(t *testing.T) {
	data := make([]float32, 2*3*2*4)
	for i := range data {
		data[i] = float32(i * 5)
	}
	tn, _ := FromShape([]int{2, 3, 2, 4}, data)
	img := Channel(tn, 1, 2, Gray, Range{0, 255})
	for y := range 2 {
		for x := range 4 {
			v := uint8(tn.At(1, 2, y, x))
			if got := pixel(img, x, y); got != rgb(v, v, v) {
				t.Errorf("pixel (%d,%d) = %v, want grey %d", x, y, got, v)
			}
		}
	}
}

func TestChannelDegenerateRange(t *testing.T) {
	tn, _ := FromShape([]int{1, 4}, []float32{7, 7, pinf, nan})
	img := Channel(tn, 0, 0, Viridis, Range{7, 7})
	want := []color.RGBA{Viridis.Color(0.5), Viridis.Color(0.5), Viridis.Color(1), NaNColor()}
	for x, w := range want {
		if got := pixel(img, x, 0); got != w {
			t.Errorf("pixel %d = %v, want %v", x, got, w)
		}
	}
}

func TestGridLayout(t *testing.T) {
	tests := []struct {
		name             string
		shape            []int
		size             int
		cols, rows, tile int // tile is the tile's width
	}{
		{"sd15 4 channels", []int{1, 4, 64, 64}, 512, 2, 2, 255},
		{"flux 16 channels", []int{1, 16, 128, 128}, 1024, 4, 4, 254},
		{"one channel", []int{1, 1, 8, 8}, 100, 1, 1, 100},
		{"three channels", []int{1, 3, 8, 8}, 100, 2, 2, 49},
		{"eight channels", []int{1, 8, 8, 8}, 300, 3, 3, 98},
		{"wide channels", []int{1, 4, 2, 8}, 66, 2, 2, 32},
		{"tiny image gets 1 px gaps", []int{1, 16, 4, 4}, 40, 4, 4, 9},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tn := pseudoNormal(t, 1, tc.shape...)
			img, l := Grid(tn, 0, Viridis, AutoRange(tn.Data, Viridis), tc.size)
			if img.Bounds() != image.Rect(0, 0, tc.size, tc.size) || l.Size != img.Bounds().Size() {
				t.Fatalf("image %v, layout size %v; want %d×%d", img.Bounds(), l.Size, tc.size, tc.size)
			}
			if l.Cols != tc.cols || l.Rows != tc.rows || len(l.Tiles) != tn.Channels() {
				t.Fatalf("layout %d×%d with %d tiles, want %d×%d with %d", l.Cols, l.Rows, len(l.Tiles), tc.cols, tc.rows, tn.Channels())
			}
			h, w := tn.Height(), tn.Width()
			for i, tile := range l.Tiles {
				r := tile.Rect
				if tile.Channel != i || r.Dx() != tc.tile || !r.In(img.Bounds()) {
					t.Fatalf("tile %d = %+v, want channel %d, width %d, inside the image", i, tile, i, tc.tile)
				}
				corners := []struct {
					p    image.Point
					y, x int
				}{
					{r.Min, 0, 0},
					{r.Max.Sub(image.Pt(1, 1)), h - 1, w - 1},
					{image.Pt(r.Max.X-1, r.Min.Y), 0, w - 1},
				}
				for _, k := range corners {
					c, y, x, ok := l.CellAt(k.p)
					if !ok || c != i || y != k.y || x != k.x {
						t.Errorf("CellAt(%v) = %d,%d,%d,%v; want %d,%d,%d,true", k.p, c, y, x, ok, i, k.y, k.x)
					}
				}
				// The pixel right of a tile is a gap, or the margin.
				right := image.Pt(r.Max.X, r.Min.Y)
				if _, _, _, ok := l.CellAt(right); ok {
					t.Errorf("CellAt(%v), just right of tile %d, reported a cell", right, i)
				}
				// Tiles next to each other are 1 or 2 pixels apart.
				if i%l.Cols != l.Cols-1 && i+1 < len(l.Tiles) {
					gap := l.Tiles[i+1].Rect.Min.X - r.Max.X
					if gap < 1 || gap > 2 {
						t.Errorf("gap after tile %d is %d px, want 1 or 2", i, gap)
					}
					if got := pixel(img, r.Max.X, r.Min.Y); got != BackgroundColor() {
						t.Errorf("gap pixel after tile %d = %v, want background", i, got)
					}
				}
			}
			for _, p := range []image.Point{{-1, 0}, {0, tc.size}, {tc.size, 0}} {
				if _, _, _, ok := l.CellAt(p); ok {
					t.Errorf("CellAt(%v) outside the image reported a cell", p)
				}
			}
		})
	}
}

// TestGridPixelsMatchCells is the full check of rendering and hover
// together: every pixel is either background or exactly the colour of the
// cell CellAt names. It also proves crispness: no pixel has a colour that
// is not some cell's colour.
func TestGridPixelsMatchCells(t *testing.T) {
	tests := []struct {
		shape []int
		b     int
		size  int
		m     Colormap
	}{
		{[]int{1, 4, 8, 8}, 0, 2*8*5 + 2, Viridis}, // integral factor 5
		{[]int{2, 16, 8, 8}, 1, 203, Magma},        // non-integral
		{[]int{1, 4, 16, 16}, 0, 27, Coolwarm},     // tiles smaller than the tensor
		{[]int{1, 3, 5, 9}, 0, 64, Gray},           // non-square, odd count
	}
	for _, tc := range tests {
		t.Run(fmt.Sprint(tc.shape, tc.size), func(t *testing.T) {
			tn := pseudoNormal(t, 2, tc.shape...)
			tn.Data[3] = nan
			r := AutoRange(tn.Data, tc.m)
			img, l := Grid(tn, tc.b, tc.m, r, tc.size)
			checkPixelsMatchCells(t, img, l, tn, tc.b, tc.m, r)
		})
	}
}

func checkPixelsMatchCells(t *testing.T, img *image.RGBA, l GridLayout, tn Tensor, b int, m Colormap, r Range) {
	t.Helper()
	bad := 0
	for y := range img.Bounds().Dy() {
		for x := range img.Bounds().Dx() {
			want := BackgroundColor()
			if c, cy, cx, ok := l.CellAt(image.Pt(x, y)); ok {
				want = m.Color(r.Normalize(float64(tn.At(b, c, cy, cx))))
			}
			if got := pixel(img, x, y); got != want && bad < 5 {
				bad++
				t.Errorf("pixel (%d,%d) = %v, want %v", x, y, got, want)
			}
		}
	}
}

func TestChannelViewPixelsMatchCells(t *testing.T) {
	tn := pseudoNormal(t, 3, 1, 4, 6, 10)
	r := AutoRange(tn.Channel(0, 2), Viridis)
	img, l := ChannelView(tn, 0, 2, Viridis, r, 57)
	if len(l.Tiles) != 1 || l.Tiles[0].Channel != 2 {
		t.Fatalf("tiles = %+v, want one for channel 2", l.Tiles)
	}
	// 10 columns fill the width, 6 rows take 57·6/10 ≈ 34 pixels.
	if got := l.Tiles[0].Rect; got.Dx() != 57 || got.Dy() != 34 {
		t.Fatalf("tile = %v, want 57×34", got)
	}
	checkPixelsMatchCells(t, img, l, tn, 0, Viridis, r)
}

// TestCrispEdge scales two cells, black and white, by a non-integral factor
// and checks each row is a run of black followed directly by white: nearest
// neighbour never blends.
func TestCrispEdge(t *testing.T) {
	tn, _ := FromShape([]int{2, 2}, []float32{0, 1, 1, 0})
	for _, size := range []int{2, 7, 64, 101} {
		img, l := ChannelView(tn, 0, 0, Gray, Range{0, 1}, size)
		rect := l.Tiles[0].Rect
		for y := rect.Min.Y; y < rect.Max.Y; y++ {
			edges := 0
			for x := rect.Min.X; x < rect.Max.X; x++ {
				c := pixel(img, x, y)
				if c != rgb(0, 0, 0) && c != rgb(255, 255, 255) {
					t.Fatalf("size %d: pixel (%d,%d) = %v, a blend", size, x, y, c)
				}
				if x > rect.Min.X && c != pixel(img, x-1, y) {
					edges++
				}
			}
			if edges != 1 {
				t.Fatalf("size %d: row %d has %d edges, want 1", size, y, edges)
			}
		}
	}
}

// TestMatchesDrawNearestNeighbor checks the renderer's own scaling against
// golang.org/x/image/draw: scaling the one-pixel-per-cell image with
// draw.NearestNeighbor must give the same tile, pixel for pixel.
func TestMatchesDrawNearestNeighbor(t *testing.T) {
	tn := pseudoNormal(t, 4, 1, 1, 12, 20)
	r := AutoRange(tn.Data, Magma)
	small := Channel(tn, 0, 0, Magma, r)
	for _, size := range []int{20, 40, 61, 150, 13} {
		img, l := ChannelView(tn, 0, 0, Magma, r, size)
		rect := l.Tiles[0].Rect
		ref := image.NewRGBA(rect)
		draw.NearestNeighbor.Scale(ref, rect, small, small.Bounds(), draw.Src, nil)
		for y := rect.Min.Y; y < rect.Max.Y; y++ {
			for x := rect.Min.X; x < rect.Max.X; x++ {
				if got, want := pixel(img, x, y), ref.RGBAAt(x, y); got != want {
					t.Fatalf("size %d: pixel (%d,%d) = %v, draw.NearestNeighbor gives %v", size, x, y, got, want)
				}
			}
		}
	}
}

// TestCellRect checks that the hover outline covers exactly the pixels
// CellAt attributes to the cell.
func TestCellRect(t *testing.T) {
	tn := pseudoNormal(t, 5, 1, 4, 6, 6)
	for _, size := range []int{30, 64, 100} {
		_, l := Grid(tn, 0, Viridis, Range{-3, 3}, size)
		area := 0
		for c := range 4 {
			for y := range 6 {
				for x := range 6 {
					cr := l.CellRect(c, y, x)
					area += cr.Dx() * cr.Dy()
					for py := cr.Min.Y; py < cr.Max.Y; py++ {
						for px := cr.Min.X; px < cr.Max.X; px++ {
							gc, gy, gx, ok := l.CellAt(image.Pt(px, py))
							if !ok || gc != c || gy != y || gx != x {
								t.Fatalf("size %d: CellRect(%d,%d,%d) = %v holds %d,%d, which CellAt reads as %d,%d,%d,%v", size, c, y, x, cr, px, py, gc, gy, gx, ok)
							}
						}
					}
				}
			}
		}
		tile := l.Tiles[0].Rect
		if want := 4 * tile.Dx() * tile.Dy(); area != want {
			t.Errorf("size %d: cell rectangles cover %d pixels, tiles %d", size, area, want)
		}
	}
	_, l := Grid(tn, 0, Viridis, Range{-3, 3}, 64)
	for _, k := range [][3]int{{4, 0, 0}, {0, 6, 0}, {0, 0, -1}} {
		if r := l.CellRect(k[0], k[1], k[2]); !r.Empty() {
			t.Errorf("CellRect%v = %v, want empty", k, r)
		}
	}
}

func TestGridEdgeCases(t *testing.T) {
	// Too small for 16 tiles with gaps: the image grows so each tile
	// still gets a pixel.
	tn := pseudoNormal(t, 6, 1, 16, 4, 4)
	img, l := Grid(tn, 0, Gray, Range{-1, 1}, 3)
	if img.Bounds().Dx() != 7 || l.Size.X != 7 || len(l.Tiles) != 16 {
		t.Errorf("16 tiles at size 3: image %v, layout %v with %d tiles; want 7×7 with 16", img.Bounds(), l.Size, len(l.Tiles))
	}
	checkPixelsMatchCells(t, img, l, tn, 0, Gray, Range{-1, 1})

	// A tensor built by hand with no channels renders as background.
	empty := Tensor{Shape: [4]int{1, 0, 4, 4}}
	img, l = Grid(empty, 0, Viridis, Range{0, 1}, 10)
	if len(l.Tiles) != 0 || pixel(img, 5, 5) != BackgroundColor() {
		t.Errorf("empty tensor: %d tiles, centre %v", len(l.Tiles), pixel(img, 5, 5))
	}

	defer func() {
		if recover() == nil {
			t.Error("Grid with batch 1 of 1 did not panic")
		}
	}()
	Grid(tn, 1, Viridis, Range{0, 1}, 10)
}

func BenchmarkGridFlux(b *testing.B) {
	tn := pseudoNormal(b, 42, 1, 16, 128, 128)
	r := AutoRange(tn.Batch(0), Viridis)
	b.ReportAllocs()
	for b.Loop() {
		Grid(tn, 0, Viridis, r, 1024)
	}
}

func BenchmarkGridSD15(b *testing.B) {
	tn := pseudoNormal(b, 42, 1, 4, 64, 64)
	r := AutoRange(tn.Batch(0), Viridis)
	b.ReportAllocs()
	for b.Loop() {
		Grid(tn, 0, Viridis, r, 512)
	}
}

func BenchmarkChannelSD15(b *testing.B) {
	tn := pseudoNormal(b, 42, 1, 4, 64, 64)
	r := AutoRange(tn.Channel(0, 0), Viridis)
	b.ReportAllocs()
	for b.Loop() {
		Channel(tn, 0, 0, Viridis, r)
	}
}

func BenchmarkChannelViewFlux(b *testing.B) {
	tn := pseudoNormal(b, 42, 1, 16, 128, 128)
	r := AutoRange(tn.Channel(0, 0), Coolwarm)
	b.ReportAllocs()
	for b.Loop() {
		ChannelView(tn, 0, 0, Coolwarm, r, 1024)
	}
}

// TestGridEachPixelsMatchCells checks that each tile of GridEach is
// coloured in its own channel's range, channels scaled far apart so that
// one shared range would paint the small one flat.
func TestGridEachPixelsMatchCells(t *testing.T) {
	tn := pseudoNormal(t, 3, 1, 4, 6, 6)
	rs := make([]Range, 4)
	for c := range rs {
		vals := tn.Channel(0, c)
		for i := range vals {
			vals[i] *= float32(c*100 + 1)
		}
		rs[c] = AutoRange(vals, Viridis)
	}
	img, l := GridEach(tn, 0, Viridis, rs, 64)
	bad := 0
	for y := range img.Bounds().Dy() {
		for x := range img.Bounds().Dx() {
			want := BackgroundColor()
			if c, cy, cx, ok := l.CellAt(image.Pt(x, y)); ok {
				want = Viridis.Color(rs[c].Normalize(float64(tn.At(0, c, cy, cx))))
			}
			if got := pixel(img, x, y); got != want && bad < 5 {
				bad++
				t.Errorf("pixel (%d,%d) = %v, want %v", x, y, got, want)
			}
		}
	}
}
