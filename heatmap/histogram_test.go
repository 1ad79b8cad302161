package heatmap

import (
	"image"
	"image/color"
	"math"
	"slices"
	"testing"
)

func TestHistogram(t *testing.T) {
	values := []float32{-1, -0.5, 0, 0.5, 1, nan, pinf, ninf, 2, -1.01, 0.49}
	tests := []struct {
		name   string
		bins   int
		lo, hi float64
		want   []int
	}{
		// Edges belong to the bin above, except hi, which closes the last.
		{"four bins", 4, -1, 1, []int{1, 1, 2, 2}},
		{"one bin", 1, -1, 1, []int{6}},
		{"covering everything finite", 3, -1.5, 2.5, []int{3, 4, 1}},
		{"no bins", 0, -1, 1, nil},
		{"empty interval", 2, 1, 1, []int{0, 0}},
		{"reversed interval", 2, 1, -1, []int{0, 0}},
		{"infinite interval", 2, math.Inf(-1), 0, []int{0, 0}},
	}
	for _, tc := range tests {
		if got := Histogram(values, tc.bins, tc.lo, tc.hi); !slices.Equal(got, tc.want) {
			t.Errorf("%s: Histogram(%d, %v, %v) = %v, want %v", tc.name, tc.bins, tc.lo, tc.hi, got, tc.want)
		}
	}
}

func TestHistogramRange(t *testing.T) {
	tests := []struct {
		name   string
		values []float32
		lo, hi float64
	}{
		{"inside stays [-4,4]", []float32{-3.9, 0, 3.99}, -4, 4},
		{"empty", nil, -4, 4},
		{"non-finite ignored", []float32{nan, pinf, ninf, 1}, -4, 4},
		{"widens the high side only", []float32{-1, 4.2}, -4, 5},
		{"widens the low side to the next integer", []float32{-6.5, 0}, -7, 4},
		{"outlier", []float32{0, 30}, -4, 30},
	}
	for _, tc := range tests {
		lo, hi := HistogramRange(tc.values)
		if lo != tc.lo || hi != tc.hi {
			t.Errorf("%s: HistogramRange = [%v, %v], want [%v, %v]", tc.name, lo, hi, tc.lo, tc.hi)
		}
	}
}

// TestHistogramCountsAllFinite checks that over HistogramRange the counts
// add up to the number of finite values, whatever the data.
func TestHistogramCountsAllFinite(t *testing.T) {
	tn := pseudoNormal(t, 8, 1, 4, 32, 32)
	data := slices.Clone(tn.Data)
	data[0], data[1], data[2], data[3] = nan, pinf, ninf, 25 // one far outlier
	for i := 4; i < 100; i++ {
		data[i] *= 3 // some spread beyond ±4
	}
	lo, hi := HistogramRange(data)
	want := ComputeStats(data).Count
	for _, bins := range []int{1, 7, 64, 256} {
		sum := 0
		for _, c := range Histogram(data, bins, lo, hi) {
			sum += c
		}
		if sum != want {
			t.Errorf("%d bins: counts sum to %d, want %d finite values", bins, sum, want)
		}
	}
}

var (
	histBg    = color.RGBA{10, 10, 10, 255}
	histBar   = color.RGBA{90, 140, 200, 255}
	histCurve = color.RGBA{250, 200, 0, 255}
)

// column returns the topmost row of colour c in column x, or -1.
func column(img *image.RGBA, x int, c color.RGBA) int {
	for y := range img.Bounds().Dy() {
		if img.RGBAAt(x, y) == c {
			return y
		}
	}
	return -1
}

func TestHistogramImageNormal(t *testing.T) {
	const w, h = 240, 120
	tn := pseudoNormal(t, 9, 1, 16, 64, 64)
	img := HistogramImage(tn.Data, w, h, histBg, histBar, histCurve)
	if img.Bounds() != image.Rect(0, 0, w, h) {
		t.Fatalf("bounds %v", img.Bounds())
	}
	for x := range w {
		if c := img.RGBAAt(x, 0); c != histBg {
			t.Fatalf("top row pixel %d = %v, want background (5%% headroom)", x, c)
		}
	}
	// Centre: a bar rising from the floor, and the curve near its top.
	mid := w / 2
	if c := img.RGBAAt(mid-3, h-1); c != histBar && c != histCurve {
		t.Errorf("bottom centre = %v, want a bar", c)
	}
	curveY := column(img, mid, histCurve)
	// The density peak is count × binwidth × φ(0); the bars and the curve
	// are scaled by the taller of the two to 95% of the height.
	bins := histogramBins(w)
	counts := Histogram(tn.Data, bins, -4, 4)
	peak := float64(slices.Max(counts))
	dens := float64(len(tn.Data)) * 8 / float64(bins) / math.Sqrt(2*math.Pi)
	wantY := float64(h) - dens*0.95*float64(h)/math.Max(peak, dens)
	if math.Abs(float64(curveY)-wantY) > 2 {
		t.Errorf("curve top at the centre is row %d, want about %.1f", curveY, wantY)
	}
	// The curve is two pixels thick where it is flat.
	if img.RGBAAt(mid, curveY+1) != histCurve {
		t.Errorf("curve at the centre is one pixel thick")
	}
	// In the tails, near ±4, the bars are at most a few pixels tall.
	if y := column(img, 1, histBar); y >= 0 && y < h-4 {
		t.Errorf("bar at the far left reaches row %d", y)
	}
}

func TestHistogramImageOutlierVisible(t *testing.T) {
	const w, h = 200, 100
	tn := pseudoNormal(t, 10, 1, 1, 64, 64)
	data := slices.Clone(tn.Data)
	data[5] = 40 // one corrupt value
	img := HistogramImage(data, w, h, histBg, histBar, histCurve)
	// The range is [-4, 40]; the last bin holds just the outlier, drawn
	// one pixel tall on the floor at the right edge.
	if c := img.RGBAAt(w-2, h-1); c != histBar {
		t.Errorf("outlier bin floor pixel = %v, want the bar colour", c)
	}
	if c := img.RGBAAt(w-2, h-2); c != histBg {
		t.Errorf("outlier bar is taller than one pixel: %v above the floor", c)
	}
}

// TestHistogramImageSpike covers data the curve cannot describe: all zeros.
// The bars set the scale and the curve is clipped rather than squashing the
// spike.
func TestHistogramImageSpike(t *testing.T) {
	const w, h = 90, 100
	img := HistogramImage(make([]float32, 1000), w, h, histBg, histBar, histCurve)
	found := false
	for x := range w {
		if y := column(img, x, histBar); y >= 0 && y <= h-90 {
			found = true
		}
	}
	if !found {
		t.Error("the spike at zero is not drawn near full height")
	}
}

func TestHistogramImageEmpty(t *testing.T) {
	img := HistogramImage([]float32{nan, pinf}, 30, 20, histBg, histBar, histCurve)
	for y := range 20 {
		for x := range 30 {
			if c := img.RGBAAt(x, y); c != histBg {
				t.Fatalf("pixel (%d,%d) = %v, want only background", x, y, c)
			}
		}
	}
	if got := HistogramImage(nil, 0, -5, histBg, histBar, histCurve); !got.Bounds().Empty() {
		t.Errorf("zero size gave %v", got.Bounds())
	}
}

func BenchmarkHistogramImageFlux(b *testing.B) {
	tn := pseudoNormal(b, 42, 1, 16, 128, 128)
	for b.Loop() {
		HistogramImage(tn.Data, 512, 200, histBg, histBar, histCurve)
	}
}
