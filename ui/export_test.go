package ui

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/export"
	"github.com/gen5viewer/gen5view/internal/fixtures"
)

func TestExportMenu(t *testing.T) {
	v := newTestViewer(t)
	if !menuItem(t, v, "File", "Export").Disabled {
		t.Error("Export is enabled with no file open")
	}
	dir := t.TempDir()
	path := fixtures.Copy(t, "a0_flux_f32.gen5", dir)
	openAndWait(t, v, path)
	exp := menuItem(t, v, "File", "Export")
	if exp.Disabled || exp.ChildMenu == nil {
		t.Fatal("Export is not an enabled submenu with a file open")
	}
	var labels []string
	for _, it := range exp.ChildMenu.Items {
		labels = append(labels, it.Label)
	}
	for _, want := range []string{"Noise as NumPy .npy…", "Noise for diffusers (.safetensors)…", "Noise as ComfyUI latent (.latent)…",
		"Copy A1111 Infotext", "ComfyUI Workflow (API format)…", "diffusers Python Snippet…"} {
		if !strings.Contains(strings.Join(labels, "|"), want) {
			t.Errorf("Export menu %q lacks %q", labels, want)
		}
	}

	// Each noise export writes what the command line writes; the .latent
	// reads back with codec's safetensors reader.
	for _, ne := range noiseExports {
		var buf bytes.Buffer
		if err := ne.writeNoise(&buf, v.doc.file); err != nil {
			t.Fatalf("%s: %v", ne.label, err)
		}
		if ne.ext == ".latent" {
			tn, _, err := codec.ReadSafetensors(bytes.NewReader(buf.Bytes()), int64(buf.Len()), "latent_tensor")
			if err != nil || codec.ShapeString(tn.Shape) != "1×16×128×128" {
				t.Errorf(".latent: %v %v", err, tn)
			}
		}
	}
	text, err := infotextOf(v.doc.file)
	if err != nil || !strings.Contains(text, "Seed: 99") || !strings.Contains(text, "RNG: CPU") {
		t.Errorf("infotext %q, %v", text, err)
	}
	snip := diffusersSnippet("x.flux.safetensors", []int{1, 16, 128, 128})
	if !strings.Contains(snip, `load_file("x.flux.safetensors")["latents"]`) || !strings.Contains(snip, "height=1024, width=1024") {
		t.Errorf("snippet:\n%s", snip)
	}
}

func TestInfotextRefusedWhenSeedDoesNotReproduce(t *testing.T) {
	path := fixtures.Path(t, "a0_batch2.gen5")
	f, err := codec.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	_, err = infotextOf(f)
	var nr *export.NotReproducible
	if !errors.As(err, &nr) {
		t.Errorf("infotext for noise the seed does not reproduce: %v", err)
	}
}

// TestCompareFiles compares a file with its float16 copy and with another
// seed's noise, as File ▸ Compare With… does.
func TestCompareFiles(t *testing.T) {
	a, err := codec.OpenFile(fixtures.Path(t, "a0_sd15_f32.gen5"))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	rep, img, err := compareFiles(a, fixtures.Path(t, "a0_sd15_to_f16.gen5"))
	if err != nil || img == nil {
		t.Fatalf("%v %v", err, img)
	}
	_, lats := comparisonLines(rep)
	if len(lats) != 1 || !strings.Contains(lats[0], "same noise — max |Δ| 0,") {
		t.Errorf("float16 copy: %q", lats)
	}
	rep, _, err = compareFiles(a, fixtures.Path(t, "a0_two_latents.gen5"))
	if err != nil {
		t.Fatal(err)
	}
	meta, lats := comparisonLines(rep)
	if !strings.Contains(strings.Join(meta, "\n"), "model_info.prompt: [-A puppy smiling, cinematic-] {+two latents+}") ||
		!strings.Contains(strings.Join(lats, "\n"), "same seed, different noise") {
		t.Errorf("two_latents: %q %q", meta, lats)
	}
	if _, _, err := compareFiles(a, filepath.Join(t.TempDir(), "nope.gen5")); err == nil {
		t.Error("a missing file compares")
	}
}
