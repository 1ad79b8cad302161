package randn

import (
	"math"
	"sync/atomic"
)

// Source names how a stored noise tensor was drawn from its seed: the
// generator and the way the front end drew the batch. The names are the
// ones `seedcheck --json` prints.
type Source string

// The sources Check tries, in the order it tries them.
const (
	// SourceNone means no source reproduces the tensor from the seed.
	SourceNone Source = ""
	// SourceTorchCPU is one torch CPU draw over the whole shape (ComfyUI's
	// default; A1111 "CPU" for one picture; diffusers with a CPU generator).
	SourceTorchCPU Source = "torch-cpu"
	// SourceTorchCPUPerImage is a torch CPU draw per picture, seed+i for
	// picture i (A1111 and Forge batches; ComfyUI Inspire "incremental").
	SourceTorchCPUPerImage Source = "torch-cpu-per-image"
	// SourceComfyBatchIndex is ComfyUI's batch_index rule: picture k is the
	// k-th randn([1,C,H,W]) after seeding.
	SourceComfyBatchIndex Source = "comfyui-batch-index"
	// SourceNV is A1111's NV generator, one draw per picture with seed+i.
	SourceNV Source = "a1111-nv"
	// SourceNVBatch is A1111's NV generator, one draw over the whole batch.
	SourceNVBatch Source = "a1111-nv-batch"
	// SourceCUDA is torch's CUDA generator, within CUDATolerance: one draw
	// over the whole shape or, with Seeds set, one per picture with seed+i.
	SourceCUDA Source = "cuda"
)

// MaxPictures is the largest batch the per-picture sources are tried on:
// each picture is a seeding and a draw of its own, and no front end makes
// batches anywhere near this size, so a larger first dimension is not a
// batch of pictures.
const MaxPictures = 4096

// BatchIndexDraws is how many successive randn([1,C,H,W]) draws the
// ComfyUI batch_index check tries for each picture.
const BatchIndexDraws = 64

// screenLen is how many leading values of a candidate are compared before
// the candidate is generated in full. An unrelated candidate differs in
// the first value or two, and 256 values of agreement by chance are
// impossible in practice, so only a real match pays for a whole tensor.
const screenLen = 256

// Provenance is how the seed reproduces a tensor: the first source that
// does, with the details the source needs to be repeated.
type Provenance struct {
	// Source is the first source that matches, or SourceNone.
	Source Source
	// Seeds is the seed of each picture for the per-picture sources
	// (seed+i), nil for the sources that draw the whole shape at once.
	Seeds []uint64
	// BatchIndex is, for SourceComfyBatchIndex, the k of each picture: the
	// number of randn([1,C,H,W]) draws before its own.
	BatchIndex []int
	// HalfKernel reports that a float16 tensor that nothing reproduces was
	// probably drawn by torch's half-precision CPU kernel (see
	// halfKernelLikely).
	HalfKernel bool
}

// Exact reports whether the source reproduces the tensor bit for bit (or
// bit for bit after rounding to float16): every source but CUDA.
func (s Source) Exact() bool { return s != SourceNone && s != SourceCUDA }

// LowBitsOnly reports whether only the low 32 bits of the seed matter to
// the source (torch's CPU generator); the NV and CUDA generators use all 64.
func (s Source) LowBitsOnly() bool {
	return s == SourceTorchCPU || s == SourceTorchCPUPerImage || s == SourceComfyBatchIndex
}

// pictures splits a shape into its batch: a shape of four or more
// dimensions is count pictures of shape pic (its first dimension is the
// batch); a smaller one, or one whose first dimension exceeds MaxPictures,
// is a single picture.
func pictures(shape []int) (count int, pic []int) {
	if len(shape) < 4 || shape[0] > MaxPictures {
		return 1, shape
	}
	return shape[0], shape[1:]
}

// matcher compares a stored tensor with candidates: bit for bit, or after
// rounding the candidate to float16 when half is set.
type matcher struct {
	half bool
}

// same reports whether ref reproduces stored (ref may be a prefix: only its
// length is compared).
func (m *matcher) same(stored, ref []float32) bool {
	for i, r := range ref {
		if m.half {
			r = round16(r)
		}
		if math.Float32bits(stored[i]) != math.Float32bits(r) {
			return false
		}
	}
	return true
}

// maxDiff is the largest element difference between stored and ref, or
// ref rounded to float16 in half precision.
func (m *matcher) maxDiff(stored, ref []float32) float64 {
	d := 0.0
	for i, r := range ref {
		if m.half {
			r = round16(r)
		}
		d = max(d, absDiff(stored[i], r))
	}
	return d
}

// screen returns the length of the prefix compared before a candidate of n
// elements is generated in full: screenLen, or 0 when the tensor is too
// small for a prefix to save anything, or when its last 16 values (torch's
// tail rule rewrites them) would fall in the prefix.
func screen(n int) int {
	if n < 4*screenLen {
		return 0
	}
	return screenLen
}

// cpuPrefix is the first p values of torch's CPU randn over n >= p+16
// elements, from an engine positioned where the draw starts. p is a
// multiple of 16.
func cpuPrefix(mt MT19937, p int) []float32 {
	out := make([]float32, p)
	mt.fillUniform32(out)
	transformBlocks(out)
	return out
}

// cpuFrom is torch's CPU randn over shape from an engine positioned where
// the draw starts (a copy: mt is not advanced).
func cpuFrom(mt MT19937, n int) []float32 {
	out := make([]float32, n)
	if n < 16 {
		smallNormal(&mt, out)
	} else {
		normalFill(&mt, out)
	}
	return out
}

// cpuDraws is the number of engine words torch's CPU randn takes for n >= 16
// elements: one per element, and 16 more when n is not a multiple of 16.
func cpuDraws(n int) int {
	if n%16 != 0 {
		return n + 16
	}
	return n
}

// matchCPU reports whether torch's CPU randn for seed over stored's length
// reproduces stored, comparing a prefix first.
func (m *matcher) matchCPU(seed uint64, stored []float32) bool {
	var mt MT19937
	mt.Seed(uint32(seed))
	if p := screen(len(stored)); p > 0 && !m.same(stored, cpuPrefix(mt, p)) {
		return false
	}
	return m.same(stored, cpuFrom(mt, len(stored)))
}

// matchNV is matchCPU for A1111's NV generator, first request after
// seeding.
func (m *matcher) matchNV(seed uint64, stored []float32) bool {
	if p := screen(len(stored)); p > 0 {
		pre := make([]float32, p)
		nvFill(pre, seed, 0, 0)
		if !m.same(stored, pre) {
			return false
		}
	}
	all := make([]float32, len(stored))
	nvFill(all, seed, 0, 0)
	return m.same(stored, all)
}

// matchBatchIndex finds, for each picture, the k < BatchIndexDraws for
// which the k-th randn(pic) after seeding reproduces it. It walks the
// engine once, comparing each draw's leading values with every picture
// still unmatched, and generates a draw in full only when they agree.
//
// The walk is the one long step of a check that matches nothing, so Check
// runs it alongside the other candidates; stop, when it becomes true, ends
// it early.
func (m *matcher) matchBatchIndex(seed uint64, stored []float32, count, n int, stop *atomic.Bool) ([]int, bool) {
	if n < 16 {
		// Under 16 elements torch draws float64 pairs through a cache that
		// carries over between calls; latents are never that small.
		return nil, false
	}
	ks := make([]int, count)
	for i := range ks {
		ks[i] = -1
	}
	left := count
	p := screen(n)
	var mt MT19937
	mt.Seed(uint32(seed))
	for k := 0; k < BatchIndexDraws && left > 0 && !stop.Load(); k++ {
		var pre []float32
		if p > 0 {
			pre = cpuPrefix(mt, p)
		}
		var full []float32
		for i := range count {
			pic := stored[i*n : (i+1)*n]
			if ks[i] >= 0 || (p > 0 && !m.same(pic, pre)) {
				continue
			}
			if full == nil {
				full = cpuFrom(mt, n)
			}
			if m.same(pic, full) {
				ks[i] = k
				left--
			}
		}
		mt.Skip(cpuDraws(n))
	}
	return ks, left == 0
}

// perPicture reports whether match(seed+i, picture i) holds for every
// picture, and returns the seeds.
func perPicture(seed uint64, stored []float32, count, n int, match func(uint64, []float32) bool) ([]uint64, bool) {
	seeds := make([]uint64, count)
	for i := range count {
		seeds[i] = seed + uint64(i)
		if !match(seeds[i], stored[i*n:(i+1)*n]) {
			return nil, false
		}
	}
	return seeds, true
}

// cudaPrefixClose reports whether the leading values of stored are within
// the CUDA tolerance of the emulation. Every layout CUDAGrid models gives
// element i < 256 from the first normal of Philox subsequence i, so one
// prefix screens them all.
func cudaPrefixClose(seed uint64, stored []float32, half bool) bool {
	p := min(len(stored), screenLen)
	key := [2]uint32{uint32(seed), uint32(seed >> 32)}
	pre := make([]float32, p)
	for i := range pre {
		r := philox([4]uint32{0, 0, uint32(i), 0}, key)
		pre[i] = boxMullerSinCUDA(r[0], r[1])
	}
	_, first := cudaCompare(stored[:p], pre, half)
	return first < 0
}
