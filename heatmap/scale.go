package heatmap

import "math"

// Range is the span of values a colormap is stretched over: Min gets the
// first colour and Max the last. Values outside are clamped to the ends.
type Range struct {
	Min, Max float64
}

// AutoRange returns the range that shows values with full contrast: the
// minimum and maximum of the finite values, ignoring NaN and ±Inf so that a
// single corrupt cell cannot flatten the picture. For a diverging map the
// range is made symmetric, ±max|v|, so that zero sits on the neutral centre
// colour and equal magnitudes get equally strong colours.
//
// Degenerate inputs still give Max > Min, so that rendering never divides
// by zero: with no finite value the range is [0, 1] (or [-1, 1] for a
// diverging map); when every finite value equals v it is [v-|v|/2, v+|v|/2]
// (or [-1, 1] when v is zero), which paints the constant in the middle
// colour and gives the colour bar readable labels around it.
func AutoRange(values []float32, m Colormap) Range {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range values {
		x := float64(v)
		// x-x is NaN for both NaN and ±Inf, so one comparison skips every
		// non-finite value.
		if x-x != 0 {
			continue
		}
		lo = min(lo, x)
		hi = max(hi, x)
	}
	finite := lo <= hi
	if m.Diverging() {
		a := 0.0
		if finite {
			a = max(-lo, hi)
		}
		if a == 0 {
			a = 1
		}
		return Range{-a, a}
	}
	switch {
	case !finite:
		return Range{0, 1}
	case lo < hi:
		return Range{lo, hi}
	}
	pad := math.Abs(lo) / 2
	if !(lo-pad < lo+pad) {
		pad = 1
	}
	return Range{lo - pad, lo + pad}
}

// Degenerate reports whether r cannot be used to spread values over a
// colormap: Max not above Min, or a bound that is NaN or infinite. The
// renderers paint every finite value in the middle colour for such a range
// rather than dividing by zero.
func (r Range) Degenerate() bool {
	span := r.Max - r.Min
	return !(span > 0) || math.IsInf(span, 0) || math.IsInf(1/span, 0)
}

// Normalize returns the position of v in r, 0 at Min and 1 at Max, without
// clamping, for placing tick labels next to the colour bar. For a
// degenerate range every finite v is at 0.5. Color(Normalize(v)) is exactly
// the colour the renderers paint for v, because they use the same
// arithmetic.
func (r Range) Normalize(v float64) float64 {
	n := newNormalizer(r)
	return n.norm(v)
}

// normalizer holds what Normalize needs, computed once per render rather
// than once per cell.
type normalizer struct {
	lo, inv float64
	flat    bool
}

func newNormalizer(r Range) normalizer {
	if r.Degenerate() {
		return normalizer{flat: true}
	}
	return normalizer{lo: r.Min, inv: 1 / (r.Max - r.Min)}
}

func (n normalizer) norm(v float64) float64 {
	if n.flat {
		if v-v != 0 {
			// NaN stays NaN, ±Inf stays ±Inf: both still select the
			// NaN colour or an end colour.
			return v
		}
		return 0.5
	}
	return (v - n.lo) * n.inv
}

// index returns the table entry for v: the render loop's whole per-cell
// cost.
func (n normalizer) index(v float32) int {
	return index(n.norm(float64(v)))
}
