package randn

import "testing"

// TestSkipMatchesDrawing checks that skipping k words leaves the engine
// where drawing them does, across several twists and at odd offsets.
func TestSkipMatchesDrawing(t *testing.T) {
	for _, k := range []int{0, 1, 227, 623, 624, 625, 5000, 3*624 + 17} {
		a, b := NewMT19937(5489), NewMT19937(5489)
		a.Uint32() // start mid-block
		b.Uint32()
		for range k {
			a.Uint32()
		}
		b.Skip(k)
		for j := range 1300 {
			if x, y := a.Uint32(), b.Uint32(); x != y {
				t.Fatalf("skip %d: word %d after is %08x, drawing gives %08x", k, j, y, x)
			}
		}
	}
}

// TestTwistFastMatchesTwist compares the fast twist, with and without the
// AVX2 lanes, with the plain one over many blocks.
func TestTwistFastMatchesTwist(t *testing.T) {
	saved := haveAVX2
	defer func() { haveAVX2 = saved }()
	for _, avx := range []bool{false, saved} {
		haveAVX2 = avx
		a, b := NewMT19937(20251129), NewMT19937(20251129)
		for round := range 50 {
			a.twist()
			b.twistFast()
			if a.state != b.state {
				t.Fatalf("AVX2 %v: state differs after %d twists", avx, round+1)
			}
		}
	}
}
