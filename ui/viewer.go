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
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gen5viewer/gen5view/codec"
)

// progressThreshold is the file size above which opening shows a progress
// bar: smaller files open faster than the bar could be noticed.
const progressThreshold = 2 << 20

// Viewer is one window showing one .gen5 file: the image on the left, and
// on the right two tabs, Inspect with the metadata tree and the noise
// panel, and Edit with the form that edits the metadata. A Viewer starts
// empty; Open loads a file into it without blocking the UI.
type Viewer struct {
	app fyne.App
	win fyne.Window

	// doc is the document shown, nil while the window is empty.
	doc *document
	// dirty marks unsaved changes to doc; it puts a "*" in the title.
	// The editor sets it through setDirty.
	dirty bool

	// onDropOther receives the dropped files that are not .gen5 files.
	// Nil means they are refused with a message.
	onDropOther func(paths []string)
	// beforeDiscard, when set, is asked before the document is replaced
	// or the window closed, so that unsaved changes can be saved first:
	// it calls proceed to go on, or does nothing to cancel.
	beforeDiscard func(proceed func())
	// onDocument functions run on the UI goroutine each time a document
	// has been shown, for parts of the window that follow the file.
	onDocument []func(*document)

	// edit is the editor of the document shown, in the Edit tab.
	edit *editing
	// closed is set once the window has closed.
	closed bool

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
	statusBar *fyne.Container
	progress  *fyne.Container
	progText  *widget.Label
	progBar   *widget.ProgressBarInfinite
	tabs      *container.AppTabs // beside the image: Inspect, holding right, and Edit
	right     *container.Split   // metadata tree above, noise panel below
	root      *fyne.Container    // the window's content
	center    *fyne.Container    // holds either empty or body
	empty     *emptyView
	body      fyne.CanvasObject
}

// NewViewer creates a viewer window for the application a, empty until
// Open is called. The window is not shown yet.
func NewViewer(a fyne.App) *Viewer {
	v := &Viewer{app: a, win: a.NewWindow(appName), load: load}
	v.win.SetIcon(iconResource)
	v.win.Resize(fyne.NewSize(1280, 800))

	v.banner = newBanner()
	v.images = newImageView()
	v.tree = newMetaTree(v)
	v.noise = newNoisePanel()
	v.status = widget.NewLabel("")
	v.status.Truncation = fyne.TextTruncateEllipsis
	v.progText = widget.NewLabel("")
	v.progBar = widget.NewProgressBarInfinite()
	v.progBar.Stop()
	v.progress = container.NewHBox(v.progText, container.NewGridWrap(fyne.NewSize(160, v.progBar.MinSize().Height), v.progBar))
	v.progress.Hide()
	v.saved = widget.NewLabel("")
	v.saved.Importance = widget.SuccessImportance

	v.right = container.NewVSplit(v.tree.content, v.noise.content)
	v.right.SetOffset(0.42)
	// The form gets the whole height beside the image: sharing it with
	// the noise panel left room for the prompt and little else.
	v.edit = newEditing(v)
	v.tabs = container.NewAppTabs(container.NewTabItem("Inspect", v.right), v.edit.tab)
	split := container.NewHSplit(v.images.content, v.tabs)
	split.SetOffset(0.45)
	v.body = split

	v.empty = newEmptyView(v)
	v.center = container.NewStack(v.empty.content)
	v.statusBar = container.NewBorder(widget.NewSeparator(), nil, nil, container.NewHBox(v.saved, v.progress), v.status)
	v.statusBar.Hide() // until there is something to say
	v.root = container.NewBorder(v.banner.content, v.statusBar, nil, nil, v.center)
	v.win.SetContent(v.root)

	v.onDropOther = v.showNewContainer // pictures and noise start a new container
	v.win.SetOnDropped(func(_ fyne.Position, uris []fyne.URI) {
		paths := make([]string, 0, len(uris))
		for _, u := range uris {
			if u.Scheme() == "file" {
				paths = append(paths, u.Path())
			}
		}
		v.HandleDrop(paths)
	})
	v.win.SetCloseIntercept(func() { v.confirmDiscard(v.win.Close) })
	v.win.SetOnClosed(func() {
		v.openSeq++ // a load still under way is dropped
		v.closed = true
		v.edit.windowClosed()
		v.doc.close()
		forgetViewer(v)
	})
	v.win.Canvas().AddShortcut(&fyne.ShortcutCopy{}, func(fyne.Shortcut) { v.tree.copySelected() })
	v.refreshMenu()
	v.updateTitle()
	rememberViewer(v)
	return v
}

// Window returns the viewer's window.
func (v *Viewer) Window() fyne.Window { return v.win }

// Open loads the .gen5 file at path in the background and shows it when it
// is read. A file that cannot be opened is reported in an error dialog and
// the window keeps showing what it showed before.
func (v *Viewer) Open(path string) {
	v.confirmDiscard(func() { v.open(path) })
}

func (v *Viewer) open(path string) {
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
				dialog.ShowError(err, v.win)
				return
			}
			v.setDocument(doc)
		})
	}()
}

// wait blocks until every open started so far has finished and the noise
// panel has drawn the result. It is for tests, which must not sleep.
func (v *Viewer) wait() {
	v.edit.wait() // first: a save may go on to open a file
	v.loading.Wait()
	v.noise.wait()
}

// setDocument shows doc in every part of the window.
func (v *Viewer) setDocument(doc *document) {
	old := v.doc
	v.doc, v.dirty = doc, false
	v.banner.set(doc.problems)
	v.images.setDocument(doc)
	v.tree.setDocument(doc)
	v.noise.setDocument(doc)
	v.status.SetText(documentSummary(doc))
	v.statusBar.Show()
	v.root.Refresh() // lay out the banner and status bar as now shown
	if len(v.center.Objects) == 0 || v.center.Objects[0] != v.body {
		v.center.Objects = []fyne.CanvasObject{v.body}
		v.center.Refresh()
	}
	v.updateTitle()
	addRecent(v.app.Preferences(), doc.path)
	v.refreshMenu()
	if old != doc {
		old.close()
	}
	for _, f := range v.onDocument {
		f(doc)
	}
}

// documentSummary is the status bar's description of a file.
func documentSummary(d *document) string {
	h := d.file.Header
	parts := []string{
		d.path,
		formatBytes(d.size),
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
// any further ones in windows of their own. Other files go to the
// onDropOther hook, or are refused with a message when it is not set.
func (v *Viewer) HandleDrop(paths []string) {
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
			nv := NewViewer(v.app)
			nv.Window().Show()
			nv.Open(p)
		}
	}
	if len(other) == 0 {
		return
	}
	if v.onDropOther != nil {
		v.onDropOther(other)
		return
	}
	if len(gen5) == 0 {
		dialog.ShowInformation("Not a .gen5 or .raiiaf file",
			fmt.Sprintf("%s is not a .gen5 or .raiiaf file. %s opens .gen5 and .raiiaf containers.", filepath.Base(other[0]), appName), v.win)
	}
}

// confirmDiscard runs proceed once the shown document may be replaced:
// at once, or after beforeDiscard agreed.
func (v *Viewer) confirmDiscard(proceed func()) {
	if v.beforeDiscard != nil && v.doc != nil && v.dirty {
		v.beforeDiscard(proceed)
		return
	}
	proceed()
}

// The open windows of each app, so that Quit can ask about the unsaved
// edits in every one of them.
var (
	viewersMu sync.Mutex
	viewers   = map[fyne.App][]*Viewer{}
)

func rememberViewer(v *Viewer) {
	viewersMu.Lock()
	defer viewersMu.Unlock()
	viewers[v.app] = append(viewers[v.app], v)
}

func forgetViewer(v *Viewer) {
	viewersMu.Lock()
	defer viewersMu.Unlock()
	vs := slices.DeleteFunc(viewers[v.app], func(o *Viewer) bool { return o == v })
	if len(vs) == 0 {
		delete(viewers, v.app)
	} else {
		viewers[v.app] = vs
	}
}

// quit ends the app once each window with unsaved edits, this one first,
// has asked about them in turn; Cancel in any of them stops it. The app's
// Quit closes every window without their close intercepts, so asking in
// this window alone would lose the edits in the others.
func (v *Viewer) quit() {
	viewersMu.Lock()
	vs := slices.Clone(viewers[v.app])
	viewersMu.Unlock()
	slices.SortStableFunc(vs, func(a, b *Viewer) int {
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
		if w.dirty && w.doc != nil && w.beforeDiscard != nil {
			w.win.RequestFocus() // the question is asked in that window
		}
		w.confirmDiscard(func() { ask(i + 1) })
	}
	ask(0)
}

// setDirty records whether the document has unsaved changes and shows it
// in the title.
func (v *Viewer) setDirty(dirty bool) {
	v.dirty = dirty
	v.updateTitle()
}

// updateTitle sets the window title: "NAME.gen5 — Gen5 Viewer", with a
// leading "*" while there are unsaved changes.
func (v *Viewer) updateTitle() {
	v.win.SetTitle(windowTitle(v.doc, v.dirty))
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

func (v *Viewer) showProgress(msg string) {
	v.progText.SetText(msg)
	v.progress.Show()
	v.statusBar.Show()
	v.root.Refresh()
	v.progBar.Start()
}

func (v *Viewer) hideProgress() {
	v.progBar.Stop()
	v.progress.Hide()
	if v.doc == nil {
		v.statusBar.Hide()
	}
	v.root.Refresh()
}

// showOpenDialog asks for a .gen5 file to open, starting in the folder of
// the file shown.
func (v *Viewer) showOpenDialog() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			dialog.ShowError(err, v.win)
			return
		}
		if r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		v.Open(path)
	}, v.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".gen5", ".raiiaf"}))
	if v.doc != nil {
		if l, err := storage.ListerForURI(storage.NewFileURI(filepath.Dir(v.doc.path))); err == nil {
			d.SetLocation(l)
		}
	}
	sz := v.win.Canvas().Size()
	d.Resize(fyne.NewSize(min(900, sz.Width*0.9), min(620, sz.Height*0.9)))
	d.Show()
}

// Menus.

// fileMenuSlot says where in the File menu contributed items go.
type fileMenuSlot int

const (
	// fileMenuNew is the top of the menu, above Open…: "New from files…".
	fileMenuNew fileMenuSlot = iota
	// fileMenuSave follows Open Recent: "Save", "Save As…".
	fileMenuSave
	fileMenuSlots
)

// fileMenuExtensions holds the builders other parts of the window register
// with addFileMenuItems, per slot, in registration order.
var fileMenuExtensions [fileMenuSlots][]func(v *Viewer) []*fyne.MenuItem

// addFileMenuItems registers items for the File menu of every viewer,
// typically from an init function in the file that implements them:
//
//	func init() {
//		addFileMenuItems(fileMenuSave, func(v *Viewer) []*fyne.MenuItem {
//			save := fyne.NewMenuItem("Save", func() { ... })
//			save.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault}
//			save.Disabled = !v.dirty
//			return []*fyne.MenuItem{save}
//		})
//	}
//
// build runs each time the menu is rebuilt (see refreshMenu), so it can
// reflect the viewer's state. An item's Shortcut works as a keyboard
// shortcut in the window with no further registration.
func addFileMenuItems(slot fileMenuSlot, build func(v *Viewer) []*fyne.MenuItem) {
	fileMenuExtensions[slot] = append(fileMenuExtensions[slot], build)
}

func shortcut(k fyne.KeyName) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}
}

// fileMenuItems returns the File menu: New items, Open…, Open Recent,
// Save items, Close Window, Quit.
func (v *Viewer) fileMenuItems() []*fyne.MenuItem {
	var items []*fyne.MenuItem
	extra := func(slot fileMenuSlot) []*fyne.MenuItem {
		var out []*fyne.MenuItem
		for _, build := range fileMenuExtensions[slot] {
			out = append(out, build(v)...)
		}
		return out
	}
	if news := extra(fileMenuNew); len(news) > 0 {
		items = append(items, news...)
	}
	open := fyne.NewMenuItem("Open…", v.showOpenDialog)
	open.Icon = theme.FolderOpenIcon()
	open.Shortcut = shortcut(fyne.KeyO)
	items = append(items, open, v.recentMenuItem())
	if saves := extra(fileMenuSave); len(saves) > 0 {
		items = append(items, fyne.NewMenuItemSeparator())
		items = append(items, saves...)
	}
	closeWin := fyne.NewMenuItem("Close Window", func() { v.confirmDiscard(v.win.Close) })
	closeWin.Shortcut = shortcut(fyne.KeyW)
	quit := fyne.NewMenuItem("Quit", v.quit)
	quit.Shortcut = shortcut(fyne.KeyQ)
	quit.IsQuit = true
	items = append(items, fyne.NewMenuItemSeparator(), closeWin, quit)
	return items
}

// recentMenuItem is "Open Recent ▸" with the files that still exist.
func (v *Viewer) recentMenuItem() *fyne.MenuItem {
	item := fyne.NewMenuItem("Open Recent", nil)
	recent := recentFiles(v.app.Preferences())
	if len(recent) == 0 {
		none := fyne.NewMenuItem("No recent files", nil)
		none.Disabled = true
		item.ChildMenu = fyne.NewMenu("", none)
		return item
	}
	sub := make([]*fyne.MenuItem, 0, len(recent)+2)
	for _, p := range recent {
		sub = append(sub, fyne.NewMenuItem(recentLabel(p), func() { v.Open(p) }))
	}
	sub = append(sub, fyne.NewMenuItemSeparator(), fyne.NewMenuItem("Clear Recent Files", func() {
		clearRecent(v.app.Preferences())
		v.refreshMenu()
	}))
	item.ChildMenu = fyne.NewMenu("", sub...)
	return item
}

// viewMenuItems returns the View menu.
func (v *Viewer) viewMenuItems() []*fyne.MenuItem {
	actual := fyne.NewMenuItem("Actual Size", func() { v.images.setActualSize(true) })
	actual.Shortcut = shortcut(fyne.Key1)
	fit := fyne.NewMenuItem("Fit", func() { v.images.setActualSize(false) })
	fit.Shortcut = shortcut(fyne.Key0)
	return []*fyne.MenuItem{actual, fit}
}

// refreshMenu rebuilds the main menu, for instance after the recent files
// changed or an item was enabled.
func (v *Viewer) refreshMenu() {
	v.win.SetMainMenu(fyne.NewMainMenu(
		fyne.NewMenu("File", v.fileMenuItems()...),
		fyne.NewMenu("Edit", v.edit.editMenuItems()...),
		fyne.NewMenu("View", v.viewMenuItems()...),
	))
	v.empty.refresh()
}
