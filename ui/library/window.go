// Package library is the library window: a folder's .gen5 and .raiiaf
// files as a grid of thumbnails, with a search field, a tag panel that
// filters on the tags of the files shown, a selection as in a file
// manager, and a side panel describing the selected file. Its files come
// from a Source (the library index); its thumbnails from a function that
// makes one (the shared thumbnail cache), run off the UI goroutine.
//
// The package does not import fyne.io/fyne/v2/app, so its tests run on
// Fyne's test driver.
package library

import (
	"context"
	"fmt"
	"image"
	"path/filepath"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// searchDelay is how long the search waits after a key before running,
// so that typing a word runs one search, not one per letter.
const searchDelay = 200 * time.Millisecond

// rescanDelay bounds how often a scan under way refreshes the grid.
const rescanDelay = 500 * time.Millisecond

// Options is what a library window needs from the rest of the program.
type Options struct {
	Source Source
	// Thumbnail makes (or reads from a cache) the thumbnail of a file. It
	// runs off the UI goroutine, on at most two goroutines at once.
	Thumbnail func(path string) (image.Image, error)
	// Open opens a file in a viewer.
	Open func(path string)
	// RunOnUI runs f on the UI goroutine: fyne.Do, or a test's stand-in.
	RunOnUI func(f func())
}

// Window is a library window over one folder.
type Window struct {
	opts Options
	win  fyne.Window
	dir  string

	grid    *grid
	tags    *tagPanel
	details *details
	search  *widget.Entry
	problem *widget.Label // what is wrong with the search text
	sort    *widget.Select
	size    *widget.Slider
	status  *widget.Label
	scan    *widget.Label
	edit    *widget.Button // Edit Tags…, for the selected files
	undo    *widget.Button // Undo of the last batch edit, once one ran

	// folderTags are the tags of the whole folder with their counts, from
	// the last search that had no filter: what the add field suggests.
	folderTags []TagCount

	ctx    context.Context
	cancel context.CancelFunc

	// findSeq numbers the searches, so that a slow one finishing after a
	// newer one is dropped.
	findSeq   int
	findTimer *time.Timer
	// busy counts the searches and the scan under way; tests wait on it.
	busy sync.WaitGroup
	// watching counts the folder watch, which runs until the window
	// closes; WaitClosed waits for it.
	watching sync.WaitGroup

	onClosed []func()
}

// New makes a library window on dir in the app a, scans the folder in the
// background and shows its files, those already indexed first.
func New(a fyne.App, dir string, opts Options) *Window {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	w := &Window{opts: opts, dir: dir, win: a.NewWindow(filepath.Base(dir) + " — Gen5 Viewer Library")}
	w.ctx, w.cancel = context.WithCancel(context.Background())
	thumbs := newThumbLoader(opts.Thumbnail, func(path string, r thumbResult) {
		opts.RunOnUI(func() { w.grid.thumbArrived(path, r) })
	})
	w.grid = newGrid(thumbs, newRowCache(w.ctx, opts.Source))
	w.grid.onSelect = w.selectionChanged
	w.grid.onOpen = opts.Open

	w.tags = newTagPanel()
	w.tags.onChange = w.findNow
	w.tags.onRename = w.showRenameDialog
	w.details = newDetails(func() { w.grid.open(w.grid.sel.cursor) })

	w.search = widget.NewEntry()
	w.search.SetPlaceHolder("Search: words, tag:x, -tag:x, model:x, seed:N")
	w.search.OnChanged = func(string) { w.findSoon() }
	w.search.OnSubmitted = func(string) { w.findNow() }
	w.problem = widget.NewLabel("")
	w.problem.Importance = widget.DangerImportance
	w.problem.Hide()
	w.sort = widget.NewSelect([]string{"name", "date", "model", "seed"}, nil)
	w.sort.SetSelectedIndex(0)
	w.sort.OnChanged = func(string) { w.findNow() }
	w.size = widget.NewSlider(minCellSize, maxCellSize)
	w.size.Step = 8
	w.size.SetValue(defaultCellSize)
	w.size.OnChangeEnded = func(v float64) { w.grid.setCellSize(float32(v)) }
	sizeBox := container.NewBorder(nil, nil, widget.NewIcon(theme.ViewRestoreIcon()), nil,
		container.NewGridWrap(fyne.NewSize(140, w.size.MinSize().Height), w.size))
	sortBox := container.NewHBox(widget.NewLabel("Sort by"), w.sort)
	w.edit = widget.NewButtonWithIcon("Edit Tags…", theme.DocumentCreateIcon(), w.showTagDialog)
	w.edit.Disable()
	top := container.NewVBox(
		container.NewBorder(nil, nil, widget.NewIcon(theme.SearchIcon()), container.NewHBox(w.edit, sortBox, sizeBox), w.search),
		w.problem)

	w.status = widget.NewLabel("")
	w.scan = widget.NewLabel("")
	w.scan.Importance = widget.LowImportance
	w.undo = widget.NewButtonWithIcon("Undo", theme.ContentUndoIcon(), w.undoLastEdit)
	w.undo.Importance = widget.LowImportance
	w.undo.Hide()
	bottom := container.NewBorder(widget.NewSeparator(), nil, nil, container.NewHBox(w.scan, w.undo), w.status)

	right := container.NewHSplit(w.grid.content, w.details.content)
	right.SetOffset(0.74)
	body := container.NewHSplit(w.tags.content, right)
	body.SetOffset(0.16)
	w.win.SetContent(container.NewBorder(container.NewPadded(top), bottom, nil, nil, body))
	w.win.Resize(fyne.NewSize(1240, 720))

	c := w.win.Canvas()
	c.SetOnTypedKey(func(ev *fyne.KeyEvent) { w.grid.typedKey(ev.Name, false) })
	for _, k := range []fyne.KeyName{fyne.KeyLeft, fyne.KeyRight, fyne.KeyUp, fyne.KeyDown, fyne.KeyPageUp, fyne.KeyPageDown, fyne.KeyHome, fyne.KeyEnd} {
		c.AddShortcut(&desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShift}, func(fyne.Shortcut) { w.grid.typedKey(k, true) })
	}
	c.AddShortcut(&fyne.ShortcutSelectAll{}, func(fyne.Shortcut) { w.grid.selectAll() })
	c.AddShortcut(undoShortcut, func(fyne.Shortcut) { w.undoLastEdit() })
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) { w.win.Canvas().Focus(w.search) })
	w.win.SetOnClosed(func() {
		w.cancel()
		thumbs.close()
		for _, f := range w.onClosed {
			f()
		}
	})

	w.findNow()
	w.startScan("")
	w.startWatch()
	return w
}

// Window returns the library's window.
func (w *Window) Window() fyne.Window { return w.win }

// OnClosed has f called when the window closes.
func (w *Window) OnClosed(f func()) { w.onClosed = append(w.onClosed, f) }

// Dir returns the folder the window shows.
func (w *Window) Dir() string { return w.dir }

// wait blocks until the scan and the searches started so far are done;
// for tests.
func (w *Window) wait() { w.busy.Wait() }

// Wait blocks until the scans, searches and edits started so far are
// done, and their results shown; for the tests of the windows around it.
func (w *Window) Wait() { w.wait() }

// WaitClosed blocks, once the window is closed, until nothing it started
// still runs: no thumbnail being written, no folder watch reading files
// into the index. Closing does not wait itself, to keep the UI free; tests
// that remove the folder or the cache afterwards wait here.
func (w *Window) WaitClosed() {
	w.busy.Wait()
	w.watching.Wait()
	w.grid.thumbs.workers.Wait()
}

// startScan brings the index up to date with the folder in the background,
// showing its progress and refreshing the grid as files are read, and
// then note (what the window did before, or "").
func (w *Window) startScan(note string) {
	w.busy.Add(1)
	w.scan.SetText("Scanning…")
	go func() {
		defer w.busy.Done()
		last := time.Now()
		err := w.opts.Source.Scan(w.ctx, w.dir, func(changed, read int) {
			if time.Since(last) < rescanDelay {
				return
			}
			last = time.Now()
			w.opts.RunOnUI(func() {
				w.scan.SetText(fmt.Sprintf("Reading… %d of %d new files", read, changed))
				w.findNow()
			})
		})
		w.opts.RunOnUI(func() {
			if err != nil {
				if w.ctx.Err() == nil {
					w.scan.SetText("Scan failed: " + err.Error())
				}
				return
			}
			w.scan.SetText(note)
			w.findNow()
		})
	}()
}

// startWatch has the Source follow the folder's files while the window is
// open, and shows each change it took in: files added, changed or removed
// on disk appear without a scan. A Source that cannot watch (or a system
// out of watches) leaves the folder as last scanned.
func (w *Window) startWatch() {
	wt, ok := w.opts.Source.(Watcher)
	if !ok {
		return
	}
	w.watching.Add(1)
	go func() {
		defer w.watching.Done()
		w.watch(wt)
	}()
}

// watch runs the Source's watch until the window closes.
func (w *Window) watch(wt Watcher) {
	wt.Watch(w.ctx, w.dir, func(paths []string) {
		w.opts.RunOnUI(func() {
			if w.ctx.Err() != nil {
				return
			}
			// A picture may have changed too: its thumbnail is made anew.
			for _, p := range paths {
				w.grid.fileChanged(p)
			}
			w.findNow()
		})
	})
}

// findSoon runs the search once typing pauses.
func (w *Window) findSoon() {
	if w.findTimer != nil {
		w.findTimer.Stop()
	}
	w.findTimer = time.AfterFunc(searchDelay, func() { w.opts.RunOnUI(w.findNow) })
}

// findNow runs the search in the background and shows its result.
func (w *Window) findNow() {
	if w.findTimer != nil {
		w.findTimer.Stop()
		w.findTimer = nil
	}
	w.findSeq++
	seq := w.findSeq
	s := Search{Dir: w.dir, Text: w.search.Text, Tags: append([]string(nil), w.tags.chosen...), Sort: w.sort.Selected}
	w.busy.Add(1)
	go func() {
		defer w.busy.Done()
		paths, counts, err := w.opts.Source.Find(w.ctx, s)
		w.opts.RunOnUI(func() {
			if seq != w.findSeq || w.ctx.Err() != nil {
				return
			}
			if err != nil {
				w.problem.SetText(err.Error())
				w.problem.Show()
				return
			}
			w.problem.Hide()
			if s.Text == "" && len(s.Tags) == 0 {
				w.folderTags = counts
			}
			w.tags.setCounts(counts)
			w.grid.setPaths(paths)
		})
	}()
}

// selectionChanged updates the side panel and the status line.
func (w *Window) selectionChanged() {
	n := w.grid.sel.count
	w.details.show(w.grid.current(), n)
	files := len(w.grid.paths)
	text := fmt.Sprintf("%d files", files)
	if files == 1 {
		text = "1 file"
	}
	if n > 0 {
		text += fmt.Sprintf(" · %d selected", n)
		w.edit.Enable()
	} else {
		w.edit.Disable()
	}
	w.status.SetText(text)
}
