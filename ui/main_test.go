package ui

import (
	"sync"

	"fyne.io/fyne/v2"
)

// uiMu lets the updates background work hands to the UI take turns. The
// desktop driver runs fyne.Do calls one by one on its own goroutine; the
// test driver runs each on the goroutine that asked, where two, or one and
// the test itself (onUI), could otherwise overlap.
var uiMu sync.Mutex

func init() {
	runOnUI = func(f func()) {
		fyne.Do(func() {
			uiMu.Lock()
			defer uiMu.Unlock()
			f()
		})
	}
}

// Tests never reach the session bus of the machine they run on: the
// desktop's file chooser would open on it. Those of the portal set their
// own (withPortal).
func init() {
	native = newNativeChooserWithout()
}

// newNativeChooserWithout is a nativeChooser that has found no portal.
func newNativeChooserWithout() *nativeChooser {
	n := &nativeChooser{}
	n.once.Do(func() {
		n.ready = make(chan struct{})
		close(n.ready)
	})
	return n
}
