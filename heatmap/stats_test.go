package heatmap

import (
	"math"
	"testing"
)

func TestComputeStats(t *testing.T) {
	tests := []struct {
		name   string
		values []float32
		want   Stats
	}{
		{
			name:   "known values with NaN and Inf",
			values: []float32{1, nan, 2, pinf, 3, ninf, 4, nan},
			want:   Stats{Count: 4, NaN: 2, Inf: 2, Mean: 2.5, Std: math.Sqrt(1.25), Min: 1, Max: 4},
		},
		{
			name:   "single value",
			values: []float32{-7},
			want:   Stats{Count: 1, Mean: -7, Std: 0, Min: -7, Max: -7},
		},
		{
			name:   "symmetric",
			values: []float32{-2, -1, 1, 2},
			want:   Stats{Count: 4, Mean: 0, Std: math.Sqrt(2.5), Min: -2, Max: 2},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := ComputeStats(tc.values)
			if got.Count != tc.want.Count || got.NaN != tc.want.NaN || got.Inf != tc.want.Inf {
				t.Fatalf("counts = %d/%d/%d, want %d/%d/%d", got.Count, got.NaN, got.Inf, tc.want.Count, tc.want.NaN, tc.want.Inf)
			}
			for _, f := range []struct {
				name      string
				got, want float64
			}{
				{"Mean", got.Mean, tc.want.Mean},
				{"Std", got.Std, tc.want.Std},
				{"Min", got.Min, tc.want.Min},
				{"Max", got.Max, tc.want.Max},
			} {
				if math.Abs(f.got-f.want) > 1e-12 {
					t.Errorf("%s = %v, want %v", f.name, f.got, f.want)
				}
			}
		})
	}
}

func TestComputeStatsNoFiniteValues(t *testing.T) {
	for _, values := range [][]float32{nil, {nan, pinf}} {
		s := ComputeStats(values)
		if s.Count != 0 || !math.IsNaN(s.Mean) || !math.IsNaN(s.Std) || !math.IsNaN(s.Min) || !math.IsNaN(s.Max) {
			t.Errorf("ComputeStats(%v) = %+v, want Count 0 and NaN moments", values, s)
		}
	}
}

// TestAccumulatorPieces feeds values in uneven pieces that straddle the
// internal blocks, with NaN and Inf in some blocks and one block of nothing
// else, and compares with a plain two-pass reference over the finite values.
func TestAccumulatorPieces(t *testing.T) {
	tn := pseudoNormal(t, 3, 1, 4, 128, 64)
	values := append([]float32(nil), tn.Data...)
	for i := range values {
		values[i] = 3*values[i] + 10
	}
	values[5], values[4097], values[9000] = nan, pinf, ninf
	for i := 8192; i < 8192+blockLen; i++ { // the third block holds only NaN
		values[i] = nan
	}
	var sum float64
	want := Stats{Min: math.Inf(1), Max: math.Inf(-1)}
	for _, v := range values {
		x := float64(v)
		switch {
		case math.IsNaN(x):
			want.NaN++
		case math.IsInf(x, 0):
			want.Inf++
		default:
			want.Count++
			sum += x
			want.Min, want.Max = min(want.Min, x), max(want.Max, x)
		}
	}
	want.Mean = sum / float64(want.Count)
	var sq float64
	for _, v := range values {
		if x := float64(v); !math.IsNaN(x) && !math.IsInf(x, 0) {
			sq += (x - want.Mean) * (x - want.Mean)
		}
	}
	want.Std = math.Sqrt(sq / float64(want.Count))

	var a Accumulator
	rest := values
	for _, n := range []int{1, 3, 4095, 5000, 7, 8192} {
		a.Add(rest[:n])
		rest = rest[n:]
	}
	a.Add(rest)
	got := a.Stats()
	if got.Count != want.Count || got.NaN != want.NaN || got.Inf != want.Inf || got.Min != want.Min || got.Max != want.Max ||
		math.Abs(got.Mean-want.Mean) > 1e-12 || math.Abs(got.Std-want.Std) > 1e-12 {
		t.Errorf("pieces give %+v, want %+v", got, want)
	}
	if whole := ComputeStats(values); whole.Count != got.Count || math.Abs(whole.Mean-got.Mean) > 1e-12 || math.Abs(whole.Std-got.Std) > 1e-12 {
		t.Errorf("in one go %+v, in pieces %+v", whole, got)
	}
}

// TestComputeStatsStable uses a large offset with a small spread, where the
// one-pass formula E[x²]-E[x]² cancels catastrophically: 1e6 ± 0.5 has
// squares near 1e12, whose float64 rounding error exceeds the variance.
func TestComputeStatsStable(t *testing.T) {
	values := make([]float32, 100001)
	for i := range values {
		values[i] = 1e6 + float32(i%2) // exact in float32
	}
	s := ComputeStats(values)
	// 50001 zeros and 50000 ones around 1e6.
	n, ones := 100001.0, 50000.0
	p := ones / n
	wantMean := 1e6 + p
	wantStd := math.Sqrt(p * (1 - p))
	if math.Abs(s.Mean-wantMean) > 1e-9 || math.Abs(s.Std-wantStd) > 1e-9 {
		t.Errorf("mean %.12f std %.12f, want %.12f and %.12f", s.Mean, s.Std, wantMean, wantStd)
	}
}

// TestComputeStatsNormal checks the statistics a viewer user relies on: a
// seeded N(0,1) tensor the size of a Flux latent has mean near 0 and
// standard deviation near 1 (the standard error at this size is 0.002).
func TestComputeStatsNormal(t *testing.T) {
	tn := pseudoNormal(t, 7, 1, 16, 128, 128)
	s := ComputeStats(tn.Data)
	if s.Count != len(tn.Data) || math.Abs(s.Mean) > 0.01 || math.Abs(s.Std-1) > 0.01 || s.Min > -4 || s.Max < 4 {
		t.Errorf("N(0,1) stats = %+v", s)
	}
}

func BenchmarkComputeStatsFlux(b *testing.B) {
	tn := pseudoNormal(b, 42, 1, 16, 128, 128)
	for b.Loop() {
		ComputeStats(tn.Data)
	}
}
