// Package ui is Gen5 Viewer's window: the image, the metadata tree and the
// noise panel of one .gen5 file, side by side, and the form that edits its
// metadata and saves it. It holds no format logic; the codec reads and
// writes the file and the heatmap package draws the noise, and this
// package turns their results into widgets, always updating them on the
// UI goroutine through fyne.Do.
//
// The package does not import fyne.io/fyne/v2/app, so its tests build
// without cgo against fyne.io/fyne/v2/test; main creates the app and
// hands it to Run.
package ui

import (
	"sync"

	"fyne.io/fyne/v2"

	"github.com/gen5viewer/gen5view/assets"
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
// file is given) and runs the event loop until the last window closes.
func Run(a fyne.App, args []string) {
	a.SetIcon(iconResource)
	v := NewViewer(a)
	if len(args) > 0 && args[0] != "" {
		v.Open(args[0])
	}
	v.Window().ShowAndRun()
}

// uiMu serialises the updates that background work hands to the UI.
var uiMu sync.Mutex

// runOnUI runs f on the UI goroutine (fyne.Do), one update at a time.
// The desktop driver runs such calls one by one anyway; the test driver
// runs each on the goroutine that asked, where two could overlap without
// the lock.
func runOnUI(f func()) {
	fyne.Do(func() {
		uiMu.Lock()
		defer uiMu.Unlock()
		f()
	})
}
