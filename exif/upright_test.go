package exif

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"testing"

	"github.com/gen5viewer/gen5view/exif/exiftest"
)

// Upright puts the stored picture's first row and first column where the
// TIFF 6.0 table of Orientation values says: for each value, the shown
// position of stored pixel (0,0) and of its right-hand neighbour (1,0),
// which tells which way the stored first row runs. Each kind of picture a
// decoder returns is turned alike.
func TestUprightFollowsTheTIFFTable(t *testing.T) {
	// A 3×2 picture whose red is 40·(1 + stored index), at a bounds
	// origin other than (0,0), as a sub-image has.
	base := image.NewNRGBA(image.Rect(5, 7, 8, 9))
	for i := range 6 {
		base.SetNRGBA(5+i%3, 7+i/3, color.NRGBA{uint8(40 * (i + 1)), 0, 0, 255})
	}
	rgba := image.NewRGBA(base.Rect)
	draw.Draw(rgba, rgba.Rect, base, base.Rect.Min, draw.Src)
	ycc := image.NewYCbCr(base.Rect, image.YCbCrSubsampleRatio444)
	gray := image.NewGray(base.Rect)
	for y := 7; y < 9; y++ {
		for x := 5; x < 8; x++ {
			r := base.NRGBAAt(x, y).R
			yy, cb, cr := color.RGBToYCbCr(r, 0, 0)
			ycc.Y[ycc.YOffset(x, y)], ycc.Cb[ycc.COffset(x, y)], ycc.Cr[ycc.COffset(x, y)] = yy, cb, cr
			gray.SetGray(x, y, color.Gray{r})
		}
	}
	// index reads back the stored index of a shown pixel.
	index := func(c color.Color) int {
		r, _, _, _ := c.RGBA()
		return (int(r>>8)+20)/40 - 1
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
	for _, src := range []image.Image{base, rgba, ycc, gray} {
		for _, tt := range tests {
			got := Upright(src, tt.o)
			if tt.o == 1 {
				if got != src {
					t.Errorf("%T, orientation 1: a new picture, want the stored one", src)
				}
				continue
			}
			want := image.Rect(0, 0, 3, 2)
			if Transposes(tt.o) {
				want = image.Rect(0, 0, 2, 3)
			}
			if got.Bounds() != want {
				t.Errorf("%T, orientation %d: %v, want %v", src, tt.o, got.Bounds(), want)
				continue
			}
			if i := index(got.At(tt.first.X, tt.first.Y)); i != 0 {
				t.Errorf("%T, orientation %d: stored (0,0) not shown at %v (found stored index %d there)", src, tt.o, tt.first, i)
			}
			if i := index(got.At(tt.along.X, tt.along.Y)); i != 1 {
				t.Errorf("%T, orientation %d: stored (1,0) not shown at %v (found stored index %d there)", src, tt.o, tt.along, i)
			}
			seen := map[int]bool{}
			for y := range want.Dy() {
				for x := range want.Dx() {
					seen[index(got.At(x, y))] = true
				}
			}
			if len(seen) != 6 {
				t.Errorf("%T, orientation %d: %d distinct pixels shown, want all 6", src, tt.o, len(seen))
			}
		}
		if Upright(src, 0) != src || Upright(src, 9) != src {
			t.Errorf("%T: an invalid orientation changed the picture", src)
		}
	}
}

// Only a JPEG's Orientation is followed, from its first HeadSize bytes,
// even when the data is cut short after the Exif block.
func TestDisplayOrientation(t *testing.T) {
	jpg := exiftest.WithOrientation(exiftest.HalvesJPEG(16, 8), 6)
	for _, tt := range []struct {
		name string
		data []byte
		want int
	}{
		{"JPEG", jpg, 6},
		{"JPEG cut short after its Exif block", jpg[:60], 6},
		{"JPEG without Exif", exiftest.HalvesJPEG(16, 8), 1},
		{"Exif block past HeadSize", bytes.Join([][]byte{jpg[:2], {0xFF, 0xE2, 0xFF, 0xFF}, make([]byte, 0xFFFD),
			{0xFF, 0xE2, 0xFF, 0xFF}, make([]byte, 0xFFFD), {0xFF, 0xE2, 0xFF, 0xFF}, make([]byte, 0xFFFD),
			{0xFF, 0xE2, 0xFF, 0xFF}, make([]byte, 0xFFFD), jpg[2:]}, nil), 1},
		{"not a JPEG", append([]byte("\x89PNG\r\n\x1a\n"), jpg...), 1},
		{"nothing", nil, 1},
	} {
		if got := DisplayOrientation(tt.data); got != tt.want {
			t.Errorf("%s: %d, want %d", tt.name, got, tt.want)
		}
	}
	if _, err := jpeg.Decode(bytes.NewReader(jpg)); err != nil {
		t.Fatalf("the test JPEG does not decode: %v", err)
	}
}
