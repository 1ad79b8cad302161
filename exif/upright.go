package exif

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
)

// HeadSize is how much of the start of a picture DisplayOrientation looks
// at. The Exif block comes in an APP1 segment of at most 64 KiB, after
// SOI and usually JFIF, so this is room to spare; a reader of a large
// payload reads this much, and one holding it whole finds the same.
const HeadSize = 256 << 10

// DisplayOrientation is the Orientation (1 to 8, see Orientation) with
// which an encoded picture is to be shown: a JPEG's, read from the Exif
// block within its first HeadSize bytes, and 1 for every other format.
// WebP's container puts its EXIF chunk after the image data, where CSS
// Images 3 (and so browsers) ignore an orientation, and the PNGs of
// generators carry none. data may be the picture's first HeadSize bytes
// only. Metadata that cannot be read gives 1: the picture is shown as
// stored.
func DisplayOrientation(data []byte) int {
	if !bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}) {
		return 1
	}
	block, _, _ := JPEG(data[:min(len(data), HeadSize)])
	return Orientation(block)
}

// Transposes says whether Orientation o shows the stored rows as columns,
// so that the picture is shown o's height wide (5 to 8).
func Transposes(o int) bool { return o >= 5 && o <= 8 }

// Describe says in a few words how a picture of Orientation o is shown,
// compared with how it is stored: "" for 1 (and for invalid values),
// "turned 90° right" (clockwise) for 6. The words are short, for a
// caption beside the picture.
func Describe(o int) string {
	switch o {
	case 2:
		return "mirrored"
	case 3:
		return "turned 180°"
	case 4:
		return "flipped upside down"
	case 5:
		return "turned 90° right and mirrored"
	case 6:
		return "turned 90° right"
	case 7:
		return "turned 90° left and mirrored"
	case 8:
		return "turned 90° left"
	}
	return ""
}

// Upright returns src as a picture of Orientation o is to be shown: turned
// or mirrored as the TIFF table (see Orientation) says. For 1 and invalid
// values it is src itself. Cameras and phones store pictures as the
// sensor read them and record the turn; every decoded display of a
// picture (thumbnail, window, a copy as PNG) goes through here, while the
// stored bytes are never changed.
//
// The result is a new *image.NRGBA, or *image.RGBA for an RGBA or Y′CbCr
// src (whose pixels are opaque); a Y′CbCr picture is converted as it is
// turned, so a full-size photo costs one picture of memory, not two.
func Upright(src image.Image, o int) image.Image {
	if o < 2 || o > 8 {
		return src
	}
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	dw, dh := w, h
	if Transposes(o) {
		dw, dh = h, w
	}
	m := orientMaps[o]
	// Stored (sx, sy) shown at (x, y): sx = m.x0(w) + m.xx·x + m.xy·y,
	// sy = m.y0(h) + m.yx·x + m.yy·y, where x0 and y0 are 0 or w-1, h-1.
	at := func(x, y int) (int, int) {
		sx, sy := m.xx*x+m.xy*y, m.yx*x+m.yy*y
		if m.xEnd {
			sx += w - 1
		}
		if m.yEnd {
			sy += h - 1
		}
		return sx, sy
	}
	switch s := src.(type) {
	case *image.NRGBA:
		dst := image.NewNRGBA(image.Rect(0, 0, dw, dh))
		turnPix(dst.Pix, dst.Stride, dw, dh, s.Pix[s.PixOffset(b.Min.X, b.Min.Y):], s.Stride, m, at)
		return dst
	case *image.RGBA:
		dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
		turnPix(dst.Pix, dst.Stride, dw, dh, s.Pix[s.PixOffset(b.Min.X, b.Min.Y):], s.Stride, m, at)
		return dst
	case *image.YCbCr:
		dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
		for y := 0; y < dh; y++ {
			row := dst.Pix[y*dst.Stride : y*dst.Stride+4*dw]
			for x := 0; x < dw; x++ {
				sx, sy := at(x, y)
				sx, sy = sx+b.Min.X, sy+b.Min.Y
				yi, ci := s.YOffset(sx, sy), s.COffset(sx, sy)
				r, g, bl := color.YCbCrToRGB(s.Y[yi], s.Cb[ci], s.Cr[ci])
				row[4*x], row[4*x+1], row[4*x+2], row[4*x+3] = r, g, bl, 0xFF
			}
		}
		return dst
	}
	// Grey, CMYK and the rest: to 8-bit NRGBA first.
	n := image.NewNRGBA(image.Rect(0, 0, w, h))
	draw.Draw(n, n.Rect, src, b.Min, draw.Src)
	return Upright(n, o)
}

// orientMap gives, for one Orientation, the stored pixel shown at (x, y)
// as a linear map of x and y, counted from the stored picture's right
// (xEnd) or bottom (yEnd) edge where the map runs backwards.
type orientMap struct {
	xx, xy, yx, yy int
	xEnd, yEnd     bool
}

var orientMaps = [...]orientMap{
	2: {xx: -1, yy: 1, xEnd: true},              // mirrored left to right
	3: {xx: -1, yy: -1, xEnd: true, yEnd: true}, // turned half round
	4: {xx: 1, yy: -1, yEnd: true},              // mirrored top to bottom
	5: {xy: 1, yx: 1},                           // transposed: stored rows shown as columns
	6: {xy: 1, yx: -1, yEnd: true},              // stored a quarter turn anticlockwise: turn clockwise
	7: {xy: -1, yx: -1, xEnd: true, yEnd: true}, // transversed
	8: {xy: -1, yx: 1, xEnd: true},              // stored a quarter turn clockwise: turn anticlockwise
}

// turnPix copies 4-byte pixels from src (stride ss, starting at the
// stored picture's top-left) to dst (dw×dh, stride ds) as m maps them:
// along a shown row the stored pixel moves by a fixed step.
func turnPix(dst []byte, ds, dw, dh int, src []byte, ss int, m orientMap, at func(x, y int) (int, int)) {
	step := 4*m.xx + ss*m.yx
	for y := 0; y < dh; y++ {
		sx, sy := at(0, y)
		p := sy*ss + 4*sx
		row := dst[y*ds : y*ds+4*dw]
		for x := 0; x < 4*dw; x += 4 {
			copy(row[x:x+4], src[p:p+4])
			p += step
		}
	}
}
