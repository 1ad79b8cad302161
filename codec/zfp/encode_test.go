package zfp_test

import (
	"bytes"
	"encoding/binary"
	"math"
	"testing"

	"github.com/gen5viewer/gen5view/codec/zfp"
)

// Re-encoding each reversible fixture's array gives zfpy's stream byte for
// byte; only the padding differs (zero bits to a 64-bit word here, to a byte
// in the Debian build that wrote the fixtures).
func TestEncodeMatchesFixtures(t *testing.T) {
	for _, fs := range fixtureStreams(t) {
		if fs.lossy {
			continue
		}
		t.Run(fs.name, func(t *testing.T) {
			vals := make([]float32, len(fs.want)/4)
			for i := range vals {
				vals[i] = math.Float32frombits(binary.LittleEndian.Uint32(fs.want[4*i:]))
			}
			got, err := zfp.EncodeFloat32(vals, fs.shape)
			if err != nil {
				t.Fatal(err)
			}
			if len(got)%8 != 0 {
				t.Errorf("stream of %d bytes, not whole 64-bit words", len(got))
			}
			if len(got) < len(fs.stream) || !bytes.Equal(got[:len(fs.stream)], fs.stream) {
				n := 0
				for n < min(len(got), len(fs.stream)) && got[n] == fs.stream[n] {
					n++
				}
				t.Fatalf("stream differs from zfpy's at byte %d (ours %d bytes, zfpy's %d)", n, len(got), len(fs.stream))
			}
			if len(bytes.Trim(got[len(fs.stream):], "\x00")) != 0 {
				t.Fatalf("padding is not zero")
			}
		})
	}
}

// Arrays of every dimensionality with partial blocks on every axis, and the
// values that take each block path, come back bit for bit.
func TestEncodeRoundTrip(t *testing.T) {
	specials := []float32{0, float32(math.Copysign(0, -1)), 1e-45, -1e-40, math.MaxFloat32, -math.MaxFloat32,
		math.SmallestNonzeroFloat32, 1, -1, 0.1, 1e30, -1e-30, float32(math.Inf(1)), float32(math.NaN())}
	for _, shape := range [][]int{{1}, {5}, {3, 7}, {2, 3, 5}, {1, 4, 64, 64}, {3, 5, 7, 9}, {1, 1, 1, 1}} {
		n := 1
		for _, s := range shape {
			n *= s
		}
		vals := make([]float32, n)
		for i := range vals {
			vals[i] = float32(math.Sin(float64(i)*0.7)) * float32(i%13)
			if i%17 == 5 {
				vals[i] = specials[i%len(specials)]
			}
		}
		stream, err := zfp.EncodeFloat32(vals, shape)
		if err != nil {
			t.Fatalf("%v: %v", shape, err)
		}
		back, err := zfp.DecodeFloat32(stream, shape)
		if err != nil {
			t.Fatalf("%v: %v", shape, err)
		}
		for i := range vals {
			if math.Float32bits(back[i]) != math.Float32bits(vals[i]) {
				t.Fatalf("%v: element %d: %08x, want %08x", shape, i, math.Float32bits(back[i]), math.Float32bits(vals[i]))
			}
		}
	}
}

func TestEncodeRefusesShapes(t *testing.T) {
	for _, c := range []struct {
		shape []int
		n     int
	}{{nil, 1}, {[]int{1, 1, 1, 1, 1}, 1}, {[]int{1, 4097, 1, 1}, 4097}, {[]int{0}, 0}, {[]int{2, 2}, 5}, {[]int{70000, 1, 1}, 70000}} {
		if _, err := zfp.EncodeFloat32(make([]float32, c.n), c.shape); err == nil {
			t.Errorf("shape %v with %d values: no error", c.shape, c.n)
		}
	}
}

// EncodeFloat32IfSmaller gives up on noise, which zfp makes bigger, and
// otherwise returns EncodeFloat32's stream.
func TestEncodeIfSmaller(t *testing.T) {
	shape := []int{1, 4, 16, 16}
	noise := make([]float32, 1024)
	flat := make([]float32, 1024)
	x := uint32(7)
	for i := range noise {
		x = x*1664525 + 1013904223
		noise[i] = float32(int32(x)) / (1 << 31)
		flat[i] = 0.5
	}
	if s, err := zfp.EncodeFloat32IfSmaller(noise, shape, 4096); s != nil || err != nil {
		t.Errorf("noise: %d bytes, %v; want nil", len(s), err)
	}
	full, _ := zfp.EncodeFloat32(flat, shape)
	if s, err := zfp.EncodeFloat32IfSmaller(flat, shape, 4096); !bytes.Equal(s, full) || err != nil {
		t.Errorf("flat: %d bytes, %v; want EncodeFloat32's %d", len(s), err, len(full))
	}
	if s, _ := zfp.EncodeFloat32IfSmaller(flat, shape, len(full)); s != nil {
		t.Errorf("a stream of exactly the limit is not smaller")
	}
}
