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

// BenchmarkRandnCUDAFlux emulates the CUDA generator for a Flux-sized latent.
func BenchmarkRandnCUDAFlux(b *testing.B) {
	b.SetBytes(4 * 16 * 128 * 128)
	for b.Loop() {
		if _, err := CUDA(42, fluxShape); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheckFlux is the whole seed check of a Flux latent that does not
// match, the slowest case, as the viewer runs it when a file opens.
func BenchmarkCheckFlux(b *testing.B) {
	stored, err := CPU(7, fluxShape)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Check(42, fluxShape, stored, false); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNVFlux generates a Flux-sized latent with A1111's NV generator.
func BenchmarkNVFlux(b *testing.B) {
	b.SetBytes(4 * 16 * 128 * 128)
	for b.Loop() {
		if _, err := NV(42, fluxShape, 0); err != nil {
			b.Fatal(err)
		}
	}
}
