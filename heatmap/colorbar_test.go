package heatmap

import (
	"image"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestColorbar(t *testing.T) {
	tests := []struct {
		m    Colormap
		r    Range
		w, h int
	}{
		{Viridis, Range{-3, 3}, 12, 256},
		{Magma, Range{0, 1}, 1, 100},
		{Coolwarm, Range{-2, 2}, 5, 255}, // odd height: a middle row at 0
		{Gray, Range{-1, 4}, 3, 2},
	}
	for _, tc := range tests {
		t.Run(tc.m.String(), func(t *testing.T) {
			img := Colorbar(tc.m, tc.r, tc.w, tc.h)
			if img.Bounds() != image.Rect(0, 0, tc.w, tc.h) {
				t.Fatalf("bounds %v, want %d×%d", img.Bounds(), tc.w, tc.h)
			}
			top, bottom := tc.m.Color(1), tc.m.Color(0)
			for x := range tc.w {
				if got := pixel(img, x, 0); got != top {
					t.Errorf("top pixel %d = %v, want max colour %v", x, got, top)
				}
				if got := pixel(img, x, tc.h-1); got != bottom {
					t.Errorf("bottom pixel %d = %v, want min colour %v", x, got, bottom)
				}
			}
			// Every row has the colour the renderer gives the value
			// ColorbarY places there.
			for y := range tc.h {
				v := tc.r.Max - float64(y)/float64(tc.h-1)*(tc.r.Max-tc.r.Min)
				if got := ColorbarY(tc.r, v, tc.h); math.Abs(got-float64(y)) > 1e-9 {
					t.Fatalf("ColorbarY(%v) = %v, want %d", v, got, y)
				}
				if got, want := pixel(img, tc.w-1, y), tc.m.Color(tc.r.Normalize(v)); got != want {
					t.Fatalf("row %d (value %v) = %v, want %v", y, v, got, want)
				}
			}
		})
	}

	mid := Colorbar(Coolwarm, Range{-2, 2}, 5, 255)
	if got := pixel(mid, 2, 127); got != rgb(221, 221, 221) {
		t.Errorf("coolwarm bar middle row = %v, want the neutral (221,221,221)", got)
	}
	flat := Colorbar(Viridis, Range{1, 1}, 2, 10)
	for y := range 10 {
		if got := pixel(flat, 0, y); got != Viridis.Color(0.5) {
			t.Fatalf("degenerate bar row %d = %v, want the middle colour", y, got)
		}
	}
	if got := Colorbar(Gray, Range{0, 1}, -1, 5); !got.Bounds().Empty() {
		t.Errorf("negative width gave %v", got.Bounds())
	}
	if got := ColorbarY(Range{5, 5}, 5, 101); got != 50 {
		t.Errorf("ColorbarY on a degenerate range = %v, want 50", got)
	}
}

func TestTicks(t *testing.T) {
	tests := []struct {
		r    Range
		n    int
		want []float64
	}{
		{Range{-2.25, 2.25}, 5, []float64{-2, -1, 0, 1, 2}},
		{Range{-3.9, 4.2}, 5, []float64{-2, 0, 2, 4}},
		{Range{0, 1}, 5, []float64{0, 0.2, 0.4, 0.6, 0.8, 1}},
		{Range{0.1, 0.7}, 4, []float64{0.2, 0.4, 0.6}},
		{Range{0.001, 0.005}, 4, []float64{0.001, 0.002, 0.003, 0.004, 0.005}},
		{Range{-30, 270}, 4, []float64{0, 100, 200}},
		{Range{-0.31, -0.04}, 3, []float64{-0.3, -0.2, -0.1}},
		{Range{7, 7}, 5, []float64{7}},
		{Range{0, math.Inf(1)}, 5, nil},
		{Range{0, 1}, 0, nil},
	}
	for _, tc := range tests {
		got := Ticks(tc.r, tc.n)
		if !slices.Equal(got, tc.want) {
			t.Errorf("Ticks(%v, %d) = %v, want %v", tc.r, tc.n, got, tc.want)
		}
	}
}

// TestTicksProperties checks, over many ranges, that ticks are inside the
// range, increasing, evenly spaced, short when printed, and not far from
// the count asked for.
func TestTicksProperties(t *testing.T) {
	for _, r := range []Range{
		{-4.123, 3.9}, {-1e-7, 3e-7}, {12345, 12399}, {-1e30, 1e30},
		{0.999, 1.001}, {-5.5, -5.4},
	} {
		for _, n := range []int{2, 3, 5, 8} {
			ticks := Ticks(r, n)
			if len(ticks) < 1 || len(ticks) > 3*n {
				t.Errorf("Ticks(%v, %d) gave %d values: %v", r, n, len(ticks), ticks)
				continue
			}
			for i, v := range ticks {
				if v < r.Min || v > r.Max {
					t.Errorf("Ticks(%v, %d): %v outside the range", r, n, v)
				}
				if i > 0 && v <= ticks[i-1] {
					t.Errorf("Ticks(%v, %d) not increasing: %v", r, n, ticks)
				}
				s := strconv.FormatFloat(v, 'e', -1, 64)
				digits := strings.TrimLeft(s[:strings.IndexByte(s, 'e')], "-")
				if len(strings.ReplaceAll(digits, ".", "")) > 6 {
					t.Errorf("Ticks(%v, %d): %v is not a round value", r, n, v)
				}
			}
		}
	}
}

// TestTicksFarFromZero covers a range so far from zero that adding one to
// the step counter no longer changes it; Ticks must still end.
func TestTicksFarFromZero(t *testing.T) {
	r := Range{1e17, 1e17 + 64}
	ticks := Ticks(r, 5)
	if len(ticks) == 0 || len(ticks) > 10 {
		t.Fatalf("Ticks(%v, 5) = %v", r, ticks)
	}
	for i, v := range ticks {
		if v < r.Min || v > r.Max || (i > 0 && v <= ticks[i-1]) {
			t.Fatalf("Ticks(%v, 5) = %v: outside the range or not increasing", r, ticks)
		}
	}
}

// TestTicksPositiveZero guards against a "-0" label: ceil(-0.4) is -0.
func TestTicksPositiveZero(t *testing.T) {
	ticks := Ticks(Range{-0.4, 0.6}, 2)
	if len(ticks) != 1 || ticks[0] != 0 || math.Signbit(ticks[0]) {
		t.Fatalf("Ticks = %v, want [+0]", ticks)
	}
}
