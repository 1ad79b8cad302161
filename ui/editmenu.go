package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
)

func init() {
	addFileMenuItems(fileMenuSave, func(v *Viewer) []*fyne.MenuItem { return v.edit.fileMenuItems() })
}

// saveAsShortcut is Ctrl+Shift+S (Cmd+Shift+S on macOS).
var saveAsShortcut = &desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}

// fileMenuItems are the File menu's Save, Save As… and Revert.
func (e *editing) fileMenuItems() []*fyne.MenuItem {
	s := e.state()
	save := fyne.NewMenuItem("Save", e.save)
	save.Icon = theme.DocumentSaveIcon()
	save.Shortcut = shortcut(fyne.KeyS)
	save.Disabled = !s.dirty
	saveAs := fyne.NewMenuItem("Save As…", e.saveAs)
	saveAs.Shortcut = saveAsShortcut
	saveAs.Disabled = !s.open
	revert := fyne.NewMenuItem("Revert", e.revert)
	revert.Disabled = !s.dirty
	return []*fyne.MenuItem{save, saveAs, revert}
}

// editMenuItems are the Edit menu: Undo and Redo of the form's edits.
// Redo's other shortcut, Ctrl+Shift+Z, is registered on the canvas
// (newEditing), since an item shows one.
func (e *editing) editMenuItems() []*fyne.MenuItem {
	s := e.state()
	undo := fyne.NewMenuItem("Undo", e.undo)
	undo.Icon = theme.ContentUndoIcon()
	undo.Shortcut = &fyne.ShortcutUndo{}
	undo.Disabled = !s.canUndo
	redo := fyne.NewMenuItem("Redo", e.redo)
	redo.Icon = theme.ContentRedoIcon()
	redo.Shortcut = &fyne.ShortcutRedo{}
	redo.Disabled = !s.canRedo
	return []*fyne.MenuItem{undo, redo}
}
