package randn

import (
	"math"
	"math/bits"
	"runtime"
	"sync"
)

// Philox4x32-10 constants (Salmon et al., "Parallel random numbers: as easy
// as 1, 2, 3", 2011), as curand uses them.
const (
	philoxM0 = 0xD2511F53
	philoxM1 = 0xCD9E8D57
	philoxW0 = 0x9E3779B9
	philoxW1 = 0xBB67AE85
)

// philox returns the Philox4x32-10 block for counter ctr under key.
func philox(ctr [4]uint32, key [2]uint32) [4]uint32 {
	// Scalars rather than arrays keep the rounds in registers.
	c0, c1, c2, c3 := ctr[0], ctr[1], ctr[2], ctr[3]
	k0, k1 := key[0], key[1]
	for round := 0; round < 10; round++ {
		hi0, lo0 := bits.Mul32(philoxM0, c0)
		hi1, lo1 := bits.Mul32(philoxM1, c2)
		c0, c1, c2, c3 = hi1^c1^k0, lo1, hi0^c3^k1, lo0
		k0 += philoxW0
		k1 += philoxW1
	}
	return [4]uint32{c0, c1, c2, c3}
}

// curand's Box-Muller constants: CURAND_2POW32_INV is exactly 2^-32, and
// CURAND_2POW32_INV_2PI its float32 product with float32(2*pi).
const (
	curandInv    = float32(0x1p-32)
	curandInv2Pi = float32(0x1p-32 * float64(twoPi32))
)

// boxMullerCUDA is curand's _curand_box_muller for one pair of words: the
// sine goes to the first output and the cosine to the second. The
// conversions of x and y and the two multiply-adds (which nvcc contracts
// into FMAs) are reproduced exactly, and so is the first step of the
// device's fast __sincosf, which turns the angle into revolutions with a
// float32 multiplication by 1/(2*pi) rounded toward zero; modelling that step
// more than halves the difference to published GPU values. The hardware sine
// and cosine that follow, and logf (within an ulp on the device), are
// replaced by correctly rounded float64 functions, so results agree with a
// GPU to a few 1e-7 (2.6e-7 on torch's published values; the tests allow
// 1e-6), not bit for bit.
func boxMullerCUDA(x, y uint32) (sin, cos float32) {
	s, a := boxMullerPolar(x, y)
	sv, cv := math.Sincos(a)
	return mulRN32(s, sv), mulRN32(s, cv)
}

// boxMullerSinCUDA is the first output of boxMullerCUDA alone.
func boxMullerSinCUDA(x, y uint32) float32 {
	s, a := boxMullerPolar(x, y)
	return mulRN32(s, math.Sin(a))
}

// boxMullerPolar returns the radius of the Box-Muller pair of x and y, and
// its angle as the device's __sincosf sees it (see boxMullerCUDA).
func boxMullerPolar(x, y uint32) (radius float32, angle float64) {
	u := fma32(float32(x), curandInv, curandInv/2)
	v := fma32(float32(y), curandInv2Pi, curandInv2Pi/2)
	radius = sqrt32(-2 * float32(math.Log(float64(u))))
	return radius, 2 * math.Pi * float64(mulRZ32(v, inv2Pi32))
}

// mulRN32 is the float32 product of s and the float32 rounding of f.
func mulRN32(s float32, f float64) float32 {
	return float32(float64(s) * float64(float32(f)))
}

// inv2Pi32 is the float32 constant by which __sincosf scales its argument.
const inv2Pi32 = float32(1 / (2 * math.Pi))

// mulRZ32 returns a*b rounded toward zero to float32. The float64 product is
// exact, so truncating its conversion is a single rounding.
func mulRZ32(a, b float32) float32 {
	p := float64(a) * float64(b)
	r := float32(p)
	if math.Abs(float64(r)) > math.Abs(p) {
		r = math.Nextafter32(r, 0)
	}
	return r
}

// cudaBlockSize is the block size of torch's distribution kernels
// (block_size_bound in aten/src/ATen/native/cuda/DistributionTemplates.h).
const cudaBlockSize = 256

// CUDA returns an emulation of
//
//	g = torch.Generator("cuda").manual_seed(seed)
//	torch.randn(shape, generator=g, device="cuda")
//
// for the first draw from a freshly seeded generator, to within 1e-6 (see
// boxMullerCUDA for why not bit for bit). All 64 bits of seed matter.
//
// torch launches distribution_elementwise_grid_stride_kernel with blocks of
// 256 threads and as many blocks as the tensor needs, but no more than the
// device keeps resident at once (multiProcessorCount *
// maxThreadsPerMultiProcessor / 256). Thread i runs curand_init(seed, i, 0),
// and each of its curand_normal4 calls yields four normals, for the elements
// i, i+S, i+2S and i+3S, where S is the number of threads; the last three
// are used only when the tensor has more elements than there are threads.
//
// CUDA models a device with room for every block the tensor needs, where
// element i is the first normal of Philox subsequence i. That is the layout
// on any device that keeps at least ceil(n/256) blocks resident: for
// 1x4x64x64 (SD 1.x, 64 blocks) on every current GPU; for 1x4x128x128 (SDXL,
// 256 blocks) on one such as an RTX 3090 (492) or 4090 (768) but not a T4
// (160) or RTX 3060 (168); for 1x16x128x128 (Flux, 1024 blocks) only on the
// largest, such as an H100 SXM (1056). CUDAGrid models the smaller devices.
func CUDA(seed uint64, shape []int) ([]float32, error) {
	return CUDAGrid(seed, shape, 0)
}

// CUDAGrid is CUDA for a device that keeps at most maxBlocks blocks of 256
// threads resident: multiProcessorCount * (maxThreadsPerMultiProcessor /
// 256), which is 768 on an RTX 4090 (128 SMs of 1536 threads), 492 on an RTX
// 3090, 864 on an A100 and 160 on a T4. maxBlocks <= 0 means no limit, the
// layout CUDA models.
func CUDAGrid(seed uint64, shape []int, maxBlocks int) ([]float32, error) {
	n, err := numel(shape)
	if err != nil {
		return nil, err
	}
	out := make([]float32, n)
	if n == 0 {
		return out, nil
	}
	blocks := (n + cudaBlockSize - 1) / cudaBlockSize
	if maxBlocks > 0 && blocks > maxBlocks {
		blocks = maxBlocks
	}
	cudaFill(out, seed, blocks*cudaBlockSize)
	return out, nil
}

// cudaFill writes the kernel's output for a grid of threads threads. Each
// thread's values depend only on its own Philox subsequence, so the threads
// are shared out among goroutines.
func cudaFill(out []float32, seed uint64, threads int) {
	key := [2]uint32{uint32(seed), uint32(seed >> 32)}
	// Threads beyond the tensor write nothing; cap the range at n.
	active := min(threads, len(out))
	workers := runtime.GOMAXPROCS(0)
	if active < 1<<14 || workers < 2 {
		cudaThreads(out, key, threads, 0, active)
		return
	}
	var wg sync.WaitGroup
	chunk := (active + workers - 1) / workers
	for lo := 0; lo < active; lo += chunk {
		hi := min(lo+chunk, active)
		wg.Add(1)
		go func() {
			defer wg.Done()
			cudaThreads(out, key, threads, lo, hi)
		}()
	}
	wg.Wait()
}

// cudaThreads runs threads [lo, hi) of a grid of stride threads: thread t,
// call c (counter c, subsequence t) writes elements t + (4c+k)*stride for
// the four normals k of that call. When the tensor has no more elements than
// threads, only the first normal of each call is used, and only it is
// computed.
func cudaThreads(out []float32, key [2]uint32, stride, lo, hi int) {
	n := len(out)
	for t := lo; t < hi; t++ {
		for c := 0; t+4*c*stride < n; c++ {
			base := t + 4*c*stride
			r := philox([4]uint32{uint32(c), uint32(uint64(c) >> 32), uint32(t), uint32(uint64(t) >> 32)}, key)
			if base+stride >= n {
				out[base] = boxMullerSinCUDA(r[0], r[1])
				break
			}
			s0, c0 := boxMullerCUDA(r[0], r[1])
			out[base], out[base+stride] = s0, c0
			s1, c1 := boxMullerCUDA(r[2], r[3])
			if i := base + 2*stride; i < n {
				out[i] = s1
			}
			if i := base + 3*stride; i < n {
				out[i] = c1
			}
		}
	}
}
