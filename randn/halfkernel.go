package randn

import "math"

// torch.randn(..., dtype=torch.float16) on the CPU does not round the
// float32 kernel's output: it runs normal_fill<Half>, which draws each
// uniform from the low 11 bits of an engine word (uniform_real with
// numeric_limits<Half>::digits) and rounds the radius, the angle and each
// result to float16 with the C library's float log, sin and cos in between.
// Those library functions are not reproduced exactly, so this is no exact
// check; but a model of the kernel agrees with a tensor it drew on nearly
// every value (the rounding to float16 hides float differences), and with
// any other tensor on almost none, which is enough to say "probably".

// halfKernelLikely reports whether the leading values of a float16 tensor
// drawn over n elements look like torch's half-precision CPU kernel for
// seed: at least 90% of the first values within one float16 step of the
// model's.
func halfKernelLikely(seed uint64, stored []float32) bool {
	p := min(screenLen, len(stored)&^15)
	if p == 0 || len(stored) < p+16 {
		return false
	}
	var mt MT19937
	mt.Seed(uint32(seed))
	d := make([]float32, p)
	for i := range d {
		d[i] = float32(mt.Uint32()&0x7ff) * 0x1p-11 // exact in float16
	}
	for b := 0; b < p; b += 16 {
		halfFill16((*[16]float32)(d[b : b+16]))
	}
	agree := 0
	for i, v := range d {
		if absDiff(stored[i], v) <= 2*halfULP16(v) {
			agree++
		}
	}
	return agree*10 >= p*9
}

// halfFill16 is normal_fill_16<Half> as modelled above.
func halfFill16(d *[16]float32) {
	for j := range 8 {
		u1 := 1 - d[j]
		u2 := d[j+8]
		radius := round16(float32(math.Sqrt(float64(-2 * float32(math.Log(float64(u1)))))))
		theta := round16(float32(2 * math.Pi * float64(u2)))
		sin, cos := math.Sincos(float64(theta))
		d[j] = round16(radius * float32(cos))
		d[j+8] = round16(radius * float32(sin))
	}
}
