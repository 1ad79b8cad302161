package widgets

import "fyne.io/fyne/v2"

// ScreenSize, when set, returns the size of the screen in pixels; the
// windows are sized to fit it. The program's main sets it from the
// display; the packages under ui cannot ask the driver themselves without
// importing it, and tests leave it nil.
var ScreenSize func() (width, height int, ok bool)

// Share of the screen a window takes at most: the rest is left to the
// desktop's panels and the window's title bar, so that no button ends up
// below the screen's edge.
const (
	screenShareW = 0.92
	screenShareH = 0.85
)

// screenGrow is the share of a large screen a window takes when that is
// more than the size it asks for, so that a 2560×1440 screen gets a
// window that uses it.
const screenGrow = 0.75

// fitSize returns the size for a window that asks for want on a screen of
// sw×sh pixels at scale pixels per unit: want, grown to screenGrow of a
// large screen and shrunk to fit a small one.
func fitSize(want fyne.Size, sw, sh int, scale float32) fyne.Size {
	if scale <= 0 {
		scale = 1
	}
	w, h := float32(sw)/scale, float32(sh)/scale
	want = fyne.NewSize(max(want.Width, w*screenGrow), max(want.Height, h*screenGrow))
	return fyne.NewSize(min(want.Width, w*screenShareW), min(want.Height, h*screenShareH))
}

// ResizeToScreen resizes w to want, or to what of it fits the screen.
func ResizeToScreen(w fyne.Window, want fyne.Size) {
	if ScreenSize != nil {
		if sw, sh, ok := ScreenSize(); ok {
			want = fitSize(want, sw, sh, w.Canvas().Scale())
		}
	}
	w.Resize(want)
}
