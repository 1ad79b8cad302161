package heatmap

import (
	"math"
	"strings"
	"testing"
)

func seq(n int) []float32 {
	d := make([]float32, n)
	for i := range d {
		d[i] = float32(i)
	}
	return d
}

func TestFromShapeFolding(t *testing.T) {
	tests := []struct {
		name  string
		shape []int
		want  [4]int
	}{
		{"rank1 is one row", []int{6}, [4]int{1, 1, 1, 6}},
		{"rank2 is one image", []int{2, 3}, [4]int{1, 1, 2, 3}},
		{"rank3 is channels", []int{4, 2, 3}, [4]int{1, 4, 2, 3}},
		{"rank4 unchanged", []int{2, 4, 2, 3}, [4]int{2, 4, 2, 3}},
		{"rank5 folds into batch", []int{2, 3, 4, 2, 3}, [4]int{6, 4, 2, 3}},
		{"rank6 folds into batch", []int{2, 1, 3, 1, 2, 5}, [4]int{6, 1, 2, 5}},
		{"sd15", []int{1, 4, 64, 64}, [4]int{1, 4, 64, 64}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := 1
			for _, d := range tc.shape {
				n *= d
			}
			data := seq(n)
			got, err := FromShape(tc.shape, data)
			if err != nil {
				t.Fatalf("FromShape(%v): %v", tc.shape, err)
			}
			if got.Shape != tc.want {
				t.Fatalf("Shape = %v, want %v", got.Shape, tc.want)
			}
			if &got.Data[0] != &data[0] {
				t.Error("FromShape copied the data; it should share it")
			}
			// Folding must not reorder values: the last cell is still the
			// last value.
			s := got.Shape
			if v := got.At(s[0]-1, s[1]-1, s[2]-1, s[3]-1); v != float32(n-1) {
				t.Errorf("last cell = %v, want %v", v, n-1)
			}
		})
	}
}

func TestFromShapeErrors(t *testing.T) {
	huge := math.MaxInt/2 + 1
	tests := []struct {
		name  string
		shape []int
		n     int
		want  string
	}{
		{"size mismatch", []int{1, 4, 8, 8}, 255, "holds 256 values, but 255"},
		{"too many values", []int{2, 2}, 5, "holds 4 values, but 5"},
		{"empty shape", nil, 1, "no dimensions"},
		{"zero dimension", []int{1, 0, 8}, 0, "want a positive size"},
		{"negative dimension", []int{4, -2}, 8, "want a positive size"},
		// 2 * (MaxInt/2+1) wraps to MinInt; three such factors could wrap
		// to anything, including a plausible length.
		{"overflow", []int{huge, 2, 2}, 0, "more elements than an int"},
		{"overflow wrapping to zero", []int{1 << 32, 1 << 32}, 0, "more elements than an int"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := FromShape(tc.shape, seq(tc.n))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("FromShape(%v, %d values) error = %v, want one containing %q", tc.shape, tc.n, err, tc.want)
			}
		})
	}
}

func TestAtAndChannel(t *testing.T) {
	// 2 batches × 3 channels × 2 rows × 4 columns, value = index.
	tn, err := FromShape([]int{2, 3, 2, 4}, seq(48))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ b, c, y, x, want int }{
		{0, 0, 0, 0, 0},
		{0, 0, 1, 3, 7},
		{0, 2, 0, 1, 17},
		{1, 0, 0, 0, 24},
		{1, 2, 1, 3, 47},
	}
	for _, tc := range tests {
		if got := tn.At(tc.b, tc.c, tc.y, tc.x); got != float32(tc.want) {
			t.Errorf("At(%d,%d,%d,%d) = %v, want %d", tc.b, tc.c, tc.y, tc.x, got, tc.want)
		}
	}

	ch := tn.Channel(1, 1)
	if len(ch) != 8 || cap(ch) != 8 || ch[0] != 32 || ch[7] != 39 {
		t.Fatalf("Channel(1,1) = %v (cap %d), want 32..39 with cap 8", ch, cap(ch))
	}
	ch[0] = -1
	if tn.At(1, 1, 0, 0) != -1 {
		t.Error("Channel returned a copy; it should be a view")
	}
	if b := tn.Batch(1); len(b) != 24 || b[0] != 24 {
		t.Errorf("Batch(1) has %d values starting %v, want 24 starting 24", len(b), b[0])
	}
	if tn.Batches() != 2 || tn.Channels() != 3 || tn.Height() != 2 || tn.Width() != 4 {
		t.Errorf("dimension accessors disagree with Shape %v", tn.Shape)
	}
}

func TestAtPanicsOutOfRange(t *testing.T) {
	tn, _ := FromShape([]int{1, 2, 2, 2}, seq(8))
	for _, idx := range [][4]int{{1, 0, 0, 0}, {0, 2, 0, 0}, {0, 0, 2, 0}, {0, 0, 0, -1}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("At%v did not panic", idx)
				}
			}()
			tn.At(idx[0], idx[1], idx[2], idx[3])
		}()
	}
}
