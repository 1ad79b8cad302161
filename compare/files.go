package compare

import (
	"fmt"

	"github.com/gen5viewer/gen5view/codec"
)

// Report is everything Files finds between two files.
type Report struct {
	Metadata []FieldDiff  `json:"metadata"`
	Latents  []LatentDiff `json:"latents"`
	// OnlyA and OnlyB name latents without a counterpart.
	OnlyA []string `json:"only_in_a,omitempty"`
	OnlyB []string `json:"only_in_b,omitempty"`
	// Pairs are the latents compared, in the order of Latents, for
	// drawing their Difference.
	Pairs []Pair `json:"-"`
}

// Files compares two open files: their metadata, and each pair of latents
// (see Pairs), judged against whether both record the same seed.
func Files(a, b *codec.File) (Report, error) {
	var lats [2][]*codec.Latent
	for i, f := range []*codec.File{a, b} {
		for _, c := range f.Latents() {
			l, err := c.Latent()
			if err != nil {
				return Report{}, fmt.Errorf("%s: %v", f.Path(), err)
			}
			lats[i] = append(lats[i], l)
		}
	}
	r := Report{Metadata: Metadata(a.Manifest, b.Manifest)}
	if r.Metadata == nil {
		r.Metadata = []FieldDiff{}
	}
	seedA, okA := a.Manifest.Setting("seed")
	seedB, okB := b.Manifest.Setting("seed")
	sameSeed := okA && okB && codec.ValueText(seedA) == codec.ValueText(seedB)
	pairs, onlyA, onlyB := Pairs(lats[0], lats[1])
	for _, p := range pairs {
		r.Latents = append(r.Latents, Latents(p, sameSeed))
	}
	r.Pairs = pairs
	for _, l := range onlyA {
		r.OnlyA = append(r.OnlyA, l.Name())
	}
	for _, l := range onlyB {
		r.OnlyB = append(r.OnlyB, l.Name())
	}
	return r, nil
}
