package randn

import "fmt"

// Generator names a source of initial noise, as `noise --generator` and the
// provenance check speak of them.
type Generator string

// The generators Generate knows.
const (
	// GeneratorCPU is torch's CPU generator (CPU), bit for bit.
	GeneratorCPU Generator = "cpu"
	// GeneratorCUDA is the emulation of torch's CUDA generator (CUDA).
	GeneratorCUDA Generator = "cuda"
	// GeneratorNV is AUTOMATIC1111's "NV" generator (NV), bit for bit.
	GeneratorNV Generator = "nv"
)

// ParseGenerator reads "cpu", "cuda" or "nv".
func ParseGenerator(s string) (Generator, error) {
	switch g := Generator(s); g {
	case GeneratorCPU, GeneratorCUDA, GeneratorNV:
		return g, nil
	}
	return "", fmt.Errorf("generator must be cpu, cuda or nv, not %q", s)
}

// Generate returns the noise gen gives for seed and shape, drawn in one of
// the two ways front ends draw a batch:
//
//   - perImage false: one request over the whole shape after seeding
//     (ComfyUI, diffusers with one generator);
//   - perImage true: picture i of the batch (the first dimension) seeded
//     with seed+i and drawn as one request of the remaining shape (A1111 and
//     Forge batches, diffusers with a list of generators).
//
// A shape of fewer than two dimensions has no batch dimension, so perImage
// changes nothing for it.
func Generate(gen Generator, seed uint64, shape []int, perImage bool) ([]float32, error) {
	one, err := generatorFunc(gen)
	if err != nil {
		return nil, err
	}
	if !perImage || len(shape) < 2 {
		return one(seed, shape)
	}
	n, err := numel(shape)
	if err != nil {
		return nil, err
	}
	out := make([]float32, 0, n)
	for i := range shape[0] {
		pic, err := one(seed+uint64(i), shape[1:])
		if err != nil {
			return nil, err
		}
		out = append(out, pic...)
	}
	return out, nil
}

func generatorFunc(gen Generator) (func(uint64, []int) ([]float32, error), error) {
	switch gen {
	case GeneratorCPU:
		return CPU, nil
	case GeneratorCUDA:
		return CUDA, nil
	case GeneratorNV:
		return func(seed uint64, shape []int) ([]float32, error) { return NV(seed, shape, 0) }, nil
	}
	_, err := ParseGenerator(string(gen))
	return nil, err
}
