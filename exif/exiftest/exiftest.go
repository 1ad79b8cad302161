// Package exiftest makes JPEGs with an Exif Orientation, for the tests of
// the packages that show pictures upright.
package exiftest

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
)

// WithOrientation inserts an Exif APP1 segment holding only an Orientation
// after a JPEG's SOI marker, as a camera writes one.
func WithOrientation(jpg []byte, o uint16) []byte {
	tiff := []byte("MM\x00*\x00\x00\x00\x08\x00\x01")
	tiff = binary.BigEndian.AppendUint16(tiff, 0x0112)
	tiff = binary.BigEndian.AppendUint16(tiff, 3) // SHORT
	tiff = binary.BigEndian.AppendUint32(tiff, 1)
	tiff = binary.BigEndian.AppendUint16(tiff, o)
	tiff = append(tiff, 0, 0, 0, 0, 0, 0) // padding, no next IFD
	body := append([]byte("Exif\x00\x00"), tiff...)
	seg := append([]byte{0xFF, 0xE1}, binary.BigEndian.AppendUint16(nil, uint16(len(body)+2))...)
	seg = append(seg, body...)
	return append(append(bytes.Clone(jpg[:2]), seg...), jpg[2:]...)
}

// Red and Blue are the halves of HalvesJPEG.
var (
	Red  = color.NRGBA{220, 20, 20, 255}
	Blue = color.NRGBA{20, 20, 220, 255}
)

// HalvesJPEG encodes a w×h picture whose left half is Red and right half
// Blue: where each half is shown tells how the picture was turned.
func HalvesJPEG(w, h int) []byte {
	src := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := Red
			if x >= w/2 {
				c = Blue
			}
			src.SetNRGBA(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, src, &jpeg.Options{Quality: 95}); err != nil {
		panic(err) // encoding to memory fails only on a bad size
	}
	return buf.Bytes()
}

// IsRed and IsBlue tell the halves apart after JPEG's losses.
func IsRed(c color.Color) bool {
	r, _, b, _ := c.RGBA()
	return r>>8 > 150 && b>>8 < 100
}

// IsBlue: see IsRed.
func IsBlue(c color.Color) bool {
	r, _, b, _ := c.RGBA()
	return b>>8 > 150 && r>>8 < 100
}
