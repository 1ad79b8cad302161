package ui

import (
	"slices"

	"fyne.io/fyne/v2"

	"github.com/gen5viewer/gen5view/ui/newcontainer"
	"github.com/gen5viewer/gen5view/ui/widgets"
)

// showNewContainer brings up the viewer's New container window, opening
// it if needed, with the pictures and noise files among paths; see
// newcontainer.Show.
func (v *viewer) showNewContainer(paths []string) {
	v.newContainer = newcontainer.Show(containerHost{v}, v.newContainer, paths)
}

// containerHost is what the New container window asks of the viewer that
// opened it.
type containerHost struct{ v *viewer }

func (h containerHost) App() fyne.App             { return h.v.app }
func (h containerHost) Window() fyne.Window       { return h.v.win }
func (h containerHost) OpenContainers(p []string) { h.v.HandleDrop(p) }
func (h containerHost) RunOnUI(f func())          { runOnUI(f) }

func (h containerHost) AskPath(w fyne.Window, p widgets.PathDialog) { askPath(w, p) }

// Open shows the new container in the viewer, or, when the viewer was
// closed meanwhile, in a window of its own.
func (h containerHost) Open(path string) fyne.Window {
	v := h.v
	if !slices.Contains(v.app.Driver().AllWindows(), v.win) {
		v = v.session.newViewer()
		v.Window().Show()
	}
	v.Open(path)
	return v.win
}
