package widgets

import (
	"fmt"
	"image"
	"math"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gen5viewer/gen5view/exif"
)

// ImagePane shows a picture fitted to the pane or zoomed (Ctrl and the
// wheel, about the pointer, or its buttons) and panned by dragging, over a
// caption bar: what the picture is, the zoom, and buttons to zoom out, zoom
// in, fit it and show it pixel for pixel. Without a picture a message takes
// its place; while one is being made, a progress bar runs on the pane.
//
// The pane knows nothing of where the picture comes from: the viewer gives
// it a container's picture, the New container window the picture it reads.
type ImagePane struct {
	widget.BaseWidget

	// OnMagnify is called when the picture is zoomed in past the pixels it
	// has, so that its owner can give a sharper one (SetImage with the
	// same size keeps the zoom).
	OnMagnify func()
	// OnZoom is called when the zoom changed, before the pane shows it.
	OnZoom func()

	content  fyne.CanvasObject
	pic      *ZoomImage
	message  *widget.Label
	stack    *fyne.Container
	caption  *widget.Label
	zoomLbl  *widget.Label
	fitBtn   *widget.Button
	oneBtn   *widget.Button
	progress *widget.ProgressBarInfinite

	hasImage bool
	busy     bool
}

// Picture is what an ImagePane says about the picture it shows.
type Picture struct {
	// Image is the picture as decoded; nil when it could not be.
	Image image.Image
	// Format ("png") and Size are as the file's header gives them; a zero
	// Size is the decoded picture's. Size is the stored picture's, which
	// the caption gives, even when it is shown turned.
	Format string
	Size   image.Point
	// Orientation is the Exif Orientation Image was turned upright by
	// (see exif.Upright); 0 or 1 when it is shown as stored. The caption
	// says how it was turned.
	Orientation int
	// Bytes is the file's weight, 0 when not known.
	Bytes int64
	// Reason says why Image is nil.
	Reason string
}

// NewImagePane returns an empty pane, which shows its message (none yet).
func NewImagePane() *ImagePane {
	p := &ImagePane{
		pic:      NewZoomImage(),
		message:  widget.NewLabel(""),
		caption:  widget.NewLabel(""),
		zoomLbl:  widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{Monospace: true}),
		progress: widget.NewProgressBarInfinite(),
	}
	p.ExtendBaseWidget(p)
	p.progress.Stop()
	p.pic.OnZoom = p.zoomed
	p.pic.OnMagnify = func() {
		if p.OnMagnify != nil {
			p.OnMagnify()
		}
	}
	p.message.Wrapping = fyne.TextWrapWord
	p.message.Alignment = fyne.TextAlignCenter
	p.caption.Truncation = fyne.TextTruncateEllipsis

	p.fitBtn = widget.NewButton("Fit", func() { p.SetActualSize(false) })
	p.oneBtn = widget.NewButton("1:1", func() { p.SetActualSize(true) })
	out := widget.NewButtonWithIcon("", theme.ZoomOutIcon(), p.ZoomOut)
	in := widget.NewButtonWithIcon("", theme.ZoomInIcon(), p.ZoomIn)

	bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	p.stack = container.NewStack(bg, p.pic,
		container.NewVBox(layout.NewSpacer(), p.message, container.NewPadded(p.progress), layout.NewSpacer()))
	bar := container.NewBorder(nil, nil, nil, container.NewHBox(p.zoomLbl, out, in, p.fitBtn, p.oneBtn), p.caption)
	p.content = container.New(layout.NewCustomPaddedLayout(0, 0, 0, theme.Padding()), container.NewBorder(nil, bar, nil, nil, p.stack))
	p.SetBusy(false)
	p.show()
	return p
}

// CreateRenderer is the pane's content.
func (p *ImagePane) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(p.content)
}

// SetPicture shows pic: the picture with its caption ("PNG 512×512 ·
// 106 KB"), or, when it could not be decoded, why not.
func (p *ImagePane) SetPicture(pic Picture) {
	size := pic.Size
	if exif.Transposes(pic.Orientation) {
		size.X, size.Y = size.Y, size.X // the full size as shown
	}
	if (size.X <= 0 || size.Y <= 0) && pic.Image != nil {
		size = pic.Image.Bounds().Size()
	}
	p.SetImage(pic.Image, size)
	p.caption.SetText(pictureCaption(pic))
	if pic.Image != nil {
		p.message.SetText("")
		return
	}
	what := "The image"
	if pic.Format != "" {
		what = fmt.Sprintf("The image (%s)", strings.ToUpper(pic.Format))
	}
	reason := pic.Reason
	if reason == "" {
		reason = "unknown error"
	}
	p.message.SetText(fmt.Sprintf("%s cannot be shown: %s", what, reason))
}

// pictureCaption reads "PNG 512×512 · 106 KB", or for a picture shown
// turned "JPEG 768×512 · shown turned 90° right · 106 KB": the size
// is the stored one, as `gen5view info` and other programs give it.
func pictureCaption(pic Picture) string {
	var parts []string
	if pic.Format != "" {
		parts = append(parts, fmt.Sprintf("%s %d×%d", strings.ToUpper(pic.Format), pic.Size.X, pic.Size.Y))
	}
	if turn := exif.Describe(pic.Orientation); turn != "" && pic.Image != nil {
		parts = append(parts, "shown "+turn)
	}
	if pic.Bytes > 0 {
		parts = append(parts, FormatBytes(pic.Bytes))
	}
	return strings.Join(parts, " · ")
}

// SetImage shows img, whose full size is size (img may be a smaller copy),
// or the message when img is nil. A picture of another size than the one
// shown opens fitted; one of the same size keeps the zoom.
func (p *ImagePane) SetImage(img image.Image, size image.Point) {
	p.hasImage = img != nil
	p.pic.SetImage(img, size)
	p.show()
}

// SetMessage sets what the pane says when it has no picture.
func (p *ImagePane) SetMessage(s string) { p.message.SetText(s) }

// Message is what the pane says when it has no picture.
func (p *ImagePane) Message() string { return p.message.Text }

// SetCaption sets the text beside the zoom buttons.
func (p *ImagePane) SetCaption(s string) { p.caption.SetText(s) }

// Caption is the text beside the zoom buttons.
func (p *ImagePane) Caption() string { return p.caption.Text }

// SetBusy runs the progress bar on the pane, or stops and hides it.
func (p *ImagePane) SetBusy(on bool) {
	p.busy = on
	if on {
		p.progress.Start()
	} else {
		p.progress.Stop()
	}
	SetVisible(p.progress, on)
}

// Busy reports whether the progress bar runs.
func (p *ImagePane) Busy() bool { return p.busy }

// Picture is the picture shown, nil when there is none.
func (p *ImagePane) Picture() image.Image { return p.pic.Picture() }

// Fitted reports whether the picture is fitted to the pane.
func (p *ImagePane) Fitted() bool { return p.pic.Fitted() }

// Zoom is the picture's zoom: 1 shows it pixel for pixel.
func (p *ImagePane) Zoom() float64 { return p.pic.Zoom() }

// ZoomText is the zoom as the caption bar shows it, "100%", or "" without
// a picture.
func (p *ImagePane) ZoomText() string { return p.zoomLbl.Text }

// SetActualSize shows the picture pixel for pixel about the pane's centre
// (true) or fits it to the pane.
func (p *ImagePane) SetActualSize(actual bool) {
	if !p.hasImage {
		return
	}
	if actual {
		p.pic.SetZoom(1)
	} else {
		p.pic.Fit()
	}
}

// ZoomIn zooms in about the pane's centre.
func (p *ImagePane) ZoomIn() {
	if p.hasImage {
		p.pic.ZoomIn()
	}
}

// ZoomOut zooms out about the pane's centre.
func (p *ImagePane) ZoomOut() {
	if p.hasImage {
		p.pic.ZoomOut()
	}
}

// zoomed follows the picture's zoom: the owner first, then the buttons and
// the percentage.
func (p *ImagePane) zoomed() {
	if p.OnZoom != nil {
		p.OnZoom()
	}
	p.zoomLbl.SetText("")
	if p.hasImage {
		p.zoomLbl.SetText(fmt.Sprintf("%d%%", int(math.Round(p.pic.Zoom()*100))))
	}
	p.show()
}

func (p *ImagePane) show() {
	SetVisible(p.pic, p.hasImage)
	SetVisible(p.message, !p.hasImage)
	one := p.hasImage && math.Abs(p.pic.Zoom()-1) < 1e-9
	p.oneBtn.Importance, p.fitBtn.Importance = widget.MediumImportance, widget.MediumImportance
	if one {
		p.oneBtn.Importance = widget.HighImportance
	} else if p.pic.Fitted() {
		p.fitBtn.Importance = widget.HighImportance
	}
	if p.hasImage {
		p.fitBtn.Enable()
		p.oneBtn.Enable()
	} else {
		p.fitBtn.Disable()
		p.oneBtn.Disable()
	}
	p.stack.Refresh()
	p.fitBtn.Refresh()
	p.oneBtn.Refresh()
}
