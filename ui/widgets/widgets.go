// Package widgets holds the Fyne widgets Gen5 Viewer's windows are built
// from that know nothing of a .gen5 file: the heatmap view with its colour
// bar and histogram, the tag editor and its vocabulary, the helpers that
// lay out a form, and the compact theme dense widgets use. The windows in
// package ui give them their data.
package widgets

import "fyne.io/fyne/v2"

// runOnUI runs f on the UI goroutine through do, or fyne.Do when do is nil.
// A widget that finishes work in the background takes do from its owner,
// so that the owner's tests can make such updates take turns.
func runOnUI(do func(func()), f func()) {
	if do == nil {
		do = fyne.Do
	}
	do(f)
}

// SetVisible shows o or hides it.
func SetVisible(o fyne.CanvasObject, visible bool) {
	if visible {
		o.Show()
	} else {
		o.Hide()
	}
}
