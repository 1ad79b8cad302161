package ui

import (
	"bytes"
	"image"
	"image/png"
	"path/filepath"
	"testing"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/internal/fixtures"
)

// Edit ▸ Copy Image puts a PNG on the clipboard: a stored PNG byte for
// byte, a JPEG or WebP decoded to the same pixels. A file without a
// picture has the item disabled.
func TestCopyImage(t *testing.T) {
	var copied [][]byte
	old := writeClipboardPNG
	writeClipboardPNG = func(data []byte) error {
		copied = append(copied, data)
		return nil
	}
	t.Cleanup(func() { writeClipboardPNG = old })

	for _, name := range []string{"a0_sd15_f32.gen5", "a0_jpeg.gen5", "a0_webp.gen5"} {
		t.Run(name, func(t *testing.T) {
			copied = nil
			v := newTestViewer(t)
			path := filepath.Join(fixtures.Dir(t), name)
			openAndWait(t, v, path)
			it := menuItem(t, v, "Edit", "Copy Image")
			if it.Disabled || shortcutText(it.Shortcut) != "Ctrl+Shift+C" {
				t.Fatalf("Edit ▸ Copy Image disabled (%v) or not on Ctrl+Shift+C", it.Disabled)
			}
			onUI(it.Action)
			v.exports.Wait()
			if len(copied) != 1 {
				t.Fatalf("%d pictures copied, want 1", len(copied))
			}
			f, err := codec.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			stored, _ := f.Image().Payload()
			want, _, err := f.Image().DecodeImage(codec.DefaultMaxPixels)
			if err != nil {
				t.Fatal(err)
			}
			if imageExt(stored) == ".png" && !bytes.Equal(copied[0], stored) {
				t.Error("a stored PNG was not copied byte for byte")
			}
			got, err := png.Decode(bytes.NewReader(copied[0]))
			if err != nil {
				t.Fatalf("the clipboard got no PNG: %v", err)
			}
			if !samePixels(got, want) {
				t.Error("the copied picture differs from the stored one")
			}
			if v.saved.Text != "Image copied" {
				t.Errorf("status says %q", v.saved.Text)
			}
		})
	}

	v := newTestViewer(t)
	openAndWait(t, v, filepath.Join(fixtures.Dir(t), "a0_no_image.gen5"))
	if !menuItem(t, v, "Edit", "Copy Image").Disabled {
		t.Error("Copy Image is enabled for a file without a picture")
	}
}

func samePixels(a, b image.Image) bool {
	if a.Bounds().Size() != b.Bounds().Size() {
		return false
	}
	ab, bb := a.Bounds(), b.Bounds()
	for y := 0; y < ab.Dy(); y++ {
		for x := 0; x < ab.Dx(); x++ {
			r1, g1, b1, a1 := a.At(ab.Min.X+x, ab.Min.Y+y).RGBA()
			r2, g2, b2, a2 := b.At(bb.Min.X+x, bb.Min.Y+y).RGBA()
			// At 8 bits: YCbCr's RGBA keeps more precision than a
			// picture decoded at 8 bits a channel has.
			if r1>>8 != r2>>8 || g1>>8 != g2>>8 || b1>>8 != b2>>8 || a1>>8 != a2>>8 {
				return false
			}
		}
	}
	return true
}
