package randn

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"sync/atomic"

	"github.com/x448/float16"
)

// Verdict classifies a stored noise tensor against the seed recorded with
// it.
type Verdict string

// The verdicts, from the strongest claim to none.
const (
	// VerdictExact means the tensor is bit for bit torch's CPU randn for the
	// seed.
	VerdictExact Verdict = "exact"
	// VerdictExactF16 means the tensor is torch's CPU randn for the seed
	// rounded to float16, which is how pipelines that work in half
	// precision store it.
	VerdictExactF16 Verdict = "exact-f16"
	// VerdictCloseCUDA means the tensor agrees with randn on a CUDA
	// generator seeded with the seed, within the emulation's accuracy.
	VerdictCloseCUDA Verdict = "close-cuda"
	// VerdictMismatch means neither generator reproduces the tensor from
	// the seed.
	VerdictMismatch Verdict = "mismatch"
)

// CUDATolerance is the largest difference per element accepted between a
// float32 tensor and the CUDA emulation. The emulation is within a few 1e-7
// of the GPU; an unrelated tensor differs by order 1 almost everywhere.
const CUDATolerance = 1e-5

// LatentCheck is the result of Check.
type LatentCheck struct {
	// Verdict is the strongest of the findings below.
	Verdict Verdict
	// Provenance names the source that reproduces the tensor, if any.
	Provenance
	// CPU is "exact", "exact-f16" or "mismatch": how the tensor compares
	// with one torch CPU draw over the whole shape.
	CPU string
	// CUDA is "close" or "mismatch": how the tensor compares with the CUDA
	// emulation.
	CUDA string
	// Half reports that the comparison was made in float16 precision,
	// because the tensor is float16 or holds only float16 values.
	Half bool
	// CUDABlocks is the number of resident blocks of the CUDA layout that
	// matched (see CUDAGrid), or 0 when it is the layout CUDA models.
	CUDABlocks int
	// MaxAbsDiff is the largest element difference to the nearest candidate:
	// 0 for the exact verdicts, the distance to the CUDA emulation for
	// close-cuda, and for a mismatch the smaller of the distances to one
	// torch CPU draw over the whole shape and, when its leading values
	// agreed, to the CUDA emulation.
	MaxAbsDiff float64
}

// Check works out where a stored noise tensor came from: it tries the ways
// front ends draw noise from seed, in the order of Source's constants, and
// reports the first that reproduces the tensor bit for bit (after rounding
// to float16 for a float16 tensor), or within CUDATolerance for the CUDA
// emulation. stored holds the tensor's values in C order, widened to
// float32 when storedIsF16 says the file holds float16.
//
// A tensor whose values are all float16 values is compared in half precision
// even when stored as float32 (a float16 latent upcast before saving).
//
// Each candidate's leading values are compared first and only a candidate
// that agrees there is generated in full, so a check that matches nothing
// costs little more than walking the engine through the ComfyUI
// batch_index draws.
func Check(seed uint64, shape []int, stored []float32, storedIsF16 bool) (LatentCheck, error) {
	n, err := numel(shape)
	if err != nil {
		return LatentCheck{}, err
	}
	if n != len(stored) {
		return LatentCheck{}, fmt.Errorf("randn: shape %v has %d elements, the tensor %d", shape, n, len(stored))
	}
	if n == 0 {
		return LatentCheck{}, errors.New("randn: an empty tensor cannot be checked against a seed")
	}
	half := storedIsF16 || halfValued(stored)
	res := LatentCheck{CPU: "mismatch", CUDA: "mismatch", Half: half}
	m := &matcher{half: half}
	closest := math.Inf(1)
	count, pic := pictures(shape)
	per := n / count

	found := func(src Source) (LatentCheck, error) {
		res.Source = src
		res.Verdict = VerdictExact
		if half {
			res.Verdict = VerdictExactF16
		}
		return res, nil
	}
	if m.matchCPU(seed, stored) {
		res.CPU = string(VerdictExact)
		if half {
			res.CPU = string(VerdictExactF16)
		}
		return found(SourceTorchCPU)
	}
	// Start the batch_index walk, the long step of a check that matches
	// nothing, alongside the next candidates; its answer is taken in turn.
	type batchResult struct {
		ks []int
		ok bool
	}
	var stop atomic.Bool
	defer stop.Store(true)
	batch := make(chan batchResult, 1)
	go func() {
		ks, ok := m.matchBatchIndex(seed, stored, count, per, &stop)
		batch <- batchResult{ks, ok}
	}()

	if count > 1 {
		if seeds, ok := perPicture(seed, stored, count, per, m.matchCPU); ok {
			res.Seeds = seeds
			return found(SourceTorchCPUPerImage)
		}
	}
	if b := <-batch; b.ok {
		res.BatchIndex = b.ks
		return found(SourceComfyBatchIndex)
	}
	if seeds, ok := perPicture(seed, stored, count, per, m.matchNV); ok {
		res.Seeds = seeds
		return found(SourceNV)
	}
	if count > 1 && m.matchNV(seed, stored) {
		return found(SourceNVBatch)
	}

	cudaShapes := [][]int{shape}
	if count > 1 {
		cudaShapes = append(cudaShapes, pic)
	}
	for _, cs := range cudaShapes {
		perImage := len(cs) < len(shape)
		var seeds []uint64
		var worst float64
		blocks := 0
		ok := true
		pn := numelOf(cs)
		for i := range len(stored) / pn {
			s := seed
			if perImage {
				s += uint64(i)
				seeds = append(seeds, s)
			}
			part := stored[i*pn : (i+1)*pn]
			if !cudaPrefixClose(s, part, half) {
				ok = false
				break
			}
			d, b, match, err := checkCUDA(s, cs, part, half)
			if err != nil {
				return LatentCheck{}, err
			}
			if !perImage {
				closest = min(closest, d)
			}
			if !match {
				ok = false
				break
			}
			worst = max(worst, d)
			if i == 0 {
				blocks = b
			}
		}
		if ok {
			res.CUDA = "close"
			res.Source = SourceCUDA
			res.Seeds = seeds
			res.CUDABlocks = blocks
			res.Verdict = VerdictCloseCUDA
			res.MaxAbsDiff = worst
			return res, nil
		}
	}

	res.Verdict = VerdictMismatch
	cpu, err := CPU(seed, shape)
	if err != nil {
		return LatentCheck{}, err
	}
	res.MaxAbsDiff = min(closest, m.maxDiff(stored, cpu))
	res.HalfKernel = storedIsF16 && halfKernelLikely(seed, stored)
	return res, nil
}

// numelOf is the element count of a shape already checked by numel.
func numelOf(shape []int) int {
	n := 1
	for _, d := range shape {
		n *= d
	}
	return n
}

// checkCUDA compares stored with the CUDA emulation. It first tries the
// layout CUDA models. A device that keeps only g blocks resident gives the
// same values for the first 256*g elements and different ones from there on
// (see CUDAGrid), so when the first disagreement is at element m >= 256,
// the layout for g = m/256 (rounded down) is tried as well. It returns the
// smallest maximum difference over the layouts tried, the resident-block
// count of the one that matched (0 for the first) and whether one did.
func checkCUDA(seed uint64, shape []int, stored []float32, half bool) (diff float64, blocks int, ok bool, err error) {
	cuda, err := CUDA(seed, shape)
	if err != nil {
		return 0, 0, false, err
	}
	diff, first := cudaCompare(stored, cuda, half)
	if first < 0 {
		return diff, 0, true, nil
	}
	// Round down: an element just past the boundary can agree by chance.
	g := first / cudaBlockSize
	if g == 0 || g*cudaBlockSize >= len(stored) {
		return diff, 0, false, nil
	}
	cuda, err = CUDAGrid(seed, shape, g)
	if err != nil {
		return 0, 0, false, err
	}
	d, first := cudaCompare(stored, cuda, half)
	if first < 0 {
		return d, g, true, nil
	}
	return min(diff, d), 0, false, nil
}

// cudaCompare returns the largest difference between stored and the CUDA
// values and the index of the first element outside the tolerance, or -1.
//
// In half precision the GPU's float32 value was rounded to float16, so the
// stored value may be up to half a float16 ulp from it, and where the
// emulation and the GPU fall on either side of a rounding boundary the
// roundings differ by a whole ulp. The tolerance is therefore half an ulp
// plus CUDATolerance, measured from the unrounded emulation; the difference
// reported is to the emulation rounded to float16.
func cudaCompare(stored, cuda []float32, half bool) (maxd float64, first int) {
	first = -1
	for i, s := range stored {
		c := cuda[i]
		var d, tol float64
		if half {
			d = absDiff(s, round16(c))
			tol = halfULP16(c) + CUDATolerance
			if absDiff(s, c) > tol && first < 0 {
				first = i
			}
		} else {
			d = absDiff(s, c)
			tol = CUDATolerance
			if d > tol && first < 0 {
				first = i
			}
		}
		maxd = max(maxd, d)
	}
	return maxd, first
}

func round16(x float32) float32 {
	return float16.Fromfloat32(x).Float32()
}

// halfULP16 is half the spacing of float16 values around x.
func halfULP16(x float32) float64 {
	a := math.Abs(float64(x))
	if a < 0x1p-14 {
		return 0x1p-25 // subnormal float16 values are 2^-24 apart
	}
	_, e := math.Frexp(a) // a = f * 2^e, f in [0.5, 1)
	return math.Ldexp(1, e-1-10-1)
}

// halfValued reports whether every value is exactly a float16 value.
func halfValued(v []float32) bool {
	for _, x := range v {
		if round16(x) != x {
			return false
		}
	}
	return true
}

// absDiff is |a-b|, with NaN counted as infinitely far so that a NaN in a
// tensor can never pass for agreement.
func absDiff(a, b float32) float64 {
	d := math.Abs(float64(a) - float64(b))
	if math.IsNaN(d) {
		return math.Inf(1)
	}
	return d
}

// Sentence returns the one-line explanation the viewer shows for c, for the
// seed c was checked against.
func (c LatentCheck) Sentence(seed uint64) string {
	f16 := ""
	if c.Half {
		f16 = ", rounded to float16"
	}
	seedText := fmt.Sprintf("seed %d", seed)
	if c.Source.LowBitsOnly() && seed>>32 != 0 {
		seedText = fmt.Sprintf("seed %d (mod 2^32 = %d)", seed, uint32(seed))
	} else if c.Source.LowBitsOnly() {
		seedText += " (mod 2^32)"
	}
	switch c.Source {
	case SourceTorchCPU:
		return fmt.Sprintf("this noise is torch.randn on the CPU for %s, one draw over the whole shape%s: the seed alone reproduces it", seedText, f16)
	case SourceTorchCPUPerImage:
		return fmt.Sprintf("this noise is torch.randn on the CPU drawn per picture with %s%s, as A1111 and Forge draw a batch%s: the seed alone reproduces it",
			seedText, seedRange(c.Seeds), f16)
	case SourceComfyBatchIndex:
		return fmt.Sprintf("this noise is ComfyUI's batch_index noise for %s: picture by picture the randn([1,C,H,W]) draw %s after seeding%s; the seed and batch_index reproduce it",
			seedText, intList(c.BatchIndex), f16)
	case SourceNV:
		return fmt.Sprintf("this noise is A1111's NV generator (RNG: NV) for %s%s%s: the seed alone reproduces it", seedText, seedRange(c.Seeds), f16)
	case SourceNVBatch:
		return fmt.Sprintf("this noise is A1111's NV generator (RNG: NV) for %s, one draw over the whole batch%s: the seed alone reproduces it", seedText, f16)
	case SourceCUDA:
		how := "within " + formatDiff(max(c.MaxAbsDiff, 1e-7))
		if c.Half {
			how = "rounded to float16"
		}
		gpu := "a GPU"
		if c.CUDABlocks > 0 {
			gpu = fmt.Sprintf("a GPU that keeps %d thread blocks resident, as the one that made it did", c.CUDABlocks)
		}
		if len(c.Seeds) > 1 {
			return fmt.Sprintf("this noise is torch.randn on a CUDA generator drawn per picture with seeds %d to %d (%s): the seed reproduces it on %s",
				c.Seeds[0], c.Seeds[len(c.Seeds)-1], how, gpu)
		}
		return fmt.Sprintf("this noise is torch.randn(seed=%d) on a CUDA generator (%s): the seed reproduces it on %s", seed, how, gpu)
	}
	if c.Verdict == VerdictMismatch {
		s := fmt.Sprintf("the stored tensor is the only record of this noise: seed %d does not reproduce it (max difference %s)", seed, formatDiff(c.MaxAbsDiff))
		if c.HalfKernel {
			s += "; it was probably drawn in float16 by torch's half-precision CPU kernel (torch.randn(..., dtype=torch.float16)), which no check reproduces"
		}
		return s
	}
	return "the noise has not been checked against its seed"
}

// seedRange words the per-picture seeds: "" for a single draw, ", one per
// picture, 42 to 45" for several.
func seedRange(seeds []uint64) string {
	if len(seeds) < 2 {
		return ""
	}
	return fmt.Sprintf(", one per picture, %d to %d", seeds[0], seeds[len(seeds)-1])
}

// intList is "3" or "3, 4 and 7".
func intList(v []int) string {
	parts := make([]string, len(v))
	for i, x := range v {
		parts[i] = fmt.Sprint(x)
	}
	if len(parts) < 2 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// formatDiff prints a difference with the few digits a reader needs:
// "3e-7", "0.012", "3.1".
func formatDiff(d float64) string {
	switch {
	case math.IsInf(d, 1):
		return "infinite"
	case d != 0 && d < 1e-3:
		return strings.Replace(fmt.Sprintf("%.0e", d), "e-0", "e-", 1)
	}
	return fmt.Sprintf("%.2g", d)
}
