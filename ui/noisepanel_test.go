package ui

import (
	"bytes"
	"errors"
	"image"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/gen5viewer/gen5view/heatmap"
	"github.com/gen5viewer/gen5view/internal/fixtures"
)

// snapshot copies the heatmap's current pixels.
func snapshot(t *testing.T, p *noisePanel) []byte {
	t.Helper()
	img, ok := p.view.Image().(*image.RGBA)
	if !ok || img == nil {
		t.Fatal("no heatmap rendered")
	}
	return bytes.Clone(img.Pix)
}

func TestChannelSwitchChangesHeatmap(t *testing.T) {
	v := newTestViewer(t)
	openAndWait(t, v, fixtures.Path(t, "a0_sd15_f32.gen5"))
	p := v.noise
	ch0 := snapshot(t, p)
	if p.view.Grid().Tiles[0].Channel != 0 {
		t.Fatalf("showing channel %d", p.view.Grid().Tiles[0].Channel)
	}

	p.channelSel.SetSelectedIndex(1)
	v.wait()
	ch1 := snapshot(t, p)
	if bytes.Equal(ch0, ch1) {
		t.Error("channel 1 looks exactly like channel 0")
	}
	if len(p.view.Grid().Tiles) != 1 || p.view.Grid().Tiles[0].Channel != 1 {
		t.Errorf("layout shows %+v", p.view.Grid().Tiles)
	}
	if p.statHead[0].Text != "ch 1" {
		t.Errorf("stats header %q", p.statHead[0].Text)
	}

	p.cmapSel.SetSelected("gray")
	v.wait()
	if bytes.Equal(ch1, snapshot(t, p)) {
		t.Error("changing the colormap changed nothing")
	}

	test.Tap(p.allCheck)
	v.wait()
	if len(p.view.Grid().Tiles) != 4 || p.view.Grid().Cols != 2 {
		t.Errorf("all channels: %d tiles in %d columns", len(p.view.Grid().Tiles), p.view.Grid().Cols)
	}

	// Pointing at a tile puts its channel's statistics in the first column.
	pos, size, _ := p.view.CellRect(2, 10, 10)
	p.view.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: pos.Add(fyne.NewPos(size.Width/2, size.Height/2))}})
	if p.statHead[0].Text != "ch 2" || p.stats[0][0].Text != fmtStat(heatmap.ComputeStats(v.doc.latents[0].tensor.Channel(0, 2)).Mean) {
		t.Errorf("statistics while pointing at tile 2: %q, mean %q", p.statHead[0].Text, p.stats[0][0].Text)
	}
	p.view.MouseOut()
	if p.statHead[0].Text != "ch 1" {
		t.Errorf("statistics after the pointer left: %q", p.statHead[0].Text)
	}

	// A tap on a tile shows that channel alone.
	pos, size, _ = p.view.CellRect(3, 10, 10)
	test.TapAt(p.view, pos.Add(fyne.NewPos(size.Width/2, size.Height/2)))
	v.wait()
	if p.all || p.channel != 3 || p.channelSel.Selected != "3" || p.allCheck.Checked {
		t.Errorf("after tapping tile 3: all=%v channel=%d", p.all, p.channel)
	}
	if len(p.view.Grid().Tiles) != 1 || p.view.Grid().Tiles[0].Channel != 3 {
		t.Errorf("layout shows %+v", p.view.Grid().Tiles)
	}
}

func TestLatentSelector(t *testing.T) {
	v := newTestViewer(t)
	openAndWait(t, v, fixtures.Path(t, "v010_two_latents.gen5"))
	p := v.noise
	if !p.latentBox.Visible() {
		t.Fatal("no latent selector for a file with two")
	}
	if got := strings.Join(p.latentSel.Options, ","); got != "initial_noise,denoised" {
		t.Errorf("latent names %q", got)
	}
	first := snapshot(t, p)
	p.latentSel.SetSelected("denoised")
	v.wait()
	if bytes.Equal(first, snapshot(t, p)) {
		t.Error("the second latent looks exactly like the first")
	}
	if !strings.HasPrefix(p.shapeLbl.Text, "denoised") {
		t.Errorf("shape line %q", p.shapeLbl.Text)
	}

	openAndWait(t, v, fixtures.Path(t, "a0_sd15_f32.gen5"))
	if p.latentBox.Visible() {
		t.Error("latent selector shown for a single latent")
	}
}

func TestBatchSelector(t *testing.T) {
	v := newTestViewer(t)
	openAndWait(t, v, fixtures.Path(t, "a0_batch2.gen5"))
	p := v.noise
	if !p.batchBox.Visible() || len(p.batchSel.Options) != 2 {
		t.Fatal("no batch selector for a batch of two")
	}
	b0 := snapshot(t, p)
	p.batchSel.SetSelectedIndex(1)
	v.wait()
	if bytes.Equal(b0, snapshot(t, p)) {
		t.Error("batch 1 looks exactly like batch 0")
	}
	if p.statHead[1].Text != "batch 1" {
		t.Errorf("stats header %q", p.statHead[1].Text)
	}
}

func TestNoisePanelMessages(t *testing.T) {
	v := newTestViewer(t)
	p := v.noise
	p.setDocument(&document{path: "/x/none.gen5"})
	v.wait()
	if !p.message.Visible() || p.message.Text != "This file holds no latent" {
		t.Errorf("message %q", p.message.Text)
	}
	p.setDocument(&document{path: "/x/bad.gen5", latents: []*latentData{{name: "latent 0", err: errors.New("/x/bad.gen5: chunk 0 (LATN): zstd: corrupt")}}})
	v.wait()
	if want := `The latent "latent 0" cannot be shown: chunk 0 (LATN): zstd: corrupt`; p.message.Text != want {
		t.Errorf("message %q, want %q", p.message.Text, want)
	}
}

func TestStatsShown(t *testing.T) {
	v := newTestViewer(t)
	openAndWait(t, v, fixtures.Path(t, "a0_sd15_f32.gen5"))
	d := v.doc.latents[0].tensor
	want := heatmap.ComputeStats(d.Batch(0))
	if got := v.noise.stats[0][1].Text; got != fmtStat(want.Mean) {
		t.Errorf("mean %q, want %q", got, fmtStat(want.Mean))
	}
	if got := v.noise.stats[4][1].Text; got != "0 / 0" {
		t.Errorf("NaN/Inf %q", got)
	}
	if !v.noise.colorbar.Drawn() {
		t.Error("no colour bar")
	}
	if !v.noise.hist.Plotted() {
		t.Error("no histogram")
	}
}

// BenchmarkNoisePanelFluxGrid measures what switching to "All channels"
// costs on a Flux latent (16×128×128): statistics, range and the grid
// rendered at 1024 pixels, all off the UI goroutine.
func BenchmarkNoisePanelFluxGrid(b *testing.B) {
	d, err := load(fixtures.Path(b, "a0_flux_f32.gen5"))
	if err != nil {
		b.Fatal(err)
	}
	defer d.close()
	t := d.latents[0].tensor
	b.ResetTimer()
	for b.Loop() {
		s := heatmap.ComputeStats(t.Batch(0))
		r := heatmap.AutoRange(t.Batch(0), heatmap.Viridis)
		img, _ := heatmap.Grid(t, 0, heatmap.Viridis, r, 1024)
		_, _ = s, img
	}
}

// rampTensor is a B×C×H×W tensor whose every value encodes its position,
// so a read-out can be checked against the coordinates.
func rampTensor(b, c, h, w int) heatmap.Tensor {
	data := make([]float32, b*c*h*w)
	for i := range data {
		data[i] = float32(i)
	}
	t, err := heatmap.FromShape([]int{b, c, h, w}, data)
	if err != nil {
		panic(err)
	}
	return t
}

// TestHoverReadout moves the pointer over the noise panel's heatmap and
// checks the value shown.
func TestHoverReadout(t *testing.T) {
	v := newTestViewer(t)
	doc := &document{path: "ramp.gen5", latents: []*latentData{{
		name: "latent 0", dtype: "float32", shape: []int{1, 4, 8, 8}, tensor: rampTensor(1, 4, 8, 8),
	}}}
	v.center.Objects = []fyne.CanvasObject{v.body}
	v.center.Refresh()
	v.noise.setDocument(doc)
	v.wait()
	v.noise.channel = 2
	v.noise.update()
	v.wait()

	h := v.noise.view
	pos, size, ok := h.CellRect(2, 5, 3)
	if !ok {
		t.Fatal("cell not drawn")
	}
	h.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: pos.Add(fyne.NewPos(size.Width/2, size.Height/2))}})
	want := "b0 c2 y5 x3 = 171" // 2*64 + 5*8 + 3
	if got := v.noise.hoverLbl.Text; got != want {
		t.Errorf("read-out %q, want %q", got, want)
	}
	if !h.Outlined() {
		t.Error("the hovered cell is not outlined")
	}
	h.MouseOut()
	if v.noise.hoverLbl.Text != hoverHint(false) || h.Outlined() {
		t.Errorf("after the pointer left: %q", v.noise.hoverLbl.Text)
	}
}
