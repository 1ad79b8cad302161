package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/internal/fixtures"
	"github.com/gen5viewer/gen5view/randn"
)

// torchVector reads one of ../shared/fixtures/torch_randn's .npy files:
// real torch.randn output.
func torchVector(t *testing.T, name string) []float32 {
	t.Helper()
	return readNPYFile(t, filepath.Join(fixtures.Dir(t), "torch_randn", name)).Float32()
}

// seedFile writes a .gen5 file holding one latent of the given values and
// generation_settings.seed, and returns its path.
func seedFile(t *testing.T, seed uint64, shape []int, values []float32, dtype codec.DType) string {
	t.Helper()
	tn, err := codec.TensorFromFloat32(shape, values, dtype)
	if err != nil {
		t.Fatal(err)
	}
	m := codec.NewManifest()
	m.SetModelInfo("model_name", "test")
	for k, v := range map[string]any{"seed": seed, "steps": 20, "sampler": "euler"} {
		if err := m.SetSetting(k, v); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "n.gen5")
	if err := codec.WriteNewFile(path, codec.Contents{Manifest: m, Latents: []codec.NewLatent{{Key: "initial_noise", Tensor: tn}}}); err != nil {
		t.Fatal(err)
	}
	return path
}

func seedcheckJSON(t *testing.T, path string) seedReport {
	t.Helper()
	code, out, stderr := run("seedcheck", "--json", path)
	if code != 0 {
		t.Fatalf("seedcheck: exit %d: %s", code, stderr)
	}
	var r seedReport
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Latents) != 1 {
		t.Fatalf("%d latents in %s", len(r.Latents), out)
	}
	return r
}

func cat(parts ...[]float32) []float32 {
	var out []float32
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func round16All(v []float32) []float32 {
	tn, _ := codec.TensorFromFloat32([]int{len(v)}, v, codec.Float16)
	return tn.Float32()
}

// TestSeedProvenance builds a file for each way a front end draws noise and
// checks that seedcheck names it. The torch CPU cases use real torch
// output. A draw whose size is a multiple of 16 takes one engine word per
// value and transforms blocks of 16, so a 1×4×128×128 draw is four
// randn([1,4,64,64]) draws one after the other: its values 16384 to 32767
// are ComfyUI's batch_index 1 (and likewise for 2×4×8×8).
func TestSeedProvenance(t *testing.T) {
	s0 := torchVector(t, "cpu_seed0_1x4x64x64.npy")
	s1 := torchVector(t, "cpu_seed1_1x4x64x64.npy")
	big0 := torchVector(t, "cpu_seed0_1x4x128x128.npy")
	small0 := torchVector(t, "cpu_seed0_2x4x8x8.npy")
	wrapped := torchVector(t, "cpu_seed4294967301_1x4x64x64.npy")
	nv42, _ := randn.NV(42, []int{1, 4, 64, 64}, 0)
	nv43, _ := randn.NV(43, []int{1, 4, 64, 64}, 0)
	nvBatch, _ := randn.NV(42, []int{2, 4, 64, 64}, 0)
	cuda, _ := randn.CUDA(7, []int{1, 4, 32, 32})
	cuda8, _ := randn.CUDA(8, []int{1, 4, 32, 32})
	lat := []int{1, 4, 64, 64}
	pair := []int{2, 4, 64, 64}

	for _, c := range []struct {
		name       string
		seed       uint64
		shape      []int
		values     []float32
		dtype      codec.DType
		source     string
		seeds      []uint64
		batchIndex []int
		sentence   string
	}{
		{"torch cpu", 0, lat, s0, codec.Float32, "torch-cpu", nil, nil, "seed 0 (mod 2^32), one draw over the whole shape"},
		{"torch cpu high bits", 4294967301, lat, wrapped, codec.Float32, "torch-cpu", nil, nil, "seed 4294967301 (mod 2^32 = 5)"},
		{"torch cpu float16", 0, lat, round16All(s0), codec.Float16, "torch-cpu", nil, nil, "rounded to float16"},
		{"torch cpu per image", 0, pair, cat(s0, s1), codec.Float32, "torch-cpu-per-image", []uint64{0, 1}, nil, "one per picture, 0 to 1"},
		{"comfyui batch_index 1", 0, lat, big0[16384:32768], codec.Float32, "comfyui-batch-index", nil, []int{1}, "draw 1 after seeding"},
		{"comfyui batch_index 1, small", 0, []int{1, 4, 8, 8}, small0[256:], codec.Float32, "comfyui-batch-index", nil, []int{1}, "batch_index"},
		{"comfyui batch_index 1 and 0", 0, pair, cat(big0[16384:32768], s0), codec.Float32, "comfyui-batch-index", nil, []int{1, 0}, "draw 1 and 0"},
		{"a1111 nv", 42, lat, nv42, codec.Float32, "a1111-nv", []uint64{42}, nil, "(RNG: NV) for seed 42:"},
		{"a1111 nv per image", 42, pair, cat(nv42, nv43), codec.Float32, "a1111-nv", []uint64{42, 43}, nil, "one per picture, 42 to 43"},
		{"a1111 nv float16", 42, lat, round16All(nv42), codec.Float16, "a1111-nv", []uint64{42}, nil, "rounded to float16"},
		{"a1111 nv batch", 42, pair, nvBatch, codec.Float32, "a1111-nv-batch", nil, nil, "one draw over the whole batch"},
		{"cuda", 7, []int{1, 4, 32, 32}, cuda, codec.Float32, "cuda", nil, nil, "CUDA generator"},
		{"cuda per image", 7, []int{2, 4, 32, 32}, cat(cuda, cuda8), codec.Float32, "cuda", []uint64{7, 8}, nil, "drawn per picture with seeds 7 to 8"},
		{"seed 1 is not seed 0", 1, lat, s0, codec.Float32, "", nil, nil, "only record"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := seedcheckJSON(t, seedFile(t, c.seed, c.shape, c.values, c.dtype))
			l := r.Latents[0]
			got := ""
			if l.Source != nil {
				got = *l.Source
			}
			if got != c.source {
				t.Fatalf("source %q, want %q (%s)", got, c.source, l.Sentence)
			}
			if (r.Source == nil) != (c.source == "") || l.Seed != c.seed {
				t.Errorf("top-level source %v, seed %d", r.Source, l.Seed)
			}
			if !equalInts(l.Seeds, c.seeds) || !equalInts(l.BatchIndex, c.batchIndex) {
				t.Errorf("seeds %v batch_index %v, want %v %v", l.Seeds, l.BatchIndex, c.seeds, c.batchIndex)
			}
			if !strings.Contains(l.Sentence, c.sentence) {
				t.Errorf("sentence %q lacks %q", l.Sentence, c.sentence)
			}
		})
	}
}

func equalInts[T int | uint64](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestSeedProvenanceFloat16Rounding checks the float16 rule: a float16
// latent matches when it is the float32 draw rounded to float16, and one
// value a float16 step away is a mismatch.
func TestSeedProvenanceFloat16Rounding(t *testing.T) {
	h := round16All(torchVector(t, "cpu_seed42_1x4x64x64.npy"))
	l := seedcheckJSON(t, seedFile(t, 42, []int{1, 4, 64, 64}, h, codec.Float16)).Latents[0]
	if l.Source == nil || *l.Source != "torch-cpu" || l.Verdict != "exact-f16" {
		t.Errorf("rounded draw: %+v", l)
	}
	h[5000] = round16All([]float32{h[5000] * 1.01})[0]
	l = seedcheckJSON(t, seedFile(t, 42, []int{1, 4, 64, 64}, h, codec.Float16)).Latents[0]
	if l.Source != nil || l.Verdict != "mismatch" || l.MaxAbsDiff == 0 || l.MaxAbsDiff > 0.1 {
		t.Errorf("one value off: %+v", l)
	}
}
