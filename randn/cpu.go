package randn

import (
	"fmt"
	"math"
	"runtime"
	"sync"
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
		// torch 1.x writes log(1-u2) and torch 2 log1p(-u2); 1-u2 is exact
		// for these uniforms (multiples of 2^-53), so both are the same value.
		r := math.Sqrt(-2 * math.Log(1-u2))
		theta := 2 * math.Pi * u1
		cached = r * math.Sin(theta)
		haveCached = true
		out[i] = float32(r * math.Cos(theta))
	}
}

// normalFill is normal_fill with the AVX2 block transform: n uniform draws,
// Box-Muller over each complete block of 16, and when n is not a multiple of
// 16, 16 fresh draws transformed into the last 16 slots (overwriting the
// partial block's draws and part of the last complete block).
//
// The draws have to come from the engine in order, but the blocks consume
// none of their own and are independent of each other, so large tensors are
// transformed in parallel: this goroutine draws a chunk at a time and hands
// each chunk on, then joins in the transforming once the draws are done.
func normalFill(mt *MT19937, out []float32) {
	n := len(out)
	full := n &^ 15
	workers := min(runtime.GOMAXPROCS(0), full/parallelChunk)
	if workers < 2 {
		mt.fillUniform32(out[:full])
		transformBlocks(out[:full])
	} else {
		chunks := make(chan []float32, (full+parallelChunk-1)/parallelChunk)
		var wg sync.WaitGroup
		for range workers - 1 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for c := range chunks {
					transformBlocks(c)
				}
			}()
		}
		for lo := 0; lo < full; lo += parallelChunk {
			c := out[lo:min(lo+parallelChunk, full)]
			mt.fillUniform32(c)
			chunks <- c
		}
		close(chunks)
		for c := range chunks {
			transformBlocks(c)
		}
		wg.Wait()
	}
	if rest := n - full; rest != 0 {
		var discard [16]float32
		mt.fillUniform32(discard[:rest]) // the partial block's draws
		tail := (*[16]float32)(out[n-16:])
		mt.fillUniform32(tail[:])
		fill16(tail)
	}
}

// parallelChunk is the number of elements drawn before a chunk is handed to
// another goroutine: large enough that handing it over costs little, small
// enough that the goroutines start transforming early.
const parallelChunk = 1 << 14

// transformBlocks applies fill16 to each block of 16 of d, whose length is a
// multiple of 16.
func transformBlocks(d []float32) {
	for b := 0; b+16 <= len(d); b += 16 {
		fill16((*[16]float32)(d[b : b+16]))
	}
}

// fill16 is normal_fill_16_AVX2 with mean 0 and std 1: Box-Muller over the
// pairs (d[j], d[j+8]), cosine into slot j and sine into slot j+8.
func fill16(d *[16]float32) {
	var u1 [8]float32
	var logs, theta, sin, cos lanes
	for k := range u1 {
		u1[k] = 1 - d[k] // exact
		theta[k] = round32(float64(twoPi32) * float64(d[k+8]))
	}
	logLanes(&logs, &u1)
	sincosLanes(&sin, &cos, &theta)
	for k, l := range logs {
		r := float64(sqrt32(float32(-2 * l))) // -2*l is exact
		// The kernel ends with fma(r*cos, std, mean) = r*cos*1 + 0; adding
		// the zero mean turns a -0 (r = 0 when u1 = 0) into +0.
		d[k] = float32(r*cos[k]) + 0
		d[k+8] = float32(r*sin[k]) + 0
	}
}

// twoPi32 is float32(2*pi), the kernel's two_pi.
const twoPi32 = float32(2 * math.Pi)
