package widgets

import (
	"image"
	"image/color"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gen5viewer/gen5view/heatmap"
)

// rampTensor is a B×C×H×W tensor whose every value encodes its position,
// so a read-out can be checked against the coordinates.
func rampTensor(b, c, h, w int) heatmap.Tensor {
	data := make([]float32, b*c*h*w)
	for i := range data {
		data[i] = float32(i)
	}
	t, err := heatmap.FromShape([]int{b, c, h, w}, data)
	if err != nil {
		panic(err)
	}
	return t
}

// TestHoverMapping puts a grid heatmap in a widget that is not square and
// on a canvas with a scale of 2 (so the image has twice as many pixels as
// the widget has units) and checks that the centre of every drawn cell
// maps back to that cell, and that gaps and margins map to none.
func TestHoverMapping(t *testing.T) {
	test.NewTempApp(t)
	for _, scale := range []float32{1, 2} {
		var wg sync.WaitGroup
		tensor := rampTensor(1, 4, 8, 8)
		h := NewHeatmapView(&wg)
		w := test.NewTempWindow(t, h)
		w.SetPadded(false)
		w.Canvas().(test.WindowlessCanvas).SetScale(scale)
		w.Resize(fyne.NewSize(300, 200))
		r := heatmap.AutoRange(tensor.Batch(0), heatmap.Viridis)
		h.SetRender(func(px int) (*image.RGBA, heatmap.GridLayout) { return heatmap.Grid(tensor, 0, heatmap.Viridis, r, px) })
		wg.Wait()

		if h.img.Image == nil {
			t.Fatal("nothing rendered")
		}
		side := min(h.Size().Width, h.Size().Height)
		if got, want := h.lay.Size.X, int(side*scale+0.5); got != want {
			t.Errorf("scale %v: rendered at %d px, want %d (the widget's size in device pixels)", scale, got, want)
		}
		o, s := h.imageRect()
		if s.Width != side || o.X != (h.Size().Width-side)/2 {
			t.Errorf("scale %v: image at %v size %v in a %v widget", scale, o, s, h.Size())
		}
		// Each cell's centre maps back to the cell, and the canvas shows
		// that cell's own colour there: the ramp gives every cell a
		// different value, so a rectangle off by a cell, or scaled by the
		// wrong factor, lands on another colour. The capture is the canvas
		// as painted, independent of cellRect's and cellAt's arithmetic.
		shot := w.Canvas().Capture()
		img := h.img.Image.(*image.RGBA)
		for c := 0; c < 4; c++ {
			for y := 0; y < 8; y++ {
				for x := 0; x < 8; x++ {
					pos, size, ok := h.CellRect(c, y, x)
					if !ok {
						t.Fatalf("cell (%d,%d,%d) not drawn", c, y, x)
					}
					centre := pos.Add(fyne.NewPos(size.Width/2, size.Height/2))
					gc, gy, gx, ok := h.cellAt(centre)
					if !ok || gc != c || gy != y || gx != x {
						t.Errorf("scale %v: centre of (%d,%d,%d) at %v maps to (%d,%d,%d) ok=%v", scale, c, y, x, centre, gc, gy, gx, ok)
					}
					r := h.lay.CellRect(c, y, x)
					want := img.RGBAAt((r.Min.X+r.Max.X)/2, (r.Min.Y+r.Max.Y)/2)
					got := color.RGBAModel.Convert(shot.At(int(centre.X*scale), int(centre.Y*scale))).(color.RGBA)
					if got != want {
						t.Errorf("scale %v: the canvas shows %v at the centre %v of cell (%d,%d,%d), whose colour is %v", scale, got, centre, c, y, x, want)
					}
				}
			}
		}
		// The margin left of the square and the gap between tiles are no cell.
		if _, _, _, ok := h.cellAt(fyne.NewPos(o.X/2, 100)); ok {
			t.Error("the margin maps to a cell")
		}
		gap := h.lay.Tiles[0].Rect.Max.X // first pixel column after tile 0
		gapPos := fyne.NewPos(o.X+(float32(gap)+0.5)*s.Width/float32(h.lay.Size.X), o.Y+5)
		if c, y, x, ok := h.cellAt(gapPos); ok {
			t.Errorf("the gap at %v maps to (%d,%d,%d)", gapPos, c, y, x)
		}
	}
}
