package ui

import (
	"fmt"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// imageView is the left pane: the file's image, fitted to the pane with
// smooth scaling or shown pixel for pixel in a scroll container, and a
// caption with its format, size and weight. When the file has no image,
// or it cannot be decoded, a message takes its place.
type imageView struct {
	content *fyne.Container

	fit     *canvas.Image // fills the pane, aspect kept
	actual  *canvas.Image // 1:1 pixels
	scroll  *container.Scroll
	message *widget.Label
	stack   *fyne.Container
	caption *widget.Label
	fitBtn  *widget.Button
	oneBtn  *widget.Button

	// progress runs on the pane while the picture is being decoded.
	progress *widget.ProgressBarInfinite

	actualSize bool
	hasImage   bool
	decoding   bool
	// doc is the document shown, whose picture may still be decoding.
	doc *document
	// busy counts decodes under way, for tests to wait on.
	busy sync.WaitGroup
}

func newImageView() *imageView {
	iv := &imageView{
		fit:      canvas.NewImageFromImage(nil),
		actual:   canvas.NewImageFromImage(nil),
		message:  widget.NewLabel(""),
		caption:  widget.NewLabel(""),
		progress: widget.NewProgressBarInfinite(),
	}
	iv.progress.Stop()
	iv.fit.FillMode = canvas.ImageFillContain
	iv.fit.ScaleMode = canvas.ImageScaleSmooth
	iv.actual.FillMode = canvas.ImageFillOriginal
	iv.actual.ScaleMode = canvas.ImageScalePixels
	iv.scroll = container.NewScroll(container.NewCenter(iv.actual))
	iv.message.Wrapping = fyne.TextWrapWord
	iv.message.Alignment = fyne.TextAlignCenter
	iv.caption.Truncation = fyne.TextTruncateEllipsis

	iv.fitBtn = widget.NewButton("Fit", func() { iv.setActualSize(false) })
	iv.oneBtn = widget.NewButton("1:1", func() { iv.setActualSize(true) })

	bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	iv.stack = container.NewStack(bg, container.NewPadded(iv.fit), iv.scroll,
		container.NewVBox(layout.NewSpacer(), iv.message, container.NewPadded(iv.progress), layout.NewSpacer()))
	bar := container.NewBorder(nil, nil, nil, container.NewHBox(iv.fitBtn, iv.oneBtn), iv.caption)
	iv.content = container.New(layout.NewCustomPaddedLayout(0, 0, 0, theme.Padding()), container.NewBorder(nil, bar, nil, nil, iv.stack))
	iv.show()
	return iv
}

// setDocument shows d's image, or says why there is none. A picture not
// yet decoded is decoded in the background meanwhile, with a progress bar
// on the pane, and shown when it is ready.
func (iv *imageView) setDocument(d *document) {
	iv.doc = d
	im := d.image
	iv.hasImage = im.img != nil
	iv.fit.Image, iv.actual.Image = im.img, im.img
	if im.scaled {
		iv.actual.Image = nil // decoded at full size only for 1:1
		if iv.actualSize {
			iv.decodeFull(d)
		}
	}
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
	iv.fit.Refresh()
	iv.actual.Refresh()
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
				iv.actual.Image = img
				iv.actual.Refresh()
			}
			iv.show()
			iv.centre()
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

// setActualSize switches between 1:1 pixels (true) and fitting the pane.
// Entering 1:1 shows the middle of the image.
func (iv *imageView) setActualSize(actual bool) {
	was := iv.actualSize
	iv.actualSize = actual
	if d := iv.doc; d != nil && d.image.scaled && actual != was {
		if actual {
			iv.decodeFull(d)
		} else {
			iv.actual.Image = nil // the full-size pixels go
			iv.actual.Refresh()
			go releaseMemory()
		}
	}
	iv.show()
	if actual && !was {
		iv.centre()
	}
}

// centre scrolls the 1:1 view to the middle of the image.
func (iv *imageView) centre() {
	content, view := iv.scroll.Content.MinSize(), iv.scroll.Size()
	iv.scroll.ScrollToOffset(fyne.NewPos(max(0, (content.Width-view.Width)/2), max(0, (content.Height-view.Height)/2)))
}

func (iv *imageView) show() {
	full := iv.actual.Image != nil
	setVisible(iv.fit, iv.hasImage && !iv.actualSize)
	setVisible(iv.scroll, iv.hasImage && iv.actualSize && full)
	setVisible(iv.message, !iv.hasImage)
	if iv.actualSize {
		iv.oneBtn.Importance, iv.fitBtn.Importance = widget.HighImportance, widget.MediumImportance
	} else {
		iv.oneBtn.Importance, iv.fitBtn.Importance = widget.MediumImportance, widget.HighImportance
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
