// Package imageclip puts a picture on the system clipboard, which Fyne's
// clipboard cannot: it takes text only.
//
// On X11, and so under XWayland where Fyne's windows run on a Wayland
// desktop, the picture is offered as image/png: golang.design/x/clipboard
// owns the CLIPBOARD selection from a thread of its own and answers other
// programs' requests until one of them takes the clipboard; where it
// cannot load the X library, xclip or wl-copy does the serving. On Windows
// it is put there as a bitmap. It imports no Fyne.
package imageclip

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"golang.design/x/clipboard"
)

// ErrUnavailable is returned where the clipboard cannot be reached: no X
// display, or a build without cgo.
var ErrUnavailable = errors.New("the system clipboard is not available")

// WritePNG puts the PNG file png on the clipboard, replacing what was
// there. The data must not change afterwards: it is served from memory to
// the programs that paste it until another program takes the clipboard,
// which closes replaced. Where the X library cannot be loaded by the name
// golang.design/x/clipboard asks for, xclip or wl-copy serves it instead,
// and replaced is nil.
func WritePNG(png []byte) (replaced <-chan struct{}, err error) {
	if !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) {
		return nil, errors.New("copying a picture: not a PNG file")
	}
	if err := clipboard.Init(); err != nil {
		if terr := writeWithTool(png); terr != nil {
			return nil, fmt.Errorf("%w (%v; %v)", ErrUnavailable, firstLine(err.Error()), terr)
		}
		// The tool serves the picture until another program takes the
		// clipboard, which it does not tell.
		return nil, nil
	}
	replaced = clipboard.Write(clipboard.FmtImage, png)
	if replaced == nil {
		return nil, fmt.Errorf("%w: another program keeps it", ErrUnavailable)
	}
	return replaced, nil
}

// firstLine keeps an error's first line: the library's carries advice on
// installing packages, for its developers.
func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}
