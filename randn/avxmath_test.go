package randn

import (
	"math"
	"testing"
)

// refLog is LOG as RANDN.md states it, one float32 operation at a time with
// fma32 at every fused step: the reference the lane kernel must equal.
func refLog(x float32) float32 {
	x = max(x, logMinNorm)
	e := float32(int32(math.Float32bits(x)>>23)-127) + 1
	x = math.Float32frombits(math.Float32bits(x)&0x807fffff | 0x3f000000)
	if x < logSqrtHF {
		e = e - 1
		x = (x - 1) + x
	} else {
		x = x - 1
	}
	z := float32(x * x)
	y := logP0
	for _, p := range []float32{logP1, logP2, logP3, logP4, logP5, logP6, logP7, logP8} {
		y = fma32(y, x, p)
	}
	y = float32(y * x)
	y = fma32(y, z, float32(e*logQ1))
	y = fma32(-z, 0.5, y)
	x = x + y
	return fma32(e, logQ2, x)
}

// refSincos is SINCOS as RANDN.md states it, for t >= 0.
func refSincos(t float32) (sin, cos float32) {
	j := int32(float32(t * sincosFOPI))
	j = (j + 1) &^ 1
	y := float32(j)
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

// TestKernelFusedStepsExact is the proof that the lane kernel, which rounds
// its fused steps twice (through float64), equals the reference with single
// rounding: it compares the two on every input the kernel can be given. LOG
// receives 1-u and SINCOS float32(2*pi)*u, for the 2^24 uniforms u = k*2^-24.
// With -short only every 61st input is tried.
func TestKernelFusedStepsExact(t *testing.T) {
	step := uint32(1)
	if testing.Short() {
		step = 61
	}
	var in [8]float32
	var theta, logs, sin, cos lanes
	var ks [8]uint32
	lane, bad := 0, 0
	check := func() {
		logLanes(&logs, &in)
		sincosLanes(&sin, &cos, &theta)
		for i := 0; i < lane; i++ {
			wl := refLog(in[i])
			ws, wc := refSincos(float32(theta[i]))
			if math.Float32bits(float32(logs[i])) != math.Float32bits(wl) ||
				math.Float32bits(float32(sin[i])) != math.Float32bits(ws) ||
				math.Float32bits(float32(cos[i])) != math.Float32bits(wc) {
				if bad++; bad <= 10 {
					u := uniform32(ks[i])
					t.Errorf("u = %d*2^-24: log %v sin %v cos %v, reference %v %v %v",
						ks[i], logs[i], sin[i], cos[i], wl, ws, wc)
					_ = u
				}
			}
		}
		lane = 0
	}
	for k := uint32(0); k < 1<<24; k += step {
		u := uniform32(k)
		ks[lane] = k
		in[lane] = 1 - u
		theta[lane] = round32(float64(twoPi32) * float64(u))
		if lane++; lane == 8 {
			check()
		}
	}
	if lane > 0 {
		for i := lane; i < 8; i++ {
			in[i], theta[i] = 1, 0
		}
		check()
	}
	if bad > 0 {
		t.Fatalf("%d inputs differ", bad)
	}
}

// TestFMA32 checks fma32 against exact arithmetic, including the midpoint
// cases where a plain float64 computation rounds twice.
func TestFMA32(t *testing.T) {
	check := func(a, b, c float32) {
		t.Helper()
		got := fma32(a, b, c)
		want := exactFMA32(a, b, c)
		if math.Float32bits(got) != math.Float32bits(want) {
			t.Errorf("fma32(%v, %v, %v) = %v, want %v", a, b, c, got, want)
		}
	}
	// (1+2^-12)^2 = 1 + 2^-11 + 2^-24 is itself a midpoint: an exact tie
	// goes to even, and with c = ±2^-60 the float64 sum rounds onto the
	// midpoint while the exact value lies on c's side.
	b := float32(1 + 0x1p-12)
	check(b, b, 0)
	check(b, b, 0x1p-60)
	check(b, b, -0x1p-60)
	check(-b, b, 0x1p-60)
	check(-b, b, -0x1p-60)
	check(1, 1, 0x1p-24)                  // exact tie, to even (down)
	check(1, float32(1+0x1p-23), 0x1p-24) // exact tie, to even (up)
	check(0, 5, -0.0)
	check(-0.0, 5, -0.0)
	check(3, 0x1p-149, 0x1p-150)
	check(float32(math.MaxFloat32), 2, 0)
	// Pseudo-random operands, some with cancelling signs.
	m := NewMT19937(7)
	for range 200000 {
		a := math.Float32frombits(m.Uint32()&0x807fffff | 0x3f000000)
		b := math.Float32frombits(m.Uint32()&0x807fffff | 0x3f000000)
		c := math.Float32frombits(m.Uint32()&0x807fffff | (0x3f000000 - (m.Uint32()%40)<<23))
		check(a, b, c)
		check(a, b, -float32(float64(a)*float64(b)))
	}
	// Operands built so that the float64 sum lands on a float32 midpoint
	// with a nonzero error: (1+x)(1-x) = 1-x^2, so a*b is 2^-24 less a tiny
	// amount and c+a*b rounds in float64 onto the midpoint c+2^-24.
	for range 100000 {
		c := math.Float32frombits(m.Uint32()&0x007fffff | 0x3f800000) // [1, 2)
		x := float32(m.Uint32()%1000+1) * 0x1p-23
		a, b := 0x1p-24*(1+x), 1-x
		check(a, b, c)
		check(-a, b, -c)
		check(a, -b, c+0x1p-22)
	}
}
