package heatmap

import (
	"image"
	"image/color"
	"math"
)

// Histogram counts the finite values in each of bins equal-width bins over
// [lo, hi]. A value equal to hi goes in the last bin; values outside the
// interval, NaN and ±Inf are not counted. It returns nil when bins < 1,
// and all zeros when lo and hi do not form a finite interval with hi > lo.
func Histogram(values []float32, bins int, lo, hi float64) []int {
	if bins < 1 {
		return nil
	}
	counts := make([]int, bins)
	scale := float64(bins) / (hi - lo)
	if !(hi > lo) || math.IsInf(scale, 0) || math.IsNaN(scale) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return counts
	}
	for _, v := range values {
		x := float64(v)
		// The negated comparison also rejects NaN.
		if !(x >= lo && x <= hi) {
			continue
		}
		i := int((x - lo) * scale)
		if i >= bins { // x == hi, or rounding just below it
			i = bins - 1
		}
		counts[i]++
	}
	return counts
}

// HistogramRange returns the value interval HistogramImage plots, for
// labelling the x axis. It is [-4, 4], wide enough for nearly all of
// N(0,1) (all but about 6 in 100,000 values) and fixed so that histograms of
// different files compare at a glance. When finite values fall outside, the
// side they exceed is widened to the next integer beyond them, so every
// finite value is counted (an outlier is exactly what the user needs to
// see) while the other side and the N(0,1) reference stay where they were.
func HistogramRange(values []float32) (lo, hi float64) {
	lo, hi = -4, 4
	for _, v := range values {
		x := float64(v)
		if x-x != 0 { // NaN or ±Inf
			continue
		}
		lo = min(lo, x)
		hi = max(hi, x)
	}
	return math.Floor(lo), math.Ceil(hi)
}

// histogramBins is the bin count HistogramImage uses for a given width:
// bars at least 3 pixels wide, and at most 256 of them.
func histogramBins(width int) int {
	return max(1, min(width/3, 256))
}

// HistogramImage draws the histogram of the finite values of values over
// HistogramRange(values) in a width×height image: bars in bar colour on a
// bg background, with the standard normal density drawn over them as a
// 2-pixel curve in curve colour. The curve is scaled to the same area as
// the bars, count × bin width × φ(x), so for true initial noise it traces
// the tops of the bars, and any shift, spread or spike stands out. A
// non-empty bin is at least one pixel tall, and the curve is left out where
// it is flat on the floor, so a lone outlier is visible.
// With no finite values only the background is drawn.
func HistogramImage(values []float32, width, height int, bg, bar, curve color.Color) *image.RGBA {
	width, height = max(width, 0), max(height, 0)
	img := image.NewRGBA(image.Rect(0, 0, width, height))
	fill(img.Pix, rgbaOf(bg))
	if width == 0 || height == 0 {
		return img
	}
	lo, hi := HistogramRange(values)
	bins := histogramBins(width)
	counts := Histogram(values, bins, lo, hi)
	total, peak := 0, 0
	for _, c := range counts {
		total += c
		peak = max(peak, c)
	}
	if total == 0 {
		return img
	}

	binWidth := (hi - lo) / float64(bins)
	expected := func(x float64) float64 {
		return float64(total) * binWidth * math.Exp(-x*x/2) / math.Sqrt(2*math.Pi)
	}
	// Scale so the taller of bars and curve reaches 95% of the height, but
	// let the curve be at most 4 times the bars: beyond that (data
	// squeezed into a few bins by an extreme outlier, or a spike) the
	// curve is clipped instead of flattening the bars into the floor.
	curvePeak := expected(0) // 0 is always inside [lo, hi]
	top := max(float64(peak), min(curvePeak, 4*float64(peak)))
	yScale := 0.95 * float64(height) / top

	barColor := rgbaOf(bar)
	for i, c := range counts {
		if c == 0 {
			continue
		}
		h := max(1, int(math.Round(float64(c)*yScale)))
		x0, x1 := i*width/bins, (i+1)*width/bins
		fillRect(img, image.Rect(x0, height-h, x1, height), barColor)
	}

	// The curve: one y per column, sampled at the column centre, joined
	// into a line two pixels thick by filling, for each column, the span
	// from the previous y to this one across this column and the next.
	curveColor := rgbaOf(curve)
	prev := 0
	for x := range width {
		v := lo + (float64(x)+0.5)*(hi-lo)/float64(width)
		y := int(math.Round(float64(height) - expected(v)*yScale))
		if x == 0 {
			prev = y
		}
		y0, y1 := min(prev, y), max(prev, y)
		// Where the density rounds to nothing the curve would lie on the
		// floor and cover the one-pixel bars of outliers; leave it out.
		if y0 < height {
			fillRect(img, image.Rect(x, y0-1, x+2, y1+1), curveColor)
		}
		prev = y
	}
	return img
}

// fillRect fills r, clipped to img, with c.
func fillRect(img *image.RGBA, r image.Rectangle, c color.RGBA) {
	r = r.Intersect(img.Rect)
	if r.Empty() {
		return
	}
	n := r.Dx() * 4
	first := img.Pix[img.PixOffset(r.Min.X, r.Min.Y):][:n]
	fill(first, c)
	for y := r.Min.Y + 1; y < r.Max.Y; y++ {
		copy(img.Pix[img.PixOffset(r.Min.X, y):], first)
	}
}

func rgbaOf(c color.Color) color.RGBA {
	if c == nil {
		return color.RGBA{}
	}
	return color.RGBAModel.Convert(c).(color.RGBA)
}
