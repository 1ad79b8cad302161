package cli

import (
	"encoding/json"
	"io"
	"testing"

	"github.com/gen5viewer/gen5view/internal/fixtures"
)

// BenchmarkInfoJSONFlux is the work of `gen5view info --json` on the
// largest fixture, without process start-up.
func BenchmarkInfoJSONFlux(b *testing.B) {
	path := fixtures.Path(b, "a0_flux_f32.gen5")
	for i := 0; i < b.N; i++ {
		if code := Run([]string{"info", "--json", path}, io.Discard, io.Discard); code != 0 {
			b.Fatal(code)
		}
	}
}

// BenchmarkThumbnailFlux is the work of `gen5view thumbnail -s 256` on the
// Flux fixture (1024×1024 PNG) without process start-up: the thumbnail
// package's BenchmarkFile/256 plus encoding the PNG and writing it to
// standard output.
func BenchmarkThumbnailFlux(b *testing.B) {
	path := fixtures.Path(b, "a0_flux_f32.gen5")
	for i := 0; i < b.N; i++ {
		if code := Run([]string{"thumbnail", "-s", "256", path, "-"}, io.Discard, io.Discard); code != 0 {
			b.Fatal(code)
		}
	}
}

// BenchmarkProvenanceFlux is seedcheck's work on a0_flux_f32.gen5 (file
// already open): decoding the latent and checking it against its seed,
// which the first candidate, torch CPU, reproduces. Compare with
// randn's BenchmarkRandnFlux, one torch CPU draw of the same size.
func BenchmarkProvenanceFlux(b *testing.B) {
	benchProvenance(b, "")
}

// BenchmarkProvenanceFluxAll is the same check with a seed that reproduces
// nothing, so that every candidate is tried: torch CPU whole and per
// picture, 64 ComfyUI batch_index draws, NV per picture and whole, CUDA.
func BenchmarkProvenanceFluxAll(b *testing.B) {
	benchProvenance(b, "7")
}

func benchProvenance(b *testing.B, seed string) {
	f, err := openFile(fixtures.Path(b, "a0_flux_f32.gen5"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	if seed != "" {
		f.Manifest.SetSetting("seed", json.Number(seed))
	}
	for b.Loop() {
		if _, lats, err := checkSeed(f); err != nil || (seed == "") != (lats[0].Source != nil) {
			b.Fatal(err, lats)
		}
	}
}
