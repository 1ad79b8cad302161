package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/gen5viewer/gen5view/internal/xdg"
)

// The window's dialogs, built here so that every one answers the keyboard
// the same way: Enter presses the default button, Escape the cancelling
// one, and a path typed in a dialog's entry is submitted with Enter. They
// show messages exactly as given: Fyne's own error dialog capitalises the
// first letter, which turns "edit-me.gen5 was not saved" into the name of
// another file.

// dialogButton is one button of a dialog.
type dialogButton struct {
	label      string
	importance widget.Importance
	action     func() // may be nil
}

// keyedDialog is a shown dialog whose buttons can be pressed by key.
type keyedDialog struct {
	d       dialog.Dialog
	buttons []dialogButton
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
	if a := k.buttons[i].action; a != nil {
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

// showDialog shows a dialog over w with content above buttons (left to
// right). Enter presses buttons[def], Escape buttons[cancel]; focus, when
// not nil, gets the keyboard focus, and is expected to pass Enter and
// Escape on (dialogEntry does).
func showDialog(w fyne.Window, title string, content fyne.CanvasObject, buttons []dialogButton, def, cancel int, width float32, focus fyne.Focusable) *keyedDialog {
	d := dialog.NewCustomWithoutButtons(title, content, w)
	k := &keyedDialog{d: d, buttons: buttons, def: def, cancel: cancel}
	objs := make([]fyne.CanvasObject, len(buttons))
	for i, b := range buttons {
		btn := widget.NewButton(b.label, func() { k.press(i) })
		btn.Importance = b.importance
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
			if a := buttons[cancel].action; a != nil {
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

// messageLabel is a dialog's message, wrapped, exactly as given.
func messageLabel(msg string) *widget.Label {
	l := widget.NewLabel(msg)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// showError shows err's message as it is, with an OK button.
func showError(w fyne.Window, err error) {
	showMessage(w, "Error", err.Error())
}

// showMessage shows msg under title, with an OK button.
func showMessage(w fyne.Window, title, msg string) {
	showDialog(w, title, messageLabel(msg),
		[]dialogButton{{label: "OK", importance: widget.HighImportance}}, 0, 0, 480, nil)
}

// showConfirm asks a yes-or-no question; then gets the answer (false when
// cancelled).
func showConfirm(w fyne.Window, title, msg, yes, no string, then func(bool)) {
	showDialog(w, title, messageLabel(msg), []dialogButton{
		{label: no, action: func() { then(false) }},
		{label: yes, importance: widget.HighImportance, action: func() { then(true) }},
	}, 1, 0, 420, nil)
}

// dialogEntry is a single-line entry in a dialog: Escape cancels the
// dialog (a focused entry gets the keys before the canvas does).
type dialogEntry struct {
	widget.Entry
	onEscape func()
}

func newDialogEntry() *dialogEntry {
	e := &dialogEntry{}
	e.ExtendBaseWidget(e)
	return e
}

func (e *dialogEntry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape && e.onEscape != nil {
		e.onEscape()
		return
	}
	e.Entry.TypedKey(ev)
}

// pathDialog describes a dialog that asks where to write a file.
type pathDialog struct {
	title, prompt, confirm string
	// initial is the path first shown; a relative path typed is taken
	// in its folder.
	initial string
	// fix completes the path typed (an extension); nil keeps it.
	fix func(dst string) string
	// check refuses a path with an error shown before asking again; nil
	// accepts any.
	check func(dst string) error
	// replaceAsk says whether an existing file at dst must be confirmed
	// before it is replaced; nil means always.
	replaceAsk func(dst string) bool
	// done gets the path chosen and whether it replaces a file, or ""
	// when cancelled.
	done func(dst string, replace bool)
}

// askPath asks for a path as p describes: in the desktop's own file
// chooser when the file chooser portal answers (nativeChooser), else in a
// dialog of the window's own where the path can be typed. A folder, a path
// check refuses and a "No" to "Replace file?" come back to the chooser,
// the typed path kept.
func askPath(w fyne.Window, p pathDialog) {
	opts := xdg.FileChooserOptions{
		Title:       strings.TrimSuffix(p.prompt, ":"),
		AcceptLabel: p.confirm,
		Folder:      filepath.Dir(p.initial),
		Name:        filepath.Base(p.initial),
	}
	native.saveFile(w, opts, func(chosen string) {
		if chosen == "" {
			p.done("", false)
			return
		}
		// The chooser asked before replacing the file picked.
		p.settle(w, chosen, chosen, func() { askPath(w, p) })
	}, func() { askPathFrom(w, p, p.initial) })
}

// askPathFrom is the window's own path dialog, text typed in it.
func askPathFrom(w fyne.Window, p pathDialog, text string) {
	path, row := pathChooser(w, p.initial)
	path.SetText(text)
	path.CursorColumn = len([]rune(text))
	content := container.NewVBox(widget.NewLabel(p.prompt), row)
	cancel := func() { p.done("", false) }
	var k *keyedDialog
	submit := func() {
		typed := path.Text
		dst := strings.TrimSpace(typed)
		if dst == "" {
			cancel()
			return
		}
		if !filepath.IsAbs(dst) {
			dst = filepath.Join(filepath.Dir(p.initial), dst)
		}
		p.settle(w, dst, "", func() { askPathFrom(w, p, typed) })
	}
	path.OnSubmitted = func(string) { k.press(1) }
	path.onEscape = func() { k.press(0) }
	k = showDialog(w, p.title, content, []dialogButton{
		{label: "Cancel", action: cancel},
		{label: p.confirm, importance: widget.HighImportance, action: submit},
	}, 1, 0, 600, path)
}

// settle completes the absolute path dst (p.fix), checks it and hands it to
// p.done, asking first before replacing an existing file other than
// confirmed, the one a file chooser already asked about. A refusal is
// shown and then again runs.
func (p pathDialog) settle(w fyne.Window, dst, confirmed string, again func()) {
	if p.fix != nil {
		dst = p.fix(dst)
	}
	st, err := os.Stat(dst)
	if err == nil && st.IsDir() {
		showErrorThen(w, fmt.Errorf("%s is a folder; give a file name", dst), again)
		return
	}
	if p.check != nil {
		if cerr := p.check(dst); cerr != nil {
			showErrorThen(w, cerr, again)
			return
		}
	}
	if err == nil && dst != confirmed && (p.replaceAsk == nil || p.replaceAsk(dst)) {
		showConfirm(w, "Replace file?", filepath.Base(dst)+" already exists. Replace it?", "Replace", "No",
			func(ok bool) {
				if ok {
					p.done(dst, true)
				} else {
					again()
				}
			})
		return
	}
	p.done(dst, err == nil)
}

// showErrorThen shows err and runs then once it is dismissed.
func showErrorThen(w fyne.Window, err error, then func()) {
	showDialog(w, "Error", messageLabel(err.Error()),
		[]dialogButton{{label: "OK", importance: widget.HighImportance, action: then}}, 0, 0, 480, nil)
}

// pathChooser is the path entry of the path dialogs, with a "Folder…"
// button that moves the file name into another folder.
func pathChooser(w fyne.Window, initial string) (*dialogEntry, fyne.CanvasObject) {
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
