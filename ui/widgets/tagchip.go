package widgets

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// tagChip shows one tag: its name on a rounded background, with a small
// button that removes it.
type tagChip struct {
	widget.BaseWidget
	tag      string
	onRemove func()
}

func newTagChip(tag string, onRemove func()) *tagChip {
	c := &tagChip{tag: tag, onRemove: onRemove}
	c.ExtendBaseWidget(c)
	return c
}

func (c *tagChip) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(color.Transparent)
	label := widget.NewLabel(c.tag)
	remove := widget.NewButtonWithIcon("", theme.CancelIcon(), c.onRemove)
	remove.Importance = widget.LowImportance
	r := &tagChipRenderer{chip: c, bg: bg, label: label, remove: remove, measure: widget.NewLabel(c.tag)}
	r.Refresh()
	return r
}

type tagChipRenderer struct {
	chip   *tagChip
	bg     *canvas.Rectangle
	label  *widget.Label
	remove *widget.Button
	// measure is the name untruncated, never shown: its MinSize is the
	// width the chip wants.
	measure *widget.Label
}

func (r *tagChipRenderer) Destroy() {}

func (r *tagChipRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.bg, r.label, r.remove}
}

// labelWidth is the width the tag's name needs untruncated.
func (r *tagChipRenderer) labelWidth() float32 {
	return r.measure.MinSize().Width
}

func (r *tagChipRenderer) MinSize() fyne.Size {
	b := r.remove.MinSize()
	h := fyne.Max(r.label.MinSize().Height, b.Height)
	return fyne.NewSize(r.indent()+r.labelWidth()+b.Width, h)
}

func (r *tagChipRenderer) Layout(size fyne.Size) {
	r.bg.Resize(size)
	r.bg.CornerRadius = size.Height / 2
	b := r.remove.MinSize()
	r.remove.Resize(b)
	r.remove.Move(fyne.NewPos(size.Width-b.Width, (size.Height-b.Height)/2))
	// Truncate only a chip narrowed below its name's width: the
	// truncating text measures a little differently, and would cut names
	// that fit.
	w := size.Width - b.Width - r.indent()
	trunc := fyne.TextTruncateOff
	if w < r.labelWidth() {
		trunc = fyne.TextTruncateEllipsis
	}
	if r.label.Truncation != trunc {
		r.label.Truncation = trunc
		r.label.Refresh()
	}
	r.label.Resize(fyne.NewSize(w, size.Height))
	r.label.Move(fyne.NewPos(r.indent(), 0))
}

// indent moves the name in from the chip's rounded end.
func (r *tagChipRenderer) indent() float32 {
	return r.chip.Theme().Size(theme.SizeNamePadding)
}

func (r *tagChipRenderer) Refresh() {
	th := r.chip.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	// A tint of the primary colour stands out on the light theme's white
	// as well as on the dark theme's grey, where the button colour does not.
	r.bg.FillColor = withAlpha(th.Color(theme.ColorNamePrimary, v), 0x38)
	r.bg.StrokeColor = withAlpha(th.Color(theme.ColorNamePrimary, v), 0x70)
	r.bg.StrokeWidth = 1
	r.bg.Refresh()
	r.label.Refresh()
	r.remove.Refresh()
}

// withAlpha returns c with its opacity set to a (0–255).
func withAlpha(c color.Color, a uint8) color.Color {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = a
	return n
}

// NewHintBadge is a small tinted label, like a tag chip, for a remark on
// a field that should be seen without competing with its value.
func NewHintBadge(text string) fyne.CanvasObject {
	l := widget.NewLabel(text)
	l.SizeName = theme.SizeNameCaptionText
	bg := canvas.NewRectangle(withAlpha(theme.Color(theme.ColorNamePrimary), 0x38))
	bg.CornerRadius = theme.InputRadiusSize()
	return container.NewStack(bg, container.NewThemeOverride(l, Compact{InnerPadding: 0.5, InlineIcon: 0.8}))
}
