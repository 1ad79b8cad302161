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
