// Package ui is Gen5 Viewer's windows: the viewer, with the image, the
// metadata tree and the noise panel of one .gen5 file side by side and the
// form that edits its metadata and saves it, and the session that opens
// the other windows, the New container window (ui/newcontainer) and the
// library window (ui/library). It holds no format logic: codec reads,
// edits and writes the file, heatmap draws the noise, and this package
// turns their results into widgets (the reusable ones are in ui/widgets),
// always updating them on the UI goroutine through fyne.Do.
//
// Run is the one entry point: it creates the session, the state one run of
// the app shares among its windows, and the first viewer window.
//
// The package does not import fyne.io/fyne/v2/app, so its tests build
// without cgo against fyne.io/fyne/v2/test; main creates the app and
// hands it to Run.
package ui

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/gen5viewer/gen5view/assets"
	"github.com/gen5viewer/gen5view/ui/library"
	"github.com/gen5viewer/gen5view/ui/widgets"
)

// AppID is the application's unique identifier, the reverse-DNS name under
// which the desktop entry, the MIME registration and the stored preferences
// (such as the recent files) are filed.
const AppID = "io.github.gen5viewer.gen5view"

// appName is what window titles and dialogs call the program.
const appName = "Gen5 Viewer"

// iconResource is the application icon as a Fyne resource.
var iconResource = fyne.NewStaticResource("gen5view.png", assets.IconPNG)

// Run sets up the application a, opens a viewer window (on args[0] when a
// file is given) or a library window (when args[0] is a folder) and runs
// the event loop until the last window closes.
func Run(a fyne.App, args []string) {
	a.SetIcon(iconResource)
	s := newSession(a)
	if len(args) > 0 && isFolder(args[0]) {
		if lw := s.openLibrary(args[0], nil); lw != nil {
			lw.Window().ShowAndRun()
			return
		}
		a.Run() // the viewer showing why the index could not be opened
		return
	}
	v := s.newViewer()
	if len(args) > 0 && args[0] != "" {
		v.Open(args[0])
	}
	v.Window().ShowAndRun()
}

// session is what one run of the app shares among its windows: the open
// viewers, so that Quit can ask each about its unsaved edits, the tag
// vocabulary and the library index. Creating it sets the app's theme to
// the stock one with its text colours made readable (widgets.Readable).
// Run creates it; it is only touched on the UI goroutine.
type session struct {
	app     fyne.App
	viewers []*viewer
	vocab   *sessionVocabulary
	lib     libraries
	// libWindows are the open library windows, one per folder.
	libWindows []*library.Window
}

func newSession(a fyne.App) *session {
	a.Settings().SetTheme(widgets.Readable{Base: theme.DefaultTheme()})
	return &session{app: a, vocab: newSessionVocabulary(a.Preferences())}
}

// forget drops a closed viewer.
func (s *session) forget(v *viewer) {
	s.viewers = slices.DeleteFunc(s.viewers, func(o *viewer) bool { return o == v })
}

// runOnUI runs f on the UI goroutine: the one way background work hands
// results to widgets. Tests replace it to take turns with the test
// goroutine, since the test driver runs f on the goroutine that asked.
var runOnUI = fyne.Do
