package ui

import (
	"bytes"
	"image"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/gen5viewer/gen5view/heatmap"
)

// showRamp puts a 1×4×8×8 ramp (each cell holds its flat index, so each
// channel spans its own 64 values) in v's noise panel.
func showRamp(t *testing.T, v *viewer) *noisePanel {
	t.Helper()
	doc := &document{path: "ramp.gen5", latents: []*latentData{{
		name: "latent 0", dtype: "float32", shape: []int{1, 4, 8, 8}, tensor: rampTensor(1, 4, 8, 8),
	}}}
	v.center.Objects = []fyne.CanvasObject{v.body}
	v.center.Refresh()
	v.noise.setDocument(doc)
	v.wait()
	return v.noise
}

// TestAllChannelsMode checks that the grid's tiles carry their channel
// numbers, that the channel selector is disabled while every channel is
// shown, and that the read-out names each axis.
func TestAllChannelsMode(t *testing.T) {
	v := newTestViewer(t)
	p := showRamp(t, v)
	if p.channelSel.Disabled() || len(p.view.TileLabels()) != 0 {
		t.Fatalf("one channel: selector disabled %v, tile labels %q", p.channelSel.Disabled(), p.view.TileLabels())
	}

	test.Tap(p.allCheck)
	v.wait()
	if got := p.view.TileLabels(); !slices.Equal(got, []string{"0", "1", "2", "3"}) {
		t.Errorf("tile labels %q, want 0 to 3", got)
	}
	if !p.channelSel.Disabled() || p.channelSel.Selected != "" {
		t.Errorf("all channels: selector disabled %v showing %q", p.channelSel.Disabled(), p.channelSel.Selected)
	}
	pos, size, ok := p.view.CellRect(3, 7, 6)
	if !ok {
		t.Fatal("cell (3, 7, 6) not drawn")
	}
	p.view.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: pos.Add(fyne.NewPos(size.Width/2, size.Height/2))}})
	if want := "b0 c3 y7 x6 = 254"; p.hoverLbl.Text != want {
		t.Errorf("read-out %q, want %q", p.hoverLbl.Text, want)
	}
	if got := p.view.TileLabels(); len(got) != 0 {
		t.Errorf("tile labels %q shown while the pointer reads the cells under them", got)
	}
	p.view.MouseOut()
	if got := p.view.TileLabels(); len(got) != 4 {
		t.Errorf("tile labels %q after the pointer left", got)
	}

	test.Tap(p.allCheck)
	v.wait()
	if p.channelSel.Disabled() || p.channelSel.Selected != "0" || len(p.view.TileLabels()) != 0 {
		t.Errorf("back to one channel: selector disabled %v showing %q, labels %q", p.channelSel.Disabled(), p.channelSel.Selected, p.view.TileLabels())
	}
}

// rendered checks that the panel's heatmap is exactly what render draws at
// the same size.
func rendered(t *testing.T, p *noisePanel, what string, render func(px int) (*image.RGBA, heatmap.GridLayout)) {
	t.Helper()
	got, ok := p.view.Image().(*image.RGBA)
	if !ok {
		t.Fatalf("%s: nothing rendered", what)
	}
	want, _ := render(got.Bounds().Dx())
	if !bytes.Equal(got.Pix, want.Pix) {
		t.Errorf("%s: the heatmap is not drawn in the expected ranges", what)
	}
}

// TestSameRange checks both range choices in both modes: one range over
// the batch entry, so channels compare, or each channel its own.
func TestSameRange(t *testing.T) {
	v := newTestViewer(t)
	p := showRamp(t, v)
	tn, m := p.current().tensor, p.cmap
	whole := heatmap.AutoRange(tn.Batch(0), m)
	own := func(c int) heatmap.Range { return heatmap.AutoRange(tn.Channel(0, c), m) }

	if !p.same || !p.sameCheck.Checked {
		t.Fatal("the range is not shared by default")
	}
	p.channelSel.SetSelectedIndex(1)
	v.wait()
	rendered(t, p, "channel 1, same range", func(px int) (*image.RGBA, heatmap.GridLayout) {
		return heatmap.ChannelView(tn, 0, 1, m, whole, px)
	})

	test.Tap(p.sameCheck)
	v.wait()
	rendered(t, p, "channel 1, its own range", func(px int) (*image.RGBA, heatmap.GridLayout) {
		return heatmap.ChannelView(tn, 0, 1, m, own(1), px)
	})

	test.Tap(p.allCheck)
	v.wait()
	rendered(t, p, "all channels, each its own range", func(px int) (*image.RGBA, heatmap.GridLayout) {
		return heatmap.GridEach(tn, 0, m, []heatmap.Range{own(0), own(1), own(2), own(3)}, px)
	})

	test.Tap(p.sameCheck)
	v.wait()
	rendered(t, p, "all channels, same range", func(px int) (*image.RGBA, heatmap.GridLayout) {
		return heatmap.Grid(tn, 0, m, whole, px)
	})
}

// TestNoiseChoicesRemembered checks that the colormap and range choice
// made in one window are those of the next.
func TestNoiseChoicesRemembered(t *testing.T) {
	v := newTestViewer(t)
	p := v.noise
	p.cmapSel.SetSelected("magma")
	test.Tap(p.sameCheck)

	next := newSession(v.app).newViewer()
	defer next.Window().Close()
	if got := next.noise.cmap.String(); got != "magma" || next.noise.cmapSel.Selected != "magma" {
		t.Errorf("next window's colormap %q (selector %q), want magma", got, next.noise.cmapSel.Selected)
	}
	if next.noise.same || next.noise.sameCheck.Checked {
		t.Error("next window shares the range, which was turned off")
	}
}
