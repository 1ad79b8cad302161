package pngfilter

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
)

// Undo restores what Apply filtered, for every filter type and pixel size,
// row after row (each row is predicted from the one restored before it).
func TestUndoRestoresApply(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, bpp := range []int{1, 2, 3, 4, 8} {
		for f := byte(0); f < Types; f++ {
			w := 37 * bpp
			prev := make([]byte, w) // zeros above the first row
			restored := make([]byte, w)
			for y := 0; y < 6; y++ {
				cur := make([]byte, w)
				for i := range cur {
					// Smooth runs with jumps: every predictor wins somewhere.
					cur[i] = byte(i*3+y*5) + byte(rng.IntN(4))*byte(rng.IntN(2)*60)
				}
				out := make([]byte, w)
				Apply(f, out, cur, prev, bpp)
				copy(restored, out)
				if err := Undo(f, restored, prev, bpp); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(restored, cur) {
					t.Fatalf("bpp %d, filter %d, row %d: Undo(Apply(row)) differs from the row", bpp, f, y)
				}
				prev = cur
			}
		}
	}
}

// Apply's output for one small row, worked by hand from the specification.
func TestApplyByHand(t *testing.T) {
	prev := []byte{10, 20, 30, 40}
	cur := []byte{12, 25, 20, 50}
	want := map[byte][]byte{
		None:    {12, 25, 20, 50},
		Sub:     {12, 25, 20 - 12, 50 - 25},
		Up:      {2, 5, 246, 10},
		Average: {12 - 5, 25 - 10, 255, 50 - (25+40)/2}, // 20-(12+30)/2 wraps
		// Paeth with bpp 2: the first pixel predicts from above only
		// (left and upper-left are zero); byte 2: a=12 b=30 c=10, p=32,
		// nearest is b=30; byte 3: a=25 b=40 c=20, p=45, nearest b=40.
		Paeth: {12 - 10, 25 - 20, 246, 50 - 40}, // 20-30 wraps
	}
	for f := byte(0); f < Types; f++ {
		out := make([]byte, 4)
		Apply(f, out, cur, prev, 2)
		if !bytes.Equal(out, want[f]) {
			t.Errorf("filter %d: %v, want %v", f, out, want[f])
		}
	}
	// Ties go to left, then above: a=3 b=0 c=1 gives p=2, a and c both 1
	// away; a=0 b=3 c=1 gives p=2, b and c both 1 away.
	if predictPaeth(3, 0, 1) != 3 || predictPaeth(0, 3, 1) != 3 || predictPaeth(9, 5, 9) != 5 {
		t.Error("Paeth ties not broken as the specification says")
	}
}

func TestUndoRefusesUnknownType(t *testing.T) {
	if err := Undo(5, make([]byte, 4), make([]byte, 4), 4); err == nil || !strings.Contains(err.Error(), "filter type 5") {
		t.Errorf("filter type 5: %v", err)
	}
}
