package ui

import (
	"fmt"
	"image"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/compare"
	"github.com/gen5viewer/gen5view/heatmap"
	"github.com/gen5viewer/gen5view/ui/widgets"
)

// File ▸ Compare With… sets the open file (A) beside another (B), as
// `gen5view diff` does: the metadata keys that differ, prompts word by
// word, each pair of latents with its statistics and verdict, and a
// heatmap of A−B.

// compareHeatmapSize is the side of the difference heatmap in the dialog.
const compareHeatmapSize = 360

// showCompareDialog asks for the second file, then compares.
func (v *viewer) showCompareDialog() {
	if v.doc == nil {
		return
	}
	v.chooseContainer("Compare With", v.compareWith)
}

// compareWith compares the open file with the one at path, off the UI
// goroutine, and shows the result.
func (v *viewer) compareWith(path string) {
	a, aPath := v.doc.file, v.doc.path
	v.showProgress("Comparing with " + filepath.Base(path) + "…")
	go func() {
		rep, img, err := compareFiles(a, path)
		runOnUI(func() {
			v.hideProgress()
			if err != nil {
				widgets.ShowError(v.win, err)
				return
			}
			v.showComparison(aPath, path, rep, img)
		})
	}()
}

// compareFiles opens the file at path, compares a with it and draws A−B
// of the first pair of latents of the same shape (nil when there is none).
func compareFiles(a *codec.File, path string) (compare.Report, image.Image, error) {
	b, err := codec.OpenFile(path)
	if err != nil {
		return compare.Report{}, nil, err
	}
	defer b.Close()
	rep, err := compare.Files(a, b)
	if err != nil {
		return compare.Report{}, nil, err
	}
	for _, p := range rep.Pairs {
		d, err := compare.Difference(p)
		if err != nil {
			continue
		}
		t, err := heatmap.FromShape(p.A.Shape, d)
		if err != nil {
			continue
		}
		img, _ := heatmap.Grid(t, 0, heatmap.Coolwarm, heatmap.AutoRange(t.Batch(0), heatmap.Coolwarm), compareHeatmapSize)
		return rep, img, nil
	}
	return rep, nil, nil
}

// comparisonLines words a report for the dialog, one finding a line.
func comparisonLines(rep compare.Report) (meta, lats []string) {
	for _, d := range rep.Metadata {
		switch {
		case !d.InA:
			meta = append(meta, fmt.Sprintf("%s: only in B: %s", d.Key, d.B))
		case !d.InB:
			meta = append(meta, fmt.Sprintf("%s: only in A: %s", d.Key, d.A))
		case d.Words != nil:
			meta = append(meta, fmt.Sprintf("%s: %s", d.Key, compare.WordsText(d.Words)))
		default:
			meta = append(meta, fmt.Sprintf("%s: %s → %s", d.Key, d.A, d.B))
		}
	}
	for _, l := range rep.Latents {
		name := fmt.Sprintf("latent %d", l.IndexA)
		if l.Key != "" {
			name += " (" + l.Key + ")"
		}
		var stats []string
		if l.MaxAbs != nil {
			stats = append(stats, fmt.Sprintf("max |Δ| %.4g", *l.MaxAbs))
		}
		if l.MeanAbs != nil {
			stats = append(stats, fmt.Sprintf("mean |Δ| %.4g", *l.MeanAbs))
		}
		if l.Correlation != nil {
			stats = append(stats, fmt.Sprintf("correlation %.4f", *l.Correlation))
		}
		if len(stats) == 0 {
			stats = append(stats, fmt.Sprintf("shapes %s and %s", codec.ShapeString(l.ShapeA), codec.ShapeString(l.ShapeB)))
		}
		lats = append(lats, fmt.Sprintf("%s: %s — %s", name, l.Verdict, strings.Join(stats, ", ")))
	}
	for _, n := range rep.OnlyA {
		lats = append(lats, n+": only in A")
	}
	for _, n := range rep.OnlyB {
		lats = append(lats, n+": only in B")
	}
	return meta, lats
}

func (v *viewer) showComparison(aPath, bPath string, rep compare.Report, img image.Image) {
	meta, lats := comparisonLines(rep)
	label := func(s string, bold bool) *widget.Label {
		l := widget.NewLabel(s)
		l.Wrapping = fyne.TextWrapWord
		l.TextStyle.Bold = bold
		return l
	}
	list := container.NewVBox(
		label("A: "+filepath.Base(aPath)+"    B: "+filepath.Base(bPath), false),
		label("Metadata", true),
	)
	if len(meta) == 0 {
		list.Add(label("the same", false))
	}
	for _, s := range meta {
		list.Add(label(s, false))
	}
	list.Add(label("Latents", true))
	for _, s := range lats {
		list.Add(label(s, false))
	}
	var right fyne.CanvasObject = widget.NewLabel("no latents of the same shape to draw")
	if img != nil {
		pic := canvas.NewImageFromImage(img)
		pic.FillMode = canvas.ImageFillContain
		pic.ScaleMode = canvas.ImageScalePixels
		pic.SetMinSize(fyne.NewSize(compareHeatmapSize, compareHeatmapSize))
		caption := widget.NewLabel("A − B, first picture, every channel")
		caption.Alignment = fyne.TextAlignCenter
		right = container.NewVBox(pic, caption)
	}
	content := container.NewBorder(nil, nil, nil, right, container.NewVScroll(list))
	d := dialog.NewCustom("Compare", "Close", content, v.win)
	sz := v.win.Canvas().Size()
	d.Resize(fyne.NewSize(min(1000, sz.Width*0.95), min(600, sz.Height*0.9)))
	d.Show()
}
