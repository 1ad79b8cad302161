package ui

import (
	"runtime"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/gen5viewer/gen5view/internal/version"
	"github.com/gen5viewer/gen5view/ui/widgets"
)

// helpMenu is Help ▸ Keyboard Shortcuts and About.
func (v *viewer) helpMenu() *fyne.Menu {
	return fyne.NewMenu("Help",
		fyne.NewMenuItem("Keyboard Shortcuts", v.showShortcuts),
		fyne.NewMenuItem("About "+appName, v.showAbout),
	)
}

// extraShortcuts are the keys no menu item shows.
var extraShortcuts = [][2]string{
	{"Redo (also)", "Ctrl+Shift+Z"},
	{"Next field", "Tab"},
	{"Default button of a dialog", "Enter"},
	{"Cancel a dialog", "Escape"},
}

// shortcutRows lists every menu item that has a shortcut, as "Edit ▸ Undo"
// and its keys, then the keys no item shows: the menus are the one list
// of shortcuts, so this one cannot fall behind.
func (v *viewer) shortcutRows() [][2]string {
	var rows [][2]string
	var walk func(path string, items []*fyne.MenuItem)
	walk = func(path string, items []*fyne.MenuItem) {
		for _, it := range items {
			if it.ChildMenu != nil {
				walk(path+" ▸ "+it.Label, it.ChildMenu.Items)
			}
			if it.Shortcut != nil {
				label := it.Label
				// "Undo Seed" is Undo as far as keys go.
				if f := strings.Fields(label); len(f) > 0 && (f[0] == "Undo" || f[0] == "Redo") {
					label = f[0]
				}
				rows = append(rows, [2]string{path + " ▸ " + label, shortcutText(it.Shortcut)})
			}
		}
	}
	if mm := v.win.MainMenu(); mm != nil {
		for _, m := range mm.Items {
			walk(m.Label, m.Items)
		}
	}
	for _, r := range extraShortcuts {
		r[1] = strings.ReplaceAll(r[1], "Ctrl", ctrlName())
		rows = append(rows, r)
	}
	return rows
}

func ctrlName() string {
	if runtime.GOOS == "darwin" {
		return "Cmd"
	}
	return "Ctrl"
}

// shortcutText writes a shortcut the way people read it: "Ctrl+Shift+S".
func shortcutText(s fyne.Shortcut) string {
	switch s.(type) {
	case *fyne.ShortcutUndo:
		return ctrlName() + "+Z"
	case *fyne.ShortcutRedo:
		return ctrlName() + "+Y"
	case *fyne.ShortcutCopy:
		return ctrlName() + "+C"
	case *fyne.ShortcutCut:
		return ctrlName() + "+X"
	case *fyne.ShortcutPaste:
		return ctrlName() + "+V"
	case *fyne.ShortcutSelectAll:
		return ctrlName() + "+A"
	}
	ks, ok := s.(fyne.KeyboardShortcut)
	if !ok {
		return s.ShortcutName()
	}
	var parts []string
	mod := ks.Mod()
	if mod&fyne.KeyModifierShortcutDefault != 0 {
		parts = append(parts, ctrlName())
	} else if mod&fyne.KeyModifierControl != 0 {
		parts = append(parts, "Ctrl")
	}
	if mod&fyne.KeyModifierAlt != 0 {
		parts = append(parts, "Alt")
	}
	if mod&fyne.KeyModifierShift != 0 {
		parts = append(parts, "Shift")
	}
	key := string(ks.Key())
	switch ks.Key() {
	case fyne.KeyEqual:
		key = "="
	case fyne.KeyMinus:
		key = "-"
	case fyne.KeyPlus:
		key = "+"
	}
	return strings.Join(append(parts, key), "+")
}

func (v *viewer) showShortcuts() {
	var cells []fyne.CanvasObject
	for _, r := range v.shortcutRows() {
		cells = append(cells, widget.NewLabel(r[0]), widget.NewLabelWithStyle(r[1], fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	}
	grid := container.New(layout.NewFormLayout(), cells...)
	scroll := container.NewVScroll(grid)
	h := min(grid.MinSize().Height, v.win.Canvas().Size().Height*0.7)
	scroll.SetMinSize(fyne.NewSize(grid.MinSize().Width, h))
	widgets.ShowDialog(v.win, "Keyboard Shortcuts", scroll,
		[]widgets.DialogButton{{Label: "Close", Importance: widget.HighImportance}}, 0, 0, 0, nil)
}

// aboutText is the About box's text: the name, the release from
// FyneApp.toml and the commit built.
func aboutText() string {
	return appName + " " + version.String() + "\n\n" +
		"Views and edits .gen5 and .raiiaf files: the generated picture, the initial noise it came from, and the metadata."
}

func (v *viewer) showAbout() {
	widgets.ShowMessage(v.win, "About "+appName, aboutText())
}
