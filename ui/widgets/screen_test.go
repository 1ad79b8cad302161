package widgets

import (
	"testing"

	"fyne.io/fyne/v2"
)

// TestFitSize: a window fits a 900-px-high or a 1366×768 screen with room
// for panels and its title bar, and grows on a large one.
func TestFitSize(t *testing.T) {
	want := fyne.NewSize(1280, 800)
	for _, tc := range []struct {
		sw, sh int
		scale  float32
	}{{1440, 900, 1}, {1366, 768, 1}, {2560, 1440, 2}, {2560, 1440, 1}, {1920, 1080, 1}} {
		got := fitSize(want, tc.sw, tc.sh, tc.scale)
		w, h := float32(tc.sw)/tc.scale, float32(tc.sh)/tc.scale
		if got.Width > w*0.95 || got.Height > h*0.9 {
			t.Errorf("%d×%d at %v: window %v does not leave room on the screen", tc.sw, tc.sh, tc.scale, got)
		}
		if got.Width < min(want.Width, w*0.8) || got.Height < min(want.Height, h*0.7) {
			t.Errorf("%d×%d at %v: window %v is needlessly small", tc.sw, tc.sh, tc.scale, got)
		}
	}
	if got := fitSize(want, 2560, 1440, 1); got.Width <= want.Width {
		t.Errorf("on 2560×1440 the window stays %v", got)
	}
}
