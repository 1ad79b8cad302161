package randn

import "testing"

var fluxShape = []int{1, 16, 128, 128}

// BenchmarkRandnFlux generates a Flux-sized latent on the CPU path, the size
// the viewer checks most often.
func BenchmarkRandnFlux(b *testing.B) {
	b.SetBytes(4 * 16 * 128 * 128)
	for b.Loop() {
		if _, err := CPU(42, fluxShape); err != nil {
			b.Fatal(err)
		}
	}
}
