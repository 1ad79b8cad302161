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
	s := Stats{Min: math.Inf(1), Max: math.Inf(-1)}
	sum := 0.0
	for _, v := range values {
		x := float64(v)
		switch {
		case x != x:
			s.NaN++
			continue
		case math.IsInf(x, 0):
			s.Inf++
			continue
		}
		s.Count++
		sum += x
		s.Min = min(s.Min, x)
		s.Max = max(s.Max, x)
	}
	if s.Count == 0 {
		nan := math.NaN()
		s.Mean, s.Std, s.Min, s.Max = nan, nan, nan, nan
		return s
	}
	n := float64(s.Count)
	s.Mean = sum / n
	var sq, comp float64
	for _, v := range values {
		x := float64(v)
		if x-x != 0 { // NaN or ±Inf
			continue
		}
		d := x - s.Mean
		sq += d * d
		comp += d
	}
	s.Std = math.Sqrt(max(0, (sq-comp*comp/n)/n))
	return s
}
