package randn

import "golang.org/x/sys/cpu"

// haveAVX2 selects the eight-lane twist for skipping.
var haveAVX2 = cpu.X86.HasAVX2

//go:noescape
func twistLanes8(s *[mtN]uint32, lo, hi, d int) int

// twistRange runs the recurrence for words lo to hi-1 (see twistPairs),
// eight at a time where the CPU has AVX2, and returns the first word not
// done, which is at most seven short of hi.
func twistRange(s *[mtN]uint32, lo, hi, d int) int {
	if !haveAVX2 {
		return lo
	}
	return twistLanes8(s, lo, hi, d)
}
