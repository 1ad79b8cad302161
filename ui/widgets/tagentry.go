package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// TagEntry is the entry that types a new tag: it turns Enter and a comma
// into "add", Backspace when empty into "remove the last", and Up/Down into
// moves through the suggestions.
type TagEntry struct {
	widget.Entry
	owner *TagEditor
}

func newTagEntry(owner *TagEditor) *TagEntry {
	e := &TagEntry{owner: owner}
	e.ExtendBaseWidget(e)
	e.PlaceHolder = "Add a tag: type it, then Enter or a comma"
	e.OnChanged = owner.textChanged
	return e
}

func (e *TagEntry) TypedRune(r rune) {
	if r == ',' {
		e.owner.commit()
		return
	}
	e.Entry.TypedRune(r)
}

func (e *TagEntry) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		e.owner.commit()
		return
	case fyne.KeyBackspace:
		if e.Text == "" {
			e.owner.removeLast()
			return
		}
	case fyne.KeyDown:
		if e.owner.moveSelection(1) {
			return
		}
	case fyne.KeyUp:
		if e.owner.moveSelection(-1) {
			return
		}
	case fyne.KeyEscape:
		if len(e.owner.suggestions) > 0 {
			e.owner.hideSuggestions()
			return
		}
	}
	e.Entry.TypedKey(k)
}

func (e *TagEntry) TypedShortcut(s fyne.Shortcut) {
	if ForwardUndo(s, e.owner.OnUndo, e.owner.OnRedo) {
		return
	}
	e.Entry.TypedShortcut(s)
}

// ForwardUndo sends the undo and redo shortcuts (Ctrl+Z; Ctrl+Y and
// Ctrl+Shift+Z) to the form's history instead of one entry's, and reports
// whether it did.
func ForwardUndo(s fyne.Shortcut, undo, redo func()) bool {
	if undo == nil || redo == nil {
		return false
	}
	switch sc := s.(type) {
	case *fyne.ShortcutUndo:
		undo()
		return true
	case *fyne.ShortcutRedo:
		redo()
		return true
	case *desktop.CustomShortcut:
		if sc.KeyName == fyne.KeyZ && sc.Modifier&fyne.KeyModifierShift != 0 &&
			sc.Modifier&(fyne.KeyModifierControl|fyne.KeyModifierSuper) != 0 {
			redo()
			return true
		}
	}
	return false
}
