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

// ComputeStats returns the statistics of values; it is an Accumulator fed
// the values in one go.
func ComputeStats(values []float32) Stats {
	var a Accumulator
	a.Add(values)
	return a.Stats()
}

// An Accumulator gathers Stats over values that arrive in pieces, so a
// caller can convert a large tensor a cache-sized block at a time instead
// of widening all of it first. The zero value is ready to use.
//
// Each block of up to blockLen values is summed with the corrected
// two-pass algorithm while it sits in the L1 cache (the second pass sums
// squared deviations from the block mean and subtracts the residual of the
// first pass's rounding), and blocks are merged with Chan, Golub and
// LeVeque's pairwise update. All sums are float64. The one-pass
// sum-of-squares formula would lose all precision for values far from zero
// with a small spread; this keeps it, in one pass over memory.
type Accumulator struct {
	count, nan, inf int
	mean, m2        float64 // running mean, sum of squared deviations
	lo, hi          float64
}

// blockLen is 16 KiB of float32: small enough for L1, large enough that
// the merge costs nothing.
const blockLen = 4096

// Add takes values into the statistics.
func (a *Accumulator) Add(values []float32) {
	for len(values) > 0 {
		n := min(len(values), blockLen)
		a.addBlock(values[:n])
		values = values[n:]
	}
}

func (a *Accumulator) addBlock(values []float32) {
	sum, lo, hi := sumFinite(values)
	finite := len(values)
	// A NaN turns the sum into NaN and an Inf into ±Inf or NaN, while
	// finite float32 values cannot overflow a float64 sum; so a finite sum
	// means every value was, and the careful pass runs only when one was not.
	if sum-sum != 0 {
		var nan, inf int
		sum, lo, hi, nan, inf = sumSkipping(values)
		a.nan += nan
		a.inf += inf
		finite = len(values) - nan - inf
		if finite == 0 {
			return
		}
	}
	nb := float64(finite)
	mb := sum / nb
	var sq, resid float64
	if finite == len(values) {
		sq, resid = deviations(values, mb)
	} else {
		sq, resid = deviationsSkipping(values, mb)
	}
	m2b := max(0, sq-resid*resid/nb)

	// Merge the block into the running totals.
	if a.count == 0 {
		a.lo, a.hi = lo, hi
	} else {
		a.lo, a.hi = min(a.lo, lo), max(a.hi, hi)
	}
	na := float64(a.count)
	n := na + nb
	delta := mb - a.mean
	a.mean += delta * nb / n
	a.m2 += m2b + delta*delta*na*nb/n
	a.count += finite
}

// sumFinite returns the sum, minimum and maximum of values, assuming they
// are all finite. Four independent sums over an unrolled loop break the
// dependency chain of one running sum.
func sumFinite(values []float32) (sum, lo, hi float64) {
	var s0, s1, s2, s3 float64
	lo, hi = math.Inf(1), math.Inf(-1)
	i := 0
	for ; i+4 <= len(values); i += 4 {
		x0, x1, x2, x3 := float64(values[i]), float64(values[i+1]), float64(values[i+2]), float64(values[i+3])
		s0 += x0
		s1 += x1
		s2 += x2
		s3 += x3
		if x0 < lo {
			lo = x0
		}
		if x1 < lo {
			lo = x1
		}
		if x2 < lo {
			lo = x2
		}
		if x3 < lo {
			lo = x3
		}
		if x0 > hi {
			hi = x0
		}
		if x1 > hi {
			hi = x1
		}
		if x2 > hi {
			hi = x2
		}
		if x3 > hi {
			hi = x3
		}
	}
	for _, v := range values[i:] {
		x := float64(v)
		s0 += x
		lo, hi = min(lo, x), max(hi, x)
	}
	return s0 + s1 + s2 + s3, lo, hi
}

// sumSkipping is sumFinite for a block holding NaN or Inf: it counts those
// and leaves them out.
func sumSkipping(values []float32) (sum, lo, hi float64, nan, inf int) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range values {
		x := float64(v)
		switch {
		case x != x:
			nan++
		case x-x != 0:
			inf++
		default:
			sum += x
			lo, hi = min(lo, x), max(hi, x)
		}
	}
	return sum, lo, hi, nan, inf
}

// deviations returns the sum of squared deviations of values from mean,
// and the sum of the deviations themselves: the rounding residual of the
// mean, which the corrected two-pass formula subtracts.
func deviations(values []float32, mean float64) (sq, resid float64) {
	var q0, q1, q2, q3, c0, c1, c2, c3 float64
	i := 0
	for ; i+4 <= len(values); i += 4 {
		d0, d1, d2, d3 := float64(values[i])-mean, float64(values[i+1])-mean, float64(values[i+2])-mean, float64(values[i+3])-mean
		q0 += d0 * d0
		q1 += d1 * d1
		q2 += d2 * d2
		q3 += d3 * d3
		c0 += d0
		c1 += d1
		c2 += d2
		c3 += d3
	}
	for _, v := range values[i:] {
		d := float64(v) - mean
		q0 += d * d
		c0 += d
	}
	return q0 + q1 + q2 + q3, c0 + c1 + c2 + c3
}

// deviationsSkipping is deviations leaving out NaN and Inf.
func deviationsSkipping(values []float32, mean float64) (sq, resid float64) {
	for _, v := range values {
		x := float64(v)
		if x-x != 0 {
			continue
		}
		d := x - mean
		sq += d * d
		resid += d
	}
	return sq, resid
}

// Stats returns the statistics of every value added so far.
func (a *Accumulator) Stats() Stats {
	s := Stats{Count: a.count, NaN: a.nan, Inf: a.inf}
	if a.count == 0 {
		nan := math.NaN()
		s.Mean, s.Std, s.Min, s.Max = nan, nan, nan, nan
		return s
	}
	s.Mean, s.Min, s.Max = a.mean, a.lo, a.hi
	s.Std = math.Sqrt(a.m2 / float64(a.count))
	return s
}
