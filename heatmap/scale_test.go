package heatmap

import (
	"math"
	"testing"
)

var (
	nan  = float32(math.NaN())
	pinf = float32(math.Inf(1))
	ninf = float32(math.Inf(-1))
)

func TestAutoRange(t *testing.T) {
	tests := []struct {
		name   string
		values []float32
		m      Colormap
		want   Range
	}{
		{"min..max", []float32{-1.5, 0, 2.25}, Viridis, Range{-1.5, 2.25}},
		{"ignores NaN and Inf", []float32{nan, 3, pinf, -2, ninf}, Magma, Range{-2, 3}},
		{"diverging is symmetric", []float32{-1.5, 0, 2.25}, Coolwarm, Range{-2.25, 2.25}},
		{"diverging, all negative", []float32{-3, -1}, Coolwarm, Range{-3, 3}},
		{"diverging ignores Inf", []float32{1, ninf}, Coolwarm, Range{-1, 1}},
		{"constant", []float32{4, 4, 4}, Viridis, Range{2, 6}},
		{"constant negative", []float32{-4}, Gray, Range{-6, -2}},
		{"constant zero", []float32{0, 0}, Viridis, Range{-1, 1}},
		{"diverging zero", []float32{0}, Coolwarm, Range{-1, 1}},
		{"empty", nil, Viridis, Range{0, 1}},
		{"all NaN", []float32{nan, nan}, Gray, Range{0, 1}},
		{"only Inf, diverging", []float32{pinf, ninf}, Coolwarm, Range{-1, 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := AutoRange(tc.values, tc.m)
			if got != tc.want {
				t.Fatalf("AutoRange = %v, want %v", got, tc.want)
			}
			if got.Degenerate() {
				t.Fatalf("AutoRange returned a degenerate range %v", got)
			}
		})
	}
}

func TestDegenerate(t *testing.T) {
	inf := math.Inf(1)
	tests := []struct {
		r    Range
		want bool
	}{
		{Range{0, 1}, false},
		{Range{-1e-30, 1e-30}, false},
		{Range{1, 1}, true},
		{Range{2, 1}, true},
		{Range{math.NaN(), 1}, true},
		{Range{0, inf}, true},
		{Range{-inf, inf}, true},
		{Range{0, 5e-324}, true}, // 1/span overflows
	}
	for _, tc := range tests {
		if got := tc.r.Degenerate(); got != tc.want {
			t.Errorf("%v.Degenerate() = %v, want %v", tc.r, got, tc.want)
		}
	}
}

func TestNormalize(t *testing.T) {
	inf := math.Inf(1)
	tests := []struct {
		r    Range
		v    float64
		want float64
	}{
		{Range{-2, 2}, 0, 0.5},
		{Range{-2, 2}, 2, 1},
		{Range{-2, 2}, -3, -0.25}, // not clamped: the colour is, the position is not
		{Range{3, 3}, 3, 0.5},
		{Range{3, 3}, 100, 0.5},
		{Range{3, 3}, inf, inf},
		{Range{3, 3}, -inf, -inf},
	}
	for _, tc := range tests {
		if got := tc.r.Normalize(tc.v); got != tc.want {
			t.Errorf("%v.Normalize(%v) = %v, want %v", tc.r, tc.v, got, tc.want)
		}
	}
	if got := (Range{0, 1}).Normalize(math.NaN()); !math.IsNaN(got) {
		t.Errorf("Normalize(NaN) = %v, want NaN", got)
	}
}

// TestQuantisationMatchesColor checks that the render path (normalizer then
// table) and Color(Normalize(v)) agree for every kind of value, including
// ranges that are degenerate.
func TestQuantisationMatchesColor(t *testing.T) {
	ranges := []Range{{-1, 1}, {0, 255}, {-3.7, 12.1}, {5, 5}, {1, 0}}
	values := []float32{-5, -1, -0.5, 0, 1.0 / 3, 0.5, 1, 2, 127.5, 300, nan, pinf, ninf}
	for _, m := range All() {
		for _, r := range ranges {
			n := newNormalizer(r)
			for _, v := range values {
				got := unpack(m.table()[n.index(v)])
				want := m.Color(r.Normalize(float64(v)))
				if got != want {
					t.Errorf("%v %v value %v: rendered %v, Color gives %v", m, r, v, got, want)
				}
			}
		}
	}
}
