package thumbnail

import (
	"image"

	"github.com/gen5viewer/gen5view/exif"
)

// jpegOrientation returns the Exif Orientation of a JPEG, 1 when it has
// none or its metadata cannot be read (the picture itself decoded, so it
// is shown as stored).
func jpegOrientation(data []byte) int {
	block, _, err := exif.JPEG(data)
	if err != nil {
		return 1
	}
	return exif.Orientation(block)
}

// orient turns a picture stored sideways or mirrored upright, as an Exif
// Orientation of 1 to 8 says (see exif.Orientation). Cameras and phones
// store pictures as the sensor read them and record the turn; file
// managers show thumbnails upright, so ours must be too. It runs on the
// thumbnail, after scaling, where it costs nothing; 5 to 8 swap width and
// height, which keeps the thumbnail within its size.
func orient(src *image.NRGBA, o int) *image.NRGBA {
	if o < 2 || o > 8 {
		return src
	}
	w, h := src.Rect.Dx(), src.Rect.Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	dst := image.NewNRGBA(image.Rect(0, 0, dw, dh))
	for y := 0; y < dh; y++ {
		for x := 0; x < dw; x++ {
			// (sx, sy) is the stored pixel shown at (x, y).
			var sx, sy int
			switch o {
			case 2: // mirrored left to right
				sx, sy = w-1-x, y
			case 3: // turned half round
				sx, sy = w-1-x, h-1-y
			case 4: // mirrored top to bottom
				sx, sy = x, h-1-y
			case 5: // transposed: stored rows are shown as columns
				sx, sy = y, x
			case 6: // stored a quarter turn anticlockwise: turn clockwise
				sx, sy = y, h-1-x
			case 7: // transversed
				sx, sy = w-1-y, h-1-x
			case 8: // stored a quarter turn clockwise: turn anticlockwise
				sx, sy = w-1-y, x
			}
			copy(dst.Pix[y*dst.Stride+4*x:y*dst.Stride+4*x+4], src.Pix[sy*src.Stride+4*sx:])
		}
	}
	return dst
}
