package main

import "github.com/go-gl/glfw/v3.3/glfw"

// screenSize returns the primary monitor's size in pixels, for the window
// to fit (widgets.ScreenSize). It runs on the main thread, where Fyne's driver
// has locked the main goroutine; glfw.Init does nothing when Fyne
// initialised the library already.
func screenSize() (width, height int, ok bool) {
	if err := glfw.Init(); err != nil {
		return 0, 0, false
	}
	m := glfw.GetPrimaryMonitor()
	if m == nil {
		return 0, 0, false
	}
	mode := m.GetVideoMode()
	if mode == nil || mode.Width <= 0 || mode.Height <= 0 {
		return 0, 0, false
	}
	return mode.Width, mode.Height, true
}
