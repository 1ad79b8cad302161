package ui

import (
	"path/filepath"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/ui/widgets"
)

// editing puts the editor in the viewer window: one editor per document,
// in the Edit tab beside the metadata tree; the "*" in the title while
// there are unsaved edits; the save, which takes the file written in
// place of the one shown; and the question before unsaved edits would be
// lost. The menu items that drive it are in editmenu.go.
type editing struct {
	v     *viewer
	tab   *container.TabItem
	vocab *sessionVocabulary

	// doc is the document ed edits, and saver saves it; all three are
	// nil until a document is shown, and replaced with each new one.
	doc   *document
	ed    *editor
	saver *saver
	// saves counts the saves under way, whichever saver runs them.
	saves sync.WaitGroup

	// menus is the state the menus were last built for: they are rebuilt
	// only when an item is to be enabled or disabled, not on every key.
	menus editState
}

// editState is what decides which edit actions are enabled.
type editState struct {
	open, dirty, canUndo, canRedo bool
	// undoLabel and redoLabel name the edits Undo and Redo act on.
	undoLabel, redoLabel string
}

func newEditing(v *viewer) *editing {
	e := &editing{v: v, vocab: v.session.vocab}
	e.tab = container.NewTabItem(editTabLabel, widget.NewLabel(""))
	// A menu item carries one shortcut; the other usual redo is
	// registered here, for when no input has the focus.
	v.win.Canvas().AddShortcut(redoAltShortcut, func(fyne.Shortcut) { e.redo() })
	return e
}

// setDocument gives a newly shown document an editor of its own.
func (e *editing) setDocument(doc *document) {
	if e.ed != nil {
		e.ed.stopTimers()
	}
	e.vocab.count(e.v.app.Preferences(), doc.path, doc.manifest.Tags())
	ed := newEditor(doc.manifest, e.vocab.tags)
	ed.OnChanged = e.changed
	e.doc, e.ed = doc, ed
	// The saver is per document too, so that a save finishing after
	// another file was opened cannot put its file in the new one's place.
	e.saver = &saver{
		Window:   e.v.win,
		Status:   e.v.saved,
		Reopened: func(nf *codec.File) { e.reopened(doc, nf) },
		running:  &e.saves,
	}
	e.tab.Content = ed.CanvasObject()
	e.v.tabs.Refresh()
	e.changed()
}

func (e *editing) state() editState {
	if e.ed == nil || e.v.doc == nil {
		return editState{}
	}
	return editState{open: true, dirty: e.ed.Dirty(), canUndo: e.ed.CanUndo(), canRedo: e.ed.CanRedo(),
		undoLabel: e.ed.UndoLabel(), redoLabel: e.ed.RedoLabel()}
}

// dirty reports whether there are unsaved edits. The editor is the one
// owner of that fact; the title, the tab and the menus ask it here.
func (e *editing) dirty() bool { return e.state().dirty }

// Tab labels: a dot marks unsaved edits, as editors mark unsaved files,
// since the title's "*" is out of sight on some desktops and easily missed
// on others.
const (
	editTabLabel      = "Edit"
	editTabLabelDirty = "Edit •"
)

// changed follows every change in the editor: the title and the tab, and
// the menus when an item's enabled state is no longer right.
func (e *editing) changed() {
	s := e.state()
	e.v.updateTitle()
	label := editTabLabel
	if s.dirty {
		label = editTabLabelDirty
	}
	if e.tab.Text != label {
		e.tab.Text = label
		e.v.tabs.Refresh()
	}
	e.v.tree.setPending(s.dirty)
	if s != e.menus {
		e.menus = s
		e.v.refreshMenu()
	}
}

// save writes the edits into the file shown. The keyboard shortcut
// reaches it even while the menu item is disabled.
func (e *editing) save() {
	if e.ed == nil || !e.ed.Dirty() {
		return
	}
	e.saver.Save(e.doc.file, e.ed, e.doc.path, nil)
}

// saveAs writes the file with the edits under a name the user chooses.
func (e *editing) saveAs() {
	if e.ed == nil {
		return
	}
	e.saver.SaveAs(e.doc.file, e.ed, nil)
}

// revert goes back to the file as opened or last saved; Undo brings the
// edits back, so it asks nothing.
func (e *editing) revert() {
	if e.ed != nil && e.ed.Dirty() {
		e.ed.Revert()
	}
}

func (e *editing) undo() {
	if !e.toFocusedInput(&fyne.ShortcutUndo{}) && e.ed != nil {
		e.ed.Undo()
	}
}

func (e *editing) redo() {
	if !e.toFocusedInput(&fyne.ShortcutRedo{}) && e.ed != nil {
		e.ed.Redo()
	}
}

// toFocusedInput hands s to the focused input when that is not one of the
// form's but keeps an undo list of its own, and reports whether it did.
// The window gives a key to the main menu before the focused widget, so
// without this Ctrl+Z typed in a dialog's entry (the Save As path) would
// undo the form instead.
func (e *editing) toFocusedInput(s fyne.Shortcut) bool {
	type ownUndo interface {
		fyne.Shortcutable
		Undo()
		Redo()
	}
	switch f := e.v.win.Canvas().Focused().(type) {
	case *editEntry, *widgets.TagEntry:
		return false
	case ownUndo:
		f.TypedShortcut(s)
		return true
	}
	return false
}

// confirmUnsaved runs proceed once the document shown may be replaced or
// its window closed: at once without unsaved edits, else after asking
// (askUnsaved): Save saves to the file's own path and proceeds when that
// worked, Discard proceeds, Cancel does nothing.
func (e *editing) confirmUnsaved(proceed func()) {
	if !e.dirty() {
		proceed()
		return
	}
	f, ed := e.doc.file, e.ed
	askUnsaved(e.v.win, filepath.Base(f.Path()), func(c unsavedChoice) {
		switch c {
		case saveChanges:
			e.saver.Save(f, ed, f.Path(), func(ok bool) {
				if ok {
					proceed()
				}
			})
		case discardChanges:
			proceed()
		}
	})
}

// reopened shows the file a save of doc wrote, opened again: the tree
// shows the values saved, and after Save As the title and the recent
// files name the new file. The old file is closed.
func (e *editing) reopened(doc *document, nf *codec.File) {
	v := e.v
	if v.doc != doc || v.closed {
		nf.Close() // another file was opened, or the window closed, meanwhile
		return
	}
	oldPath, oldSeed, oldHasSeed := doc.path, doc.seed, doc.hasSeed
	doc.saved(nf).Close()
	v.session.fileSaved(doc.path)
	// MarkSaved counted the tags the save added; the others were counted
	// when the file was opened, so the new file is not counted again.
	e.vocab.counted[doc.path] = true
	e.vocab.tags.Save(v.app.Preferences())

	v.showFileInfo(doc)
	v.tree.setDocument(doc)
	if doc.seed != oldSeed || doc.hasSeed != oldHasSeed {
		v.noise.seedChanged()
	}
	if doc.path != oldPath {
		addRecent(v.app.Preferences(), doc.path)
		v.refreshMenu()
	}
}

// windowClosed stops the timers that would otherwise touch the closed
// window's widgets.
func (e *editing) windowClosed() {
	if e.ed != nil {
		e.ed.stopTimers()
	}
	if e.saver != nil {
		e.saver.stop()
	}
}

// wait blocks until the saves started so far have finished; for tests.
func (e *editing) wait() { e.saves.Wait() }

// sessionVocabulary is the tag vocabulary of one run of the app, shared by
// its windows. A file's tags are counted the first time it is opened in
// the run: opening it again must not make them look more used than they
// are.
type sessionVocabulary struct {
	tags    *widgets.TagVocabulary
	counted map[string]bool // paths already counted; UI goroutine only
}

func newSessionVocabulary(p fyne.Preferences) *sessionVocabulary {
	return &sessionVocabulary{tags: widgets.LoadTagVocabulary(p), counted: map[string]bool{}}
}

// count counts tags, those of the file at path, unless that file was
// counted already in this run, and stores the vocabulary.
func (s *sessionVocabulary) count(p fyne.Preferences, path string, tags []string) {
	if s.counted[path] {
		return
	}
	s.counted[path] = true
	s.tags.Record(tags)
	s.tags.Save(p)
}
