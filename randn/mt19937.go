package randn

// Parameters of the standard 32-bit Mersenne Twister. PyTorch's CPU generator
// (aten/src/ATen/core/MT19937RNGEngine.h) is this engine unchanged, so
// std::mt19937 and at::mt19937 give the same stream for the same seed.
const (
	mtN         = 624
	mtM         = 397
	mtMatrixA   = 0x9908b0df
	mtUpperMask = 0x80000000
	mtLowerMask = 0x7fffffff
)

// MT19937 is the 32-bit Mersenne Twister that backs PyTorch's default CPU
// generator. The zero value is not seeded; call Seed before drawing.
type MT19937 struct {
	state [mtN]uint32
	next  int // index of the next tempered word in state; mtN means twist first
}

// NewMT19937 returns an engine seeded with seed, as torch.manual_seed does
// with the low 32 bits of its argument.
func NewMT19937(seed uint32) *MT19937 {
	m := new(MT19937)
	m.Seed(seed)
	return m
}

// Seed resets the engine to the state std::mt19937(seed) starts from.
func (m *MT19937) Seed(seed uint32) {
	m.state[0] = seed
	for j := 1; j < mtN; j++ {
		prev := m.state[j-1]
		m.state[j] = 1812433253*(prev^(prev>>30)) + uint32(j)
	}
	m.next = mtN
}

// twist regenerates the whole state block. Doing all 624 words at once
// keeps the per-draw work to the tempering, which is what makes bulk
// generation cheap.
func (m *MT19937) twist() {
	s := &m.state
	var i int
	for i = 0; i < mtN-mtM; i++ {
		y := s[i]&mtUpperMask | s[i+1]&mtLowerMask
		s[i] = s[i+mtM] ^ y>>1 ^ (-(y & 1) & mtMatrixA)
	}
	for ; i < mtN-1; i++ {
		y := s[i]&mtUpperMask | s[i+1]&mtLowerMask
		s[i] = s[i+mtM-mtN] ^ y>>1 ^ (-(y & 1) & mtMatrixA)
	}
	y := s[mtN-1]&mtUpperMask | s[0]&mtLowerMask
	s[mtN-1] = s[mtM-1] ^ y>>1 ^ (-(y & 1) & mtMatrixA)
	m.next = 0
}

func temper(y uint32) uint32 {
	y ^= y >> 11
	y ^= (y << 7) & 0x9d2c5680
	y ^= (y << 15) & 0xefc60000
	y ^= y >> 18
	return y
}

// Uint32 returns the next 32-bit word of the stream.
func (m *MT19937) Uint32() uint32 {
	if m.next >= mtN {
		m.twist()
	}
	y := m.state[m.next]
	m.next++
	return temper(y)
}

// fill writes the next len(dst) words of the stream into dst.
func (m *MT19937) fill(dst []uint32) {
	for len(dst) > 0 {
		if m.next >= mtN {
			m.twist()
		}
		src := m.state[m.next:]
		k := min(len(src), len(dst))
		for i, y := range src[:k] {
			dst[i] = temper(y)
		}
		m.next += k
		dst = dst[k:]
	}
}

// fillUniform32 writes the next len(dst) uniform float32 draws (see Float32)
// into dst. It is the bulk form the normal kernel uses, with the state-block
// bookkeeping done once per block rather than once per draw.
func (m *MT19937) fillUniform32(dst []float32) {
	for len(dst) > 0 {
		if m.next >= mtN {
			m.twist()
		}
		src := m.state[m.next:]
		k := min(len(src), len(dst))
		for i, y := range src[:k] {
			dst[i] = uniform32(temper(y))
		}
		m.next += k
		dst = dst[k:]
	}
}

// Float64 returns a uniform float64 in [0, 1) from two draws, as
// at::uniform_real_distribution<double> does: the first draw is the high
// word of a 64-bit value whose low 53 bits are scaled by 2^-53.
func (m *MT19937) Float64() float64 {
	hi := uint64(m.Uint32())
	lo := uint64(m.Uint32())
	return float64((hi<<32|lo)&(1<<53-1)) * (1.0 / (1 << 53))
}

func uniform32(u uint32) float32 {
	// The conversion is exact (24 bits) and scaling by a power of two is
	// exact, so no FMA guard is needed here.
	return float32(u&0xffffff) * (1.0 / (1 << 24))
}
