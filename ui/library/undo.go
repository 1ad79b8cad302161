package library

import (
	"context"
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// undoShortcut is Ctrl+Z (Cmd+Z on macOS): Undo of the last batch edit.
var undoShortcut = &fyne.ShortcutUndo{}

// UndoLastEdit asks whether to undo the last batch edit, and does: Edit ›
// Undo Last Batch Edit.
func (w *Window) UndoLastEdit() { w.undoLastEdit() }

// undoLastEdit asks whether to undo the last batch edit the Source
// journaled, naming it and its files, and undoes it in the background with
// a progress bar and Cancel; files changed since are listed at the end.
// A Source without a journal has nothing to undo.
func (w *Window) undoLastEdit() {
	j, ok := w.opts.Source.(EditJournal)
	if !ok {
		return
	}
	w.busy.Add(1)
	go func() {
		defer w.busy.Done()
		s, ok, err := j.LastEdit(w.ctx)
		w.opts.RunOnUI(func() {
			switch {
			case w.ctx.Err() != nil:
			case err != nil:
				dialog.ShowError(err, w.win)
			case !ok:
				dialog.ShowInformation("Undo", "There is no batch edit to undo.", w.win)
			default:
				text := fmt.Sprintf("%s\n\n%s get back the tags they had before, except a file changed since.",
					s.Label, countFiles(s.Files))
				dialog.ShowConfirm("Undo Last Batch Edit", text, func(yes bool) {
					if yes {
						w.runUndo(j, s.Files)
					}
				}, w.win)
			}
		})
	}()
}

// runUndo undoes the last batch edit with a progress bar.
func (w *Window) runUndo(j EditJournal, files int) {
	ctx, cancel := context.WithCancel(w.ctx)
	bar := widget.NewProgressBar()
	bar.Max = float64(max(files, 1))
	prog := dialog.NewCustomWithoutButtons("Undoing", container.NewVBox(
		widget.NewLabel(fmt.Sprintf("Restoring %s…", countFiles(files))), bar,
		container.NewCenter(widget.NewButton("Cancel", cancel))), w.win)
	prog.Resize(fyne.NewSize(380, 0))
	prog.Show()
	w.busy.Add(1)
	go func() {
		defer w.busy.Done()
		defer cancel()
		res, err := j.UndoLastEdit(ctx, func(done, total int) {
			w.opts.RunOnUI(func() { bar.Max = float64(total); bar.SetValue(float64(done)) })
		})
		w.opts.RunOnUI(func() {
			prog.Hide()
			w.undo.Hide() // the journal holds one batch
			errs := res.Errors
			if err != nil && !errors.Is(err, context.Canceled) {
				errs = append(errs, err)
			}
			if len(errs) > 0 {
				w.showErrors("Not Every File Was Restored", errs)
			}
			w.startScan(fmt.Sprintf("Undone: %s restored", countFiles(res.Restored)))
		})
	}()
}
