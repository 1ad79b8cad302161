package randn

import "math/big"

func refFMA32Big(a, b, c float32) float32 {
	x := new(big.Float).SetPrec(0).SetMode(big.ToNearestEven)
	pa := new(big.Float).SetFloat64(float64(a))
	pb := new(big.Float).SetFloat64(float64(b))
	pc := new(big.Float).SetFloat64(float64(c))
	x.SetPrec(1000)
	x.Mul(pa, pb)
	x.Add(x, pc)
	if x.Sign() == 0 {
		// IEEE: the sign of an exact zero sum follows the operands.
		p := float64(a) * float64(b)
		return float32(p + float64(c))
	}
	f, _ := x.Float32()
	return f
}
