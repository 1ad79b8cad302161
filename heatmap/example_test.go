package heatmap_test

import (
	"fmt"
	"image"
	"math"

	"github.com/gen5viewer/gen5view/heatmap"
)

// ExampleGrid renders the four channels of an SD 1.5 sized latent as a
// 2×2 grid and looks up the cell under a pointer position, as the noise
// panel does on hover.
func ExampleGrid() {
	data := make([]float32, 1*4*64*64)
	for i := range data {
		data[i] = float32(math.Sin(float64(i))) // stand-in for noise
	}
	t, err := heatmap.FromShape([]int{1, 4, 64, 64}, data)
	if err != nil {
		panic(err)
	}

	r := heatmap.AutoRange(t.Batch(0), heatmap.Viridis)
	img, layout := heatmap.Grid(t, 0, heatmap.Viridis, r, 512)
	fmt.Println("image:", img.Bounds().Dx(), "×", img.Bounds().Dy())
	fmt.Println("grid:", layout.Cols, "×", layout.Rows, "tiles of", layout.Tiles[0].Rect.Dx(), "px")

	for _, p := range []image.Point{{0, 0}, {300, 20}, {511, 511}, {255, 100}} {
		if c, y, x, ok := layout.CellAt(p); ok {
			fmt.Printf("pixel %v: channel %d, cell (%d, %d), value %.3f\n", p, c, y, x, t.At(0, c, y, x))
		} else {
			fmt.Printf("pixel %v: gap\n", p)
		}
	}
	// Output:
	// image: 512 × 512
	// grid: 2 × 2 tiles of 255 px
	// pixel (0,0): channel 0, cell (0, 0), value 0.000
	// pixel (300,20): channel 1, cell (5, 10), value 0.483
	// pixel (511,511): channel 3, cell (63, 63), value 0.395
	// pixel (255,100): gap
}
