package exif

// TagOrientation is the IFD0 tag that says how the stored picture is to be
// turned for display (TIFF 6.0, Exif 2.3 section 4.6.4).
const TagOrientation = 0x0112

// Orientation returns the Orientation of an Exif block, 1 to 8: where the
// stored picture's first row and first column are to be shown.
//
//	1 top, left (as stored)   5 left, top (transposed)
//	2 top, right (mirrored)   6 right, top (turn 90° clockwise)
//	3 bottom, right (180°)    7 right, bottom (transversed)
//	4 bottom, left (flipped)  8 left, bottom (turn 90° anticlockwise)
//
// A block that is absent, damaged, or holds no valid Orientation (one
// SHORT of 1 to 8) gives 1, which is what viewers assume: metadata that
// cannot be read must not stop the picture from being shown.
func Orientation(block []byte) int {
	if block == nil {
		return 1
	}
	t, err := Parse(block)
	if err != nil {
		return 1
	}
	ifd0, err := t.IFD0(TagOrientation)
	if err != nil {
		return 1
	}
	v := ifd0[TagOrientation]
	if len(v) != 2 {
		return 1
	}
	if o := int(t.Order.Uint16(v)); o >= 1 && o <= 8 {
		return o
	}
	return 1
}
