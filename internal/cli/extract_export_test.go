package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/internal/fixtures"
	"github.com/gen5viewer/gen5view/prefill"
)

func TestExtractExports(t *testing.T) {
	sd15 := fixtures.Path(t, "a0_sd15_f32.gen5")
	flux := fixtures.Path(t, "a0_flux_f32.gen5")
	dir := t.TempDir()

	code, out, stderr := run("extract", sd15, "--infotext")
	if code != 0 {
		t.Fatalf("--infotext: exit %d: %s", code, stderr)
	}
	p := prefill.ParseA1111(out)
	if !p.HasSeed || p.Seed != 42 || p.Extra["RNG"] != "CPU" || p.Width != 512 || p.Steps != 20 {
		t.Errorf("--infotext printed %q, parsed as %+v", out, p)
	}

	wf := filepath.Join(dir, "wf.json")
	if code, _, stderr := run("extract", flux, "--comfyui-workflow", wf); code != 0 {
		t.Fatalf("--comfyui-workflow: %s", stderr)
	}
	var g map[string]struct {
		ClassType string         `json:"class_type"`
		Inputs    map[string]any `json:"inputs"`
	}
	raw := readFile(t, wf)
	if err := json.Unmarshal(raw, &g); err != nil || g["3"].Inputs["seed"] != 99.0 {
		t.Errorf("workflow %s (%v)", raw, err)
	}

	for as, ext := range map[string]string{"npy": ".npy", "safetensors": ".safetensors", "comfyui-latent": ".latent"} {
		d := filepath.Join(dir, as)
		if code, _, stderr := run("extract", flux, "--latents", d, "--as", as); code != 0 {
			t.Fatalf("--as %s: %s", as, stderr)
		}
		b, err := os.ReadFile(filepath.Join(d, "latent0"+ext))
		if err != nil {
			t.Fatal(err)
		}
		if as == "npy" {
			continue
		}
		name := map[string]string{"safetensors": "latents", "comfyui-latent": "latent_tensor"}[as]
		tn, _, err := codec.ReadSafetensors(strings.NewReader(string(b)), int64(len(b)), name)
		if err != nil || codec.ShapeString(tn.Shape) != "1×16×128×128" {
			t.Errorf("--as %s: %v %v", as, err, tn)
		}
		if as == "comfyui-latent" && !strings.Contains(string(b[:4096]), `"prompt":"{\"3\":{\"class_type\":\"KSampler\"`) {
			t.Errorf(".latent metadata lacks the workflow: %.300s", b[8:])
		}
	}
	d := filepath.Join(dir, "packed")
	if code, _, stderr := run("extract", flux, "--latents", d, "--as", "safetensors", "--flux-packed"); code != 0 {
		t.Fatalf("--flux-packed: %s", stderr)
	}
	b := readFile(t, filepath.Join(d, "latent0.safetensors"))
	if tn, _, err := codec.ReadSafetensors(strings.NewReader(string(b)), int64(len(b)), "latents"); err != nil || codec.ShapeString(tn.Shape) != "1×4096×64" {
		t.Errorf("--flux-packed: %v %v", err, tn)
	}

	for _, c := range []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"extract", sd15, "--latents", dir, "--as", "pt"}, 2, "npy, safetensors or comfyui-latent"},
		{[]string{"extract", sd15, "--latents", dir, "--flux-packed"}, 2, "--flux-packed goes with --as safetensors"},
		{[]string{"extract", fixtures.Path(t, "a0_batch2.gen5"), "--infotext"}, 1, "does not reproduce the stored noise"},
		{[]string{"extract", fixtures.Path(t, "a0_3d.gen5"), "--latents", dir, "--as", "safetensors", "--flux-packed"}, 1, "Flux packing needs a (B, C, H, W) latent"},
	} {
		code, _, stderr := run(c.args...)
		if code != c.code || !strings.Contains(stderr, c.err) || strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
			t.Errorf("%v: exit %d, %q; want %d and %q", c.args[1:], code, stderr, c.code, c.err)
		}
	}
}
