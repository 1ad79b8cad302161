package ui

import (
	"bytes"
	"image"
	"image/draw"
	"image/png"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/exif"
	"github.com/gen5viewer/gen5view/internal/imageclip"
	"github.com/gen5viewer/gen5view/ui/widgets"
)

// copyImageShortcut is Ctrl+Shift+C: Copy with Shift, as image editors
// have it for "copy merged".
var copyImageShortcut = &desktop.CustomShortcut{KeyName: fyne.KeyC, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}

// writeClipboardPNG puts a PNG on the system clipboard; tests replace it.
var writeClipboardPNG = func(data []byte) error {
	_, err := imageclip.WritePNG(data)
	return err
}

// copyImage is Edit ▸ Copy Image: the stored picture on the clipboard as
// a PNG, for pasting into an image editor or a chat. A PNG is put there
// byte for byte; a JPEG or WebP is decoded at full size, turned upright as
// a JPEG's Exif Orientation says (a PNG carries none, and image editors
// would drop it), and encoded as PNG first, off the UI goroutine.
func (v *viewer) copyImage() {
	if v.doc == nil || v.doc.file == nil || v.doc.file.Image() == nil {
		return
	}
	c := v.doc.file.Image()
	v.exports.Add(1)
	go func() {
		data, err := clipboardPNG(c)
		if err == nil {
			err = writeClipboardPNG(data)
		}
		runOnUI(func() {
			defer v.exports.Done()
			if err != nil {
				widgets.ShowError(v.win, err)
				return
			}
			flashStatus(v.saved, "Image copied", savedTime)
		})
	}()
}

// clipboardPNG is the picture of c as a PNG file.
func clipboardPNG(c *codec.Chunk) ([]byte, error) {
	data, err := c.Payload()
	if err != nil {
		return nil, err
	}
	if imageExt(data) == ".png" {
		return data, nil
	}
	img, _, err := c.DecodeImage(codec.DefaultMaxPixels)
	if err != nil {
		return nil, err
	}
	img = exif.Upright(img, exif.DisplayOrientation(data))
	// Pixels of 8 bits a channel: PNG's encoder writes anything but RGBA,
	// NRGBA and grey (a JPEG's YCbCr, say) at 16 bits, twice the size.
	switch img.(type) {
	case *image.RGBA, *image.NRGBA, *image.Gray:
	default:
		rgba := image.NewRGBA(img.Bounds())
		draw.Draw(rgba, rgba.Bounds(), img, img.Bounds().Min, draw.Src)
		img = rgba
	}
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&b, img); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
