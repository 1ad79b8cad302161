package randn

import "math"

// This file holds the float32 log and sincos that PyTorch's AVX2 normal
// kernel uses (aten/src/ATen/native/cpu/avx_mathfun.h, Cephes polynomials).
// torch is built with FMA contraction, so some multiply-adds of those
// polynomials are fused and round once while every other operation rounds on
// its own. Reproducing torch bit for bit needs exactly that split:
//
//   - The kernel works on float32 values held in float64 lanes. A float32
//     addition or multiplication is the float64 one rounded to float32
//     (round32): float64 has more than twice float32's precision, so the
//     double rounding is harmless for a single operation.
//   - A fused step a*b+c is computed as round32(a*b + c) (fused): a*b is
//     exact in float64, so the float64 sum rounds once, then to float32.
//     Double rounding can go wrong there, when the float64 sum lands exactly
//     on a midpoint between two float32 values, and fma32 handles that case
//     in general. For the kernel it never happens: its LOG only ever sees the
//     2^24 values 1-u and its SINCOS the 2^24 angles 2*pi*u, for u the 24-bit
//     uniforms, and TestKernelFusedStepsExact checks every one of them
//     against fma32. Skipping the midpoint test halves the kernel's cost,
//     because the test's branch is unpredictable at several steps.
//   - Products that torch does not fuse are wrapped in round32, whose
//     explicit conversion stops the Go compiler from fusing them into the
//     next addition (the spec allows fusion, and the compiler does it with
//     GOAMD64=v3 and on arm64).

// fma32 returns a*b+c rounded once to float32, like the vfmadd instructions
// torch's kernel compiles to.
func fma32(a, b, c float32) float32 {
	return float32(fmaRound(float64(a)*float64(b), float64(c)))
}

// fmaRound returns p+q rounded once to float32 (and widened back, exactly),
// where p is the exact product of two float32 values and q a float32 value.
// Such a product has at most 48 significant bits, so it is exact in float64,
// and the float64 sum s carries a single rounding. (The compiler may fuse the
// product that the caller passes into this sum, or into TwoSum below: with an
// exact product every variant gives the same value, which is why these lines
// need no guard.)
//
// Rounding s to float32 then gives the correctly rounded result unless s
// landed exactly on a midpoint between two float32 values, where the float64
// rounding may have hidden which side of it the exact value was on. A
// midpoint has its low 28 float64 fraction bits clear; only such values pay
// for TwoSum, which yields the rounding error of s, and move one float64 ulp
// towards the exact value so that the final rounding goes its way. That move
// cannot reach or cross a midpoint from anywhere else, as any other s passing
// the test is 2^28 float64 ulps away from one.
func fmaRound(p, q float64) float64 {
	s := p + q
	if bits := math.Float64bits(s); bits<<36 == 0 {
		bv := s - p
		if err := (p - (s - bv)) + (q - bv); err != 0 {
			if (err > 0) == (s > 0) {
				bits++ // away from zero
			} else {
				bits--
			}
			s = math.Float64frombits(bits)
		}
	}
	return float64(float32(s))
}

// round32 rounds to float32 precision. Rounding the float64 result of a
// single float32 addition or multiplication gives the same value as the
// float32 operation (float64 has more than twice the precision, so double
// rounding is harmless), and the explicit conversion stops the compiler from
// fusing the product into a following addition.
func round32(v float64) float64 {
	return float64(float32(v))
}

// sqrt32 is the correctly rounded float32 square root, like vsqrtps. The
// compiler turns this pattern into a float32 square root instruction; were
// it evaluated as written, the float64 root rounded to float32 would be the
// same value, since float64 has more than twice float32's precision plus two
// bits.
func sqrt32(x float32) float32 {
	return float32(math.Sqrt(float64(x)))
}

// Constants of avx_mathfun.h. C rounds each double literal to double and then
// to float; for every one of these that gives the float32 nearest the decimal
// literal, which is what Go's constant conversion gives.
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

// logPoly is the Horner tail of LOG's polynomial, widened once.
var logPoly = [...]float64{
	float64(logP2), float64(logP3), float64(logP4), float64(logP5),
	float64(logP6), float64(logP7), float64(logP8),
}

// lanes holds one float32 value for each of the 8 Box-Muller pairs of a
// block, widened to float64 so that the fused steps need no conversions.
// Going through the kernel one step at a time for all 8 lanes, as the AVX2
// code does, gives the processor 8 independent dependency chains to overlap
// rather than one long one.
type lanes [8]float64

// logLanes is log256_ps: for each lane, out = LOG(in), for in in [2^-24, 1]
// (the kernel takes logs of 1-u with u a 24-bit uniform, so the NaN and
// negative-input handling of the original is left out).
func logLanes(out *lanes, in *[8]float32) {
	var x, e, y, z lanes
	for k, v := range in {
		// The original first raises v to the smallest normal float32;
		// 1-u is at least 2^-24, so that never applies here.
		bits := math.Float32bits(v)
		m := math.Float32frombits(bits&0x807fffff | 0x3f000000) // mantissa in [0.5, 1)
		// Below sqrt(1/2), use 2m-1 and one less in the exponent. The
		// selection is done on bits so that it compiles without a branch,
		// which would be mispredicted half the time.
		var lt uint32
		if math.Float32bits(m) < math.Float32bits(logSqrtHF) {
			lt = 1
		}
		m = (m - 1) + math.Float32frombits(math.Float32bits(m)&-lt) // + m or + 0
		// e = float32(exponent - 127) + 1, less one below sqrt(1/2): small
		// integers, so doing it in integers first is exact.
		x[k], e[k] = float64(m), float64(int32(bits>>23)-126-int32(lt))
		z[k] = round32(float64(m) * float64(m))
	}
	for k := range y {
		y[k] = fused(float64(logP0)*x[k], float64(logP1))
	}
	for _, p := range &logPoly {
		for k := 0; k < 4; k++ {
			y[k] = fused(y[k]*x[k], p)
			y[k+4] = fused(y[k+4]*x[k+4], p)
		}
	}
	for k := range y {
		yk := round32(y[k] * x[k])
		yk = fused(yk*z[k], round32(e[k]*float64(logQ1)))
		yk = fused(-z[k]*0.5, yk)
		xk := round32(x[k] + yk)
		out[k] = fused(e[k]*float64(logQ2), xk)
	}
}

// sincosLanes is sincos256_ps: for each lane, sin and cos of t >= 0 (the
// kernel's angles are 2*pi*u with u in [0, 1), so the input sign handling of
// the original is left out).
func sincosLanes(sin, cos *lanes, t *lanes) {
	var x, z, c, s lanes
	var j [8]int32
	for k, tk := range t {
		jk := int32(float32(tk * float64(sincosFOPI))) // truncates, like cvttps
		jk = (jk + 1) &^ 1
		j[k] = jk
		// Extended precision reduction of t by j*pi/4.
		y := float64(jk)
		xk := fused(y*float64(sincosDP1), tk)
		xk = fused(y*float64(sincosDP2), xk)
		xk = fused(y*float64(sincosDP3), xk)
		x[k] = xk
		z[k] = round32(xk * xk)
	}
	for k, zk := range z {
		ck := fused(float64(cosP0)*zk, float64(cosP1))
		ck = fused(ck*zk, float64(cosP2))
		ck = round32(ck * zk)
		ck = fused(ck*zk, -round32(zk*0.5))
		c[k] = round32(ck + 1)
	}
	for k, zk := range z {
		sk := fused(float64(sinP0)*zk, float64(sinP1))
		sk = fused(sk*zk, float64(sinP2))
		sk = round32(sk * zk)
		s[k] = fused(sk*x[k], x[k])
	}
	for k, jk := range j {
		// Swap when j&2 and flip signs, all on the bits and without
		// branches: j is random, so a branch would be mispredicted half the
		// time.
		sb, cb := math.Float64bits(s[k]), math.Float64bits(c[k])
		swap := (sb ^ cb) & -uint64(jk>>1&1)
		sb, cb = sb^swap, cb^swap
		sin[k] = math.Float64frombits(sb ^ uint64(jk&4)<<61)
		cos[k] = math.Float64frombits(cb ^ uint64(^(jk-2)&4)<<61)
	}
}

// fused is a fused multiply-add step of the kernel: p, the exact float64
// product of two float32 values, plus the float32 value q, rounded to
// float32. See the top of the file for why it needs no midpoint test.
func fused(p, q float64) float64 {
	return float64(float32(p + q))
}
