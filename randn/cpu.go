package randn

import (
	"fmt"
	"math"
)

// MaxElements is the largest tensor CPU and CUDA will generate. Latents are
// far smaller; the bound keeps a corrupt shape from asking for terabytes.
const MaxElements = 1 << 31

// numel validates shape and returns its element count. An empty shape is a
// scalar, one element, as in torch.
func numel(shape []int) (int, error) {
	n := 1
	for _, d := range shape {
		if d < 0 {
			return 0, fmt.Errorf("randn: negative dimension %d in shape %v", d, shape)
		}
		if d != 0 && n > MaxElements/d {
			return 0, fmt.Errorf("randn: shape %v has more than %d elements", shape, MaxElements)
		}
		n *= d
	}
	return n, nil
}

// CPU returns torch.manual_seed(seed); torch.randn(shape, dtype=torch.float32)
// as computed by PyTorch's CPU generator on x86-64, bit for bit. As in
// torch, only the low 32 bits of seed matter.
//
// Tensors of 16 elements or more go through the AVX2 kernel
// (normal_fill_16_AVX2), which every x86-64 machine with AVX2 or AVX-512
// runs; smaller ones through the scalar float64 Box-Muller. Machines
// without AVX2 (Apple silicon, for one) use the platform's libm for the
// large path and so give slightly different noise.
func CPU(seed uint64, shape []int) ([]float32, error) {
	n, err := numel(shape)
	if err != nil {
		return nil, err
	}
	out := make([]float32, n)
	var mt MT19937
	mt.Seed(uint32(seed))
	if n < 16 {
		smallNormal(&mt, out)
	} else {
		normalFill(&mt, out)
	}
	return out, nil
}

// smallNormal is at::normal_distribution<double> drawn once per element
// (normal_kernel's path for tensors under 16 elements). The generator caches
// the second value of each Box-Muller pair; manual_seed clears that cache,
// so it starts empty here.
func smallNormal(mt *MT19937, out []float32) {
	var cached float64
	haveCached := false
	for i := range out {
		if haveCached {
			haveCached = false
			out[i] = float32(cached)
			continue
		}
		u1 := mt.Float64()
		u2 := mt.Float64()
		r := math.Sqrt(float64(-2 * math.Log(1-u2)))
		theta := float64(2*math.Pi) * u1
		cached = float64(r * math.Sin(theta))
		haveCached = true
		out[i] = float32(r * math.Cos(theta))
	}
}

// normalFill is normal_fill with the AVX2 block transform: n uniform draws,
// Box-Muller over each complete block of 16, and when n is not a multiple of
// 16, 16 fresh draws transformed into the last 16 slots (overwriting the
// partial block's draws and part of the last complete block).
//
// The blocks consume no draws of their own, so drawing and transforming
// block by block gives the same result as torch's two passes while keeping
// each block in cache.
func normalFill(mt *MT19937, out []float32) {
	n := len(out)
	var raw [16]uint32
	var blk [16]float32
	full := n &^ 15
	for b := 0; b < full; b += 16 {
		mt.fill(raw[:])
		for i, u := range raw {
			blk[i] = uniform32(u)
		}
		fill16(&blk)
		copy(out[b:b+16], blk[:])
	}
	if rest := n - full; rest != 0 {
		mt.fill(raw[:rest]) // the partial block's draws, overwritten below
		mt.fill(raw[:])
		for i, u := range raw {
			blk[i] = uniform32(u)
		}
		fill16(&blk)
		copy(out[n-16:], blk[:])
	}
}

// fill16 is normal_fill_16_AVX2 with mean 0 and std 1: Box-Muller over the
// pairs (d[j], d[j+8]), cosine into slot j and sine into slot j+8.
func fill16(d *[16]float32) {
	for j := 0; j < 8; j++ {
		u1 := 1 - d[j]
		u2 := d[j+8]
		r := sqrt32(float32(-2 * log32(u1)))
		theta := float32(6.2831855 * u2)
		s, c := sincos32(theta)
		// The kernel ends with fma(r*cos, std, mean) = r*cos*1 + 0; adding
		// the zero mean turns a -0 (r = 0 when u1 = 0) into +0.
		d[j] = float32(r*c) + 0
		d[j+8] = float32(r*s) + 0
	}
}
