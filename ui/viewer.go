package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/internal/xdg"
	"github.com/gen5viewer/gen5view/ui/newcontainer"
	"github.com/gen5viewer/gen5view/ui/widgets"
)

// progressThreshold is the file size above which opening shows a progress
// bar: smaller files open faster than the bar could be noticed.
const progressThreshold = 2 << 20

// viewer is one window showing one .gen5 file: the image on the left, and
// on the right two tabs, Inspect with the metadata tree and the noise
// panel, and Edit with the form that edits the metadata. A viewer starts
// empty; Open loads a file into it without blocking the UI.
type viewer struct {
	session *session
	app     fyne.App
	win     fyne.Window

	// doc is the document shown, nil while the window is empty.
	doc *document

	// edit is the editor of the document shown, in the Edit tab: the
	// owner of its unsaved edits.
	edit *editing
	// newContainer is the window's New container view, nil while none is
	// open: files dropped later fill in the same one.
	newContainer *newcontainer.Window
	// closed is set once the window has closed.
	closed bool
	// order is the library window the file was opened from, nil when it
	// was not: ←/→ step through its files.
	order libraryOrder

	// loading counts the opens under way; tests wait on it.
	loading sync.WaitGroup
	// load reads a file for Open; tests replace it to hold a load back.
	load func(path string) (*document, error)
	// openSeq numbers the opens, so that a slow load finishing after a
	// newer one is dropped instead of replacing it.
	openSeq int

	banner    *banner
	images    *imageView
	tree      *metaTree
	noise     *noisePanel
	status    *widget.Label
	saved     *widget.Label // "Saved", for a moment after each save
	place     *widget.Label // the file's place in the library's order
	statusBar *fyne.Container
	progress  *fyne.Container
	progText  *widget.Label
	progBar   *widget.ProgressBarInfinite
	tabs      *container.AppTabs // beside the image: Inspect, holding right, and Edit
	right     *container.Split   // metadata tree above, noise panel below
	// noiseOffset is right's offset before the noise panel collapsed.
	noiseOffset float64
	split       *container.Split // the image pane left of the tabs
	root        *fyne.Container  // the window's content
	center      *fyne.Container  // holds either empty or body
	empty       *emptyView
	// exports counts the exports whose outcome is not shown yet, for tests.
	exports sync.WaitGroup
	body    fyne.CanvasObject
}

// newViewer creates a viewer window of the session, empty until Open is
// called. The window is not shown yet.
func (s *session) newViewer() *viewer {
	v := &viewer{session: s, app: s.app, win: s.app.NewWindow(appName), load: load}
	v.win.SetIcon(iconResource)
	widgets.ResizeToScreen(v.win, fyne.NewSize(1280, 800))

	v.banner = newBanner()
	v.images = newImageView()
	v.images.onChecked = v.pictureChecked
	v.tree = newMetaTree(v)
	v.noise = newNoisePanel(s.app.Preferences())
	v.status = widget.NewLabel("")
	v.status.Truncation = fyne.TextTruncateEllipsis
	v.progText = widget.NewLabel("")
	v.progBar = widget.NewProgressBarInfinite()
	v.progBar.Stop()
	v.progress = container.NewHBox(v.progText, container.NewGridWrap(fyne.NewSize(160, v.progBar.MinSize().Height), v.progBar))
	v.progress.Hide()
	v.saved = widget.NewLabel("")
	v.saved.Importance = widget.SuccessImportance
	v.place = widget.NewLabel("")
	v.place.Importance = widget.LowImportance
	v.place.Hide()

	// The noise panel scrolls rather than hold the split: the divider
	// goes as far down as the metadata needs, and the window as short
	// as a laptop's screen.
	v.right = container.NewVSplit(v.tree.content, container.NewVScroll(v.noise.content))
	// The form gets the whole height beside the image: sharing it with
	// the noise panel left room for the prompt and little else.
	v.edit = newEditing(v)
	v.tabs = container.NewAppTabs(container.NewTabItem("Inspect", v.right), v.edit.tab)
	v.split = container.NewHSplit(v.images.pane, v.tabs)
	v.body = v.split
	v.restoreSplits()
	v.noise.onCollapse = v.collapseNoise
	v.noise.setCollapsed(v.app.Preferences().Bool(prefNoiseCollapsed))

	v.empty = newEmptyView(v)
	v.center = container.NewStack(v.empty.content)
	v.statusBar = container.NewBorder(widget.NewSeparator(), nil, nil, container.NewHBox(v.place, v.saved, v.progress), v.status)
	v.statusBar.Hide() // until there is something to say
	v.root = container.NewBorder(v.banner.content, v.statusBar, nil, nil, v.center)
	v.win.SetContent(v.root)

	v.win.SetOnDropped(func(_ fyne.Position, uris []fyne.URI) {
		s.handleDrop(v.win, droppedPaths(uris), v)
	})
	v.win.SetCloseIntercept(func() { v.confirmDiscard(v.win.Close) })
	v.win.SetOnClosed(func() {
		v.saveSplits()
		v.openSeq++ // a load still under way is dropped
		v.closed = true
		v.edit.windowClosed()
		v.doc.close()
		s.forget(v)
	})
	v.win.Canvas().AddShortcut(&fyne.ShortcutCopy{}, func(fyne.Shortcut) { v.tree.copySelected() })
	v.win.Canvas().SetOnTypedKey(v.typedKey)
	v.refreshMenu()
	v.updateTitle()
	s.viewers = append(s.viewers, v)
	return v
}

// Preference keys of where the window's dividers were left.
const (
	prefImageSplit   = "layout.imageSplit"
	prefInspectSplit = "layout.inspectSplit"
)

// restoreSplits puts the dividers where the last window closed left them.
func (v *viewer) restoreSplits() {
	p := v.app.Preferences()
	clamp := func(f float64) float64 { return min(0.95, max(0.05, f)) }
	v.split.SetOffset(clamp(p.FloatWithFallback(prefImageSplit, 0.45)))
	v.right.SetOffset(clamp(p.FloatWithFallback(prefInspectSplit, 0.45)))
}

// saveSplits remembers where the dividers are, for the next window.
func (v *viewer) saveSplits() {
	p := v.app.Preferences()
	p.SetFloat(prefImageSplit, v.split.Offset)
	p.SetFloat(prefInspectSplit, v.inspectOffset())
}

// Window returns the viewer's window.
func (v *viewer) Window() fyne.Window { return v.win }

// Open loads the .gen5 file at path in the background and shows it when it
// is read. A file that cannot be opened is reported in an error dialog and
// the window keeps showing what it showed before.
func (v *viewer) Open(path string) {
	v.confirmDiscard(func() { v.open(path) })
}

func (v *viewer) open(path string) {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	v.openSeq++
	seq := v.openSeq
	v.loading.Add(1)
	if st, err := os.Stat(path); err == nil && st.Size() > progressThreshold {
		v.showProgress("Opening " + filepath.Base(path) + "…")
	}
	go func() {
		doc, err := v.load(path)
		runOnUI(func() {
			defer v.loading.Done()
			if seq != v.openSeq { // a newer open, or the window closed
				doc.close()
				return
			}
			v.hideProgress()
			if err != nil {
				if f := pictureFormat(path); f != "" {
					v.offerCreate(path, f)
					return
				}
				widgets.ShowError(v.win, err)
				return
			}
			v.setDocument(doc)
		})
	}()
}

// wait blocks until every open started so far has finished and the noise
// panel has drawn the result. It is for tests, which must not sleep.
func (v *viewer) wait() {
	v.edit.wait() // first: a save may go on to open a file
	v.exports.Wait()
	v.loading.Wait()
	v.images.wait()
	v.noise.wait()
}

// setDocument shows doc in every part of the window.
func (v *viewer) setDocument(doc *document) {
	old := v.doc
	v.doc = doc
	v.images.setDocument(doc)
	// A file without a picture gives the pane's width to the tabs.
	widgets.SetVisible(v.images.pane, doc.image.present)
	v.split.Refresh()
	v.tree.setDocument(doc)
	v.noise.setDocument(doc)
	if len(v.center.Objects) == 0 || v.center.Objects[0] != v.body {
		v.center.Objects = []fyne.CanvasObject{v.body}
		v.center.Refresh()
	}
	v.edit.setDocument(doc)
	v.showFileInfo(doc)
	addRecent(v.app.Preferences(), doc.path)
	v.refreshMenu()
	if old != doc {
		old.close()
	}
	// Last, and once the noise heatmap is drawn: the picture's check and
	// decode take the processor for a second or more on a large file, and
	// the rest of the window is to show before.
	if doc.image.pending {
		v.images.checkPictureAfter(doc, v.noise.afterHeatmap)
	}
}

// pictureChecked shows the verdict on doc's picture chunk, which comes
// after the rest of the file: in the banner and the chunk's row.
func (v *viewer) pictureChecked(doc *document) {
	if v.doc != doc || v.closed {
		return
	}
	v.showFileInfo(doc)
	v.tree.refreshChecks(doc)
}

// showFileInfo shows what the window says about the file itself: the
// banner of problems, the status bar and the title. A save that wrote the
// file anew shows it again.
func (v *viewer) showFileInfo(doc *document) {
	v.banner.set(doc.problems)
	v.status.SetText(documentSummary(doc))
	v.showPlace()
	v.statusBar.Show()
	v.root.Refresh() // lay out the banner and status bar as now shown
	v.updateTitle()
}

// documentSummary is the status bar's description of a file.
func documentSummary(d *document) string {
	h := d.file.Header
	parts := []string{
		d.path,
		widgets.FormatBytes(d.size),
		fmt.Sprintf("format %d.%d", h.VersionMajor, h.VersionMinor),
		plural(len(d.file.Chunks), "chunk"),
	}
	return strings.Join(parts, "  ·  ")
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// HandleDrop opens dropped files: the first .gen5 file in this window and
// any further ones in windows of their own. Pictures and noise files start
// a new container (showNewContainer), which refuses other files with a
// message.
func (v *viewer) HandleDrop(paths []string) {
	var gen5, other []string
	for _, p := range paths {
		if codec.IsContainerPath(p) {
			gen5 = append(gen5, p)
		} else {
			other = append(other, p)
		}
	}
	if len(gen5) > 0 {
		v.Open(gen5[0])
		for _, p := range gen5[1:] {
			nv := v.session.newViewer()
			nv.Window().Show()
			nv.Open(p)
		}
	}
	if len(other) > 0 {
		v.showNewContainer(other)
	}
}

// confirmDiscard runs proceed once the shown document may be replaced or
// the window closed; the editor asks first about unsaved edits.
func (v *viewer) confirmDiscard(proceed func()) { v.edit.confirmUnsaved(proceed) }

// dirty reports whether the document shown has unsaved edits.
func (v *viewer) dirty() bool { return v.edit.dirty() }

// quit ends the app once each window with unsaved edits, this one first,
// has asked about them in turn; Cancel in any of them stops it. The app's
// Quit closes every window without their close intercepts, so asking in
// this window alone would lose the edits in the others.
func (v *viewer) quit() {
	vs := slices.Clone(v.session.viewers)
	slices.SortStableFunc(vs, func(a, b *viewer) int {
		switch {
		case a == v:
			return -1
		case b == v:
			return 1
		}
		return 0
	})
	var ask func(i int)
	ask = func(i int) {
		if i == len(vs) {
			v.app.Quit()
			return
		}
		w := vs[i]
		if w.dirty() {
			w.win.RequestFocus() // the question is asked in that window
		}
		w.confirmDiscard(func() { ask(i + 1) })
	}
	ask(0)
}

// updateTitle sets the window title: "NAME.gen5 — Gen5 Viewer", with a
// leading "*" while there are unsaved changes.
func (v *viewer) updateTitle() {
	v.win.SetTitle(windowTitle(v.doc, v.dirty()))
}

func windowTitle(doc *document, dirty bool) string {
	if doc == nil {
		return appName
	}
	t := doc.name() + " — " + appName
	if dirty {
		t = "*" + t
	}
	return t
}

func (v *viewer) showProgress(msg string) {
	v.progText.SetText(msg)
	v.progress.Show()
	v.statusBar.Show()
	v.root.Refresh()
	v.progBar.Start()
}

func (v *viewer) hideProgress() {
	v.progBar.Stop()
	v.progress.Hide()
	if v.doc == nil {
		v.statusBar.Hide()
	}
	v.root.Refresh()
}

// showOpenDialog asks for a .gen5 file to open, starting in the folder of
// the file shown.
func (v *viewer) showOpenDialog() {
	v.chooseContainer("Open", v.Open)
}

// containerExts are the extensions of the containers the window opens.
var containerExts = []string{".gen5", ".raiiaf"}

// chooseContainer asks for a .gen5 or .raiiaf file, starting in the folder
// of the file shown, and hands its path to then: the one file chooser that
// Open and Compare With share. It is the desktop's own chooser where the
// portal answers (nativeChooser), else Fyne's.
func (v *viewer) chooseContainer(title string, then func(path string)) {
	o := xdg.FileChooserOptions{Title: title, AcceptLabel: title}
	if v.doc != nil {
		o.Folder = filepath.Dir(v.doc.path)
	}
	var patterns []string
	for _, e := range containerExts {
		// Glob patterns are case-sensitive; names are not always lower case.
		patterns = append(patterns, "*"+e, "*"+strings.ToUpper(e))
	}
	o.Filters = []xdg.Filter{{Name: "Gen5 containers (.gen5, .raiiaf)", Patterns: patterns}}
	native.openFile(v.win, o, func(path string) {
		if path != "" {
			then(path)
		}
	}, func() { v.fyneChooseContainer(then) })
}

// fyneChooseContainer is chooseContainer in Fyne's file dialog.
func (v *viewer) fyneChooseContainer(then func(path string)) {
	near := ""
	if v.doc != nil {
		near = v.doc.path
	}
	widgets.ChooseFile(v.win, containerExts, near, then)
}
