package widgets

import (
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
)

// axisLabels are the tick values written along a scale: the colour bar's
// beside its gradient, the histogram's under its plot.
type axisLabels struct {
	ticks  []float64
	labels []*canvas.Text
}

// setTicks writes ticks as labels: four significant digits, in the caption
// size and the text colour.
func (a *axisLabels) setTicks(ticks []float64) {
	a.ticks = ticks
	a.labels = a.labels[:0]
	for _, v := range ticks {
		t := canvas.NewText(strconv.FormatFloat(v, 'g', 4, 64), theme.Color(theme.ColorNameForeground))
		t.TextSize = theme.CaptionTextSize()
		a.labels = append(a.labels, t)
	}
}

// objects is scale, the picture the labels go with, and then the labels:
// what a renderer draws.
func (a *axisLabels) objects(scale fyne.CanvasObject) []fyne.CanvasObject {
	objs := make([]fyne.CanvasObject, 0, len(a.labels)+1)
	objs = append(objs, scale)
	for _, l := range a.labels {
		objs = append(objs, l)
	}
	return objs
}
