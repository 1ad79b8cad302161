package newcontainer

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/gen5viewer/gen5view/exif/exiftest"
)

// A JPEG stored sideways is shown upright in the picture pane, while the
// size it reports, which the noise is fitted to, is the stored one.
func TestPictureShownUpright(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sideways.jpg")
	if err := os.WriteFile(path, exiftest.WithOrientation(exiftest.HalvesJPEG(64, 32), 6), 0o644); err != nil {
		t.Fatal(err)
	}
	r := readPicture(path)
	if r.err != nil {
		t.Fatal(r.err)
	}
	if r.info.Width != 64 || r.info.Height != 32 || r.orientation != 6 {
		t.Errorf("read as %d×%d, orientation %d; want the stored 64×32, 6", r.info.Width, r.info.Height, r.orientation)
	}
	if s := r.img.Bounds().Size(); s.X != 32 || s.Y != 64 {
		t.Fatalf("shown %v, want 32×64", s)
	}
	// Turned 90° right: the stored left half (red) is on top.
	if c := r.img.At(16, 8); !exiftest.IsRed(c) {
		t.Errorf("%v on top, want red", c)
	}
	if c := r.img.At(16, 56); !exiftest.IsBlue(c) {
		t.Errorf("%v at the bottom, want blue", c)
	}
}
