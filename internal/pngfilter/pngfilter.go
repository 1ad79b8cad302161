// Package pngfilter holds the PNG filter rule (PNG specification,
// section 9): five ways of predicting each byte of a row from its left,
// upper and upper-left neighbours, so that the deflate stream stores only
// the small differences. Apply filters a row when encoding; Undo restores
// it when decoding.
package pngfilter

import (
	"fmt"
	"strconv"
)

// The filter types, as the byte that starts each row names them.
const (
	None    = 0
	Sub     = 1 // from the byte one pixel to the left
	Up      = 2 // from the byte above
	Average = 3 // from the mean of left and above
	Paeth   = 4 // from whichever of left, above and upper-left is nearest left+above-upper-left
)

// Types is how many filter types there are.
const Types = 5

// Apply writes into out the row cur filtered with filter type f (0 to 4),
// given the previous row prev (all zeros above the first) and the bytes
// per pixel bpp. out, cur and prev are the same length.
func Apply(f byte, out, cur, prev []byte, bpp int) {
	switch f {
	case None:
		copy(out, cur)
	case Sub:
		copy(out[:bpp], cur)
		for i := bpp; i < len(cur); i++ {
			out[i] = cur[i] - cur[i-bpp]
		}
	case Up:
		for i := range cur {
			out[i] = cur[i] - prev[i]
		}
	case Average:
		for i := 0; i < bpp; i++ {
			out[i] = cur[i] - prev[i]/2
		}
		for i := bpp; i < len(cur); i++ {
			out[i] = cur[i] - uint8((int(cur[i-bpp])+int(prev[i]))/2)
		}
	case Paeth:
		for i := 0; i < bpp; i++ {
			out[i] = cur[i] - predictPaeth(0, prev[i], 0)
		}
		for i := bpp; i < len(cur); i++ {
			out[i] = cur[i] - predictPaeth(cur[i-bpp], prev[i], prev[i-bpp])
		}
	default:
		panic(fmt.Sprintf("pngfilter: no filter type %d", f))
	}
}

// predictPaeth is the Paeth predictor as the specification writes it: of
// left (a), above (b) and upper-left (c), the one nearest a+b-c, ties
// going to a, then b.
func predictPaeth(a, b, c byte) byte {
	p := int(a) + int(b) - int(c)
	pa, pb, pc := abs(p-int(a)), abs(p-int(b)), abs(p-int(c))
	if pa <= pb && pa <= pc {
		return a
	}
	if pb <= pc {
		return b
	}
	return c
}

// Undo undoes filter type f on a row in place, given the previous row,
// already unfiltered (all zeros above the first), and the bytes per pixel
// (1 for bit depths under 8). An unknown filter type is an error.
func Undo(f byte, cur, prev []byte, bpp int) error {
	switch f {
	case None:
	case Sub:
		for i := bpp; i < len(cur); i++ {
			cur[i] += cur[i-bpp]
		}
	case Up:
		for i, p := range prev {
			cur[i] += p
		}
	case Average:
		for i := 0; i < bpp; i++ {
			cur[i] += prev[i] / 2
		}
		for i := bpp; i < len(cur); i++ {
			cur[i] += uint8((int(cur[i-bpp]) + int(prev[i])) / 2)
		}
	case Paeth:
		undoPaeth(cur, prev, bpp)
	default:
		return fmt.Errorf("unknown filter type %d", f)
	}
	return nil
}

// undoPaeth undoes the Paeth filter one channel at a time, keeping the left
// (a) and upper-left (c) neighbours in registers, with branch-free
// absolute values: it is the costliest filter and the commonest.
func undoPaeth(cur, prev []byte, bpp int) {
	for ch := 0; ch < bpp; ch++ {
		a, c := 0, 0
		for j := ch; j < len(cur); j += bpp {
			b := int(prev[j])
			pa, pb := b-c, a-c
			pc := abs(pa + pb)
			pa, pb = abs(pa), abs(pb)
			switch {
			case pa <= pb && pa <= pc:
			case pb <= pc:
				a = b
			default:
				a = c
			}
			a = (a + int(cur[j])) & 0xff
			cur[j] = uint8(a)
			c = b
		}
	}
}

func abs(x int) int {
	m := x >> (strconv.IntSize - 1)
	return (x ^ m) - m
}
