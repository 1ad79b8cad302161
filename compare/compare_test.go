package compare

import (
	"math"
	"testing"

	"github.com/gen5viewer/gen5view/codec"
)

func TestWords(t *testing.T) {
	got := WordsText(Words("a red car on a hill", "a blue car on the hill at dusk"))
	want := "a [-red-] {+blue+} car on [-a-] {+the+} hill {+at dusk+}"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if ops := Words("same words", "same  words"); len(ops) != 1 || ops[0].Op != "=" {
		t.Errorf("spacing alone makes a difference: %v", ops)
	}
}

func TestMetadata(t *testing.T) {
	a, b := codec.NewManifest(), codec.NewManifest()
	a.SetPrompt("a red car")
	b.SetPrompt("a blue car")
	a.SetSetting("seed", 1)
	b.SetSetting("seed", 2)
	a.SetSetting("steps", 20)
	b.SetSetting("steps", 20)
	b.SetSetting("sampler", "euler")
	got := Metadata(a, b)
	if len(got) != 3 {
		t.Fatalf("%d differences: %+v", len(got), got)
	}
	seen := map[string]FieldDiff{}
	for _, d := range got {
		seen[d.Key] = d
	}
	if d := seen["model_info.generation_settings.seed"]; d.A != "1" || d.B != "2" {
		t.Errorf("seed %+v", d)
	}
	if d := seen["model_info.generation_settings.sampler"]; d.InA || !d.InB || d.B != "euler" {
		t.Errorf("sampler %+v", d)
	}
	if d := seen["model_info.prompt"]; WordsText(d.Words) != "a [-red-] {+blue+} car" {
		t.Errorf("prompt %+v", d)
	}
	if len(Metadata(a, a)) != 0 {
		t.Error("a manifest differs from itself")
	}
}

func latent(idx int, key string, shape []int, v []float32, dtype codec.DType) *codec.Latent {
	tn, err := codec.TensorFromFloat32(shape, v, dtype)
	if err != nil {
		panic(err)
	}
	return &codec.Latent{Index: idx, Key: key, Tensor: *tn}
}

func TestLatents(t *testing.T) {
	shape := []int{1, 1, 2, 4}
	x := []float32{0.1, -1, 2, 0.5, -0.25, 1.5, -2, 0.3}
	y := []float32{0.1, -1, 2, 0.5, -0.25, 1.5, -2, 0.8} // last differs by 0.5
	neg := make([]float32, 8)
	for i, v := range x {
		neg[i] = -v
	}
	check := func(name string, d LatentDiff, verdict string, maxAbs, meanAbs, corr float64) {
		t.Helper()
		if d.Verdict != verdict {
			t.Errorf("%s: verdict %q, want %q", name, d.Verdict, verdict)
		}
		for _, c := range []struct {
			got  *float64
			want float64
		}{{d.MaxAbs, maxAbs}, {d.MeanAbs, meanAbs}, {d.Correlation, corr}} {
			if c.got == nil || math.Abs(*c.got-c.want) > 1e-6 {
				t.Errorf("%s: got %v, want %v (%+v)", name, c.got, c.want, d)
			}
		}
	}
	same := Pair{latent(0, "", shape, x, codec.Float32), latent(0, "", shape, x, codec.Float32)}
	check("same", Latents(same, false), SameNoise, 0, 0, 1)
	one := Pair{latent(0, "", shape, x, codec.Float32), latent(0, "", shape, y, codec.Float32)}
	check("one off, same seed", Latents(one, true), SameSeedOtherNoise, 0.5, 0.5/8, pearson(x, y))
	check("one off", Latents(one, false), DifferentNoise, 0.5, 0.5/8, pearson(x, y))
	flip := Pair{latent(0, "", shape, x, codec.Float32), latent(0, "", shape, neg, codec.Float32)}
	check("negated", Latents(flip, false), DifferentNoise, 4, 2*sumAbs(x)/8, -1)

	// Float16 on one side: the float32 side is compared after rounding.
	half := Pair{latent(0, "", shape, x, codec.Float32), latent(0, "", shape, x, codec.Float16)}
	if d := Latents(half, false); d.Verdict != SameNoise {
		t.Errorf("float32 vs its float16 rounding: %+v", d)
	}
	// Different shapes: no statistics.
	other := Pair{latent(0, "", shape, x, codec.Float32), latent(0, "", []int{1, 2, 2, 2}, x, codec.Float32)}
	if d := Latents(other, true); d.Verdict != SameSeedOtherNoise || d.MaxAbs != nil {
		t.Errorf("shapes differ: %+v", d)
	}
	if _, err := Difference(other); err == nil {
		t.Error("Difference of different shapes")
	}
}

// pearson is the textbook two-pass correlation.
func pearson(x, y []float32) float64 {
	var mx, my float64
	for i := range x {
		mx += float64(x[i])
		my += float64(y[i])
	}
	mx /= float64(len(x))
	my /= float64(len(y))
	var sxy, sxx, syy float64
	for i := range x {
		dx, dy := float64(x[i])-mx, float64(y[i])-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	return sxy / math.Sqrt(sxx*syy)
}

func sumAbs(v []float32) float64 {
	s := 0.0
	for _, x := range v {
		s += math.Abs(float64(x))
	}
	return s
}

func TestPairs(t *testing.T) {
	v := []float32{1}
	a := []*codec.Latent{latent(0, "initial_noise", []int{1}, v, codec.Float32), latent(1, "final", []int{1}, v, codec.Float32)}
	b := []*codec.Latent{latent(0, "final", []int{1}, v, codec.Float32), latent(1, "initial_noise", []int{1}, v, codec.Float32), latent(2, "x", []int{1}, v, codec.Float32)}
	pairs, onlyA, onlyB := Pairs(a, b)
	if len(pairs) != 2 || pairs[0].B.Index != 1 || pairs[1].B.Index != 0 || len(onlyA) != 0 || len(onlyB) != 1 {
		t.Errorf("by key: %d pairs, %d %d left", len(pairs), len(onlyA), len(onlyB))
	}
	a[0].Key = ""
	pairs, _, onlyB = Pairs(a, b)
	if len(pairs) != 2 || pairs[0].B.Index != 0 || len(onlyB) != 1 {
		t.Errorf("by position: %+v", pairs)
	}
}
