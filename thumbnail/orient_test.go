package thumbnail

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"testing"
)

// orient puts the stored picture's first row and first column where the
// TIFF 6.0 table of Orientation values says: for each value, the shown
// position of stored pixel (0,0) and of its right-hand neighbour (1,0),
// which tells which way the stored first row runs.
func TestOrientFollowsTheTIFFTable(t *testing.T) {
	src := image.NewNRGBA(image.Rect(0, 0, 3, 2))
	for i := range 6 {
		src.Pix[4*i], src.Pix[4*i+3] = uint8(i+1), 255 // red is 1 + stored index
	}
	// Shown size W×H: 3×2 for 1 to 4, 2×3 for 5 to 8.
	tests := []struct {
		o            int
		first, along image.Point // where stored (0,0) and (1,0) are shown
	}{
		{1, image.Pt(0, 0), image.Pt(1, 0)}, // first row at top, first column at left
		{2, image.Pt(2, 0), image.Pt(1, 0)}, // top, right
		{3, image.Pt(2, 1), image.Pt(1, 1)}, // bottom, right
		{4, image.Pt(0, 1), image.Pt(1, 1)}, // bottom, left
		{5, image.Pt(0, 0), image.Pt(0, 1)}, // first row at left, first column at top
		{6, image.Pt(1, 0), image.Pt(1, 1)}, // right, top
		{7, image.Pt(1, 2), image.Pt(1, 1)}, // right, bottom
		{8, image.Pt(0, 2), image.Pt(0, 1)}, // left, bottom
	}
	for _, tt := range tests {
		got := orient(src, tt.o)
		want := image.Rect(0, 0, 3, 2)
		if tt.o >= 5 {
			want = image.Rect(0, 0, 2, 3)
		}
		if got.Rect != want {
			t.Errorf("orientation %d: %v, want %v", tt.o, got.Rect, want)
			continue
		}
		if r := got.NRGBAAt(tt.first.X, tt.first.Y).R; r != 1 {
			t.Errorf("orientation %d: stored (0,0) not shown at %v (found stored index %d there)", tt.o, tt.first, r-1)
		}
		if r := got.NRGBAAt(tt.along.X, tt.along.Y).R; r != 2 {
			t.Errorf("orientation %d: stored (1,0) not shown at %v (found stored index %d there)", tt.o, tt.along, r-1)
		}
		seen := map[uint8]bool{}
		for i := 0; i < len(got.Pix); i += 4 {
			seen[got.Pix[i]] = true
		}
		if len(seen) != 6 {
			t.Errorf("orientation %d: %d distinct pixels shown, want all 6", tt.o, len(seen))
		}
	}
	if orient(src, 0) != src || orient(src, 9) != src {
		t.Error("an invalid orientation changed the picture")
	}
}

// withOrientation inserts an Exif APP1 segment holding only an Orientation
// after a JPEG's SOI marker.
func withOrientation(jpg []byte, o uint16) []byte {
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

// A JPEG stored sideways, as cameras do, is thumbnailed upright.
func TestPictureTurnsJPEGUpright(t *testing.T) {
	// Stored 64×32: left half red, right half blue.
	src := image.NewNRGBA(image.Rect(0, 0, 64, 32))
	for y := 0; y < 32; y++ {
		for x := 0; x < 64; x++ {
			c := color.NRGBA{220, 20, 20, 255}
			if x >= 32 {
				c = color.NRGBA{20, 20, 220, 255}
			}
			src.SetNRGBA(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, src, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	red := func(c color.NRGBA) bool { return c.R > 150 && c.B < 100 }
	blue := func(c color.NRGBA) bool { return c.B > 150 && c.R < 100 }
	tests := []struct {
		name       string
		data       []byte
		size       image.Point
		redAt      image.Point
		blueAt     image.Point
		wantOrient int
	}{
		{"no Exif", buf.Bytes(), image.Pt(16, 8), image.Pt(1, 4), image.Pt(14, 4), 1},
		{"Orientation 1", withOrientation(buf.Bytes(), 1), image.Pt(16, 8), image.Pt(1, 4), image.Pt(14, 4), 1},
		// 6: turned clockwise, the stored left (red) is on top.
		{"Orientation 6", withOrientation(buf.Bytes(), 6), image.Pt(8, 16), image.Pt(4, 1), image.Pt(4, 14), 6},
		// 8: turned anticlockwise, the stored left is at the bottom.
		{"Orientation 8", withOrientation(buf.Bytes(), 8), image.Pt(8, 16), image.Pt(4, 14), image.Pt(4, 1), 8},
		{"Orientation 2", withOrientation(buf.Bytes(), 2), image.Pt(16, 8), image.Pt(14, 4), image.Pt(1, 4), 2},
	}
	for _, tt := range tests {
		if o := jpegOrientation(tt.data); o != tt.wantOrient {
			t.Errorf("%s: orientation read as %d, want %d", tt.name, o, tt.wantOrient)
		}
		got, err := Picture(tt.data, 16)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got.Rect.Size() != tt.size {
			t.Errorf("%s: thumbnail %v, want %v", tt.name, got.Rect.Size(), tt.size)
			continue
		}
		if c := got.NRGBAAt(tt.redAt.X, tt.redAt.Y); !red(c) {
			t.Errorf("%s: %v at %v, want red", tt.name, c, tt.redAt)
		}
		if c := got.NRGBAAt(tt.blueAt.X, tt.blueAt.Y); !blue(c) {
			t.Errorf("%s: %v at %v, want blue", tt.name, c, tt.blueAt)
		}
	}
}
