package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// flowLayout places objects left to right at their minimum widths and
// starts a new row when the next one does not fit, like words in a
// paragraph; an object wider than the row is narrowed to the row's width.
// Its minimum height is that of the rows at the width it was last laid out
// at, so whoever holds it must lay it out again when that changes:
// onHeightChanged says when.
type flowLayout struct {
	width           float32
	height          float32
	onHeightChanged func()
}

func (l *flowLayout) gaps() (h, v float32) {
	p := theme.Padding()
	return p, p
}

// arrange computes where each visible object goes in rows of the given
// width, and the total height.
func (l *flowLayout) arrange(objects []fyne.CanvasObject, width float32, place bool) float32 {
	hgap, vgap := l.gaps()
	var x, y, rowH float32
	first := true
	for _, o := range objects {
		if !o.Visible() {
			continue
		}
		s := o.MinSize()
		if width > 0 && s.Width > width {
			s.Width = width
		}
		if !first && width > 0 && x+s.Width > width {
			x = 0
			y += rowH + vgap
			rowH = 0
		}
		if place {
			o.Resize(s)
			o.Move(fyne.NewPos(x, y))
		}
		x += s.Width + hgap
		rowH = fyne.Max(rowH, s.Height)
		first = false
	}
	return y + rowH
}

func (l *flowLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var w float32
	for _, o := range objects {
		if o.Visible() {
			w = fyne.Max(w, o.MinSize().Width)
		}
	}
	// A chip may be narrowed, so do not let a long tag widen the window.
	w = fyne.Min(w, 8*theme.IconInlineSize())
	l.height = l.arrange(objects, l.width, false)
	return fyne.NewSize(w, l.height)
}

func (l *flowLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	h := l.arrange(objects, size.Width, true)
	if h != l.height {
		l.height = h
		if l.onHeightChanged != nil {
			fyne.Do(l.onHeightChanged)
		}
	}
}
