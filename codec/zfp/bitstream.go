package zfp

import "encoding/binary"

// A zfp stream is a sequence of bits: bit i is bit i mod 8 of byte i/8,
// counting from the least significant bit, and a multi-bit field starts with
// its least significant bit. zfp moves whole words in machine byte order,
// which on the little-endian machines it runs on gives exactly this order for
// any word size.

// bitReader reads bits from a byte slice. Past the end it delivers zero
// bits and counts them, so inner loops need no error checks: callers ask
// overrun after each block.
type bitReader struct {
	data []byte
	pos  int    // next byte of data to load into buf
	buf  uint64 // bits loaded and not yet read, the next one lowest
	n    uint   // how many bits of buf are valid
	past uint64 // zero bits delivered from beyond the end of data
}

func newBitReader(data []byte) *bitReader { return &bitReader{data: data} }

// refill loads up to 64 more bits; it is called only when n is 0.
func (r *bitReader) refill() {
	if r.pos+8 <= len(r.data) {
		r.buf = binary.LittleEndian.Uint64(r.data[r.pos:])
		r.pos += 8
		r.n = 64
		return
	}
	if r.pos < len(r.data) {
		var b [8]byte
		k := copy(b[:], r.data[r.pos:])
		r.pos += k
		r.buf = binary.LittleEndian.Uint64(b[:])
		r.n = uint(8 * k)
		return
	}
	r.buf = 0
	r.n = 64
	r.past += 64
}

// bit reads one bit.
func (r *bitReader) bit() uint64 {
	if r.n == 0 {
		r.refill()
	}
	b := r.buf & 1
	r.buf >>= 1
	r.n--
	return b
}

// read reads an m-bit field, m ≤ 64.
func (r *bitReader) read(m uint) uint64 {
	if m <= r.n {
		v := r.buf & (1<<m - 1)
		r.buf >>= m
		r.n -= m
		return v
	}
	if r.pos+8 <= len(r.data) {
		// Across a word: the bits left in buf, then the next word's.
		w := binary.LittleEndian.Uint64(r.data[r.pos:])
		r.pos += 8
		need := m - r.n // 1 to 64
		v := r.buf | w<<r.n
		if m < 64 {
			v &= 1<<m - 1
		}
		r.buf = w >> need // 0 when need is 64
		r.n = 64 - need
		return v
	}
	// Near the end, where a refill may bring fewer bits.
	var v uint64
	var got uint
	for got < m {
		if r.n == 0 {
			r.refill()
		}
		k := min(r.n, m-got)
		v |= (r.buf & (1<<k - 1)) << got
		r.buf >>= k
		r.n -= k
		got += k
	}
	return v
}

// skip discards m bits.
func (r *bitReader) skip(m uint64) {
	for m > 0 {
		if r.n == 0 {
			r.refill()
		}
		k := min(uint64(r.n), m)
		r.buf >>= k
		r.n -= uint(k)
		m -= k
	}
}

// consumed is the number of bits read so far, those past the end included.
func (r *bitReader) consumed() uint64 {
	return uint64(r.pos)*8 + r.past - uint64(r.n)
}

// overrun reports whether more bits were read than the data holds.
func (r *bitReader) overrun() bool { return r.consumed() > uint64(len(r.data))*8 }

// bitWriter appends bits to a byte slice.
type bitWriter struct {
	out []byte
	buf uint64 // pending bits, the first lowest
	n   uint   // how many bits of buf are pending (< 64)
}

// write appends the low m bits of v, m ≤ 64.
func (w *bitWriter) write(v uint64, m uint) {
	if m < 64 {
		v &= 1<<m - 1
	}
	w.buf |= v << w.n
	if w.n+m < 64 {
		w.n += m
		return
	}
	w.out = binary.LittleEndian.AppendUint64(w.out, w.buf)
	spill := w.n + m - 64 // bits of v that did not fit
	if spill == 0 {
		w.buf, w.n = 0, 0
		return
	}
	w.buf = v >> (m - spill)
	w.n = spill
}

// bit appends one bit.
func (w *bitWriter) bit(b uint64) {
	w.buf |= (b & 1) << w.n
	w.n++
	if w.n == 64 {
		w.out = binary.LittleEndian.AppendUint64(w.out, w.buf)
		w.buf, w.n = 0, 0
	}
}

// flush pads with zero bits to the next 64-bit word and returns the bytes:
// zfp's default build reads whole 64-bit words, so a shorter tail would make
// it read past the buffer.
func (w *bitWriter) flush() []byte {
	if w.n > 0 {
		w.out = binary.LittleEndian.AppendUint64(w.out, w.buf)
		w.buf, w.n = 0, 0
	}
	return w.out
}
