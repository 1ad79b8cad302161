// Package uitest lets the tests of a window take turns with the updates
// its background work hands to the UI. The desktop driver runs fyne.Do
// calls one by one on its own goroutine; the test driver runs each on the
// goroutine that asked, where two, or one and the test itself, could
// otherwise overlap. Only tests import it.
package uitest

import (
	"sync"

	"fyne.io/fyne/v2"
)

// mu is held by whatever runs as the UI goroutine would.
var mu sync.Mutex

// RunOnUI is fyne.Do taking its turn: a window's tests give it where the
// program gives fyne.Do.
func RunOnUI(f func()) {
	fyne.Do(func() { OnUI(f) })
}

// OnUI runs f now, as the UI goroutine would, taking its turn with the
// updates handed over through RunOnUI.
func OnUI(f func()) {
	mu.Lock()
	defer mu.Unlock()
	f()
}
