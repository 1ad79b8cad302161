package ui

import (
	"bytes"
	"io"
	"path/filepath"
	"strings"

	"github.com/gen5viewer/gen5view/ui/widgets"
)

// saveImage is File ▸ Save Image As…: the picture stored in the file,
// byte for byte, as `gen5view extract --image` writes it, named after the
// container with its format's extension.
func (v *viewer) saveImage() {
	if v.doc == nil || v.doc.file == nil || v.doc.file.Image() == nil {
		return
	}
	data, err := v.doc.file.Image().Payload()
	if err != nil {
		widgets.ShowError(v.win, err)
		return
	}
	base := strings.TrimSuffix(v.doc.path, filepath.Ext(v.doc.path))
	v.chooseOutputPath("Save Image As", "Save", "Save the picture as:", base+imageExt(data), func(dst string) {
		v.runExport(dst, func(w io.Writer) error {
			_, err := w.Write(data)
			return err
		})
	})
}

// imageExt is the usual extension for an encoded picture's format.
func imageExt(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("\x89PNG")):
		return ".png"
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		return ".jpg"
	case len(data) >= 12 && string(data[8:12]) == "WEBP":
		return ".webp"
	}
	return ".img"
}
