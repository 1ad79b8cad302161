package widgets

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// The window's dialogs, built here so that every one answers the keyboard
// the same way: Enter presses the default button, Escape the cancelling
// one, and a path typed in a dialog's entry is submitted with Enter. They
// show messages exactly as given: Fyne's own error dialog capitalises the
// first letter, which turns "edit-me.gen5 was not saved" into the name of
// another file.

// DialogButton is one button of a dialog.
type DialogButton struct {
	Label      string
	Importance widget.Importance
	Action     func() // may be nil
}

// keyedDialog is a shown dialog whose buttons can be pressed by key.
type keyedDialog struct {
	d       dialog.Dialog
	buttons []DialogButton
	def     int // the button Enter presses
	cancel  int // the button Escape presses, and closing by other means
	decided bool
}

// press closes the dialog and runs button i's action, once.
func (k *keyedDialog) press(i int) {
	if k.decided {
		return
	}
	k.decided = true
	k.d.Hide()
	if a := k.buttons[i].Action; a != nil {
		a()
	}
}

// handleKey presses the default button on Enter and the cancelling one on
// Escape; it reports whether the key was one of those.
func (k *keyedDialog) handleKey(ev *fyne.KeyEvent) bool {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		k.press(k.def)
	case fyne.KeyEscape:
		k.press(k.cancel)
	default:
		return false
	}
	return true
}

// dialogKeys is, per canvas, the dialogs shown on it that take keys, the
// topmost last, and the key handler the canvas had before the first.
// UI goroutine only.
var dialogKeys = map[fyne.Canvas]*dialogStack{}

type dialogStack struct {
	base   func(*fyne.KeyEvent)
	shown  []*keyedDialog
	canvas fyne.Canvas
}

func (s *dialogStack) install() {
	if len(s.shown) == 0 {
		s.canvas.SetOnTypedKey(s.base)
		delete(dialogKeys, s.canvas)
		return
	}
	top := s.shown[len(s.shown)-1]
	base := s.base
	s.canvas.SetOnTypedKey(func(ev *fyne.KeyEvent) {
		if !top.handleKey(ev) && base != nil {
			base(ev)
		}
	})
}

// ShowDialog shows a dialog over w with content above buttons (left to
// right). Enter presses buttons[def], Escape buttons[cancel]; focus, when
// not nil, gets the keyboard focus, and is expected to pass Enter and
// Escape on (DialogEntry does).
func ShowDialog(w fyne.Window, title string, content fyne.CanvasObject, buttons []DialogButton, def, cancel int, width float32, focus fyne.Focusable) {
	showDialog(w, title, content, buttons, def, cancel, width, focus)
}

// showDialog is ShowDialog, returning the dialog so that a path dialog
// can press its buttons from its entry.
func showDialog(w fyne.Window, title string, content fyne.CanvasObject, buttons []DialogButton, def, cancel int, width float32, focus fyne.Focusable) *keyedDialog {
	d := dialog.NewCustomWithoutButtons(title, content, w)
	k := &keyedDialog{d: d, buttons: buttons, def: def, cancel: cancel}
	objs := make([]fyne.CanvasObject, len(buttons))
	for i, b := range buttons {
		btn := widget.NewButton(b.Label, func() { k.press(i) })
		btn.Importance = b.Importance
		objs[i] = btn
	}
	d.SetButtons(objs)

	c := w.Canvas()
	st := dialogKeys[c]
	if st == nil {
		st = &dialogStack{base: c.OnTypedKey(), canvas: c}
		dialogKeys[c] = st
	}
	st.shown = append(st.shown, k)
	st.install()
	d.SetOnClosed(func() {
		for i, o := range st.shown {
			if o == k {
				st.shown = append(st.shown[:i], st.shown[i+1:]...)
				break
			}
		}
		st.install()
		if !k.decided { // closed without a button
			k.decided = true
			if a := buttons[cancel].Action; a != nil {
				a()
			}
		}
	})
	if width > 0 {
		if cw := c.Size().Width * 0.9; cw > 0 && cw < width {
			width = cw
		}
		d.Resize(fyne.NewSize(width, d.MinSize().Height))
	}
	d.Show()
	if focus != nil {
		c.Focus(focus)
	}
	return k
}

// MessageLabel is a dialog's message, wrapped, exactly as given.
func MessageLabel(msg string) *widget.Label {
	l := widget.NewLabel(msg)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// ShowError shows err's message as it is, with an OK button.
func ShowError(w fyne.Window, err error) {
	ShowMessage(w, "Error", err.Error())
}

// ShowMessage shows msg under title, with an OK button.
func ShowMessage(w fyne.Window, title, msg string) {
	showDialog(w, title, MessageLabel(msg),
		[]DialogButton{{Label: "OK", Importance: widget.HighImportance}}, 0, 0, 480, nil)
}

// ShowConfirm asks a yes-or-no question; then gets the answer (false when
// cancelled).
func ShowConfirm(w fyne.Window, title, msg, yes, no string, then func(bool)) {
	showDialog(w, title, MessageLabel(msg), []DialogButton{
		{Label: no, Action: func() { then(false) }},
		{Label: yes, Importance: widget.HighImportance, Action: func() { then(true) }},
	}, 1, 0, 420, nil)
}

// DialogEntry is the single-line entry of a path dialog (AskPath): Enter
// submits the dialog and Escape cancels it (a focused entry gets the keys
// before the canvas does).
type DialogEntry struct {
	widget.Entry
	onEscape func()
}

func newDialogEntry() *DialogEntry {
	e := &DialogEntry{}
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey cancels the dialog on Escape and passes other keys to the entry.
func (e *DialogEntry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape && e.onEscape != nil {
		e.onEscape()
		return
	}
	e.Entry.TypedKey(ev)
}

// PathDialog describes a dialog that asks where to write a file.
type PathDialog struct {
	Title, Prompt, Confirm string
	// Initial is the path first shown; a relative path typed is taken
	// in its folder.
	Initial string
	// Fix completes the path typed (an extension); nil keeps it.
	Fix func(dst string) string
	// Check refuses a path with an error shown before asking again; nil
	// accepts any.
	Check func(dst string) error
	// ReplaceAsk says whether an existing file at dst must be confirmed
	// before it is replaced; nil means always.
	ReplaceAsk func(dst string) bool
	// Done gets the path chosen and whether it replaces a file, or ""
	// when cancelled.
	Done func(dst string, replace bool)
}

// AskPath asks for a path as p describes in a dialog of the window's own,
// where the path can be typed. A folder, a path check refuses and a "No"
// to "Replace file?" come back to the path, as typed.
func AskPath(w fyne.Window, p PathDialog) {
	askPathFrom(w, p, p.Initial)
}

// askPathFrom is AskPath's dialog, text typed in it.
func askPathFrom(w fyne.Window, p PathDialog, text string) {
	path, row := pathChooser(w, p.Initial)
	path.SetText(text)
	path.CursorColumn = len([]rune(text))
	content := container.NewVBox(widget.NewLabel(p.Prompt), row)
	cancel := func() { p.Done("", false) }
	var k *keyedDialog
	submit := func() {
		typed := path.Text
		dst := strings.TrimSpace(typed)
		if dst == "" {
			cancel()
			return
		}
		if !filepath.IsAbs(dst) {
			dst = filepath.Join(filepath.Dir(p.Initial), dst)
		}
		p.Settle(w, dst, "", func() { askPathFrom(w, p, typed) })
	}
	path.OnSubmitted = func(string) { k.press(1) }
	path.onEscape = func() { k.press(0) }
	k = showDialog(w, p.Title, content, []DialogButton{
		{Label: "Cancel", Action: cancel},
		{Label: p.Confirm, Importance: widget.HighImportance, Action: submit},
	}, 1, 0, 600, path)
}

// Settle completes the absolute path dst (p.Fix), checks it and hands it
// to p.Done, asking first before replacing an existing file other than
// confirmed, the one a file chooser already asked about. A refusal is
// shown and then again runs. AskPath settles the path typed; a chooser of
// another kind (the desktop's) settles the one picked.
func (p PathDialog) Settle(w fyne.Window, dst, confirmed string, again func()) {
	if p.Fix != nil {
		dst = p.Fix(dst)
	}
	st, err := os.Stat(dst)
	if err == nil && st.IsDir() {
		showErrorThen(w, fmt.Errorf("%s is a folder; give a file name", dst), again)
		return
	}
	if p.Check != nil {
		if cerr := p.Check(dst); cerr != nil {
			showErrorThen(w, cerr, again)
			return
		}
	}
	if err == nil && dst != confirmed && (p.ReplaceAsk == nil || p.ReplaceAsk(dst)) {
		ShowConfirm(w, "Replace file?", filepath.Base(dst)+" already exists. Replace it?", "Replace", "No",
			func(ok bool) {
				if ok {
					p.Done(dst, true)
				} else {
					again()
				}
			})
		return
	}
	p.Done(dst, err == nil)
}

// showErrorThen shows err and runs then once it is dismissed.
func showErrorThen(w fyne.Window, err error, then func()) {
	showDialog(w, "Error", MessageLabel(err.Error()),
		[]DialogButton{{Label: "OK", Importance: widget.HighImportance, Action: then}}, 0, 0, 480, nil)
}

// pathChooser is the path entry of the path dialogs, with a "Folder…"
// button that moves the file name into another folder.
func pathChooser(w fyne.Window, initial string) (*DialogEntry, fyne.CanvasObject) {
	path := newDialogEntry()
	path.SetText(initial)
	browse := widget.NewButton("Folder…", func() {
		fd := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
			if err != nil || dir == nil {
				return
			}
			name := filepath.Base(strings.TrimSpace(path.Text))
			if name == "." || name == string(filepath.Separator) {
				name = filepath.Base(initial)
			}
			path.SetText(filepath.Join(dir.Path(), name))
		}, w)
		fd.Show()
	})
	return path, container.NewBorder(nil, nil, nil, browse, path)
}
