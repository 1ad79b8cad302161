package ui

import (
	"bytes"
	"io"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2/widget"
	"github.com/gen5viewer/gen5view/ui/widgets"
)

// pictureFormat tells, from its first bytes, whether the file at path is
// a PNG, JPEG or WebP picture, which the New container window makes a
// .gen5 from; "" when it is none of them or cannot be read.
func pictureFormat(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	head := make([]byte, 12)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	switch {
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return "PNG"
	case bytes.HasPrefix(head, []byte{0xFF, 0xD8, 0xFF}):
		return "JPEG"
	case len(head) == 12 && bytes.Equal(head[:4], []byte("RIFF")) && bytes.Equal(head[8:12], []byte("WEBP")):
		return "WebP"
	}
	return ""
}

// offerCreate answers the opening of a picture instead of a container:
// it says what the file is and offers to make a container from it.
func (v *viewer) offerCreate(path, format string) {
	msg := filepath.Base(path) + " is a " + format + " picture, not a .gen5 or .raiiaf container. " +
		"A container can be made from it, with its noise and generation settings."
	widgets.ShowDialog(v.win, "Not a container", widgets.MessageLabel(msg), []widgets.DialogButton{
		{Label: "Cancel"},
		{Label: "Create a Container from This Picture…", Importance: widget.HighImportance,
			Action: func() { v.showNewContainer([]string{path}) }},
	}, 1, 0, 520, nil)
}
