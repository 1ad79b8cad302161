package randn

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/gen5viewer/gen5view/internal/fixtures"
)

type torchCase struct {
	File  string    `json:"file"`
	Seed  uint64    `json:"seed"`
	Shape []int     `json:"shape"`
	DType string    `json:"dtype"`
	First []float64 `json:"first"`
}

func torchCases(t *testing.T) (dir string, cases []torchCase) {
	t.Helper()
	dir = filepath.Join(fixtures.Dir(t), "torch_randn")
	raw, err := os.ReadFile(filepath.Join(dir, "index.json"))
	if err != nil {
		t.Fatal(err)
	}
	var idx struct {
		Cases []torchCase `json:"cases"`
	}
	if err := json.Unmarshal(raw, &idx); err != nil {
		t.Fatal(err)
	}
	if len(idx.Cases) == 0 {
		t.Fatal("index.json lists no cases")
	}
	return dir, idx.Cases
}

// TestCPUMatchesTorch compares every fixture bit for bit: a single differing
// ulp would make the viewer claim a seed does not reproduce its noise.
func TestCPUMatchesTorch(t *testing.T) {
	dir, cases := torchCases(t)
	for _, c := range cases {
		t.Run(c.File, func(t *testing.T) {
			if c.DType != "float32" {
				t.Fatalf("unexpected dtype %q", c.DType)
			}
			shape, want, err := readNPY(filepath.Join(dir, c.File))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(shape, c.Shape) {
				t.Fatalf("npy shape %v, index says %v", shape, c.Shape)
			}
			got, err := CPU(c.Seed, c.Shape)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Fatalf("got %d elements, want %d", len(got), len(want))
			}
			bad, first := 0, -1
			for i := range want {
				if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
					if first < 0 {
						first = i
					}
					bad++
				}
			}
			if bad > 0 {
				t.Fatalf("%d of %d elements differ; first at %d: got %v (%#08x), want %v (%#08x)",
					bad, len(want), first, got[first], math.Float32bits(got[first]),
					want[first], math.Float32bits(want[first]))
			}
			for i, f := range c.First {
				if float64(want[i]) != f {
					t.Errorf("fixture element %d is %v, index.json says %v", i, want[i], f)
				}
			}
		})
	}
}

// TestCPUSeedLow32 checks that only the low 32 bits of the seed matter, as
// with torch.manual_seed.
func TestCPUSeedLow32(t *testing.T) {
	for _, shape := range [][]int{{5}, {17}, {1, 4, 8, 8}} {
		a, err := CPU(1<<32+5, shape)
		if err != nil {
			t.Fatal(err)
		}
		b, err := CPU(5, shape)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(a, b) {
			t.Errorf("shape %v: seed 2^32+5 differs from seed 5", shape)
		}
	}
}

func TestCPUShapes(t *testing.T) {
	for _, tc := range []struct {
		shape []int
		n     int
		ok    bool
	}{
		{nil, 1, true},
		{[]int{}, 1, true},
		{[]int{0}, 0, true},
		{[]int{3, 0, 5}, 0, true},
		{[]int{2, 3}, 6, true},
		{[]int{-1}, 0, false},
		{[]int{4, -2}, 0, false},
		{[]int{1 << 16, 1 << 16}, 0, false},
		{[]int{1 << 40, 1 << 40}, 0, false},
		{[]int{math.MaxInt, 2}, 0, false},
		{[]int{0, math.MaxInt, 2}, 0, true},
	} {
		got, err := CPU(0, tc.shape)
		if (err == nil) != tc.ok {
			t.Errorf("shape %v: err = %v, want ok=%v", tc.shape, err, tc.ok)
			continue
		}
		if err == nil && len(got) != tc.n {
			t.Errorf("shape %v: %d elements, want %d", tc.shape, len(got), tc.n)
		}
	}
}

func TestMT19937Reference(t *testing.T) {
	// The 10000th output of std::mt19937 default-seeded (5489), which the
	// C++ standard fixes.
	m := NewMT19937(5489)
	var v uint32
	for range 10000 {
		v = m.Uint32()
	}
	if v != 4123659995 {
		t.Fatalf("10000th draw = %d, want 4123659995", v)
	}
	// fill must continue the same stream as Uint32, across twists.
	a, b := NewMT19937(42), NewMT19937(42)
	buf := make([]uint32, 2000)
	a.fill(buf[:3])
	a.fill(buf[3:1500])
	a.fill(buf[1500:])
	for i, w := range buf {
		if g := b.Uint32(); g != w {
			t.Fatalf("draw %d: fill gave %d, Uint32 %d", i, w, g)
		}
	}
}
