package ui

import (
	"fmt"
	"image"
	"math"
	"strconv"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/heatmap"
	"github.com/gen5viewer/gen5view/randn"
	"github.com/gen5viewer/gen5view/ui/widgets"
)

// noisePanel shows one latent of the file: a heatmap of one channel or of
// all channels at once, its colour bar, the value under the pointer,
// statistics, the histogram against N(0,1), and whether the recorded seed
// reproduces the noise.
type noisePanel struct {
	content fyne.CanvasObject

	doc     *document
	latent  int // index into doc.latents
	batch   int
	channel int
	all     bool // every channel of the batch entry as a grid
	cmap    heatmap.Colormap
	// same places every channel of the batch entry in one range, so that
	// their colours compare; otherwise each channel has its own range.
	same bool

	prefs fyne.Preferences // remembers the colormap and range choice

	latentSel  *widget.Select
	latentBox  *fyne.Container
	batchSel   *widget.Select
	batchBox   *fyne.Container
	channelSel *widget.Select
	allCheck   *widget.Check
	cmapSel    *widget.Select
	sameCheck  *widget.Check

	view     *widgets.HeatmapView
	colorbar *widgets.Colorbar
	hoverLbl *widget.Label
	shapeLbl *widget.Label
	statHead [2]*widget.Label
	stats    [5][2]*widget.Label // mean, std, min, max, NaN/Inf × channel, all
	hist     *widgets.Histogram
	repro    *widget.Label
	message  *widget.Label
	controls *fyne.Container // the selectors' row
	main     *fyne.Container // everything but message
	body     *fyne.Container // all below the header: hidden when collapsed
	toggle   *widget.Button  // "Noise" in the header: collapses and expands
	// collapsed is set while only the header shows; onCollapse, when set,
	// is told each change (the viewer gives the metadata the room).
	collapsed  bool
	onCollapse func(collapsed bool)

	chanStats    []heatmap.Stats // per channel of the batch entry shown
	chanRanges   []heatmap.Range // per channel, when each has its own range
	statsChannel int             // the channel in the first column

	wg         sync.WaitGroup // background work under way, for tests
	seq        int            // numbers updates; older results are dropped
	reproCache map[int]string
	// reproSeq numbers reproducibility checks the same way.
	reproSeq int

	updating bool // set while the controls are being filled in

	// afterDrawn are waiting for the heatmap of the document shown
	// (see afterHeatmap).
	afterDrawn []func()
}

// statNames label the rows of the statistics grid.
var statNames = [5]string{"mean", "std", "min", "max", "NaN / Inf"}

// Preference keys of the noise panel's choices, kept from one run to the
// next.
const (
	prefColormap  = "noise.colormap"
	prefSameRange = "noise.sameRange"
)

// newNoisePanel returns an empty panel, its colormap and range choice
// read from prefs, where changing them stores them.
func newNoisePanel(prefs fyne.Preferences) *noisePanel {
	p := &noisePanel{reproCache: map[int]string{}, updating: true, prefs: prefs}
	defer func() { p.updating = false }()
	p.view = widgets.NewHeatmapView(&p.wg)
	p.view.RunOnUI = runOnUI
	p.view.OnDrawn = p.heatmapDrawn
	p.view.OnHover = p.showHover
	p.view.LabelTiles = true
	p.view.OnTap = func(c int) {
		if p.all {
			p.channel, p.all = c, false
			p.syncControls()
			p.update()
		}
	}
	p.colorbar = widgets.NewColorbar()

	p.latentSel = widget.NewSelect(nil, func(string) {
		if !p.updating {
			p.latent = p.latentSel.SelectedIndex()
			p.batch, p.channel = 0, 0
			p.syncControls()
			p.update()
		}
	})
	p.batchSel = widget.NewSelect(nil, func(string) {
		if !p.updating {
			p.batch = p.batchSel.SelectedIndex()
			p.update()
		}
	})
	p.channelSel = widget.NewSelect(nil, func(string) {
		if !p.updating {
			p.channel = p.channelSel.SelectedIndex()
			p.update()
		}
	})
	p.channelSel.PlaceHolder = "all" // shown, disabled, in All channels mode
	p.allCheck = widget.NewCheck("All channels", func(on bool) {
		if !p.updating {
			p.all = on
			p.syncControls()
			p.update()
		}
	})
	names := []string{}
	for _, m := range heatmap.All() {
		names = append(names, m.String())
	}
	p.cmapSel = widget.NewSelect(names, func(string) {
		if !p.updating {
			p.cmap = heatmap.All()[p.cmapSel.SelectedIndex()]
			p.prefs.SetString(prefColormap, p.cmap.String())
			p.update()
		}
	})
	if m, err := heatmap.ParseColormap(prefs.String(prefColormap)); err == nil {
		p.cmap = m
	}
	p.cmapSel.SetSelected(p.cmap.String())
	p.sameCheck = widget.NewCheck("Same range for all channels", func(on bool) {
		if !p.updating {
			p.same = on
			p.prefs.SetBool(prefSameRange, on)
			p.update()
		}
	})
	p.same = prefs.BoolWithFallback(prefSameRange, true)
	p.sameCheck.SetChecked(p.same)

	p.hoverLbl = widget.NewLabel("")
	p.hoverLbl.Truncation = fyne.TextTruncateEllipsis
	p.shapeLbl = widget.NewLabel("")
	p.shapeLbl.Truncation = fyne.TextTruncateEllipsis
	p.repro = widget.NewLabel("")
	p.repro.Wrapping = fyne.TextWrapWord
	p.message = widget.NewLabel("")
	p.message.Wrapping = fyne.TextWrapWord
	p.message.Alignment = fyne.TextAlignCenter

	// Statistics: one row per measure, columns for the channel and all.
	var cells []fyne.CanvasObject
	cells = append(cells, widget.NewLabel(""))
	for i := range p.statHead {
		p.statHead[i] = widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
		cells = append(cells, p.statHead[i])
	}
	for r, name := range statNames {
		cells = append(cells, widget.NewLabel(name))
		for c := range p.stats[r] {
			p.stats[r][c] = widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{Monospace: true})
			cells = append(cells, p.stats[r][c])
		}
	}
	statsBox := container.New(compactRows{}, cells...)

	p.hist = widgets.NewHistogram()
	histCaption := widget.NewLabel("Histogram, with the N(0, 1) curve")
	histCaption.SizeName = theme.SizeNameCaptionText

	side := container.New(sideLayout{}, statsBox, histCaption, p.hist)

	p.latentBox = container.NewHBox(widget.NewLabel("Latent"), p.latentSel)
	p.batchBox = container.NewHBox(widget.NewLabel("Batch"), p.batchSel)
	p.toggle = widget.NewButtonWithIcon("Noise", theme.MenuDropDownIcon(), func() { p.setCollapsed(!p.collapsed) })
	p.toggle.Importance = widget.LowImportance
	p.shapeLbl.Importance = widget.LowImportance
	header := container.NewBorder(nil, nil, p.toggle, container.NewHBox(widget.NewLabel("Colours"), p.cmapSel, p.sameCheck), p.shapeLbl)
	p.controls = container.NewHBox(p.latentBox, p.batchBox, widget.NewLabel("Channel"), p.channelSel, p.allCheck)
	controls := container.NewBorder(nil, nil, p.controls, nil, p.hoverLbl)
	heat := widgets.HeatmapWithColorbar(p.view, p.colorbar)
	p.main = container.NewBorder(controls, p.repro, nil, nil, container.New(bodyLayout{}, heat, container.NewPadded(side)))
	p.body = container.NewStack(p.main, container.NewVBox(layout.NewSpacer(), p.message, layout.NewSpacer()))
	p.content = container.NewBorder(header, nil, nil, nil, p.body)
	p.showMessage("")
	return p
}

// wait blocks until the background work started so far is done.
func (p *noisePanel) wait() { p.wg.Wait() }

// setDocument shows the first latent of d.
func (p *noisePanel) setDocument(d *document) {
	p.doc = d
	p.latent, p.batch, p.channel, p.all = 0, 0, 0, false
	p.reproCache = map[int]string{}
	p.syncControls()
	p.update()
}

// seedChanged checks the shown latent again against the document's seed,
// after a save changed what generation_settings records.
func (p *noisePanel) seedChanged() {
	p.reproCache = map[int]string{}
	if ld := p.current(); ld != nil && ld.err == nil {
		p.checkReproducibility(ld)
	}
}

func (p *noisePanel) current() *latentData {
	if p.doc == nil || p.latent >= len(p.doc.latents) {
		return nil
	}
	return p.doc.latents[p.latent]
}

// syncControls fills the selectors in for the current latent and state,
// hiding those with a single choice.
func (p *noisePanel) syncControls() {
	p.updating = true
	defer func() {
		p.updating = false
		p.controls.Refresh() // close the gap of a hidden selector
	}()
	if p.doc == nil {
		return
	}
	names := make([]string, len(p.doc.latents))
	for i, l := range p.doc.latents {
		names[i] = l.name
	}
	p.latentSel.SetOptions(names)
	if len(names) > 0 {
		p.latentSel.SetSelectedIndex(p.latent)
	}
	if len(names) > 1 {
		p.latentBox.Show()
	} else {
		p.latentBox.Hide()
	}
	ld := p.current()
	if ld == nil || ld.err != nil {
		return
	}
	t := ld.tensor
	p.batch = min(p.batch, t.Batches()-1)
	p.channel = min(p.channel, t.Channels()-1)
	p.batchSel.SetOptions(numbers(t.Batches()))
	p.batchSel.SetSelectedIndex(p.batch)
	if t.Batches() > 1 {
		p.batchBox.Show()
	} else {
		p.batchBox.Hide()
	}
	p.channelSel.SetOptions(numbers(t.Channels()))
	p.channelSel.SetSelectedIndex(p.channel)
	p.allCheck.SetChecked(p.all)
	if t.Channels() > 1 {
		p.allCheck.Enable()
		p.sameCheck.Enable()
	} else {
		p.allCheck.Disable()
		p.sameCheck.Disable()
	}
	// Every channel is shown: choosing one means nothing until a tile is
	// clicked or All channels is cleared.
	if p.all {
		p.channelSel.ClearSelected()
		p.channelSel.Disable()
	} else {
		p.channelSel.Enable()
	}
}

func numbers(n int) []string {
	s := make([]string, n)
	for i := range s {
		s[i] = strconv.Itoa(i)
	}
	return s
}

// showMessage replaces the panel by a message, or brings it back for "".
func (p *noisePanel) showMessage(msg string) {
	p.message.SetText(msg)
	if msg == "" {
		p.message.Hide()
		p.main.Show()
	} else {
		p.message.Show()
		p.main.Hide()
	}
}

// statsResult is what update computes in the background.
type statsResult struct {
	r          heatmap.Range   // the range of the colour bar
	ranges     []heatmap.Range // per channel, when each has its own
	chans      []heatmap.Stats // per channel of the batch entry
	all        heatmap.Stats   // over the batch entry
	histValues []float32
}

// update draws the current selection: the range and statistics are
// computed in the background, then the colour bar, the numbers and the
// histogram are filled in and the heatmap is rendered.
func (p *noisePanel) update() {
	p.seq++
	seq := p.seq
	ld := p.current()
	switch {
	case p.doc == nil:
		p.showMessage("")
		p.heatmapDrawn() // there is none to wait for
		return
	case ld == nil:
		p.view.SetRender(nil)
		p.showMessage("This file holds no latent")
		p.heatmapDrawn()
		return
	case ld.err != nil:
		p.view.SetRender(nil)
		p.showMessage(fmt.Sprintf("The latent %q cannot be shown: %s", ld.name, errReason(ld.err, p.doc.path)))
		p.heatmapDrawn()
		return
	}
	p.showMessage("")
	t, b, c, all, same, m := ld.tensor, p.batch, p.channel, p.all, p.same, p.cmap
	p.shapeLbl.SetText(fmt.Sprintf("%s · %s · %s", ld.name, codec.ShapeString(ld.shape), ld.dtype))
	p.statHead[0].SetText("")
	p.statHead[1].SetText("all")
	if t.Batches() > 1 {
		p.statHead[1].SetText(fmt.Sprintf("batch %d", b))
	}
	widgets.SetHover(p.hoverLbl, hoverHint(all), false)
	p.checkReproducibility(ld)

	p.wg.Add(1)
	go func() {
		var res statsResult
		chVals, batchVals := t.Channel(b, c), t.Batch(b)
		res.all = heatmap.ComputeStats(batchVals)
		res.chans = make([]heatmap.Stats, t.Channels())
		for i := range res.chans {
			res.chans[i] = heatmap.ComputeStats(t.Channel(b, i))
		}
		res.histValues = chVals
		if all {
			res.histValues = batchVals
		}
		switch {
		case same:
			res.r = heatmap.AutoRange(batchVals, m)
		case all:
			res.ranges = make([]heatmap.Range, t.Channels())
			for i := range res.ranges {
				res.ranges[i] = heatmap.AutoRange(t.Channel(b, i), m)
			}
			res.r = res.ranges[c]
		default:
			res.r = heatmap.AutoRange(chVals, m)
		}
		runOnUI(func() {
			defer p.wg.Done()
			if seq != p.seq {
				return
			}
			p.showStats(res)
			r, rs := res.r, res.ranges
			switch {
			case all && rs != nil:
				p.view.SetRender(func(px int) (*image.RGBA, heatmap.GridLayout) { return heatmap.GridEach(t, b, m, rs, px) })
			case all:
				p.view.SetRender(func(px int) (*image.RGBA, heatmap.GridLayout) { return heatmap.Grid(t, b, m, r, px) })
			default:
				p.view.SetRender(func(px int) (*image.RGBA, heatmap.GridLayout) { return heatmap.ChannelView(t, b, c, m, r, px) })
			}
		})
	}()
}

func hoverHint(all bool) string {
	if all {
		return "Hover to read values · click a tile to open it"
	}
	return "Hover to read values"
}

func (p *noisePanel) showStats(res statsResult) {
	p.chanStats, p.chanRanges = res.chans, res.ranges
	p.statHead[0].SetText("") // the first column is filled in again
	p.showChannelStats(p.channel)
	p.fillStats(1, res.all)
	p.colorbar.Set(p.cmap, res.r)
	p.hist.Set(res.histValues)
}

// showChannelStats fills the first column with channel c's statistics;
// when each tile has its own range, the colour bar shows c's.
func (p *noisePanel) showChannelStats(c int) {
	if c < 0 || c >= len(p.chanStats) || c == p.statsChannel && p.statHead[0].Text != "" {
		return
	}
	p.statsChannel = c
	p.statHead[0].SetText(fmt.Sprintf("ch %d", c))
	p.fillStats(0, p.chanStats[c])
	if c < len(p.chanRanges) {
		p.colorbar.Set(p.cmap, p.chanRanges[c])
	}
}

func (p *noisePanel) fillStats(col int, s heatmap.Stats) {
	vals := [5]string{fmtStat(s.Mean), fmtStat(s.Std), fmtStat(s.Min), fmtStat(s.Max), fmt.Sprintf("%d / %d", s.NaN, s.Inf)}
	for r, v := range vals {
		l := p.stats[r][col]
		l.Importance = widget.MediumImportance
		if r == 4 && (s.NaN > 0 || s.Inf > 0) {
			l.Importance = widget.DangerImportance
		}
		l.SetText(v)
		l.Refresh()
	}
}

// fmtStat writes a statistic with four decimals, which is what noise
// around N(0,1) needs, switching to five significant digits for the huge
// values of a damaged tensor so that the column keeps its width.
func fmtStat(v float64) string {
	switch {
	case math.IsNaN(v):
		return "—"
	case math.Abs(v) >= 1e5:
		return strconv.FormatFloat(v, 'g', 5, 64)
	}
	return strconv.FormatFloat(v, 'f', 4, 64)
}

// showHover writes the value under the pointer.
func (p *noisePanel) showHover(c, y, x int, ok bool) {
	ld := p.current()
	if !ok || ld == nil || ld.err != nil {
		widgets.SetHover(p.hoverLbl, hoverHint(p.all), false)
		p.showChannelStats(p.channel)
		return
	}
	if p.all {
		p.showChannelStats(c) // the statistics follow the tile pointed at
	}
	widgets.SetHover(p.hoverLbl, widgets.HoverText(ld.tensor, p.batch, c, y, x), true)
}

// checkReproducibility fills the Reproducibility line for ld: whether the
// seed recorded in generation_settings regenerates it. The check runs in
// the background and is remembered per latent.
func (p *noisePanel) checkReproducibility(ld *latentData) {
	p.reproSeq++
	if p.doc == nil || !p.doc.hasSeed {
		p.repro.Hide()
		return
	}
	p.repro.Show()
	if s, ok := p.reproCache[ld.index]; ok {
		p.repro.SetText(s)
		return
	}
	seed, seq := p.doc.seed, p.reproSeq
	p.repro.SetText(fmt.Sprintf("Reproducibility: checking seed %d…", seed))
	p.wg.Add(1)
	go func() {
		s := "Reproducibility: " + reproducibility(seed, ld)
		runOnUI(func() {
			defer p.wg.Done()
			p.reproCache[ld.index] = s
			if seq == p.reproSeq {
				p.repro.SetText(s)
			}
		})
	}()
}

// reproducibility says whether seed regenerates the latent, in the
// sentence randn gives.
func reproducibility(seed uint64, ld *latentData) string {
	res, err := randn.Check(seed, ld.shape, ld.tensor.Data, ld.dtype == codec.Float16)
	if err != nil {
		return "not checked: " + err.Error()
	}
	return res.Sentence(seed)
}

// compactRows lays objects out in rows of a grid like GridWithColumns(3)
// but with the rows as tight as the text allows, so that the statistics
// take little height.
type compactRows struct{}

func (compactRows) cols() int { return 3 }

func (l compactRows) MinSize(objs []fyne.CanvasObject) fyne.Size {
	rows := (len(objs) + l.cols() - 1) / l.cols()
	w, h := float32(0), float32(0)
	for _, o := range objs {
		s := o.MinSize()
		w = max(w, s.Width)
		h = max(h, s.Height)
	}
	return fyne.NewSize(w*float32(l.cols()), (h-compactTrim())*float32(rows))
}

func (l compactRows) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	rows := (len(objs) + l.cols() - 1) / l.cols()
	if rows == 0 {
		return
	}
	cw, rh := size.Width/float32(l.cols()), size.Height/float32(rows)
	for i, o := range objs {
		r, c := i/l.cols(), i%l.cols()
		o.Move(fyne.NewPos(float32(c)*cw, float32(r)*rh-compactTrim()/2))
		o.Resize(fyne.NewSize(cw, rh+compactTrim()))
	}
}

// compactTrim is how much of a label's vertical padding the compact rows
// take back.
func compactTrim() float32 { return 2*theme.InnerPadding() - 4 }

// bodyLayout puts the heatmap (objs[0]) left of the statistics column
// (objs[1]), which takes its minimum width in a small panel and up to a
// third of a wide one, so that on a large screen the numbers and the
// histogram grow with the heatmap instead of staying in a corner.
type bodyLayout struct{}

// sideShare is the part of the panel's width the statistics column may
// take; sideMaxScale caps it at that many times its minimum width.
const (
	sideShare    = 0.34
	sideMaxScale = 1.8
)

func (bodyLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h, s := objs[0].MinSize(), objs[1].MinSize()
	return fyne.NewSize(h.Width+s.Width, max(h.Height, s.Height))
}

func (bodyLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	minW := objs[1].MinSize().Width
	w := min(max(minW, size.Width*sideShare), minW*sideMaxScale)
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(fyne.NewSize(size.Width-w, size.Height))
	objs[1].Move(fyne.NewPos(size.Width-w, 0))
	objs[1].Resize(fyne.NewSize(w, size.Height))
}

// sideLayout stacks the statistics (objs[0]), the histogram's caption
// (objs[1]) and the histogram (objs[2]), which takes the height left, up
// to two thirds of its width, and down to histMinHeight: on a laptop
// screen the whole panel then fits below the metadata.
type sideLayout struct{}

// histMinHeight is the histogram's least height, a few lines of the
// theme's text so that it keeps its proportion to the statistics beside
// it when the text is made larger.
func histMinHeight() float32 { return 4.5 * theme.TextSize() }

func (sideLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	w, h := float32(0), float32(0)
	for i, o := range objs {
		m := o.MinSize()
		if i == len(objs)-1 {
			m.Height = min(m.Height, histMinHeight())
		}
		w, h = max(w, m.Width), h+m.Height
	}
	return fyne.NewSize(w, h)
}

func (sideLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	y := float32(0)
	for i, o := range objs {
		h := o.MinSize().Height
		if i == len(objs)-1 {
			h = max(min(h, histMinHeight()), min(size.Height-y, size.Width*2/3))
		}
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h
	}
}
