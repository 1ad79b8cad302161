package ui

import (
	"bytes"
	"image"
	"image/png"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/exif"
	"github.com/gen5viewer/gen5view/exif/exiftest"
	"github.com/gen5viewer/gen5view/internal/bigcase"
)

// sidewaysFile writes a .gen5 file whose picture is a 64×32 JPEG, left
// half red and right half blue, with Exif Orientation o.
func sidewaysFile(t *testing.T, o uint16) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sideways.gen5")
	c := codec.Contents{Manifest: codec.NewManifest(), Latents: []codec.NewLatent{{Key: "initial_noise", Tensor: bigcase.Latent(1, 4, 4, 8)}},
		Image: exiftest.WithOrientation(exiftest.HalvesJPEG(64, 32), o)}
	if err := codec.WriteNewFile(path, c); err != nil {
		t.Fatal(err)
	}
	return path
}

// redSide is where the stored left (red) half of a 64×32 picture is shown
// for each Orientation, after the TIFF table: left or right of a 64×32
// picture for 1 to 4, top or bottom of a 32×64 one for 5 to 8.
var redSide = [...]string{1: "left", 2: "right", 3: "right", 4: "left", 5: "top", 6: "top", 7: "bottom", 8: "bottom"}

// checkUpright checks that img shows the 64×32 halves picture as
// Orientation o says it is to be shown.
func checkUpright(t *testing.T, img image.Image, o int) {
	t.Helper()
	want := image.Pt(64, 32)
	if o >= 5 {
		want = image.Pt(32, 64)
	}
	if img == nil || img.Bounds().Size() != want {
		t.Errorf("orientation %d: picture shown %v, want %v", o, img, want)
		return
	}
	min := img.Bounds().Min
	at := map[string]image.Point{"left": {8, 16}, "right": {56, 16}, "top": {16, 8}, "bottom": {16, 56}}
	other := map[string]string{"left": "right", "right": "left", "top": "bottom", "bottom": "top"}
	red, blue := at[redSide[o]].Add(min), at[other[redSide[o]]].Add(min)
	if c := img.At(red.X, red.Y); !exiftest.IsRed(c) {
		t.Errorf("orientation %d: %v shown at the %s, want the stored left half (red)", o, c, redSide[o])
	}
	if c := img.At(blue.X, blue.Y); !exiftest.IsBlue(c) {
		t.Errorf("orientation %d: %v shown at the %s, want the stored right half (blue)", o, c, other[redSide[o]])
	}
}

// A JPEG stored sideways, as cameras store them, is shown upright in the
// window, for each of the 8 orientations; the caption gives the stored
// size and says how it is turned; at 1:1 the full-size picture is upright
// too, and so is what Copy Image puts on the clipboard.
func TestWindowShowsJPEGUpright(t *testing.T) {
	v := newTestViewer(t)
	for o := 1; o <= 8; o++ {
		openAndWait(t, v, sidewaysFile(t, uint16(o)))
		checkUpright(t, v.images.pane.Picture(), o)
		caption := v.images.pane.Caption()
		if !strings.HasPrefix(caption, "JPEG 64×32") {
			t.Errorf("orientation %d: caption %q, want the stored size, JPEG 64×32", o, caption)
		}
		if turn := exif.Describe(o); (turn != "") != strings.Contains(caption, "shown "+turn) {
			t.Errorf("orientation %d: caption %q, want it to say shown %q", o, caption, turn)
		}
		if want := o >= 5; want != (v.images.picSize == image.Pt(32, 64)) {
			t.Errorf("orientation %d: the pane takes the picture for %v", o, v.images.picSize)
		}
		full, err := decodeFull(v.doc.image.chunk, v.doc.image.orientation)
		if err != nil {
			t.Fatal(err)
		}
		checkUpright(t, full, o)
		data, err := clipboardPNG(v.doc.image.chunk)
		if err != nil {
			t.Fatal(err)
		}
		copied, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		checkUpright(t, copied, o)
	}
	if got := exif.Describe(6); got != "turned 90° right" {
		t.Errorf("orientation 6 described as %q", got)
	}
}
