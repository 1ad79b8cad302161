package ui

import (
	"fmt"
	"image"
	"strings"
	"sync"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/exif"
	"github.com/gen5viewer/gen5view/ui/widgets"
)

// imageView is the left pane: the file's image in a widgets.ImagePane,
// fitted to the pane or zoomed (Ctrl and the wheel, about the pointer; View
// ▸ Zoom In and Zoom Out) and panned by dragging, with a caption giving its
// format, size and weight and the zoom. When the file has no image, or it
// cannot be decoded, a message takes its place. What it adds to the pane is
// the document: decoding its picture in the background, and decoding it
// again at full size for 1:1 when what fits the pane is a smaller copy.
type imageView struct {
	pane *widgets.ImagePane

	// doc is the document shown, whose picture may still be decoding.
	doc *document
	// picSize is the picture's full size, of which the one shown may be
	// a smaller copy; full is the full-size picture while one is decoded
	// for zooming in.
	picSize image.Point
	full    image.Image
	// busy counts decodes under way, for tests to wait on.
	busy sync.WaitGroup
	// onChecked is told, on the UI goroutine, that the check of a
	// document's picture chunk is in it (see document.pictureChecked).
	onChecked func(d *document)
	// check checks and decodes a picture chunk in the background:
	// checkPicture, or what a test puts in its place to see when it starts.
	check func(*codec.Chunk) (codec.ChunkCheck, bool, int)
}

func newImageView() *imageView {
	iv := &imageView{pane: widgets.NewImagePane(), check: checkPicture}
	iv.pane.OnZoom = iv.zoomed
	iv.pane.OnMagnify = func() {
		if d := iv.doc; d != nil && d.image.scaled && iv.pane.Picture() != nil && !iv.pane.Busy() {
			iv.decodeFull(d)
		}
	}
	return iv
}

// setDocument shows d's image, or says why there is none. A picture not
// yet decoded shows a progress bar on the pane until checkPicture has
// decoded it in the background.
func (iv *imageView) setDocument(d *document) {
	if d != iv.doc {
		iv.full = nil
	}
	iv.doc = d
	im := d.image
	iv.picSize = im.size()
	shown := im.img
	if iv.full != nil && shown != nil {
		shown = iv.full // zoomed in on the full-size picture already
	}
	iv.pane.SetPicture(widgets.Picture{ // another picture's size opens fitted
		Image: shown, Format: im.info.Format, Size: im.storedSize(), Orientation: im.orientation,
		Bytes: int64(im.bytes), Reason: errReason(im.err, d.path),
	})
	switch {
	case !im.present:
		iv.pane.SetMessage("This file holds no image")
		iv.pane.SetCaption("No image")
	case im.pending:
		iv.pane.SetMessage("Decoding the picture…") // see checkPicture
	}
	iv.pane.SetBusy(im.pending)
}

// checkPicture checks d's picture chunk and decodes the picture at display
// resolution off the UI goroutine, then shows it, unless another file is
// shown by then, and hands the chunk's verdict to onChecked.
func (iv *imageView) checkPicture(d *document) {
	c := d.image.chunk
	iv.busy.Add(1)
	go func() {
		cc, scaled, orientation := iv.check(c)
		runOnUI(func() {
			defer iv.busy.Done()
			if !d.image.pending {
				return // shown already
			}
			if d.image.chunk != c {
				// A save put the chunk of the file it wrote in its place
				// and closed the one being read: read the new one.
				iv.checkPicture(d)
				return
			}
			d.pictureChecked(cc, scaled, orientation)
			if iv.doc == d {
				iv.setDocument(d)
			}
			if iv.onChecked != nil {
				iv.onChecked(d)
			}
		})
	}()
}

// checkPictureAfter checks d's picture as checkPicture does once after
// calls the function it is given, unless another file is shown by then.
// The check counts as under way from now, so that wait covers the time
// before it starts too.
func (iv *imageView) checkPictureAfter(d *document, after func(start func())) {
	iv.busy.Add(1)
	after(func() {
		defer iv.busy.Done()
		if iv.doc == d && d.image.pending {
			iv.checkPicture(d)
		}
	})
}

// decodeFull decodes d's picture at full resolution for 1:1, when what
// fits the pane is a smaller copy.
func (iv *imageView) decodeFull(d *document) {
	iv.pane.SetBusy(true)
	iv.busy.Add(1)
	go func() {
		img, err := decodeFull(d.image.chunk, d.image.orientation)
		runOnUI(func() {
			defer iv.busy.Done()
			if iv.doc != d {
				return
			}
			iv.pane.SetBusy(false)
			if err != nil {
				d.image.err = err
				iv.pane.SetMessage(fmt.Sprintf("The image cannot be shown at full size: %s", errReason(err, d.path)))
			} else if !iv.pane.Fitted() {
				iv.full = img
				iv.pane.SetImage(img, iv.picSize)
			}
		})
	}()
}

// wait blocks until the decodes under way have been shown; for tests.
func (iv *imageView) wait() { iv.busy.Wait() }

// size is the picture's full size as shown: upright, as img is.
func (im imageData) size() image.Point {
	s := im.storedSize()
	if exif.Transposes(im.orientation) {
		s.X, s.Y = s.Y, s.X
	}
	return s
}

// storedSize is the picture's full size as stored: as its header gives
// it, or as decoded.
func (im imageData) storedSize() image.Point {
	if im.info.Width > 0 && im.info.Height > 0 {
		return image.Pt(im.info.Width, im.info.Height)
	}
	if im.img != nil {
		s := im.img.Bounds().Size()
		if exif.Transposes(im.orientation) {
			s.X, s.Y = s.Y, s.X
		}
		return s
	}
	return image.Point{}
}

// errReason is an error's message without the file name it starts with,
// which the window already shows.
func errReason(err error, path string) string {
	if err == nil {
		return "unknown error"
	}
	return strings.TrimPrefix(err.Error(), path+": ")
}

// zoomed lets the full-size pixels go once the picture is fitted again.
func (iv *imageView) zoomed() {
	if d := iv.doc; iv.pane.Fitted() && iv.full != nil && d != nil && d.image.img != nil {
		iv.full = nil
		iv.pane.SetImage(d.image.img, iv.picSize) // the full-size pixels go
		go releaseMemory()
	}
}
