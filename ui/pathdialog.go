package ui

import (
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"

	"github.com/gen5viewer/gen5view/internal/xdg"
	"github.com/gen5viewer/gen5view/ui/widgets"
)

// askPath asks for a path as p describes: in the desktop's own file
// chooser when the file chooser portal answers (nativeChooser), else in a
// dialog of the window's own where the path can be typed (widgets.AskPath).
// A folder, a path check refuses and a "No" to "Replace file?" come back to
// the chooser, the typed path kept.
func askPath(w fyne.Window, p widgets.PathDialog) {
	opts := xdg.FileChooserOptions{
		Title:       strings.TrimSuffix(p.Prompt, ":"),
		AcceptLabel: p.Confirm,
		Folder:      filepath.Dir(p.Initial),
		Name:        filepath.Base(p.Initial),
	}
	native.saveFile(w, opts, func(chosen string) {
		if chosen == "" {
			p.Done("", false)
			return
		}
		// The chooser asked before replacing the file picked.
		p.Settle(w, chosen, chosen, func() { askPath(w, p) })
	}, func() { widgets.AskPath(w, p) })
}
