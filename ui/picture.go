package ui

import (
	"image"
	"io"
	"runtime/debug"

	xdraw "golang.org/x/image/draw"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/exif"
)

// displaySide is the longest side the picture is kept at to fit the pane:
// more than any screen shows of it. A larger picture is scaled down once
// decoded, and its full resolution decoded again only for 1:1, and
// released when the view goes back to fitting, so an 8192² picture costs
// its 256 MB while it is decoded and 26 MB after.
const displaySide = 2560

// checkPicture reads the DATA chunk c once: checks it against its SHA-256
// and decodes the picture as its payload streams from the file (refusing
// more than codec.DefaultMaxPixels). The picture comes back at display
// resolution, scaled down smoothly when its longer side is over
// displaySide (scaled is then true), and upright: turned as its
// orientation (exif.DisplayOrientation) says, after scaling, where it
// costs least. The full-size pixels are released before it returns.
func checkPicture(c *codec.Chunk) (cc codec.ChunkCheck, scaled bool, orientation int) {
	cc = c.Check(codec.CheckOptions{DecodeImage: true})
	orientation = 1
	if full := cc.Picture; full != nil {
		orientation = pictureOrientation(c, cc.Image)
		cc.Picture, scaled = displayCopy(full)
		cc.Picture = exif.Upright(cc.Picture, orientation)
		if scaled {
			releaseMemory() // the full-size pixels, now unreferenced
		}
	}
	return cc, scaled, orientation
}

// pictureOrientation reads the orientation of c's picture from the start
// of its payload: a JPEG's Exif block, 1 for other formats, which are not
// read again.
func pictureOrientation(c *codec.Chunk, info codec.ImageInfo) int {
	if info.Format != "jpeg" {
		return 1
	}
	p, err := c.OpenPayload()
	if err != nil {
		return 1 // the picture decoded: it is shown, as stored
	}
	defer p.Close()
	head, _ := io.ReadAll(io.LimitReader(p, exif.HeadSize))
	return exif.DisplayOrientation(head)
}

// displayCopy returns full, or a copy whose longer side is displaySide
// when it is larger.
func displayCopy(full image.Image) (image.Image, bool) {
	b := full.Bounds()
	long := max(b.Dx(), b.Dy())
	if long <= displaySide {
		return full, false
	}
	w, h := max(1, b.Dx()*displaySide/long), max(1, b.Dy()*displaySide/long)
	small := image.NewNRGBA(image.Rect(0, 0, w, h))
	xdraw.ApproxBiLinear.Scale(small, small.Bounds(), full, b, xdraw.Src, nil)
	return small, true
}

// decodeFull decodes the picture of c at full resolution, for 1:1,
// turned upright as orientation says.
func decodeFull(c *codec.Chunk, orientation int) (image.Image, error) {
	img, _, err := c.DecodeImage(codec.DefaultMaxPixels)
	if err != nil {
		return nil, err
	}
	return exif.Upright(img, orientation), nil
}

// releaseMemory hands the memory of a dropped full-size picture back to
// the system at once, instead of when the runtime gets round to it.
func releaseMemory() { debug.FreeOSMemory() }
