package library

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/gen5viewer/gen5view/ui/widgets"
)

// selectedTagCounts returns the tags of the selected files with how many
// of them carry each, most used first.
func (w *Window) selectedTagCounts() []TagCount {
	n := map[string]int{}
	for _, i := range w.grid.sel.indices() {
		for _, t := range w.grid.entry(i).Tags {
			n[t]++
		}
	}
	out := make([]TagCount, 0, len(n))
	for t, c := range n {
		out = append(out, TagCount{Tag: t, Files: c})
	}
	slices.SortFunc(out, func(a, b TagCount) int {
		if a.Files != b.Files {
			return b.Files - a.Files
		}
		return strings.Compare(a.Tag, b.Tag)
	})
	return out
}

// showTagDialog asks what to add to and remove from the selected files'
// tags, then edits them.
func (w *Window) showTagDialog() {
	idx := w.grid.sel.indices()
	if len(idx) == 0 {
		return
	}
	paths := make([]string, len(idx))
	for k, i := range idx {
		paths[k] = w.grid.paths[i]
	}
	// The tags to add, as chips, with the folder's tags suggested while
	// typing, most used first.
	add := widgets.NewTagEditor(w.tagVocabulary())
	add.RunOnUI = w.opts.RunOnUI
	add.Entry().SetPlaceHolder("Type a tag, then Enter")
	counts := w.selectedTagCounts()
	labels := make([]string, len(counts))
	byLabel := map[string]string{}
	for i, tc := range counts {
		labels[i] = fmt.Sprintf("%s  (%d of %d)", tc.Tag, tc.Files, len(paths))
		byLabel[labels[i]] = tc.Tag
	}
	remove := widget.NewCheckGroup(labels, nil)
	var removeBox fyne.CanvasObject = container.NewVScroll(remove)
	if len(labels) == 0 {
		removeBox = widget.NewLabel("The selected files have no tags.")
	}
	top := container.NewVBox(widget.NewLabel("Add"), add, widget.NewLabel("Remove"))
	form := container.NewBorder(top, nil, nil, nil, removeBox)
	add.OnHeightChanged = form.Refresh
	title := fmt.Sprintf("Edit Tags of %s", countFiles(len(paths)))
	d := dialog.NewCustomConfirm(title, "Apply", "Cancel", form, func(ok bool) {
		add.StopTimers()
		if !ok {
			return
		}
		// A tag typed without Enter is added too.
		b := tagBatch{add: add.Tags()}
		for _, t := range parseTagList(add.Entry().Text) {
			if !slices.Contains(b.add, t) {
				b.add = append(b.add, t)
			}
		}
		for _, l := range remove.Selected {
			b.remove = append(b.remove, byLabel[l])
		}
		if len(b.add) == 0 && len(b.remove) == 0 {
			return
		}
		if err := b.check(); err != nil {
			dialog.ShowError(err, w.win)
			return
		}
		w.runBatch("Editing Tags", b, paths)
	}, w.win)
	// As tall as the window allows, up to a point: the suggestions open
	// above the list of tags to remove, which keeps some rows beside them.
	d.Resize(fyne.NewSize(480, min(640, w.win.Canvas().Size().Height*0.85)))
	d.Show()
	w.win.Canvas().Focus(add.Entry())
}

// runBatch edits the files in the background with a progress bar and a
// Cancel button under title, then lists the files that failed and brings
// the grid up to date.
func (w *Window) runBatch(title string, b tagBatch, paths []string) {
	ctx, cancel := context.WithCancel(w.ctx)
	bar := widget.NewProgressBar()
	bar.Max = float64(len(paths))
	label := widget.NewLabel(fmt.Sprintf("Editing %s…", countFiles(len(paths))))
	prog := dialog.NewCustomWithoutButtons(title, container.NewVBox(label, bar,
		container.NewCenter(widget.NewButton("Cancel", cancel))), w.win)
	prog.Resize(fyne.NewSize(380, 0))
	prog.Show()
	w.busy.Add(1)
	go func() {
		defer w.busy.Done()
		defer cancel()
		if j, ok := w.opts.Source.(EditJournal); ok {
			// Without a journal the edit still runs; it cannot be undone.
			if log, err := j.BeginEdit(ctx, b.label()); err == nil {
				b.log = log
			}
		}
		changed, errs := b.run(ctx, paths, func(done int) {
			w.opts.RunOnUI(func() {
				bar.SetValue(float64(done))
				label.SetText(fmt.Sprintf("Editing %s: %s done…", countFiles(len(paths)), thousands(done)))
			})
		})
		journaled := b.log != nil
		w.opts.RunOnUI(func() {
			prog.Hide()
			if journaled && changed > 0 {
				w.undo.Show()
			}
			if len(errs) > 0 {
				w.showErrors("Not Every File Was Edited", errs)
			}
			w.startScan(fmt.Sprintf("Tags edited: %s of %s changed", thousands(changed), countFiles(len(paths))))
		})
	}()
}
