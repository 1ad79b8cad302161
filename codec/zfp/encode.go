package zfp

import (
	"fmt"
	"math"
)

// EncodeFloat32 compresses values, an array of the given shape (C order,
// slowest axis first, 1 to 4 axes), in zfp's reversible mode with the full
// header, as zfpy.compress_numpy(values) does without a tolerance, rate or
// precision. The bytes are zfp 1.0's own, padded with zero bits to a whole
// 64-bit word as zfp's default build pads them.
func EncodeFloat32(values []float32, shape []int) ([]byte, error) {
	return encode(values, shape, Float32, encodeFloatBlock[float32, int32, uint32])
}

// EncodeFloat32IfSmaller is EncodeFloat32, but gives up and returns nil as
// soon as the stream reaches limit bytes, for a writer that stores whichever
// is smaller: noise costs more as a zfp stream than raw, and this finds out
// after a fraction of the work.
func EncodeFloat32IfSmaller(values []float32, shape []int, limit int) ([]byte, error) {
	return encodeWithin(values, shape, Float32, encodeFloatBlock[float32, int32, uint32], limit)
}

// EncodeFloat64 is EncodeFloat32 for float64 values.
func EncodeFloat64(values []float64, shape []int) ([]byte, error) {
	return encode(values, shape, Float64, encodeFloatBlock[float64, int64, uint64])
}

// EncodeInt32 is EncodeFloat32 for int32 values.
func EncodeInt32(values []int32, shape []int) ([]byte, error) {
	return encode(values, shape, Int32, encodeIntBlock[int32, uint32])
}

// EncodeInt64 is EncodeFloat32 for int64 values.
func EncodeInt64(values []int64, shape []int) ([]byte, error) {
	return encode(values, shape, Int64, encodeIntBlock[int64, uint64])
}

// maxAxis is the longest axis zfp's header can state, by dimensionality:
// the 52 bits of metadata hold one 32-bit size (in a 48-bit field), two of
// 24 bits, three of 16 or four of 12.
var maxAxis = [...]int{0, 1 << 32, 1 << 24, 1 << 16, 1 << 12}

// CheckShape reports whether a zfp stream can hold an array of this shape
// and count values.
func CheckShape(shape []int, count int) error {
	if len(shape) < 1 || len(shape) > 4 {
		return fmt.Errorf("zfp holds arrays of 1 to 4 dimensions, not %d", len(shape))
	}
	n := 1
	for _, s := range shape {
		if s < 1 || s > maxAxis[len(shape)] {
			return fmt.Errorf("zfp cannot hold a %dD array with an axis of %d (at most %d)", len(shape), s, maxAxis[len(shape)])
		}
		if n > math.MaxInt/s {
			return fmt.Errorf("shape %v is too large", shape)
		}
		n *= s
	}
	if n != count {
		return fmt.Errorf("shape %v holds %d values, %d given", shape, n, count)
	}
	return nil
}

// encode writes the header and then every block, in the decoder's order.
func encode[T any](values []T, shape []int, t Type, newBlock func(dims int) func(w *bitWriter, in []T)) ([]byte, error) {
	return encodeWithin(values, shape, t, newBlock, math.MaxInt)
}

// encodeWithin is encode, giving up (nil, nil) once the stream reaches
// limit bytes.
func encodeWithin[T any](values []T, shape []int, t Type, newBlock func(dims int) func(w *bitWriter, in []T), limit int) ([]byte, error) {
	if err := CheckShape(shape, len(values)); err != nil {
		return nil, err
	}
	dims := len(shape)
	n := [4]int{1, 1, 1, 1} // nx, ny, nz, nw
	for a := range dims {
		n[a] = shape[dims-1-a]
	}
	nx, ny, nz, nw := n[0], n[1], n[2], n[3]
	// Noise costs a little more than the raw size of the blocks, padding
	// included: a batch-1 4D latent's blocks hold four times its values.
	blocks := ((nx + 3) / 4) * ((ny + 3) / 4) * ((nz + 3) / 4) * ((nw + 3) / 4)
	estimate := blocks<<(2*dims)*t.Size()*17/16 + 64
	if limit < estimate {
		estimate = limit + 64 // a stream that gets there is given up
	}
	w := &bitWriter{out: make([]byte, 0, estimate)}
	w.header(t, shape)
	block := newBlock(dims)
	var in [256]T
	for bw := 0; bw < nw; bw += 4 {
		for bz := 0; bz < nz; bz += 4 {
			for by := 0; by < ny; by += 4 {
				for bx := 0; bx < nx; bx += 4 {
					m := [4]int{min(4, nx-bx), min(4, ny-by), min(4, nz-bz), min(4, nw-bw)}
					for w := 0; w < m[3]; w++ {
						for z := 0; z < m[2]; z++ {
							for y := 0; y < m[1]; y++ {
								at := (((bw+w)*nz+bz+z)*ny+by+y)*nx + bx
								copy(in[64*w+16*z+4*y:], values[at:at+m[0]])
							}
						}
					}
					if m != [4]int{4, 4, 4, 4} {
						padBlock(in[:], dims, m)
					}
					block(w, in[:])
					if len(w.out) >= limit {
						return nil, nil
					}
				}
			}
		}
	}
	if out := w.flush(); len(out) < limit {
		return out, nil
	}
	return nil, nil
}

// padBlock fills the positions of a partial block that lie outside the
// array as zfp does, so that its output is matched bit for bit: along x in
// each row that has values, then along y, z and w, each 4-vector with m
// leading values (a, b, c) becoming (a, a, a, a), (a, b, b, a) or
// (a, b, c, a).
func padBlock[T any](in []T, dims int, m [4]int) {
	ext := [4]int{1, 1, 1, 1} // the block's extent along each axis
	for a := range dims {
		ext[a] = 4
	}
	// Axis a is padded for every position whose coordinates below a span
	// the whole block and above a lie inside the array.
	for a := range dims {
		lim := ext
		for b := a + 1; b < 4; b++ {
			lim[b] = m[b]
		}
		lim[a] = 1
		s := 1 << (2 * a)
		for w := 0; w < lim[3]; w++ {
			for z := 0; z < lim[2]; z++ {
				for y := 0; y < lim[1]; y++ {
					for x := 0; x < lim[0]; x++ {
						p := in[x+4*y+16*z+64*w:]
						switch m[a] {
						case 1:
							p[s] = p[0]
							p[2*s] = p[0]
							p[3*s] = p[0]
						case 2:
							p[2*s] = p[s]
							p[3*s] = p[0]
						case 3:
							p[3*s] = p[0]
						}
					}
				}
			}
		}
	}
}

// encodeIntBlock returns the block encoder of an integer array.
func encodeIntBlock[I signed, U word](dims int) func(w *bitWriter, in []I) {
	b := newIntBlock[I, U](dims)
	return func(w *bitWriter, in []I) {
		copy(b.q[:], in[:b.size])
		b.encodeReversible(w)
	}
}

// encodeFloatBlock returns the reversible block encoder of a float array
// (zfp's rev_encode_block): a block that block-floating-point conversion
// gives back bit for bit is coded so, with its exponent; any other (−0,
// subnormals, values too far apart) has its bit patterns coded as integers.
func encodeFloatBlock[F float32 | float64, I signed, U word](dims int) func(w *bitWriter, in []F) {
	b := newIntBlock[I, U](dims)
	intprec := int(b.intPrec())
	ebits, ebias, maxExp := uint(8), 127, 127
	if intprec == 64 {
		ebits, ebias, maxExp = 11, 1023, 1023
	}
	return func(w *bitWriter, in []F) {
		vals := in[:b.size]
		emax := blockExponent(vals, ebias)
		q := b.q[:b.size]
		if emax == -ebias {
			allZero := true
			for _, v := range vals {
				allZero = allZero && v == 0 && !math.Signbit(float64(v))
			}
			if allZero {
				w.bit(0)
				return
			}
		} else if intprec-2-emax <= maxExp && quantizeExact(vals, q, emax, intprec) {
			w.write(1, 2) // non-zero, block-floating-point
			w.write(uint64(emax+ebias), ebits)
			b.encodeReversible(w)
			return
		}
		w.write(3, 2) // non-zero, bit patterns
		toBits(vals, q)
		b.encodeReversible(w)
	}
}

// blockExponent is the exponent e of the block's largest magnitude m =
// r·2^e, 0.5 ≤ r < 1, raised to the smallest normal exponent, or −ebias
// when every value is ±0 (NaNs are passed over, as zfp's comparison does).
func blockExponent[F float32 | float64](vals []F, ebias int) int {
	var m F
	for _, v := range vals {
		if a := F(math.Abs(float64(v))); m < a {
			m = a
		}
	}
	if m > 0 {
		_, e := math.Frexp(float64(m))
		return max(e, 1-ebias)
	}
	return -ebias
}

// quantizeExact converts the block to integers relative to 2^emax (zfp's
// fwd_cast) and reports whether dequantizing gives every value back bit
// for bit.
func quantizeExact[F float32 | float64, I signed](vals []F, q []I, emax, intprec int) bool {
	s := F(math.Ldexp(1, intprec-2-emax))
	for i, v := range vals {
		q[i] = I(v * s)
	}
	back := F(math.Ldexp(1, emax-(intprec-2)))
	for i, v := range vals {
		g := F(q[i]) * back
		if g != v || math.Signbit(float64(g)) != math.Signbit(float64(v)) || v != v {
			return false
		}
	}
	return true
}

// toBits is the reverse of fromBits.
func toBits[F float32 | float64, I signed](vals []F, q []I) {
	switch v := any(vals).(type) {
	case []float32:
		for i, f := range v {
			x := int32(math.Float32bits(f))
			if x < 0 {
				x ^= math.MaxInt32
			}
			q[i] = I(x)
		}
	case []float64:
		for i, f := range v {
			x := int64(math.Float64bits(f))
			if x < 0 {
				x ^= math.MaxInt64
			}
			q[i] = I(x)
		}
	}
}
