package randn

import (
	"encoding/json"
	"math"
	"os"
	"strconv"
	"testing"
)

// nvSeed0 is RANDN.md's published output of A1111's NV generator for seed 0,
// one request of shape (3, 4), as printed by numpy (shortest float32 repr).
var nvSeed0 = []float32{
	-0.9246624, -0.42534396, -2.6438458, 0.14518388, -0.12086651, -0.5797257,
	-0.6228513, -0.32838714, -1.074542, -0.3631441, -1.6710504, 2.265505,
}

func TestNVPublishedSeed0(t *testing.T) {
	got, err := NV(0, []int{3, 4}, 0)
	if err != nil {
		t.Fatal(err)
	}
	for i, w := range nvSeed0 {
		if got[i] != w {
			t.Errorf("element %d: got %v, want %v", i, got[i], w)
		}
	}
}

// nvVectors are testdata/nv_vectors.json, written by testdata/nv_ref.py: the
// generator computed from RANDN.md's statement with the C library's log and
// sin, as float32 bit patterns.
type nvVectors struct {
	Cases []struct {
		Seed   uint64   `json:"seed"`
		Shape  []int    `json:"shape"`
		Offset uint32   `json:"offset"`
		Bits   []string `json:"bits"`
	} `json:"cases"`
}

func TestNVReferenceVectors(t *testing.T) {
	raw, err := os.ReadFile("testdata/nv_vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var v nvVectors
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	if len(v.Cases) < 5 {
		t.Fatalf("only %d cases in nv_vectors.json", len(v.Cases))
	}
	for _, c := range v.Cases {
		got, err := NV(c.Seed, c.Shape, c.Offset)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(c.Bits) {
			t.Fatalf("seed %d shape %v: %d values, the reference has %d", c.Seed, c.Shape, len(got), len(c.Bits))
		}
		ulps := 0
		for i, b := range c.Bits {
			want, err := strconv.ParseUint(b, 16, 32)
			if err != nil {
				t.Fatal(err)
			}
			if g := math.Float32bits(got[i]); g != uint32(want) {
				// Go's log and sin against the C library's could move a
				// value by one ulp (see NV); anything more is a bug.
				if d := int64(g) - int64(want); d == 1 || d == -1 {
					ulps++
					t.Logf("seed %d offset %d element %d: one ulp from the reference", c.Seed, c.Offset, i)
					continue
				}
				t.Errorf("seed %d shape %v offset %d element %d: got %08x (%v), want %08x (%v)",
					c.Seed, c.Shape, c.Offset, i, g, got[i], want, math.Float32frombits(uint32(want)))
			}
		}
		if ulps > 0 {
			t.Errorf("seed %d shape %v offset %d: %d values one ulp from the reference", c.Seed, c.Shape, c.Offset, ulps)
		}
	}
}

// TestNVParallelMatchesSerial checks that sharing a large request among
// goroutines gives every element the counter of its own index.
func TestNVParallelMatchesSerial(t *testing.T) {
	shape := []int{1, 4, 64, 64}
	got, err := NV(9, shape, 2)
	if err != nil {
		t.Fatal(err)
	}
	want := make([]float32, len(got))
	nvRange(want, [2]uint32{9, 0}, 2, 0)
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("element %d: parallel %v, serial %v", i, got[i], want[i])
		}
	}
}

// TestGeneratePerImage checks that picture i of a per-image batch is the
// generator's output for seed+i over one picture's shape, and that the
// whole-batch draw is not.
func TestGeneratePerImage(t *testing.T) {
	shape := []int{3, 4, 8, 8}
	for _, g := range []Generator{GeneratorCPU, GeneratorCUDA, GeneratorNV} {
		batch, err := Generate(g, 100, shape, true)
		if err != nil {
			t.Fatal(err)
		}
		whole, err := Generate(g, 100, shape, false)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 3 {
			pic, err := Generate(g, 100+uint64(i), shape[1:], false)
			if err != nil {
				t.Fatal(err)
			}
			for j, v := range pic {
				if batch[i*256+j] != v {
					t.Fatalf("%s picture %d element %d: %v, want %v", g, i, j, batch[i*256+j], v)
				}
			}
		}
		if whole[300] == batch[300] {
			t.Errorf("%s: the whole-batch draw equals the per-image one at element 300", g)
		}
	}
	if _, err := ParseGenerator("gpu"); err == nil {
		t.Error("ParseGenerator accepts gpu")
	}
}
