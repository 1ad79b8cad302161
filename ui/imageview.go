package ui

import (
	"fmt"
	"strings"

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

	actualSize bool
	hasImage   bool
}

func newImageView() *imageView {
	iv := &imageView{
		fit:     canvas.NewImageFromImage(nil),
		actual:  canvas.NewImageFromImage(nil),
		message: widget.NewLabel(""),
		caption: widget.NewLabel(""),
	}
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
		container.NewVBox(layout.NewSpacer(), iv.message, layout.NewSpacer()))
	bar := container.NewBorder(nil, nil, nil, container.NewHBox(iv.fitBtn, iv.oneBtn), iv.caption)
	iv.content = container.New(layout.NewCustomPaddedLayout(0, 0, 0, theme.Padding()), container.NewBorder(nil, bar, nil, nil, iv.stack))
	iv.show()
	return iv
}

// setDocument shows d's image, or says why there is none.
func (iv *imageView) setDocument(d *document) {
	im := d.image
	iv.hasImage = im.img != nil
	iv.fit.Image, iv.actual.Image = im.img, im.img
	switch {
	case !im.present:
		iv.message.SetText("This file holds no image")
		iv.caption.SetText("No image")
	case im.img == nil:
		what := "The image"
		if im.info.Format != "" {
			what = fmt.Sprintf("The image (%s)", strings.ToUpper(im.info.Format))
		}
		iv.message.SetText(fmt.Sprintf("%s cannot be shown: %s", what, errReason(im.err, d.path)))
		iv.caption.SetText(imageCaption(im))
	default:
		iv.message.SetText("")
		iv.caption.SetText(imageCaption(im))
	}
	iv.fit.Refresh()
	iv.actual.Refresh()
	iv.show()
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
	iv.show()
	if actual && !was {
		content, view := iv.scroll.Content.MinSize(), iv.scroll.Size()
		iv.scroll.ScrollToOffset(fyne.NewPos(max(0, (content.Width-view.Width)/2), max(0, (content.Height-view.Height)/2)))
	}
}

func (iv *imageView) show() {
	setVisible(iv.fit, iv.hasImage && !iv.actualSize)
	setVisible(iv.scroll, iv.hasImage && iv.actualSize)
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
