package randn

import "unsafe"

// Skipping far ahead in the stream (the ComfyUI batch_index check passes
// over up to 63 whole latents of draws) is all twisting, so the twist used
// for skipping works on two state words at once: every step of the
// recurrence is the same on each 32-bit half of a 64-bit word (the masks are
// repeated in both halves, and the low bit of each half times the matrix
// stays within its half), so a pair of neighbouring words is one 64-bit
// load, a few 64-bit operations and one 64-bit store, in either byte order.
const (
	pairUpper = mtUpperMask<<32 | mtUpperMask
	pairLower = mtLowerMask<<32 | mtLowerMask
	pairLow   = 1<<32 | 1
)

// twistPairs computes new state[i] and state[i+1] for i = lo, lo+2, ...
// below hi, from state[i..i+2] and the pair at state[i+d]. The words are
// addressed from the array's base so that the loop carries no bounds checks;
// callers keep every index within the state.
func twistPairs(s *[mtN]uint32, lo, hi, d int) {
	base := unsafe.Pointer(s)
	at := func(i int) *uint64 { return (*uint64)(unsafe.Add(base, 4*i)) }
	for i := lo; i+1 < hi; i += 2 {
		y := *at(i)&pairUpper | *at(i + 1)&pairLower
		*at(i) = *at(i + d) ^ (y>>1)&pairLower ^ (y&pairLow)*mtMatrixA
	}
}

func twistOne(s *[mtN]uint32, i, j, next int) {
	y := s[i]&mtUpperMask | s[next]&mtLowerMask
	s[i] = s[j] ^ y>>1 ^ (-(y & 1) & mtMatrixA)
}

// twistFast is twist computed eight (with AVX2) or two words at a time; it
// gives the same state.
func (m *MT19937) twistFast() {
	s := &m.state
	// Words 0 to 225 read state[i+mtM], still old; word 226 alone; words
	// 227 to 622 read state[i+mtM-mtN], new by then; word 623 wraps round.
	// twistRange does what it can eight words at a time first.
	twistPairs(s, twistRange(s, 0, mtN-mtM-1, mtM), mtN-mtM, mtM)
	twistOne(s, mtN-mtM-1, mtN-1, mtN-mtM)
	twistPairs(s, twistRange(s, mtN-mtM, mtN-1, mtM-mtN), mtN-1, mtM-mtN)
	twistOne(s, mtN-1, mtM-1, 0)
	m.next = 0
}

// Skip advances the stream by k words without tempering them.
func (m *MT19937) Skip(k int) {
	for k > 0 {
		if m.next >= mtN {
			m.twistFast()
		}
		step := min(k, mtN-m.next)
		m.next += step
		k -= step
	}
}
