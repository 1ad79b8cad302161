package compare

import (
	"fmt"
	"math"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/x448/float16"
)

// The verdicts on a pair of latents.
const (
	SameNoise          = "same noise"
	SameSeedOtherNoise = "same seed, different noise"
	DifferentNoise     = "different noise"
)

// LatentDiff compares latent Index of one file with its counterpart in the
// other.
type LatentDiff struct {
	IndexA int    `json:"index_a"`
	IndexB int    `json:"index_b"`
	Key    string `json:"key,omitempty"`
	ShapeA []int  `json:"shape_a"`
	ShapeB []int  `json:"shape_b"`
	DTypeA string `json:"dtype_a"`
	DTypeB string `json:"dtype_b"`
	// MaxAbs and MeanAbs are the largest and the mean |A-B| over the
	// elements, and Correlation Pearson's r of A and B; all three are nil
	// when the shapes differ (and Correlation when either tensor is
	// constant). A NaN on either side makes MaxAbs infinite, reported as
	// nil too, and NaN elements are left out of the mean and correlation.
	MaxAbs      *float64 `json:"max_abs_diff"`
	MeanAbs     *float64 `json:"mean_abs_diff"`
	Correlation *float64 `json:"correlation"`
	NaN         int      `json:"nan_pairs,omitempty"`
	// Verdict is SameNoise when the values are equal (after rounding both
	// to float16 when either file stores float16), SameSeedOtherNoise when
	// they differ but the files record the same seed, DifferentNoise
	// otherwise.
	Verdict string `json:"verdict"`
}

// Pair is two latents to compare.
type Pair struct{ A, B *codec.Latent }

// Pairs matches the latents of two files: by key when both files key all
// their latents, otherwise by position. Latents without a counterpart are
// returned in onlyA and onlyB.
func Pairs(a, b []*codec.Latent) (pairs []Pair, onlyA, onlyB []*codec.Latent) {
	keyed := func(ls []*codec.Latent) bool {
		for _, l := range ls {
			if l.Key == "" {
				return false
			}
		}
		return true
	}
	if keyed(a) && keyed(b) {
		byKey := map[string]*codec.Latent{}
		for _, l := range b {
			byKey[l.Key] = l
		}
		used := map[string]bool{}
		for _, l := range a {
			if m, ok := byKey[l.Key]; ok && !used[l.Key] {
				pairs = append(pairs, Pair{l, m})
				used[l.Key] = true
			} else {
				onlyA = append(onlyA, l)
			}
		}
		for _, l := range b {
			if !used[l.Key] {
				onlyB = append(onlyB, l)
			}
		}
		return pairs, onlyA, onlyB
	}
	n := min(len(a), len(b))
	for i := range n {
		pairs = append(pairs, Pair{a[i], b[i]})
	}
	return pairs, a[n:], b[n:]
}

// Latents compares a pair. sameSeed says whether both files record the same
// seed, which decides between the two "different" verdicts.
func Latents(p Pair, sameSeed bool) LatentDiff {
	d := LatentDiff{IndexA: p.A.Index, IndexB: p.B.Index, Key: p.A.Key, ShapeA: p.A.Shape, ShapeB: p.B.Shape,
		DTypeA: string(p.A.DType), DTypeB: string(p.B.DType), Verdict: DifferentNoise}
	if sameSeed {
		d.Verdict = SameSeedOtherNoise
	}
	if codec.ShapeString(p.A.Shape) != codec.ShapeString(p.B.Shape) {
		return d
	}
	a, b := p.A.Float32(), p.B.Float32()
	if len(a) != len(b) || len(a) == 0 {
		return d
	}
	half := p.A.DType == codec.Float16 || p.B.DType == codec.Float16
	same := true
	var maxAbs, sumAbs, sa, sb, saa, sbb, sab float64
	n := 0
	for i := range a {
		x, y := a[i], b[i]
		if half {
			x, y = round16(x), round16(y)
		}
		if math.Float32bits(x) != math.Float32bits(y) {
			same = false
		}
		fx, fy := float64(x), float64(y)
		if math.IsNaN(fx) || math.IsNaN(fy) {
			d.NaN++
			continue
		}
		delta := math.Abs(fx - fy)
		maxAbs = max(maxAbs, delta)
		sumAbs += delta
		sa, sb = sa+fx, sb+fy
		saa, sbb, sab = saa+fx*fx, sbb+fy*fy, sab+fx*fy
		n++
	}
	if same {
		d.Verdict = SameNoise
	}
	if d.NaN == 0 && !math.IsInf(maxAbs, 0) {
		d.MaxAbs = &maxAbs
	}
	if n > 0 {
		mean := sumAbs / float64(n)
		if !math.IsInf(mean, 0) && !math.IsNaN(mean) {
			d.MeanAbs = &mean
		}
		fn := float64(n)
		cov := sab - sa*sb/fn
		va, vb := saa-sa*sa/fn, sbb-sb*sb/fn
		if va > 0 && vb > 0 {
			r := max(-1, min(1, cov/math.Sqrt(va*vb)))
			if !math.IsNaN(r) {
				d.Correlation = &r
			}
		}
	}
	return d
}

func round16(x float32) float32 { return float16.Fromfloat32(x).Float32() }

// Difference returns A-B for a pair of the same shape, for a heatmap (in
// float16 precision when either side is float16, as Latents compares).
func Difference(p Pair) ([]float32, error) {
	if codec.ShapeString(p.A.Shape) != codec.ShapeString(p.B.Shape) {
		return nil, fmt.Errorf("latents of shapes %s and %s have no element-wise difference",
			codec.ShapeString(p.A.Shape), codec.ShapeString(p.B.Shape))
	}
	a, b := p.A.Float32(), p.B.Float32()
	half := p.A.DType == codec.Float16 || p.B.DType == codec.Float16
	out := make([]float32, len(a))
	for i := range a {
		x, y := a[i], b[i]
		if half {
			x, y = round16(x), round16(y)
		}
		out[i] = x - y
	}
	return out, nil
}
