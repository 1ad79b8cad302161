package randn

import "math"

// This file holds the float32 log and sincos that PyTorch's AVX2 normal
// kernel uses (aten/src/ATen/native/cpu/avx_mathfun.h, Cephes polynomials).
// torch is built with FMA contraction, so some multiply-adds of those
// polynomials are fused and round once; the rest round after each step.
// Reproducing torch bit for bit needs exactly the same split, so:
//
//   - every fused step calls fma32, which rounds once;
//   - every other product is wrapped in an explicit float32 conversion. The
//     Go spec lets the compiler fuse x*y+z (and it does with GOAMD64=v3 or on
//     arm64); an explicit conversion forces the rounding of the product and
//     so forbids the fusion.

// fma32 returns a*b+c rounded once to float32, like the vfmadd instructions
// torch's kernel compiles to.
//
// The product of two float32 values has at most 48 significant bits, so it
// is exact in float64 and s below carries a single float64 rounding (whether
// or not the compiler fuses the float64 multiply-add, which is why this line
// needs no guard). Rounding s to float32 then gives the correctly rounded
// result unless s landed exactly on a midpoint between two float32 values,
// where the float64 rounding may have hidden which side the exact value was
// on. A midpoint has its low 28 float64 fraction bits clear, so the cheap
// test below sends only those rare values to the careful path.
func fma32(a, b, c float32) float32 {
	s := float64(a)*float64(b) + float64(c)
	if math.Float64bits(s)&(1<<28-1) != 0 {
		return float32(s)
	}
	return fma32Slow(a, b, c, s)
}

// fma32Slow settles the possible midpoint case of fma32. It is kept out of
// line so that fma32 stays small enough to inline.
//
//go:noinline
func fma32Slow(a, b, c float32, s float64) float32 {
	p := float64(a) * float64(b) // exact, see fma32
	q := float64(c)
	// TwoSum: err is the exact rounding error of s = p + q, so the exact
	// value of a*b+c is s + err.
	bv := s - p
	err := (p - (s - bv)) + (q - bv)
	r := float32(s)
	if err == 0 || math.IsInf(s, 0) || math.IsNaN(s) {
		return r // s is exact: one rounding only
	}
	d := s - float64(r) // exact: r is the float32 nearest to s
	if d == 0 {
		// s is itself a float32 and |err| is far below half a float32
		// ulp, so the exact value rounds to s as well.
		return r
	}
	// The float32 neighbour of r on the side of s.
	n := math.Nextafter32(r, float32(math.Copysign(math.Inf(1), d)))
	if float64(n)-s != d {
		return r // s is not a midpoint: rounding s is rounding the exact value
	}
	// s is a midpoint and float32(s) broke the tie to even; the exact value
	// lies on the side of err instead.
	if (err > 0) == (d > 0) {
		return n
	}
	return r
}

// sqrt32 is the correctly rounded float32 square root (vsqrtps): the
// float64 root rounded to float32 is never double-rounded wrongly, since
// float64 has more than twice float32's precision plus two bits.
func sqrt32(x float32) float32 {
	return float32(math.Sqrt(float64(x)))
}

// Constants of avx_mathfun.h. C converts the double literals to float, as
// these conversions do.
const (
	logMinNorm = 0x1p-126
	logSqrtHF  = float32(0.707106781186547524)
	logP0      = float32(7.0376836292e-2)
	logP1      = float32(-1.1514610310e-1)
	logP2      = float32(1.1676998740e-1)
	logP3      = float32(-1.2420140846e-1)
	logP4      = float32(1.4249322787e-1)
	logP5      = float32(-1.6668057665e-1)
	logP6      = float32(2.0000714765e-1)
	logP7      = float32(-2.4999993993e-1)
	logP8      = float32(3.3333331174e-1)
	logQ1      = float32(-2.12194440e-4)
	logQ2      = float32(0.693359375)

	sincosFOPI = float32(1.27323954473516) // 4/pi
	sincosDP1  = float32(-0.78515625)
	sincosDP2  = float32(-2.4187564849853515625e-4)
	sincosDP3  = float32(-3.77489497744594108e-8)
	sinP0      = float32(-1.9515295891e-4)
	sinP1      = float32(8.3321608736e-3)
	sinP2      = float32(-1.6666654611e-1)
	cosP0      = float32(2.443315711809948e-5)
	cosP1      = float32(-1.388731625493765e-3)
	cosP2      = float32(4.166664568298827e-2)
)

// log32 is log256_ps for one lane, for positive finite x (the kernel only
// takes logs of 1-u with u in [0, 1), so the NaN and negative-input lanes
// of the original are not needed).
func log32(x float32) float32 {
	if x < logMinNorm {
		x = logMinNorm
	}
	bits := math.Float32bits(x)
	e := float32(int32(bits>>23)-127) + 1
	x = math.Float32frombits(bits&0x807fffff | 0x3f000000) // mantissa in [0.5, 1)
	if x < logSqrtHF {
		e = e - 1
		x = (x - 1) + x
	} else {
		x = x - 1
	}
	z := float32(x * x)
	y := logP0
	y = fma32(y, x, logP1)
	y = fma32(y, x, logP2)
	y = fma32(y, x, logP3)
	y = fma32(y, x, logP4)
	y = fma32(y, x, logP5)
	y = fma32(y, x, logP6)
	y = fma32(y, x, logP7)
	y = fma32(y, x, logP8)
	y = float32(y * x)
	y = fma32(y, z, float32(e*logQ1))
	y = fma32(-z, 0.5, y)
	x = x + y
	return fma32(e, logQ2, x)
}

// sincos32 is sincos256_ps for one lane, for t >= 0 (the kernel's angles
// are 2*pi*u with u in [0, 1), so the input sign handling is not needed).
func sincos32(t float32) (sin, cos float32) {
	j := int32(float32(t * sincosFOPI)) // truncates, like cvttps
	j = (j + 1) &^ 1
	y := float32(j)
	// Extended precision reduction of t by j*pi/4.
	x := fma32(y, sincosDP1, t)
	x = fma32(y, sincosDP2, x)
	x = fma32(y, sincosDP3, x)
	z := float32(x * x)

	c := fma32(cosP0, z, cosP1)
	c = fma32(c, z, cosP2)
	c = float32(c * z)
	c = fma32(c, z, -float32(z*0.5))
	c = c + 1

	s := fma32(sinP0, z, sinP1)
	s = fma32(s, z, sinP2)
	s = float32(s * z)
	s = fma32(s, x, x)

	if j&2 != 0 {
		s, c = c, s
	}
	if j&4 != 0 {
		s = -s
	}
	if (j-2)&4 == 0 {
		c = -c
	}
	return s, c
}
