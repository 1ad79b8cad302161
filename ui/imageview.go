package ui

import (
	"fmt"
	"image"
	"math"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gen5viewer/gen5view/ui/widgets"
)

// imageView is the left pane: the file's image, fitted to the pane or
// zoomed (Ctrl and the wheel, about the pointer; View ▸ Zoom In and Zoom
// Out) and panned by dragging, and a caption with its format, size and
// weight and the zoom. When the file has no image, or it cannot be
// decoded, a message takes its place.
type imageView struct {
	content *fyne.Container

	pic     *widgets.ZoomImage
	message *widget.Label
	stack   *fyne.Container
	caption *widget.Label
	zoomLbl *widget.Label
	fitBtn  *widget.Button
	oneBtn  *widget.Button

	// progress runs on the pane while the picture is being decoded.
	progress *widget.ProgressBarInfinite

	// actualSize is set while the picture is zoomed rather than fitted:
	// the full-size picture is decoded then, when the pane shows a
	// smaller copy.
	actualSize bool
	hasImage   bool
	decoding   bool
	// doc is the document shown, whose picture may still be decoding.
	doc *document
	// picSize is the picture's full size, of which the one shown may be
	// a smaller copy; full is the full-size picture while one is decoded
	// for zooming in.
	picSize image.Point
	full    image.Image
	// busy counts decodes under way, for tests to wait on.
	busy sync.WaitGroup
}

func newImageView() *imageView {
	iv := &imageView{
		pic:      widgets.NewZoomImage(),
		message:  widget.NewLabel(""),
		caption:  widget.NewLabel(""),
		zoomLbl:  widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{Monospace: true}),
		progress: widget.NewProgressBarInfinite(),
	}
	iv.progress.Stop()
	iv.pic.OnZoom = iv.zoomed
	iv.pic.OnMagnify = func() {
		if d := iv.doc; d != nil && d.image.scaled && iv.pic.Image() != nil && !iv.decoding {
			iv.decodeFull(d)
		}
	}
	iv.message.Wrapping = fyne.TextWrapWord
	iv.message.Alignment = fyne.TextAlignCenter
	iv.caption.Truncation = fyne.TextTruncateEllipsis

	iv.fitBtn = widget.NewButton("Fit", func() { iv.setActualSize(false) })
	iv.oneBtn = widget.NewButton("1:1", func() { iv.setActualSize(true) })
	out := widget.NewButtonWithIcon("", theme.ZoomOutIcon(), iv.zoomOut)
	in := widget.NewButtonWithIcon("", theme.ZoomInIcon(), iv.zoomIn)

	bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	iv.stack = container.NewStack(bg, iv.pic,
		container.NewVBox(layout.NewSpacer(), iv.message, container.NewPadded(iv.progress), layout.NewSpacer()))
	bar := container.NewBorder(nil, nil, nil, container.NewHBox(iv.zoomLbl, out, in, iv.fitBtn, iv.oneBtn), iv.caption)
	iv.content = container.New(layout.NewCustomPaddedLayout(0, 0, 0, theme.Padding()), container.NewBorder(nil, bar, nil, nil, iv.stack))
	iv.show()
	return iv
}

// setDocument shows d's image, or says why there is none. A picture not
// yet decoded is decoded in the background meanwhile, with a progress bar
// on the pane, and shown when it is ready.
func (iv *imageView) setDocument(d *document) {
	if d != iv.doc {
		iv.full = nil
	}
	iv.doc = d
	im := d.image
	iv.hasImage = im.img != nil
	iv.picSize = im.size()
	shown := im.img
	if iv.full != nil && iv.hasImage {
		shown = iv.full // zoomed in on the full-size picture already
	}
	iv.pic.SetImage(shown, iv.picSize) // another picture's size opens fitted
	iv.caption.SetText(imageCaption(im))
	switch {
	case !im.present:
		iv.message.SetText("This file holds no image")
		iv.caption.SetText("No image")
	case im.pending:
		iv.message.SetText("Decoding the picture…")
		iv.decodeDisplay(d)
	case im.img == nil:
		what := "The image"
		if im.info.Format != "" {
			what = fmt.Sprintf("The image (%s)", strings.ToUpper(im.info.Format))
		}
		iv.message.SetText(fmt.Sprintf("%s cannot be shown: %s", what, errReason(im.err, d.path)))
	default:
		iv.message.SetText("")
	}
	iv.setDecoding(im.pending)
	iv.show()
}

// decodeDisplay decodes d's picture at display resolution off the UI
// goroutine and shows it, unless another file is shown by then.
func (iv *imageView) decodeDisplay(d *document) {
	iv.busy.Add(1)
	go func() {
		img, scaled, err := decodeDisplay(d.image.chunk)
		runOnUI(func() {
			defer iv.busy.Done()
			if !d.image.pending {
				return // shown already
			}
			d.image.img, d.image.scaled, d.image.err, d.image.pending = img, scaled, err, false
			if iv.doc == d {
				iv.setDocument(d)
			}
		})
	}()
}

// decodeFull decodes d's picture at full resolution for 1:1, when what
// fits the pane is a smaller copy.
func (iv *imageView) decodeFull(d *document) {
	iv.setDecoding(true)
	iv.busy.Add(1)
	go func() {
		img, err := decodeFull(d.image.chunk)
		runOnUI(func() {
			defer iv.busy.Done()
			if iv.doc != d {
				return
			}
			iv.setDecoding(false)
			if err != nil {
				d.image.err = err
				iv.message.SetText(fmt.Sprintf("The image cannot be shown at full size: %s", errReason(err, d.path)))
			} else if iv.actualSize {
				iv.full = img
				iv.pic.SetImage(img, iv.picSize)
			}
			iv.show()
		})
	}()
}

// wait blocks until the decodes under way have been shown; for tests.
func (iv *imageView) wait() { iv.busy.Wait() }

// setDecoding shows or hides the progress bar.
func (iv *imageView) setDecoding(on bool) {
	iv.decoding = on
	if on {
		iv.progress.Start()
	} else {
		iv.progress.Stop()
	}
	setVisible(iv.progress, on)
}

// size is the picture's full size: as its header gives it, or as decoded.
func (im imageData) size() image.Point {
	if im.info.Width > 0 && im.info.Height > 0 {
		return image.Pt(im.info.Width, im.info.Height)
	}
	if im.img != nil {
		return im.img.Bounds().Size()
	}
	return image.Point{}
}

// imageCaption reads "PNG 512×512 · 106 KB".
func imageCaption(im imageData) string {
	var parts []string
	if im.info.Format != "" {
		parts = append(parts, fmt.Sprintf("%s %d×%d", strings.ToUpper(im.info.Format), im.info.Width, im.info.Height))
	}
	if im.bytes > 0 {
		parts = append(parts, formatBytes(int64(im.bytes)))
	}
	return strings.Join(parts, " · ")
}

// errReason is an error's message without the file name it starts with,
// which the window already shows.
func errReason(err error, path string) string {
	if err == nil {
		return "unknown error"
	}
	return strings.TrimPrefix(err.Error(), path+": ")
}

// setActualSize shows the picture pixel for pixel about the pane's centre
// (true) or fits it to the pane.
func (iv *imageView) setActualSize(actual bool) {
	if !iv.hasImage {
		return
	}
	if actual {
		iv.pic.SetZoom(1)
	} else {
		iv.pic.Fit()
	}
}

// zoomIn and zoomOut zoom about the pane's centre.
func (iv *imageView) zoomIn() {
	if iv.hasImage {
		iv.pic.ZoomIn()
	}
}

func (iv *imageView) zoomOut() {
	if iv.hasImage {
		iv.pic.ZoomOut()
	}
}

// zoomed follows the picture's zoom: the buttons and the percentage, and
// the full-size pixels, let go once the picture is fitted again.
func (iv *imageView) zoomed() {
	iv.actualSize = !iv.pic.Fitted()
	if d := iv.doc; !iv.actualSize && iv.full != nil && d != nil && d.image.img != nil {
		iv.full = nil
		iv.pic.SetImage(d.image.img, iv.picSize) // the full-size pixels go
		go releaseMemory()
	}
	iv.zoomLbl.SetText("")
	if iv.hasImage {
		iv.zoomLbl.SetText(fmt.Sprintf("%d%%", int(math.Round(iv.pic.Zoom()*100))))
	}
	iv.show()
}

func (iv *imageView) show() {
	setVisible(iv.pic, iv.hasImage)
	setVisible(iv.message, !iv.hasImage)
	one := iv.hasImage && math.Abs(iv.pic.Zoom()-1) < 1e-9
	iv.oneBtn.Importance, iv.fitBtn.Importance = widget.MediumImportance, widget.MediumImportance
	if one {
		iv.oneBtn.Importance = widget.HighImportance
	} else if iv.pic.Fitted() {
		iv.fitBtn.Importance = widget.HighImportance
	}
	if iv.hasImage {
		iv.fitBtn.Enable()
		iv.oneBtn.Enable()
	} else {
		iv.fitBtn.Disable()
		iv.oneBtn.Disable()
	}
	iv.stack.Refresh()
	iv.fitBtn.Refresh()
	iv.oneBtn.Refresh()
}

func setVisible(o fyne.CanvasObject, visible bool) {
	if visible {
		o.Show()
	} else {
		o.Hide()
	}
}
