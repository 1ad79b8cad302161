package heatmap

import "math"

// Stats summarises a set of noise values. Initial noise should have mean
// near 0 and standard deviation near 1; anything else (an img2img latent,
// offset noise, a corrupt file) shows up here first.
type Stats struct {
	// Count is the number of finite values; Mean, Std, Min and Max are
	// computed over these only, so one NaN does not hide the rest.
	Count int
	// NaN and Inf count the values left out: NaN, and +Inf or -Inf.
	NaN, Inf int
	// Mean is the arithmetic mean and Std the population standard
	// deviation (dividing by Count, not Count-1: the tensor is the whole
	// population, not a sample of it). Min and Max are the extremes. All
	// four are NaN when Count is 0.
	Mean, Std, Min, Max float64
}

// ComputeStats returns the statistics of values. It accumulates in float64
// with the corrected two-pass algorithm: the second pass sums squared
// deviations from the mean and subtracts the residual of the first pass's
// rounding. The one-pass sum-of-squares formula would lose all precision
// for values far from zero with a small spread.
func ComputeStats(values []float32) Stats {
	// Four partial sums, indexed by position, break the dependency chain of
	// one running sum, so the loops run at the memory's pace; non-finite
	// values are filtered first, so min and max need no NaN handling.
	s := Stats{}
	var sums [4]float64
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, v := range values {
		x := float64(v)
		if x-x != 0 { // NaN or ±Inf
			if x != x {
				s.NaN++
			} else {
				s.Inf++
			}
			continue
		}
		s.Count++
		sums[i&3] += x
		if x < lo {
			lo = x
		}
		if x > hi {
			hi = x
		}
	}
	if s.Count == 0 {
		nan := math.NaN()
		s.Mean, s.Std, s.Min, s.Max = nan, nan, nan, nan
		return s
	}
	n := float64(s.Count)
	s.Min, s.Max = lo, hi
	s.Mean = (sums[0] + sums[1] + sums[2] + sums[3]) / n
	var sq, comp [4]float64
	for i, v := range values {
		x := float64(v)
		if x-x != 0 {
			continue
		}
		d := x - s.Mean
		sq[i&3] += d * d
		comp[i&3] += d
	}
	c := comp[0] + comp[1] + comp[2] + comp[3]
	s.Std = math.Sqrt(max(0, (sq[0]+sq[1]+sq[2]+sq[3]-c*c/n)/n))
	return s
}
