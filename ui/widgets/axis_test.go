package widgets

import (
	"slices"
	"strconv"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/gen5viewer/gen5view/heatmap"
)

// axisTexts are the labels a renderer draws after its scale, which comes
// first.
func axisTexts(t *testing.T, w fyne.Widget, scale fyne.CanvasObject) []string {
	t.Helper()
	objs := test.WidgetRenderer(w).Objects()
	if len(objs) == 0 || objs[0] != scale {
		t.Fatalf("the scale is not drawn first: %v", objs)
	}
	var out []string
	for _, o := range objs[1:] {
		l, ok := o.(*canvas.Text)
		if !ok {
			t.Fatalf("%T among the labels", o)
		}
		if l.TextSize != theme.CaptionTextSize() {
			t.Errorf("label %q at size %v, want the caption's", l.Text, l.TextSize)
		}
		out = append(out, l.Text)
	}
	return out
}

// TestAxisLabels: the colour bar and the histogram write their ticks the
// same way, four significant digits in the caption size, after the
// picture they label; a cleared colour bar has none.
func TestAxisLabels(t *testing.T) {
	test.NewTempApp(t)
	r := heatmap.Range{Min: -2.5, Max: 4}
	var want []string
	for _, v := range heatmap.Ticks(r, 6) {
		want = append(want, strconv.FormatFloat(v, 'g', 4, 64))
	}
	c := NewColorbar()
	c.Set(heatmap.Viridis, r)
	if got := axisTexts(t, c, c.bar); !slices.Equal(got, want) || !slices.Contains(got, "-2") {
		t.Errorf("colour bar labels %q, want %q", got, want)
	}
	c.Set(heatmap.Viridis, heatmap.Range{})
	if got := axisTexts(t, c, c.bar); len(got) != 0 {
		t.Errorf("a cleared colour bar keeps labels %q", got)
	}

	h := NewHistogram()
	h.Set([]float32{-1.25, 0, 0.5, 1.25})
	lo, hi := heatmap.HistogramRange([]float32{-1.25, 0, 0.5, 1.25})
	want = want[:0]
	for _, v := range heatmap.Ticks(heatmap.Range{Min: lo, Max: hi}, 5) {
		want = append(want, strconv.FormatFloat(v, 'g', 4, 64))
	}
	if got := axisTexts(t, h, h.raster); len(got) < 2 || !slices.Equal(got, want) {
		t.Errorf("histogram labels %q, want %q", got, want)
	}
}
