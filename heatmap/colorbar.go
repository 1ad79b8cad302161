package heatmap

import (
	"image"
	"math"
	"strconv"
)

// Colorbar renders the legend for m over r: a width×height vertical
// gradient with the colour of r.Max in the top row and that of r.Min in the
// bottom row. Each row has the colour the renderers give the value at that
// height, so the bar and the heatmap can be compared by eye. For a
// degenerate range the bar is the single middle colour, as every finite
// value is then drawn in it. Use ColorbarY to place tick labels.
func Colorbar(m Colormap, r Range, width, height int) *image.RGBA {
	width, height = max(width, 0), max(height, 0)
	img := image.NewRGBA(image.Rect(0, 0, width, height))
	if width == 0 || height == 0 {
		return img
	}
	flat := r.Degenerate()
	rowBytes := width * 4
	for y := range height {
		t := 0.5
		if !flat {
			t = 1
			if height > 1 {
				t = 1 - float64(y)/float64(height-1)
			}
		}
		row := img.Pix[y*img.Stride : y*img.Stride+rowBytes]
		fill(row, m.Color(t))
	}
	return img
}

// ColorbarY returns the vertical pixel position, within a bar of the given
// height drawn by Colorbar, of value v: height-1 for r.Min, 0 for r.Max,
// not clamped, so labels for ticks can be lined up with the colours. For a
// degenerate range it returns the middle of the bar.
func ColorbarY(r Range, v float64, height int) float64 {
	return (1 - r.Normalize(v)) * float64(height-1)
}

// Ticks returns about n round values inside r, inclusive, for labelling the
// colour bar: consecutive multiples of a step of 1, 2 or 5 times a power of
// ten, chosen so that roughly n of them span the range. A symmetric range
// thus always gets 0 as a tick. The values are computed from integers so
// they print without binary noise (0.3, not 0.30000000000000004). A
// degenerate range whose ends are equal and finite gets that single value;
// other degenerate ranges, and n < 1, get none.
func Ticks(r Range, n int) []float64 {
	if n < 1 {
		return nil
	}
	if r.Degenerate() {
		if r.Min == r.Max && !math.IsInf(r.Min, 0) && !math.IsNaN(r.Min) {
			return []float64{r.Min}
		}
		return nil
	}
	raw := (r.Max - r.Min) / float64(max(n-1, 1))
	exp := math.Floor(math.Log10(raw))
	frac := raw / math.Pow(10, exp)
	// Pick the mantissa nearest to frac on a log scale, so the tick count
	// errs neither high nor low.
	mant := 1.0
	for _, c := range []float64{2, 5, 10} {
		if math.Abs(math.Log(frac/c)) < math.Abs(math.Log(frac/mant)) {
			mant = c
		}
	}
	if mant == 10 {
		mant, exp = 1, exp+1
	}
	step := mant * math.Pow(10, exp)
	// value builds k·step by parsing the decimal "(k·mant)e(exp)", which
	// gives the double nearest the round value; multiplying by a power of
	// ten would not, since 10^exp is inexact for exp < 0 and exp > 22.
	value := func(k float64) float64 {
		v, _ := strconv.ParseFloat(strconv.FormatFloat(k*mant, 'f', 0, 64)+"e"+strconv.Itoa(int(exp)), 64)
		return v
	}
	// The loop is bounded by the count, not by k, because far from zero
	// (1e17 with a step of 5, say) k+1 rounds back to k.
	var ticks []float64
	k0 := math.Ceil(r.Min / step)
	for i := range int((r.Max-r.Min)/step) + 3 {
		// k0 may be -0 (ceil(-0.4)); adding i, even 0, makes it +0, so
		// no label reads "-0".
		v := value(k0 + float64(i))
		if v < r.Min || (len(ticks) > 0 && v <= ticks[len(ticks)-1]) {
			// Below the range (ceil of an inexact quotient can land a
			// step low) or a repeat (k stuck far from zero): skip.
			continue
		}
		if v > r.Max {
			break
		}
		ticks = append(ticks, v)
	}
	return ticks
}
