package ui

import "time"

// heatmapWait is the longest afterHeatmap waits for the heatmap: one that
// is not drawn by then (a panel not on screen, and so never sized, or a
// latent slow to summarise) holds nothing up any longer. It is a variable
// for the tests that see the order, on a machine busy enough to exceed it.
var heatmapWait = time.Second

// afterHeatmap runs f on the UI goroutine once the panel has drawn the
// heatmap of the document it shows, so that work which would compete with
// it for the processor (the picture's decode) comes after it. f runs at
// once when the panel draws no heatmap (collapsed, no latent, a latent that
// cannot be shown), and after heatmapWait at the latest, so it always runs,
// exactly once.
func (p *noisePanel) afterHeatmap(f func()) {
	if p.collapsed || p.message.Visible() {
		f()
		return
	}
	done := false
	once := func() {
		if !done {
			done = true
			f()
		}
	}
	p.afterDrawn = append(p.afterDrawn, once)
	time.AfterFunc(heatmapWait, func() { runOnUI(once) })
}

// heatmapDrawn runs what waits for the heatmap: it has been drawn, or
// there is none to draw.
func (p *noisePanel) heatmapDrawn() {
	waiting := p.afterDrawn
	p.afterDrawn = nil
	for _, f := range waiting {
		f()
	}
}
