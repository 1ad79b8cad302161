package ui

import (
	"image"
	"runtime/debug"

	xdraw "golang.org/x/image/draw"

	"github.com/gen5viewer/gen5view/codec"
)

// displaySide is the longest side the picture is kept at to fit the pane:
// more than any screen shows of it. A larger picture is scaled down once
// decoded, and its full resolution decoded again only for 1:1, and
// released when the view goes back to fitting, so an 8192² picture costs
// its 256 MB while it is decoded and 26 MB after.
const displaySide = 2560

// decodeDisplay decodes the picture of c as its payload streams from the
// file and returns it at display resolution, scaled down smoothly when its
// longer side is over displaySide (scaled is then true). The full-size
// pixels are released before it returns.
func decodeDisplay(c *codec.Chunk) (img image.Image, scaled bool, err error) {
	full, _, err := c.DecodeImage(codec.DefaultMaxPixels)
	if err != nil {
		return nil, false, err
	}
	b := full.Bounds()
	long := max(b.Dx(), b.Dy())
	if long <= displaySide {
		return full, false, nil
	}
	w, h := max(1, b.Dx()*displaySide/long), max(1, b.Dy()*displaySide/long)
	small := image.NewNRGBA(image.Rect(0, 0, w, h))
	xdraw.ApproxBiLinear.Scale(small, small.Bounds(), full, b, xdraw.Src, nil)
	full = nil
	releaseMemory()
	return small, true, nil
}

// decodeFull decodes the picture of c at full resolution, for 1:1.
func decodeFull(c *codec.Chunk) (image.Image, error) {
	img, _, err := c.DecodeImage(codec.DefaultMaxPixels)
	return img, err
}

// releaseMemory hands the memory of a dropped full-size picture back to
// the system at once, instead of when the runtime gets round to it.
func releaseMemory() { debug.FreeOSMemory() }
