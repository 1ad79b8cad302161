package randn

import (
	"math"
	"runtime"
	"sync"
)

// NV returns the noise of AUTOMATIC1111's "NV" RNG source (the Generator of
// modules/rng_philox.py, also in Forge) for one randn(shape) request made
// offset requests after seeding: offset 0 is the first request.
//
// A1111 wrote it as a CPU imitation of torch's CUDA generator, in numpy, so
// its output is exactly defined and reproduced here bit for bit, unlike
// CUDA's: element j comes from the Philox4x32-10 block at counter
// (offset, 0, j, 0) under the key (low, high 32 bits of seed), and its first
// two words go through Box-Muller in float64 (numpy promotes uint32 times
// float32 to float64) before rounding to float32. All 64 bits of seed count.
//
// The float64 log and sin are Go's rather than the C library's numpy calls;
// both are within an ulp of the exact value, and the rounding to float32
// that follows hides such a difference except when the float64 result lies
// within an ulp of a float32 rounding boundary, about once in 2^28 values.
func NV(seed uint64, shape []int, offset uint32) ([]float32, error) {
	n, err := numel(shape)
	if err != nil {
		return nil, err
	}
	out := make([]float32, n)
	nvFill(out, seed, offset, 0)
	return out, nil
}

// nvFill writes the NV values of elements first..first+len(out)-1 of a
// request. Each element depends on its own counter only, so long requests
// are shared out among goroutines.
func nvFill(out []float32, seed uint64, offset uint32, first int) {
	key := [2]uint32{uint32(seed), uint32(seed >> 32)}
	workers := runtime.GOMAXPROCS(0)
	if len(out) < 1<<14 || workers < 2 {
		nvRange(out, key, offset, first)
		return
	}
	var wg sync.WaitGroup
	chunk := (len(out) + workers - 1) / workers
	for lo := 0; lo < len(out); lo += chunk {
		hi := min(lo+chunk, len(out))
		wg.Add(1)
		go func() {
			defer wg.Done()
			nvRange(out[lo:hi], key, offset, first+lo)
		}()
	}
	wg.Wait()
}

func nvRange(out []float32, key [2]uint32, offset uint32, first int) {
	for i := range out {
		// rng_philox.py counts elements in a uint32 word (counter[2]);
		// MaxElements keeps j below 2^31.
		r := philox([4]uint32{offset, 0, uint32(first + i), 0}, key)
		out[i] = nvBoxMuller(r[0], r[1])
	}
}

// rng_philox.py's constants are numpy float32 arrays: the literal
// 2.3283064e-10 rounded to float32, and its float64 product with 6.2831855
// rounded to float32. Halving a float32 is exact, so a/2 needs no care.
var (
	nvA = float64(float32(2.3283064e-10))
	nvB = float64(float32(2.3283064e-10 * 6.2831855))
)

// nvBoxMuller is rng_philox.box_muller for one element: every operation is
// a float64 one rounded on its own (the explicit conversions keep the Go
// compiler from fusing a product and a sum into one FMA, which numpy does
// not do), and only the result is rounded to float32.
func nvBoxMuller(x, y uint32) float32 {
	u := float64(float64(x)*nvA) + nvA/2
	v := float64(float64(y)*nvB) + nvB/2
	s := math.Sqrt(float64(-2.0 * math.Log(u)))
	return float32(float64(s * math.Sin(v)))
}
