package randn

import (
	"errors"
	"fmt"
	"math"
	"strings"

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
	// CPU is "exact", "exact-f16" or "mismatch": how the tensor compares
	// with the CPU generator's output.
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
	// close-cuda, and for a mismatch the smallest such maximum over the CPU
	// and CUDA candidates.
	MaxAbsDiff float64
}

// Check compares a stored noise tensor with what seed gives on torch's CPU
// and CUDA generators. stored holds the tensor's values in C order, widened
// to float32 when storedIsF16 says the file holds float16.
//
// A tensor whose values are all float16 values is compared in half precision
// even when stored as float32 (a float16 latent upcast before saving).
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
	cpu, err := CPU(seed, shape)
	if err != nil {
		return LatentCheck{}, err
	}
	cpuDiff := math.Inf(1)
	switch {
	case bitsEqual(stored, cpu):
		res.CPU = "exact"
	case half && bitsEqualF16(stored, cpu):
		res.CPU = "exact-f16"
	default:
		cpuDiff = maxDiff(stored, cpu, half)
	}

	cudaDiff, blocks, ok, err := checkCUDA(seed, shape, stored, half)
	if err != nil {
		return LatentCheck{}, err
	}
	if ok {
		res.CUDA = "close"
		res.CUDABlocks = blocks
	}

	switch {
	case res.CPU == "exact":
		res.Verdict = VerdictExact
	case res.CPU == "exact-f16":
		res.Verdict = VerdictExactF16
	case ok:
		res.Verdict = VerdictCloseCUDA
		res.MaxAbsDiff = cudaDiff
	default:
		res.Verdict = VerdictMismatch
		res.MaxAbsDiff = min(cpuDiff, cudaDiff)
	}
	return res, nil
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

func bitsEqual(a, b []float32) bool {
	for i, x := range a {
		if math.Float32bits(x) != math.Float32bits(b[i]) {
			return false
		}
	}
	return true
}

// bitsEqualF16 reports whether stored is ref rounded to float16.
func bitsEqualF16(stored, ref []float32) bool {
	for i, x := range stored {
		if math.Float32bits(x) != math.Float32bits(round16(ref[i])) {
			return false
		}
	}
	return true
}

// maxDiff is the largest element difference between stored and ref, or
// ref rounded to float16 in half precision.
func maxDiff(stored, ref []float32, half bool) float64 {
	m := 0.0
	for i, s := range stored {
		r := ref[i]
		if half {
			r = round16(r)
		}
		m = max(m, absDiff(s, r))
	}
	return m
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
	switch c.Verdict {
	case VerdictExact:
		return fmt.Sprintf("this noise is torch.randn(seed=%d) on the CPU: the seed alone reproduces it", seed)
	case VerdictExactF16:
		return fmt.Sprintf("this noise is torch.randn(seed=%d) on the CPU, rounded to float16: the seed alone reproduces it", seed)
	case VerdictCloseCUDA:
		how := "within " + formatDiff(max(c.MaxAbsDiff, 1e-7))
		if c.Half {
			how = "rounded to float16"
		}
		gpu := "a GPU"
		if c.CUDABlocks > 0 {
			gpu = fmt.Sprintf("a GPU that keeps %d thread blocks resident, as the one that made it did", c.CUDABlocks)
		}
		return fmt.Sprintf("this noise is torch.randn(seed=%d) on a CUDA generator (%s): the seed reproduces it on %s", seed, how, gpu)
	case VerdictMismatch:
		return fmt.Sprintf("the stored tensor is the only record of this noise: seed %d does not reproduce it (max difference %s)", seed, formatDiff(c.MaxAbsDiff))
	}
	return "the noise has not been checked against its seed"
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
