package zfp_test

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/gen5viewer/gen5view/codec/zfp"
)

// zfpyScript compresses each case's array with zfpy in the case's mode and
// writes the stream and zfpy's decoding of it; for reversible cases it also
// decodes the stream this package wrote.
const zfpyScript = `
import json, sys, numpy as np, zfpy
d = sys.argv[1]
for c in json.load(open(d + "/cases.json")):
    a = np.fromfile(d + "/" + c["name"] + ".in", dtype=c["dtype"]).reshape(c["shape"])
    s = zfpy.compress_numpy(a, **c["args"])
    open(d + "/" + c["name"] + ".zfpy", "wb").write(s)
    zfpy.decompress_numpy(s).astype(c["dtype"]).tofile(d + "/" + c["name"] + ".zfpy.out")
    if c["ours"]:
        ours = open(d + "/" + c["name"] + ".ours", "rb").read()
        zfpy.decompress_numpy(ours).astype(c["dtype"]).tofile(d + "/" + c["name"] + ".ours.out")
`

// zfpyPython finds a Python that has zfpy (Debian's python3-zfpy), or skips.
func zfpyPython(t *testing.T) string {
	for _, py := range []string{"/usr/bin/python3", "python3"} {
		if exec.Command(py, "-c", "import zfpy, numpy").Run() == nil {
			return py
		}
	}
	t.Skip("no python3 with zfpy and numpy (Debian: python3-zfpy python3-numpy): the cross-check against zfp's own library is skipped")
	return ""
}

type zfpyCase struct {
	Name  string         `json:"name"`
	DType string         `json:"dtype"`
	Shape []int          `json:"shape"`
	Args  map[string]any `json:"args"`
	Ours  bool           `json:"ours"`
	raw   []byte
}

// testValues makes n values of the type: noise at several scales, with
// zeros, −0, subnormals, huge and tiny values in some blocks for floats.
func testValues(dtype string, n int, rng *rand.Rand) []byte {
	var b bytes.Buffer
	for i := range n {
		g := rng.NormFloat64()
		switch dtype {
		case "float32", "float64":
			v := g * math.Pow(10, float64(i/97%5-2))
			switch i % 211 {
			case 3, 4, 5:
				v = 0
			case 7:
				v = math.Copysign(0, -1)
			case 11:
				v = 1e-40 * g // a float32 subnormal
			case 13:
				v = 3e35 * g
			}
			if dtype == "float32" {
				binary.Write(&b, binary.LittleEndian, float32(v))
			} else {
				binary.Write(&b, binary.LittleEndian, v)
			}
		case "int32":
			binary.Write(&b, binary.LittleEndian, int32(g*float64(int(1)<<(i%20+4))))
		case "int64":
			binary.Write(&b, binary.LittleEndian, int64(g*float64(int64(1)<<(i%40+4))))
		}
	}
	return b.Bytes()
}

// Streams zfp's own library wrote, in every mode, type and dimensionality,
// decode here to exactly what zfpy decodes them to; reversible streams this
// package writes are byte for byte zfpy's (up to word padding) and zfpy
// decodes them to the original bits.
func TestAgainstZfpy(t *testing.T) {
	py := zfpyPython(t)
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(1, 2))
	shapes := [][]int{{37}, {4}, {5, 9}, {8, 8}, {3, 5, 7}, {4, 4, 4}, {3, 5, 7, 9}, {1, 4, 8, 8}, {2, 1, 6, 5}}
	var cases []zfpyCase
	for _, dtype := range []string{"float32", "float64", "int32", "int64"} {
		modes := []map[string]any{{}, {"rate": 8}, {"rate": 3.5}, {"precision": 12}, {"precision": 40}}
		if dtype[0] == 'f' {
			modes = append(modes, map[string]any{"tolerance": 1e-2}, map[string]any{"tolerance": 1e-7})
		}
		for _, shape := range shapes {
			n := 1
			for _, s := range shape {
				n *= s
			}
			raw := testValues(dtype, n, rng)
			for m, args := range modes {
				c := zfpyCase{Name: fmt.Sprintf("%s_%v_%d", dtype, shape, m), DType: dtype, Shape: shape, Args: args, Ours: len(args) == 0, raw: raw}
				cases = append(cases, c)
				if err := os.WriteFile(filepath.Join(dir, c.Name+".in"), raw, 0o644); err != nil {
					t.Fatal(err)
				}
				if c.Ours {
					ours, err := encodeRaw(dtype, raw, shape)
					if err != nil {
						t.Fatalf("%s: %v", c.Name, err)
					}
					os.WriteFile(filepath.Join(dir, c.Name+".ours"), ours, 0o644)
				}
			}
		}
	}
	js, _ := json.Marshal(cases)
	os.WriteFile(filepath.Join(dir, "cases.json"), js, 0o644)
	if out, err := exec.Command(py, "-c", zfpyScript, dir).CombinedOutput(); err != nil {
		t.Fatalf("zfpy: %v\n%s", err, out)
	}
	for _, c := range cases {
		read := func(ext string) []byte {
			b, err := os.ReadFile(filepath.Join(dir, c.Name+ext))
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
		stream, want := read(".zfpy"), read(".zfpy.out")
		got, err := decodeRaw(c.DType, stream, c.Shape)
		if err != nil {
			t.Errorf("%s %v: %v", c.Name, c.Args, err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s %v: decoded differently from zfpy", c.Name, c.Args)
		}
		if !c.Ours {
			continue
		}
		ours := read(".ours")
		if len(ours) < len(stream) || !bytes.Equal(ours[:len(stream)], stream) || len(bytes.Trim(ours[len(stream):], "\x00")) != 0 {
			t.Errorf("%s: our reversible stream (%d bytes) differs from zfpy's (%d bytes)", c.Name, len(ours), len(stream))
		}
		if !bytes.Equal(read(".ours.out"), c.raw) {
			t.Errorf("%s: zfpy does not decode our stream to the original values", c.Name)
		}
	}
}

func encodeRaw(dtype string, raw []byte, shape []int) ([]byte, error) {
	switch dtype {
	case "float32":
		v := make([]float32, len(raw)/4)
		binary.Read(bytes.NewReader(raw), binary.LittleEndian, v)
		return zfp.EncodeFloat32(v, shape)
	case "float64":
		v := make([]float64, len(raw)/8)
		binary.Read(bytes.NewReader(raw), binary.LittleEndian, v)
		return zfp.EncodeFloat64(v, shape)
	case "int32":
		v := make([]int32, len(raw)/4)
		binary.Read(bytes.NewReader(raw), binary.LittleEndian, v)
		return zfp.EncodeInt32(v, shape)
	default:
		v := make([]int64, len(raw)/8)
		binary.Read(bytes.NewReader(raw), binary.LittleEndian, v)
		return zfp.EncodeInt64(v, shape)
	}
}

func decodeRaw(dtype string, stream []byte, shape []int) ([]byte, error) {
	var v any
	var err error
	switch dtype {
	case "float32":
		v, err = zfp.DecodeFloat32(stream, shape)
	case "float64":
		v, err = zfp.DecodeFloat64(stream, shape)
	case "int32":
		v, err = zfp.DecodeInt32(stream, shape)
	default:
		v, err = zfp.DecodeInt64(stream, shape)
	}
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	binary.Write(&b, binary.LittleEndian, v)
	return b.Bytes(), nil
}
