package ui

import "github.com/gen5viewer/gen5view/internal/uitest"

// The window's tests take turns with its background work (see uitest).
func init() { runOnUI = uitest.RunOnUI }

// onUI runs f as the UI goroutine would, taking its turn with the
// updates background work hands over through runOnUI.
func onUI(f func()) { uitest.OnUI(f) }

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
