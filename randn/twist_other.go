//go:build !amd64

package randn

// twistRange is the AVX2 fast path of amd64; elsewhere it does nothing and
// the pairwise twist does all the words.
func twistRange(s *[mtN]uint32, lo, hi, d int) int { return lo }

// haveAVX2 is false off amd64.
var haveAVX2 = false
