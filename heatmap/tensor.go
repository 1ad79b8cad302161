package heatmap

import (
	"errors"
	"fmt"
	"math"
)

// Tensor is a noise tensor normalised to four dimensions, batch × channel ×
// height × width, stored row-major in Data. The renderers only ever deal
// with this shape, so every rank a file may carry is folded into it once, by
// FromShape, instead of being special-cased at each drawing step.
type Tensor struct {
	// Shape holds B, C, H, W in that order.
	Shape [4]int
	// Data holds B*C*H*W values, the last index (x) varying fastest.
	Data []float32
}

// FromShape builds a Tensor from the shape recorded in a file and its values.
// Ranks other than four are folded so that the spatial layout survives:
// rank 1 is one row (1×1×1×N), rank 2 one image (1×1×H×W), rank 3 a stack of
// channels (1×C×H×W), and ranks above four merge their leading dimensions
// into the batch. It fails when the shape is empty, has a dimension that is
// not positive, has a product that overflows int, or does not match len(data).
// The returned Tensor shares data rather than copying it.
func FromShape(shape []int, data []float32) (Tensor, error) {
	if len(shape) == 0 {
		return Tensor{}, errors.New("heatmap: tensor shape has no dimensions")
	}
	total := 1
	for i, d := range shape {
		if d <= 0 {
			return Tensor{}, fmt.Errorf("heatmap: dimension %d of shape %v is %d, want a positive size", i, shape, d)
		}
		// Checking before multiplying keeps a hostile or corrupt header from
		// wrapping the product around to a small number that happens to
		// match the data length.
		if total > math.MaxInt/d {
			return Tensor{}, fmt.Errorf("heatmap: shape %v has more elements than an int can count", shape)
		}
		total *= d
	}
	if total != len(data) {
		return Tensor{}, fmt.Errorf("heatmap: shape %v holds %d values, but %d were given", shape, total, len(data))
	}

	var s [4]int
	switch n := len(shape); n {
	case 1:
		s = [4]int{1, 1, 1, shape[0]}
	case 2:
		s = [4]int{1, 1, shape[0], shape[1]}
	case 3:
		s = [4]int{1, shape[0], shape[1], shape[2]}
	default:
		// The product of the leading dimensions cannot overflow: it divides
		// total, which was checked above.
		b := 1
		for _, d := range shape[:n-3] {
			b *= d
		}
		s = [4]int{b, shape[n-3], shape[n-2], shape[n-1]}
	}
	return Tensor{Shape: s, Data: data}, nil
}

// Batches returns the number of batch entries, Shape[0].
func (t Tensor) Batches() int { return t.Shape[0] }

// Channels returns the number of channels per batch entry, Shape[1].
func (t Tensor) Channels() int { return t.Shape[1] }

// Height returns the number of rows of each channel, Shape[2].
func (t Tensor) Height() int { return t.Shape[2] }

// Width returns the number of columns of each channel, Shape[3].
func (t Tensor) Width() int { return t.Shape[3] }

// At returns the value at batch b, channel c, row y, column x. Like a slice
// index it panics when any coordinate is out of range, because a silent wrap
// into a neighbouring channel would show the user a wrong value on hover.
func (t Tensor) At(b, c, y, x int) float32 {
	t.check(b, c)
	if uint(y) >= uint(t.Shape[2]) || uint(x) >= uint(t.Shape[3]) {
		panic(fmt.Sprintf("heatmap: cell (%d, %d) outside %d×%d channel", y, x, t.Shape[2], t.Shape[3]))
	}
	return t.Data[((b*t.Shape[1]+c)*t.Shape[2]+y)*t.Shape[3]+x]
}

// Channel returns the H*W values of batch b, channel c as a view into Data,
// without copying, so that statistics and rendering of one channel cost no
// allocation. Its capacity is capped at its length so an append by the
// caller cannot overwrite the next channel. It panics when b or c is out of
// range.
func (t Tensor) Channel(b, c int) []float32 {
	t.check(b, c)
	n := t.Shape[2] * t.Shape[3]
	off := (b*t.Shape[1] + c) * n
	return t.Data[off : off+n : off+n]
}

// Batch returns the C*H*W values of batch b as a view into Data, for
// statistics over all channels of one batch entry. It panics when b is out
// of range.
func (t Tensor) Batch(b int) []float32 {
	if uint(b) >= uint(t.Shape[0]) {
		panic(fmt.Sprintf("heatmap: batch %d outside [0, %d)", b, t.Shape[0]))
	}
	n := t.Shape[1] * t.Shape[2] * t.Shape[3]
	return t.Data[b*n : (b+1)*n : (b+1)*n]
}

func (t Tensor) check(b, c int) {
	if uint(b) >= uint(t.Shape[0]) {
		panic(fmt.Sprintf("heatmap: batch %d outside [0, %d)", b, t.Shape[0]))
	}
	if uint(c) >= uint(t.Shape[1]) {
		panic(fmt.Sprintf("heatmap: channel %d outside [0, %d)", c, t.Shape[1]))
	}
}
