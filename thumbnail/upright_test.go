package thumbnail

import (
	"image"
	"testing"

	"github.com/gen5viewer/gen5view/exif"
	"github.com/gen5viewer/gen5view/exif/exiftest"
)

// A JPEG stored sideways, as cameras do, is thumbnailed upright.
func TestPictureTurnsJPEGUpright(t *testing.T) {
	// Stored 64×32: left half red, right half blue.
	jpg := exiftest.HalvesJPEG(64, 32)
	red, blue := exiftest.IsRed, exiftest.IsBlue
	tests := []struct {
		name       string
		data       []byte
		size       image.Point
		redAt      image.Point
		blueAt     image.Point
		wantOrient int
	}{
		{"no Exif", jpg, image.Pt(16, 8), image.Pt(1, 4), image.Pt(14, 4), 1},
		{"Orientation 1", exiftest.WithOrientation(jpg, 1), image.Pt(16, 8), image.Pt(1, 4), image.Pt(14, 4), 1},
		// 6: turned clockwise, the stored left (red) is on top.
		{"Orientation 6", exiftest.WithOrientation(jpg, 6), image.Pt(8, 16), image.Pt(4, 1), image.Pt(4, 14), 6},
		// 8: turned anticlockwise, the stored left is at the bottom.
		{"Orientation 8", exiftest.WithOrientation(jpg, 8), image.Pt(8, 16), image.Pt(4, 14), image.Pt(4, 1), 8},
		{"Orientation 2", exiftest.WithOrientation(jpg, 2), image.Pt(16, 8), image.Pt(14, 4), image.Pt(1, 4), 2},
	}
	for _, tt := range tests {
		if o := exif.DisplayOrientation(tt.data); o != tt.wantOrient {
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
