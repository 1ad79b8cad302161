package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Heading is a form's section heading: bold text.
func Heading(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.TextStyle = fyne.TextStyle{Bold: true}
	return l
}

// LabelColumn makes the labels of several forms as wide as the widest of
// them all.
type LabelColumn struct{ labels []*widget.Label }

// Add returns a label for the column's form, as wide as the widest.
func (c *LabelColumn) Add(text string) fyne.CanvasObject {
	l := widget.NewLabel(text)
	c.labels = append(c.labels, l)
	return container.New(c, l)
}

// MinSize is part of fyne.Layout.
func (c *LabelColumn) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var w float32
	for _, l := range c.labels {
		w = fyne.Max(w, l.MinSize().Width)
	}
	return fyne.NewSize(w, objects[0].MinSize().Height)
}

// Layout is part of fyne.Layout.
func (c *LabelColumn) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	objects[0].Move(fyne.NewPos(0, 0))
	objects[0].Resize(fyne.NewSize(size.Width, objects[0].MinSize().Height))
}

// WithNote stacks an input and its note with no gap, so that the note
// reads as belonging to the input above it rather than the one below.
func WithNote(input, note fyne.CanvasObject) fyne.CanvasObject {
	return container.New(layout.NewCustomPaddedVBoxLayout(0), input, note)
}

// NewFieldNote returns the hidden note shown under an input: its problem
// or a hint, in caption size.
func NewFieldNote() *widget.Label {
	l := widget.NewLabel("")
	l.SizeName = theme.SizeNameCaptionText
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	return l
}

// SetFieldNote shows err in the error colour, or else hint, or hides the note.
func SetFieldNote(l *widget.Label, err error, hint string) {
	text, imp := hint, widget.LowImportance
	if err != nil {
		text, imp = err.Error(), widget.DangerImportance
	}
	if text == "" {
		l.Hide()
		return
	}
	l.Importance = imp
	l.SetText(text)
	l.Show()
}
