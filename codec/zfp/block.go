package zfp

import "math/bits"

// The integer half of zfp, shared by every scalar type: a block of 4^d
// signed integers goes through a decorrelating transform, a reordering and
// negabinary conversion to unsigned coefficients, and an embedded bit-plane
// coder. int32 and float32 blocks use 32-bit words, int64 and float64 blocks
// 64-bit ones; arithmetic wraps as zfp's does in C.

type word interface{ uint32 | uint64 }

type signed interface{ int32 | int64 }

// intBlock holds one block while it is coded.
type intBlock[I signed, U word] struct {
	dims int
	size int // 4^dims
	perm []uint8
	// lines[a] lists the first index of every 4-vector along axis a.
	lines [4][]uint8
	u     [256]U // coefficients in coded order
	q     [256]I // values in block order
}

func newIntBlock[I signed, U word](dims int) *intBlock[I, U] {
	b := &intBlock[I, U]{dims: dims, size: 1 << (2 * dims)}
	b.perm = [][]uint8{nil, perm1[:], perm2[:], perm3[:], perm4[:]}[dims]
	for a := 0; a < dims; a++ {
		stride := 1 << (2 * a)
		for i := 0; i < b.size; i++ {
			if i/stride%4 == 0 {
				b.lines[a] = append(b.lines[a], uint8(i))
			}
		}
	}
	return b
}

// intPrec is the number of bits in a coefficient: 32 or 64.
func (b *intBlock[I, U]) intPrec() uint { return uint(bits.Len64(uint64(^U(0)))) }

// pBits is the width of the precision field of a reversible block.
func (b *intBlock[I, U]) pBits() uint {
	if b.intPrec() == 32 {
		return 5
	}
	return 6
}

// nbMask converts between two's complement and negabinary: 0xaaaa….
func nbMask[U word]() U { return ^U(0) / 3 * 2 }

// decodePlanes reads the bit planes of b.u from the most significant down,
// at most maxprec planes and at most maxbits bits, and returns the bits read
// (zfp's decode_ints: a group test bit says whether any further coefficient
// becomes significant in this plane, then a unary scan says which).
func (b *intBlock[I, U]) decodePlanes(r *bitReader, maxbits, maxprec uint32) uint32 {
	u := b.u[:b.size]
	clear(u)
	intprec := uint32(b.intPrec())
	kmin := uint32(0)
	if intprec > maxprec {
		kmin = intprec - maxprec
	}
	size := uint32(b.size)
	left := maxbits
	n := uint32(0) // coefficients known to be significant
	for k := intprec; left > 0 && k > kmin; {
		k--
		bit := U(1) << k
		// The first n coefficients send their bit k as it is.
		m := min(n, left)
		left -= m
		for i := uint32(0); i < m; i += 64 {
			x := r.read(uint(min(64, m-i)))
			for x != 0 {
				u[i+uint32(bits.TrailingZeros64(x))] |= bit
				x &= x - 1
			}
		}
		// The rest: group tests and unary runs.
		for left > 0 && n < size {
			left--
			if r.bit() == 0 {
				break
			}
			for left > 0 && n < size-1 {
				left--
				if r.bit() != 0 {
					break
				}
				n++
			}
			u[n] |= bit
			n++
		}
	}
	return maxbits - left
}

// encodePlanes writes every bit plane of b.u from the most significant down
// to plane intprec−prec, zfp's encode_ints without a bit budget (reversible
// blocks never reach it). The block is first turned into its bit planes,
// 256 bits in four words each, so that a plane's first n bits go out a word
// at a time and each unary run is found with one trailing-zero count.
func (b *intBlock[I, U]) encodePlanes(w *bitWriter, prec uint) {
	var planes [64][4]uint64
	for j, v := range b.u[:b.size] {
		for x := uint64(v); x != 0; x &= x - 1 {
			planes[bits.TrailingZeros64(x)][j>>6] |= 1 << (j & 63)
		}
	}
	intprec := b.intPrec()
	size := b.size
	n := 0 // coefficients known to be significant
	for k := intprec; k > intprec-prec; {
		k--
		p := &planes[k]
		for i := 0; i < n; i += 64 {
			w.write(p[i>>6], uint(min(64, n-i)))
		}
		for n < size {
			next := nextSet(p, n, size)
			if next == size {
				w.bit(0) // no further coefficient becomes significant
				break
			}
			w.bit(1)
			for z := next - n; z > 0; z -= min(z, 64) {
				w.write(0, uint(min(z, 64)))
			}
			if next < size-1 {
				w.bit(1) // the last coefficient's one is implied
			}
			n = next + 1
		}
	}
}

// nextSet returns the first position from n on whose bit is set in the
// plane, or size when there is none.
func nextSet(p *[4]uint64, n, size int) int {
	for i := n >> 6; i<<6 < size; i++ {
		word := p[i]
		if i == n>>6 {
			word &^= 1<<(n&63) - 1
		}
		if word != 0 {
			return min(i<<6+bits.TrailingZeros64(word), size)
		}
	}
	return size
}

// toBlockOrder undoes the coding order and the negabinary conversion.
func (b *intBlock[I, U]) toBlockOrder() {
	mask := nbMask[U]()
	for j, p := range b.perm {
		b.q[p] = I((b.u[j] ^ mask) - mask)
	}
}

// toCodedOrder is the reverse of toBlockOrder.
func (b *intBlock[I, U]) toCodedOrder() {
	mask := nbMask[U]()
	for j, p := range b.perm {
		b.u[j] = (U(b.q[p]) + mask) ^ mask
	}
}

// inverseTransform undoes zfp's lossy decorrelating transform (inv_lift),
// last axis first; its shifts discard bits, so the order is part of the format.
func (b *intBlock[I, U]) inverseTransform() {
	for a := b.dims - 1; a >= 0; a-- {
		s := 1 << (2 * a)
		for _, i := range b.lines[a] {
			p := b.q[i:]
			x, y, z, w := p[0], p[s], p[2*s], p[3*s]
			y += w >> 1
			w -= y >> 1
			y += w
			w <<= 1
			w -= y
			z += x
			x <<= 1
			x -= z
			y += z
			z <<= 1
			z -= y
			w += x
			x <<= 1
			x -= w
			p[0], p[s], p[2*s], p[3*s] = x, y, z, w
		}
	}
}

// reversibleInverse undoes the reversible transform: along each axis
// (a, b, c, d) becomes (a, a+b, a+2b+c, a+3b+3c+d). The steps are exact in
// wrapping arithmetic, so the axis order does not matter.
func (b *intBlock[I, U]) reversibleInverse() {
	for a := b.dims - 1; a >= 0; a-- {
		s := 1 << (2 * a)
		for _, i := range b.lines[a] {
			p := b.q[i:]
			x, y, z, w := p[0], p[s], p[2*s], p[3*s]
			w += z
			z += y
			w += z
			y += x
			z += y
			w += z
			p[s], p[2*s], p[3*s] = y, z, w
		}
	}
}

// reversibleForward is the encoder's transform: (a, b−a, c−2b+a, d−3c+3b−a).
func (b *intBlock[I, U]) reversibleForward() {
	for a := 0; a < b.dims; a++ {
		s := 1 << (2 * a)
		for _, i := range b.lines[a] {
			p := b.q[i:]
			x, y, z, w := p[0], p[s], p[2*s], p[3*s]
			w -= z
			z -= y
			y -= x
			w -= z
			z -= y
			w -= z
			p[s], p[2*s], p[3*s] = y, z, w
		}
	}
}

// decodeLossy reads a block coded with the lossy algorithm into b.q
// (zfp's decode_block for integers) and returns the bits it took.
func (b *intBlock[I, U]) decodeLossy(r *bitReader, minbits, maxbits, maxprec uint32) uint32 {
	n := b.decodePlanes(r, maxbits, maxprec)
	if n < minbits {
		r.skip(uint64(minbits - n))
		n = minbits
	}
	b.toBlockOrder()
	b.inverseTransform()
	return n
}

// decodeReversible reads a block coded with the reversible algorithm into
// b.q: the number of bit planes, then the planes.
func (b *intBlock[I, U]) decodeReversible(r *bitReader, minbits, maxbits uint32) uint32 {
	pbits := b.pBits()
	n := uint32(pbits)
	prec := uint32(r.read(pbits)) + 1
	n += b.decodePlanes(r, maxbits-n, prec) // wraps like zfp's unsigned arithmetic
	if n < minbits {
		r.skip(uint64(minbits - n))
		n = minbits
	}
	b.toBlockOrder()
	b.reversibleInverse()
	return n
}

// encodeReversible writes b.q with the reversible algorithm.
func (b *intBlock[I, U]) encodeReversible(w *bitWriter) {
	b.reversibleForward()
	b.toCodedOrder()
	var or U
	for _, v := range b.u[:b.size] {
		or |= v
	}
	prec := uint(1)
	if or != 0 {
		prec = b.intPrec() - uint(bits.TrailingZeros64(uint64(or)))
	}
	w.write(uint64(prec-1), b.pBits())
	b.encodePlanes(w, prec)
}
