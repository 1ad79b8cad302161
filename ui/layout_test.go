package ui

import (
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gen5viewer/gen5view/internal/fixtures"
)

// TestWindowFitsLaptop checks that a window showing a file can be made
// smaller than a 1366×768 laptop screen with room to spare (the noise
// panel once held it at 700 pixels high), and that the metadata can take
// most of the Inspect tab's height.
func TestWindowFitsLaptop(t *testing.T) {
	v := newTestViewer(t)
	openAndWait(t, v, fixtures.Path(t, "a0_sd15_f32.gen5"))
	if m := v.win.Content().MinSize(); m.Width > 1000 || m.Height > 500 {
		t.Errorf("the window's minimum size is %v, want at most 1000×500", m)
	}
	v.right.SetOffset(0.9)
	v.win.Resize(fyne.NewSize(1366, 700))
	if got, want := v.tree.content.Size().Height, 0.8*v.right.Size().Height; got < want {
		t.Errorf("with the divider pulled down the metadata gets %v of %v", got, v.right.Size().Height)
	}
}

// TestSplitsRemembered checks that the next window opens with the
// dividers where the last one left them.
func TestSplitsRemembered(t *testing.T) {
	v := newSession(test.NewTempApp(t)).newViewer()
	v.split.SetOffset(0.3)
	v.right.SetOffset(0.7)
	v.win.Close()
	next := v.session.newViewer()
	defer next.win.Close()
	if a, b := next.split.Offset, next.right.Offset; math.Abs(a-0.3) > 1e-9 || math.Abs(b-0.7) > 1e-9 {
		t.Errorf("next window's dividers at %v and %v, want 0.3 and 0.7", a, b)
	}
}
