package codec

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/x448/float16"
)

// Tensor is an array of float16 or float32 elements: its shape, element type
// and raw little-endian element bytes in C (row-major) order, the layout a
// LATN payload has.
type Tensor struct {
	Shape []int
	DType DType
	Raw   []byte
}

// Len returns the number of elements.
func (t *Tensor) Len() int { return len(t.Raw) / t.DType.Size() }

// Float32 returns the elements widened to float32 (float16 exactly so).
func (t *Tensor) Float32() []float32 {
	out := make([]float32, t.Len())
	t.Float32Into(out, 0)
	return out
}

// Float32Into widens the elements from index from on into dst, as many as
// dst holds, so a caller can walk a large tensor a block at a time without
// a second copy of all of it.
func (t *Tensor) Float32Into(dst []float32, from int) {
	if t.DType == Float16 {
		raw := t.Raw[2*from:]
		for i := range dst {
			dst[i] = float16.Frombits(binary.LittleEndian.Uint16(raw[2*i:])).Float32()
		}
		return
	}
	raw := t.Raw[4*from:]
	for i := range dst {
		dst[i] = math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:]))
	}
}

// TensorFromFloat32 stores values of the given shape as dtype, rounding to
// the nearest float16 when asked for one.
func TensorFromFloat32(shape []int, values []float32, dtype DType) (*Tensor, error) {
	n, err := elementCount(shape)
	if err != nil {
		return nil, err
	}
	if n != int64(len(values)) {
		return nil, fmt.Errorf("shape %v holds %d elements, %d given", shape, n, len(values))
	}
	t := &Tensor{Shape: append([]int(nil), shape...), DType: dtype, Raw: make([]byte, len(values)*dtype.Size())}
	for i, v := range values {
		if dtype == Float16 {
			binary.LittleEndian.PutUint16(t.Raw[2*i:], float16.Fromfloat32(v).Bits())
		} else {
			binary.LittleEndian.PutUint32(t.Raw[4*i:], math.Float32bits(v))
		}
	}
	return t, nil
}

// ToFloat16 returns the tensor stored as float16 (itself when it already is).
func (t *Tensor) ToFloat16() *Tensor {
	if t.DType == Float16 {
		return t
	}
	out, _ := TensorFromFloat32(t.Shape, t.Float32(), Float16)
	return out
}

// CountNonFinite returns how many elements are NaN or infinite.
func (t *Tensor) CountNonFinite() int {
	n := 0
	for _, v := range t.Float32() {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			n++
		}
	}
	return n
}

// elementCount multiplies out a shape, refusing negative dimensions and
// products that overflow or exceed the chunk size limit.
func elementCount(shape []int) (int64, error) {
	if len(shape) > 32 {
		return 0, fmt.Errorf("shape has %d dimensions", len(shape))
	}
	n := int64(1)
	for _, d := range shape {
		if d < 0 {
			return 0, fmt.Errorf("shape %v has a negative dimension", shape)
		}
		if d != 0 && n > DefaultMaxChunkSize/int64(d) {
			return 0, fmt.Errorf("shape %v has too many elements", shape)
		}
		n *= int64(d)
	}
	return n, nil
}
