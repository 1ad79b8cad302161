package randn

import (
	"math"
	"strings"
	"testing"
)

func mustCPU(t *testing.T, seed uint64, shape []int) []float32 {
	t.Helper()
	v, err := CPU(seed, shape)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func mustCUDA(t *testing.T, seed uint64, shape []int, maxBlocks int) []float32 {
	t.Helper()
	v, err := CUDAGrid(seed, shape, maxBlocks)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func roundAll16(v []float32) []float32 {
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = round16(x)
	}
	return out
}

func TestCheck(t *testing.T) {
	const seed = 42
	shape := []int{1, 4, 16, 16}
	cpu := mustCPU(t, seed, shape)
	cuda := mustCUDA(t, seed, shape, 0)

	perturbed := append([]float32(nil), cpu...)
	perturbed[300] += 0.5

	cudaNoisy := append([]float32(nil), cuda...)
	for i := range cudaNoisy {
		cudaNoisy[i] += 2e-6 * float32(1-2*(i&1))
	}

	for _, tc := range []struct {
		name     string
		stored   []float32
		f16      bool
		verdict  Verdict
		cpu      string
		cudaRes  string
		diff     float64 // expected MaxAbsDiff, within 1e-6
		sentence string
	}{
		{"cpu float32", cpu, false, VerdictExact, "exact", "mismatch", 0,
			"this noise is torch.randn on the CPU for seed 42 (mod 2^32), one draw over the whole shape: the seed alone reproduces it"},
		{"cpu float16", roundAll16(cpu), true, VerdictExactF16, "exact-f16", "mismatch", 0,
			"one draw over the whole shape, rounded to float16: the seed alone reproduces it"},
		{"cpu float16 upcast", roundAll16(cpu), false, VerdictExactF16, "exact-f16", "mismatch", 0, "rounded to float16"},
		{"one element off", perturbed, false, VerdictMismatch, "mismatch", "mismatch", 0.5,
			"the stored tensor is the only record of this noise: seed 42 does not reproduce it (max difference 0.5)"},
		{"cuda float32", cuda, false, VerdictCloseCUDA, "mismatch", "close", 0,
			"this noise is torch.randn(seed=42) on a CUDA generator (within 1e-7): the seed reproduces it on a GPU"},
		{"cuda float32 noisy", cudaNoisy, false, VerdictCloseCUDA, "mismatch", "close", 2e-6, "(within 2e-6)"},
		{"cuda float16", roundAll16(cuda), true, VerdictCloseCUDA, "mismatch", "close", 0,
			"on a CUDA generator (rounded to float16): the seed reproduces it on a GPU"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Check(seed, shape, tc.stored, tc.f16)
			if err != nil {
				t.Fatal(err)
			}
			if got.Verdict != tc.verdict || got.CPU != tc.cpu || got.CUDA != tc.cudaRes {
				t.Errorf("got %+v, want verdict %s, CPU %s, CUDA %s", got, tc.verdict, tc.cpu, tc.cudaRes)
			}
			if math.Abs(got.MaxAbsDiff-tc.diff) > 1e-6 {
				t.Errorf("MaxAbsDiff = %g, want %g", got.MaxAbsDiff, tc.diff)
			}
			if s := got.Sentence(seed); !strings.Contains(s, tc.sentence) {
				t.Errorf("Sentence = %q, want it to contain %q", s, tc.sentence)
			}
		})
	}
}

// TestCheckCUDASmallDevice checks that a tensor made on a GPU with fewer
// resident blocks than the tensor needs, so that threads draw several
// values, is recognised from its layout.
func TestCheckCUDASmallDevice(t *testing.T) {
	const seed = 1234
	shape := []int{1, 4, 32, 32} // 4096 elements, 16 blocks
	for _, blocks := range []int{1, 3, 15} {
		stored := mustCUDA(t, seed, shape, blocks)
		got, err := Check(seed, shape, stored, false)
		if err != nil {
			t.Fatal(err)
		}
		if got.Verdict != VerdictCloseCUDA || got.CUDABlocks != blocks {
			t.Errorf("%d blocks: got %+v", blocks, got)
		}
		if s := got.Sentence(seed); !strings.Contains(s, "thread blocks resident") {
			t.Errorf("%d blocks: sentence %q", blocks, s)
		}
		// Half precision too.
		got, err = Check(seed, shape, roundAll16(stored), true)
		if err != nil {
			t.Fatal(err)
		}
		if got.Verdict != VerdictCloseCUDA || got.CUDABlocks != blocks {
			t.Errorf("%d blocks, float16: got %+v", blocks, got)
		}
	}
}

func TestCheckMismatch(t *testing.T) {
	shape := []int{2, 4, 8, 8}
	other := mustCPU(t, 7, shape)
	got, err := Check(8, shape, other, false)
	if err != nil {
		t.Fatal(err)
	}
	if got.Verdict != VerdictMismatch || got.CPU != "mismatch" || got.CUDA != "mismatch" {
		t.Errorf("wrong seed: got %+v", got)
	}
	if got.MaxAbsDiff < 1 {
		t.Errorf("wrong seed: MaxAbsDiff %g is implausibly small", got.MaxAbsDiff)
	}

	// A NaN never counts as agreement.
	nan := mustCPU(t, 8, shape)
	nan[3] = float32(math.NaN())
	got, err = Check(8, shape, nan, false)
	if err != nil {
		t.Fatal(err)
	}
	if got.Verdict != VerdictMismatch || !math.IsInf(got.MaxAbsDiff, 1) {
		t.Errorf("NaN: got %+v", got)
	}
	if s := got.Sentence(8); !strings.Contains(s, "max difference infinite") {
		t.Errorf("NaN: sentence %q", s)
	}

	// A float16 tensor that is close to CPU randn but not its rounding.
	cpu := mustCPU(t, 8, shape)
	h := roundAll16(cpu)
	h[10] = float32(float16ULPUp(h[10]))
	got, err = Check(8, shape, h, true)
	if err != nil {
		t.Fatal(err)
	}
	if got.Verdict != VerdictMismatch || got.MaxAbsDiff == 0 || got.MaxAbsDiff > 0.01 {
		t.Errorf("float16 off by an ulp: got %+v", got)
	}
}

// float16ULPUp returns the next float16 value above x.
func float16ULPUp(x float32) float64 {
	return float64(x) + 2*halfULP16(x)
}

func TestCheckErrors(t *testing.T) {
	if _, err := Check(0, []int{2, 3}, make([]float32, 5), false); err == nil {
		t.Error("length mismatch accepted")
	}
	if _, err := Check(0, []int{-2, 3}, make([]float32, 6), false); err == nil {
		t.Error("negative dimension accepted")
	}
	if _, err := Check(0, []int{0}, nil, false); err == nil {
		t.Error("empty tensor accepted")
	}
}

func TestHalfULP16(t *testing.T) {
	for _, tc := range []struct {
		x    float32
		want float64
	}{
		{1, 0x1p-11}, {1.5, 0x1p-11}, {-2, 0x1p-10}, {0.75, 0x1p-12}, {0x1p-14, 0x1p-25}, {1e-6, 0x1p-25}, {0, 0x1p-25},
	} {
		if got := halfULP16(tc.x); got != tc.want {
			t.Errorf("halfULP16(%v) = %g, want %g", tc.x, got, tc.want)
		}
	}
}

func TestSentenceZero(t *testing.T) {
	if s := (LatentCheck{}).Sentence(1); s == "" {
		t.Error("empty sentence for the zero LatentCheck")
	}
}

// TestCheckHalfKernel checks that a float16 tensor drawn the way torch's
// half-precision CPU kernel draws is called probably that, and that a
// float16 tensor from another seed is not.
func TestCheckHalfKernel(t *testing.T) {
	shape := []int{1, 4, 32, 32}
	var mt MT19937
	mt.Seed(3)
	kernel := make([]float32, 4096)
	for i := range kernel {
		kernel[i] = float32(mt.Uint32()&0x7ff) * 0x1p-11
	}
	for b := 0; b < len(kernel); b += 16 {
		halfFill16((*[16]float32)(kernel[b : b+16]))
	}
	got, err := Check(3, shape, kernel, true)
	if err != nil {
		t.Fatal(err)
	}
	if got.Verdict != VerdictMismatch || !got.HalfKernel || !strings.Contains(got.Sentence(3), "half-precision CPU kernel") {
		t.Errorf("half kernel draw: %+v, %q", got, got.Sentence(3))
	}
	got, err = Check(3, shape, roundAll16(mustCPU(t, 4, shape)), true)
	if err != nil {
		t.Fatal(err)
	}
	if got.HalfKernel {
		t.Errorf("another seed's float16 noise is called the half kernel's: %+v", got)
	}
}
