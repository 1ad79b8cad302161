package codec

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"testing"
)

// safetensorsFile writes a one-tensor .safetensors file by hand: the
// header's length, the JSON header, then the little-endian data.
func safetensorsFile(name, dtype string, shape []int, data []byte) []byte {
	hdr := fmt.Sprintf(`{"__metadata__":{"format":"pt"},%q:{"dtype":%q,"shape":%s,"data_offsets":[0,%d]}}`,
		name, dtype, shapeJSON(shape), len(data))
	out := binary.LittleEndian.AppendUint64(nil, uint64(len(hdr)))
	return append(append(out, hdr...), data...)
}

func shapeJSON(shape []int) string {
	b := []byte{'['}
	for i, d := range shape {
		if i > 0 {
			b = append(b, ',')
		}
		b = fmt.Append(b, d)
	}
	return string(append(b, ']'))
}

func readSafetensorsBytes(t *testing.T, b []byte) (*Tensor, string) {
	t.Helper()
	tn, note, err := ReadSafetensors(bytes.NewReader(b), int64(len(b)), "")
	if err != nil {
		t.Fatal(err)
	}
	return tn, note
}

// bfloat16 is the high half of a float32: each value below is exact in it,
// so the conversion must give these floats bit for bit. A shift by the wrong
// amount, or the bytes of a pair swapped, gives other numbers.
func TestReadSafetensorsBFloat16(t *testing.T) {
	bits := []uint16{0x3f80, 0xc000, 0x4049, 0x7f7f, 0x0001, 0x8000, 0xbe80} // 1, -2, 3.140625, largest, smallest subnormal, -0, -0.25
	want := []float32{1, -2, 3.140625, math.Float32frombits(0x7f7f0000), math.Float32frombits(0x00010000), float32(math.Copysign(0, -1)), -0.25}
	data := encode(bits, 2, func(b []byte, v uint16) { binary.LittleEndian.PutUint16(b, v) })
	tn, note := readSafetensorsBytes(t, safetensorsFile("noise", "BF16", []int{7}, data))
	if got := tn.Float32(); tn.DType != Float32 || !slices.Equal(got, want) {
		t.Errorf("BF16: %s %v, want float32 %v", tn.DType, got, want)
	}
	if note != "bfloat16 converted to float32" {
		t.Errorf("note %q", note)
	}
}

// float64 is rounded to the nearest float32.
func TestReadSafetensorsFloat64(t *testing.T) {
	in := []float64{1.5, -0.1, 1.0 / 3, 1e-40, -65504, 3.4028234663852886e38}
	want := []float32{1.5, -0.1, 1.0 / 3, 1e-40, -65504, math.MaxFloat32}
	data := encode(in, 8, func(b []byte, v float64) { binary.LittleEndian.PutUint64(b, math.Float64bits(v)) })
	tn, note := readSafetensorsBytes(t, safetensorsFile("latent", "F64", []int{2, 3}, data))
	if got := tn.Float32(); tn.DType != Float32 || !slices.Equal(got, want) || !slices.Equal(tn.Shape, []int{2, 3}) {
		t.Errorf("F64: %s %v %v, want float32 [2 3] %v", tn.DType, tn.Shape, got, want)
	}
	if note != "float64 converted to float32" {
		t.Errorf("note %q", note)
	}
}

// F16 and F32 are kept as they are stored.
func TestReadSafetensorsKeepsF16AndF32(t *testing.T) {
	h := encode([]uint16{0x3c00, 0xc000, 0x3555}, 2, func(b []byte, v uint16) { binary.LittleEndian.PutUint16(b, v) })
	f := encode([]float32{1.5, -2.25, 1234.5678}, 4, func(b []byte, v float32) { binary.LittleEndian.PutUint32(b, math.Float32bits(v)) })
	for _, c := range []struct {
		dtype string
		data  []byte
		want  DType
	}{{"F16", h, Float16}, {"F32", f, Float32}} {
		tn, note := readSafetensorsBytes(t, safetensorsFile("x", c.dtype, []int{3}, c.data))
		if tn.DType != c.want || !bytes.Equal(tn.Raw, c.data) || note != "" {
			t.Errorf("%s: %s % x note %q, want %s % x as stored", c.dtype, tn.DType, tn.Raw, note, c.want, c.data)
		}
	}
}
