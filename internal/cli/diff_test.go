package cli

import (
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gen5viewer/gen5view/compare"
	"github.com/gen5viewer/gen5view/internal/fixtures"
)

func TestDiff(t *testing.T) {
	sd15 := fixtures.Path(t, "a0_sd15_f32.gen5")
	toF16 := fixtures.Path(t, "a0_sd15_to_f16.gen5")
	two := fixtures.Path(t, "a0_two_latents.gen5")
	heat := filepath.Join(t.TempDir(), "d.png")

	code, out, stderr := run("diff", sd15, two, "--json", "--heatmap", heat)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var r diffReport
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	prompt := false
	for _, d := range r.Metadata {
		if d.Key == "model_info.prompt" && len(d.Words) > 0 {
			prompt = true
		}
	}
	if !prompt || len(r.Latents) != 1 || r.Latents[0].Verdict != "same seed, different noise" ||
		r.Latents[0].Correlation == nil || *r.Latents[0].Correlation > 0.1 || len(r.OnlyB) != 1 {
		t.Errorf("diff sd15 two_latents: %s", out)
	}
	f, err := os.Open(heat)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(f)
	f.Close()
	if err != nil || img.Bounds().Dx() != heatmapSize {
		t.Errorf("heatmap: %v %v", err, img)
	}

	code, out, _ = run("diff", sd15, toF16)
	if code != 0 || !strings.Contains(out, "max |Δ| 0,") || !strings.Contains(out, ": same noise") {
		t.Errorf("float32 vs its float16 copy: %s", out)
	}
	if code, _, stderr := run("diff", sd15); code != 2 || !strings.Contains(stderr, "missing argument") {
		t.Errorf("one file: exit %d %q", code, stderr)
	}
	missing := filepath.Join(t.TempDir(), "nope.gen5")
	if code, _, stderr := run("diff", sd15, missing); code != 1 || !strings.Contains(stderr, missing) {
		t.Errorf("missing file: exit %d %q", code, stderr)
	}
}

// TestDiffEscapesControlCharacters checks that text from the files cannot
// reach the terminal raw.
func TestDiffEscapesControlCharacters(t *testing.T) {
	var b strings.Builder
	printDiff(&b, diffReport{Report: compare.Report{Metadata: []compare.FieldDiff{{Key: "model_info.\x1b[2Jx", A: "a\x1b]0;t\x07", B: "b", InA: true, InB: true}}}})
	if strings.ContainsAny(b.String(), "\x1b\x07") {
		t.Errorf("control characters reach the output: %q", b.String())
	}
}
