package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
)

// saveAsShortcut is Ctrl+Shift+S (Cmd+Shift+S on macOS).
var saveAsShortcut = &desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}

func shortcut(k fyne.KeyName) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}
}

// refreshMenu builds the window's menus, File, Edit and View, from the
// state of the window: it runs again whenever an item is to be enabled or
// disabled or the recent files changed. An item's Shortcut works as a
// keyboard shortcut in the window with no further registration; Redo's
// second shortcut, Ctrl+Shift+Z, is registered on the canvas (newEditing),
// since an item shows one.
func (v *viewer) refreshMenu() {
	s := v.edit.state()
	item := func(label string, action func(), sc fyne.Shortcut, icon fyne.Resource, disabled bool) *fyne.MenuItem {
		it := fyne.NewMenuItem(label, action)
		it.Shortcut, it.Icon, it.Disabled = sc, icon, disabled
		return it
	}
	quit := item("Quit", v.quit, shortcut(fyne.KeyQ), nil, false)
	quit.IsQuit = true
	file := fyne.NewMenu("File",
		item("New from Files…", func() { v.showNewContainer(nil) }, shortcut(fyne.KeyN), theme.ContentAddIcon(), false),
		item("Open…", v.showOpenDialog, shortcut(fyne.KeyO), theme.FileIcon(), false),
		item("Open Folder…", v.showOpenFolderDialog, openFolderShortcut, theme.FolderOpenIcon(), false),
		v.recentMenuItem(),
		v.session.recentFoldersMenuItem(v.win),
		fyne.NewMenuItemSeparator(),
		item("Save", v.edit.save, shortcut(fyne.KeyS), theme.DocumentSaveIcon(), !s.dirty),
		item("Save As…", v.edit.saveAs, saveAsShortcut, nil, !s.open),
		item("Revert", v.edit.revert, nil, nil, !s.dirty),
		fyne.NewMenuItemSeparator(),
		item("Save Image As…", v.saveImage, nil, nil, v.doc == nil || v.doc.file == nil || v.doc.file.Image() == nil),
		v.exportMenuItem(),
		item("Compare With…", v.showCompareDialog, nil, nil, !s.open),
		item("Show in Folder", v.showInFolder, nil, theme.FolderIcon(), v.doc == nil),
		fyne.NewMenuItemSeparator(),
		item("Close Window", func() { v.confirmDiscard(v.win.Close) }, shortcut(fyne.KeyW), nil, false),
		quit,
	)
	edit := fyne.NewMenu("Edit",
		item(actionLabel("Undo", s.undoLabel), v.edit.undo, &fyne.ShortcutUndo{}, theme.ContentUndoIcon(), !s.canUndo),
		item(actionLabel("Redo", s.redoLabel), v.edit.redo, &fyne.ShortcutRedo{}, theme.ContentRedoIcon(), !s.canRedo),
		fyne.NewMenuItemSeparator(),
		item("Cut", func() { v.toFocused(&fyne.ShortcutCut{Clipboard: v.app.Clipboard()}) }, &fyne.ShortcutCut{}, theme.ContentCutIcon(), false),
		item("Copy", v.copy, &fyne.ShortcutCopy{}, theme.ContentCopyIcon(), false),
		item("Copy Image", v.copyImage, copyImageShortcut, nil, v.doc == nil || v.doc.file == nil || v.doc.file.Image() == nil),
		item("Paste", func() { v.toFocused(&fyne.ShortcutPaste{Clipboard: v.app.Clipboard()}) }, &fyne.ShortcutPaste{}, theme.ContentPasteIcon(), false),
	)
	view := fyne.NewMenu("View",
		item("Actual Size", func() { v.images.pane.SetActualSize(true) }, shortcut(fyne.Key1), nil, false),
		item("Fit", func() { v.images.pane.SetActualSize(false) }, shortcut(fyne.Key0), nil, false),
		item("Zoom In", v.images.pane.ZoomIn, shortcut(fyne.KeyEqual), theme.ZoomInIcon(), false),
		item("Zoom Out", v.images.pane.ZoomOut, shortcut(fyne.KeyMinus), theme.ZoomOutIcon(), false),
	)
	v.win.SetMainMenu(fyne.NewMainMenu(file, edit, view, v.helpMenu()))
	v.empty.refresh()
}

// recentMenuItem is "Open Recent ▸" with the files that still exist.
func (v *viewer) recentMenuItem() *fyne.MenuItem {
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

// actionLabel is "Undo Seed": the verb with what it acts on, when known.
func actionLabel(verb, what string) string {
	if what == "" {
		return verb
	}
	return verb + " " + what
}

// copy copies the selection of the focused input, or else the metadata
// row selected in the Inspect tab.
func (v *viewer) copy() {
	if !v.toFocused(&fyne.ShortcutCopy{Clipboard: v.app.Clipboard()}) {
		v.tree.copySelected()
	}
}

// toFocused hands a clipboard shortcut to the focused widget, which the
// menu item's shortcut would otherwise keep from it, and reports whether
// there was one to take it.
func (v *viewer) toFocused(s fyne.Shortcut) bool {
	if f, ok := v.win.Canvas().Focused().(fyne.Shortcutable); ok {
		f.TypedShortcut(s)
		return true
	}
	return false
}
