package randn

import (
	"math"
	"math/big"
)

// exactFMA32 is a*b+c rounded once to float32, computed exactly with
// math/big.
func exactFMA32(a, b, c float32) float32 {
	p := float64(a) * float64(b) // exact
	x := new(big.Float).SetPrec(2000).SetFloat64(p)
	if math.IsInf(p, 0) {
		return float32(p + float64(c))
	}
	x.Add(x, new(big.Float).SetFloat64(float64(c)))
	if x.Sign() == 0 {
		// An exact zero takes its sign from the operands, as in IEEE 754.
		return float32(p + float64(c))
	}
	f, _ := x.Float32() // rounds to nearest even, subnormals included
	return f
}
