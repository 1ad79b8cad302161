package codec

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

// npyFile writes a version 1.0 .npy file by hand, as numpy lays it out: the
// header dict padded with spaces to a multiple of 64 bytes, then the data.
func npyFile(descr string, fortran bool, shape []int, data []byte) []byte {
	dims := make([]string, len(shape))
	for i, d := range shape {
		dims[i] = fmt.Sprint(d)
	}
	tuple := "(" + strings.Join(dims, ", ")
	if len(shape) == 1 {
		tuple += ","
	}
	tuple += ")"
	order := "False"
	if fortran {
		order = "True"
	}
	hdr := fmt.Sprintf("{'descr': '%s', 'fortran_order': %s, 'shape': %s, }", descr, order, tuple)
	for (10+len(hdr)+1)%64 != 0 {
		hdr += " "
	}
	hdr += "\n"
	out := append([]byte(npyMagic+"\x01\x00"), binary.LittleEndian.AppendUint16(nil, uint16(len(hdr)))...)
	return append(append(out, hdr...), data...)
}

// encode writes values with the given element writer.
func encode[T any](values []T, size int, put func([]byte, T)) []byte {
	out := make([]byte, size*len(values))
	for i, v := range values {
		put(out[size*i:], v)
	}
	return out
}

func readNPYBytes(t *testing.T, b []byte) (*Tensor, string) {
	t.Helper()
	tn, note, err := ReadNPY(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	return tn, note
}

// Values whose float32 bytes differ in every position, so that a byte swap
// done wrongly, or not done, gives other numbers.
var npyValues = []float32{1.5, -2.25, 3.0e-3, 65504, -0.0, 1234.5678}

func TestReadNPYByteOrders(t *testing.T) {
	f32 := func(order binary.ByteOrder) []byte {
		return encode(npyValues, 4, func(b []byte, v float32) { order.PutUint32(b, math.Float32bits(v)) })
	}
	f64 := func(order binary.ByteOrder) []byte {
		return encode(npyValues, 8, func(b []byte, v float32) { order.PutUint64(b, math.Float64bits(float64(v))) })
	}
	for _, c := range []struct {
		descr string
		data  []byte
		dtype DType
		note  string
	}{
		{"<f4", f32(binary.LittleEndian), Float32, ""},
		{">f4", f32(binary.BigEndian), Float32, ""},
		{"<f8", f64(binary.LittleEndian), Float32, "float64 converted to float32"},
		{">f8", f64(binary.BigEndian), Float32, "float64 converted to float32"},
	} {
		tn, note := readNPYBytes(t, npyFile(c.descr, false, []int{2, 3}, c.data))
		if got := tn.Float32(); tn.DType != c.dtype || !slices.Equal(got, npyValues) || !slices.Equal(tn.Shape, []int{2, 3}) {
			t.Errorf("%s: %s %v %v, want %s %v [2 3]", c.descr, tn.DType, tn.Shape, got, c.dtype, npyValues)
		}
		if note != c.note {
			t.Errorf("%s: note %q, want %q", c.descr, note, c.note)
		}
	}
}

// float64 values that float32 cannot hold exactly are rounded to nearest, as
// numpy's astype(float32) does.
func TestReadNPYFloat64Rounds(t *testing.T) {
	in := []float64{0.1, -1.0 / 3, 1e-40, 3.4028234663852886e38, math.Inf(-1)}
	want := []float32{0.1, -1.0 / 3, 1e-40, math.MaxFloat32, float32(math.Inf(-1))}
	data := encode(in, 8, func(b []byte, v float64) { binary.BigEndian.PutUint64(b, math.Float64bits(v)) })
	tn, _ := readNPYBytes(t, npyFile(">f8", false, []int{5}, data))
	if got := tn.Float32(); !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// float16 stays float16, its bits unchanged once in little-endian order.
func TestReadNPYFloat16ByteOrders(t *testing.T) {
	bits := []uint16{0x3c00, 0xc000, 0x3555, 0x7bff, 0x0001, 0x8000} // 1, -2, 0.333, 65504, smallest subnormal, -0
	want := []float32{1, -2, 0.33325195, 65504, 5.9604645e-08, float32(math.Copysign(0, -1))}
	for _, order := range []binary.ByteOrder{binary.LittleEndian, binary.BigEndian} {
		descr := map[binary.ByteOrder]string{binary.LittleEndian: "<f2", binary.BigEndian: ">f2"}[order]
		data := encode(bits, 2, func(b []byte, v uint16) { order.PutUint16(b, v) })
		tn, note := readNPYBytes(t, npyFile(descr, false, []int{6}, data))
		if tn.DType != Float16 || note != "" {
			t.Errorf("%s: dtype %s, note %q; want float16 kept as it is", descr, tn.DType, note)
		}
		if want := encode(bits, 2, func(b []byte, v uint16) { binary.LittleEndian.PutUint16(b, v) }); !bytes.Equal(tn.Raw, want) {
			t.Errorf("%s: raw % x, want % x", descr, tn.Raw, want)
		}
		if got := tn.Float32(); !slices.Equal(got, want) {
			t.Errorf("%s: %v, want %v", descr, got, want)
		}
	}
}

// A Fortran-order (column-major) array is rearranged to C order: element
// (i, j, k) holds 100i+10j+k, stored at offset i + 2j + 6k as Fortran
// stores a 2×3×4 array.
func TestReadNPYFortranOrder(t *testing.T) {
	shape := []int{2, 3, 4}
	fortran := make([]float64, 24)
	var want []float32
	for i := range 2 {
		for j := range 3 {
			for k := range 4 {
				v := float64(100*i + 10*j + k)
				fortran[i+2*j+6*k] = v
				want = append(want, float32(v)) // C order: k varies fastest
			}
		}
	}
	f32 := encode(fortran, 4, func(b []byte, v float64) { binary.LittleEndian.PutUint32(b, math.Float32bits(float32(v))) })
	f64 := encode(fortran, 8, func(b []byte, v float64) { binary.BigEndian.PutUint64(b, math.Float64bits(v)) })
	for _, c := range []struct {
		descr string
		data  []byte
		note  string
	}{
		{"<f4", f32, "Fortran order rearranged to C order"},
		{">f8", f64, "float64 converted to float32; Fortran order rearranged to C order"},
	} {
		tn, note := readNPYBytes(t, npyFile(c.descr, true, shape, c.data))
		if got := tn.Float32(); !slices.Equal(got, want) || !slices.Equal(tn.Shape, shape) {
			t.Errorf("%s Fortran order: shape %v\n got %v\nwant %v", c.descr, tn.Shape, got, want)
		}
		if note != c.note {
			t.Errorf("%s: note %q, want %q", c.descr, note, c.note)
		}
	}
	// One dimension is the same in both orders, and says nothing.
	tn, note := readNPYBytes(t, npyFile("<f4", true, []int{4}, f32[:16]))
	if got := tn.Float32(); note != "" || !slices.Equal(got, []float32{0, 100, 10, 110}) {
		t.Errorf("1-D Fortran order: %v, note %q", got, note)
	}
}
