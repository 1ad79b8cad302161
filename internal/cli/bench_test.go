package cli

import (
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
