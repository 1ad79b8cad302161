package zfp

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// ErrTruncated is wrapped by the error for a stream that ends inside a block.
var ErrTruncated = errors.New("zfp stream truncated")

// DecodeFloat32 decodes a stream of float32 values that must have the given
// shape (C order, slowest axis first, as NumPy and zfpy give it).
func DecodeFloat32(stream []byte, shape []int) ([]float32, error) {
	return decode(stream, shape, Float32, decodeFloatBlock[float32, int32, uint32])
}

// DecodeFloat64 is DecodeFloat32 for float64 streams.
func DecodeFloat64(stream []byte, shape []int) ([]float64, error) {
	return decode(stream, shape, Float64, decodeFloatBlock[float64, int64, uint64])
}

// DecodeInt32 is DecodeFloat32 for int32 streams.
func DecodeInt32(stream []byte, shape []int) ([]int32, error) {
	return decode(stream, shape, Int32, decodeIntBlock[int32, uint32])
}

// DecodeInt64 is DecodeFloat32 for int64 streams.
func DecodeInt64(stream []byte, shape []int) ([]int64, error) {
	return decode(stream, shape, Int64, decodeIntBlock[int64, uint64])
}

// CheckHeader reads a stream's header and checks it against the scalar type
// and shape the caller expects, and that the stream is long enough to hold
// that many blocks, before anything is allocated for the values.
func CheckHeader(stream []byte, t Type, shape []int) (Header, error) {
	h, err := ReadHeader(stream)
	if err != nil {
		return h, err
	}
	if h.Type != t {
		return h, fmt.Errorf("zfp stream holds %s values, %s expected", h.Type, t)
	}
	if !slices.Equal(h.Shape(), shape) {
		return h, fmt.Errorf("zfp stream holds an array of shape %v, %v expected", h.Shape(), shape)
	}
	// Every block takes at least one bit (MinBits of them in fixed-rate
	// mode), so a short stream cannot claim many blocks.
	need := uint64(h.Bits) + h.blocks()*uint64(h.MinBits)
	if need > uint64(len(stream))*8 {
		return h, fmt.Errorf("%w: %d blocks need at least %d bytes, the stream has %d", ErrTruncated, h.blocks(), (need+7)/8, len(stream))
	}
	return h, nil
}

// blocks is the number of blocks the array is cut into.
func (h Header) blocks() uint64 {
	n := uint64(1)
	for _, s := range h.Shape() {
		n *= uint64((s + 3) / 4)
	}
	return n
}

// decode checks the header, then decodes block after block, keeping the
// values of partial blocks that lie inside the array.
func decode[T any](stream []byte, shape []int, t Type, newBlock func(h *Header) func(r *bitReader, out []T)) ([]T, error) {
	h, err := CheckHeader(stream, t, shape)
	if err != nil {
		return nil, err
	}
	dst := make([]T, h.Count())
	r := newBitReader(stream)
	r.skip(uint64(h.Bits))
	block := newBlock(&h)
	var out [256]T
	nx, ny, nz, nw := max(h.NX, 1), max(h.NY, 1), max(h.NZ, 1), max(h.NW, 1)
	index := uint64(0)
	for bw := 0; bw < nw; bw += 4 {
		for bz := 0; bz < nz; bz += 4 {
			for by := 0; by < ny; by += 4 {
				for bx := 0; bx < nx; bx += 4 {
					block(r, out[:])
					if r.overrun() {
						return nil, fmt.Errorf("%w: it ends inside block %d of %d", ErrTruncated, index+1, h.blocks())
					}
					index++
					mx, my, mz, mw := min(4, nx-bx), min(4, ny-by), min(4, nz-bz), min(4, nw-bw)
					for w := 0; w < mw; w++ {
						for z := 0; z < mz; z++ {
							for y := 0; y < my; y++ {
								src := out[64*w+16*z+4*y:][:mx]
								copy(dst[(((bw+w)*nz+bz+z)*ny+by+y)*nx+bx:], src)
							}
						}
					}
				}
			}
		}
	}
	return dst, nil
}

// decodeIntBlock returns the block decoder of an integer stream: the
// integer coder alone.
func decodeIntBlock[I signed, U word](h *Header) func(r *bitReader, out []I) {
	b := newIntBlock[I, U](h.Dims)
	p := h.Params
	return func(r *bitReader, out []I) {
		if p.Reversible() {
			b.decodeReversible(r, p.MinBits, p.MaxBits)
		} else {
			b.decodeLossy(r, p.MinBits, p.MaxBits, p.MaxPrec)
		}
		copy(out, b.q[:b.size])
	}
}

// decodeFloatBlock returns the block decoder of a floating-point stream
// (zfp's decode_block and rev_decode_block for float and double). Bit
// counts are unsigned 32-bit as in zfp, wrapping included, so that odd
// expert modes decode as zfp decodes them.
func decodeFloatBlock[F float32 | float64, I signed, U word](h *Header) func(r *bitReader, out []F) {
	b := newIntBlock[I, U](h.Dims)
	p := h.Params
	dims := h.Dims
	intprec := int(b.intPrec())
	ebits, ebias := uint32(8), 127 // the exponent field of a float32 block
	if intprec == 64 {
		ebits, ebias = 11, 1023
	}
	zero := func(r *bitReader, out []F, n uint32) {
		clear(out[:b.size])
		if p.MinBits > n {
			r.skip(uint64(p.MinBits - n))
		}
	}
	if p.Reversible() {
		return func(r *bitReader, out []F) {
			if r.bit() == 0 {
				zero(r, out, 1)
				return
			}
			n := uint32(2)
			if r.bit() != 0 {
				// The values' bit patterns were coded as integers.
				b.decodeReversible(r, p.MinBits-min(n, p.MinBits), p.MaxBits-n)
				fromBits(b.q[:b.size], out)
				return
			}
			n += ebits
			emax := int(r.read(uint(ebits))) - ebias
			b.decodeReversible(r, p.MinBits-min(n, p.MinBits), p.MaxBits-n)
			if emax == -ebias {
				clear(out[:b.size])
				return
			}
			dequantize(b.q[:b.size], out, emax, intprec)
		}
	}
	return func(r *bitReader, out []F) {
		if r.bit() == 0 {
			zero(r, out, 1)
			return
		}
		n := 1 + ebits
		emax := int(r.read(uint(ebits))) - ebias
		maxprec := precision(emax, p.MaxPrec, p.MinExp, dims)
		b.decodeLossy(r, p.MinBits-min(n, p.MinBits), p.MaxBits-n, maxprec)
		dequantize(b.q[:b.size], out, emax, intprec)
	}
}

// precision is the number of bit planes a lossy block codes: maxprec, or
// fewer where planes fall below 2^minexp, less 2·dims+2 guard planes.
func precision(emax int, maxprec uint32, minexp int32, dims int) uint32 {
	p := int64(emax) - int64(minexp) + int64(2*dims+2)
	return uint32(min(int64(maxprec), max(0, p)))
}

// dequantize is zfp's inv_cast: each integer, rounded to the float type,
// times 2^(emax−(intprec−2)), the power of two rounded to the float type
// first (it is 0 for the smallest exponents, as in C).
func dequantize[F float32 | float64, I signed](q []I, out []F, emax, intprec int) {
	s := F(math.Ldexp(1, emax-(intprec-2)))
	for i, v := range q {
		out[i] = F(v) * s
	}
}

// fromBits takes integers from the reversible coder as the bit patterns of
// floats: sign and magnitude, the negative ones stored as two's complement
// of the magnitude bits (x XOR 0x7fff…).
func fromBits[F float32 | float64, I signed](q []I, out []F) {
	switch o := any(out).(type) {
	case []float32:
		for i, v := range q {
			x := int32(v)
			if x < 0 {
				x ^= math.MaxInt32
			}
			o[i] = math.Float32frombits(uint32(x))
		}
	case []float64:
		for i, v := range q {
			x := int64(v)
			if x < 0 {
				x ^= math.MaxInt64
			}
			o[i] = math.Float64frombits(uint64(x))
		}
	}
}
